"""Compute as the cloud sees it: the Nova API, its policies, its model section (bootstrap.py: hosts,
flavors, aggregates, quotas) and its running parts (conductor, scheduler, one compute manager per host)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.compute import bootstrap, policies
from twinstack.compute.model import ComputeModel
from twinstack.compute.runtime import Runtime
from twinstack.compute.versions import MAX as MAX_VERSION
from twinstack.compute.versions import MICROVERSIONS
from twinstack.compute.versions import MIN as MIN_VERSION
from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

__all__ = ["MAX_VERSION", "MIN_VERSION", "ComputeProvider"]  # api/versions.py reads the range here

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.compute.routes")


class ComputeProvider(Provider):
    name = "compute"
    catalog = (CatalogEntry("compute", "nova", "/compute/v2.1"),)

    def __init__(self) -> None:
        self._runtime: Runtime | None = None

    def runtime_for(self, cloud: Cloud) -> Runtime:
        if self._runtime is None:
            self._runtime = Runtime(cloud)
        return self._runtime

    def service(self, cloud: Cloud) -> Service:
        return Service("compute", "/compute", "nova", ROUTES,
                       microversions=MICROVERSIONS,
                       unversioned=("", "/"), empty_media_type="application/json")

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        section = section or ComputeModel()
        nodes = bootstrap.load_model(cloud, conn, section)
        if self._runtime is not None:
            self._runtime.sync_hosts(nodes)

    async def start(self, cloud: Cloud) -> None:
        await self.runtime_for(cloud).start()

    async def stop(self, cloud: Cloud) -> None:
        if self._runtime is not None:
            await self._runtime.stop()

    def reset(self, cloud: Cloud) -> None:
        if self._runtime is not None:
            self._runtime.reset()

    def health(self, cloud: Cloud) -> dict[str, Any]:
        rt = self._runtime
        return {"status": "ok", "hosts": len(rt.managers) if rt else 0}


