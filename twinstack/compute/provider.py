"""Compute as the cloud sees it: the Nova API, its policies, its model section (hosts, and through
compute-resources flavors, aggregates and quotas) and its running parts (conductor, scheduler,
one compute manager per host)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.compute import policies
from twinstack.compute.manager import hosts
from twinstack.compute.model import ComputeModel
from twinstack.compute.routes import ROUTES
from twinstack.compute.runtime import Runtime
from twinstack.core.microversions import Microversions, Version
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.core.errors import ModelReferenceError
from twinstack.compute import resources_bootstrap

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

MIN_VERSION = Version(2, 1)
MAX_VERSION = Version(2, 96)


class ComputeProvider(Provider):
    name = "compute"
    catalog = (CatalogEntry("compute", "nova", "/compute/v2.1"),)

    def __init__(self) -> None:
        self._runtime: Runtime | None = None

    def runtime_for(self, cloud: "Cloud") -> Runtime:
        if self._runtime is None:
            self._runtime = Runtime(cloud)
        return self._runtime

    def service(self, cloud: "Cloud") -> Service:
        return Service("compute", "/compute", "nova", ROUTES,
                       microversions=Microversions("compute", MIN_VERSION, MAX_VERSION,
                                                   legacy_header="X-OpenStack-Nova-API-Version"),
                       unversioned=("", "/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: "Cloud", conn: Connection, section: Any) -> None:
        section = section or ComputeModel()
        try:
            nodes = hosts.create_hosts(cloud, conn, section)
        except hosts.HostModelError as exc:
            raise ModelReferenceError(str(exc)) from None
        resources_bootstrap.load_model(cloud, conn, section)
        hosts.join_aggregates(cloud, conn, section, nodes)
        if self._runtime is not None:
            self._runtime.sync_hosts(nodes)

    async def start(self, cloud: "Cloud") -> None:
        await self.runtime_for(cloud).start()

    async def stop(self, cloud: "Cloud") -> None:
        if self._runtime is not None:
            await self._runtime.stop()

    def reset(self, cloud: "Cloud") -> None:
        if self._runtime is not None:
            self._runtime.reset()

    def health(self, cloud: "Cloud") -> dict[str, Any]:
        rt = self._runtime
        return {"status": "ok", "hosts": len(rt.managers) if rt else 0}


