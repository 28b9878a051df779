"""Block storage as the cloud sees it: the Cinder v3 API, its policies, backends and types from the
model, and the lifecycle tasks it owns for this cloud (cancelled on stop and reset)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import bootstrap, lifecycle, policies
from twinstack.block_storage import tables as t
from twinstack.block_storage.manager import startup
from twinstack.block_storage.versions import MICROVERSIONS
from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.core.tasks import TaskGroup

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.block_storage.routes")


class BlockStorageProvider(Provider):
    name = lifecycle.OWNER
    # DevStack registers both; tempest looks the volume service up as block-storage.
    catalog = (CatalogEntry("block-storage", "cinder", "/volume/v3"),
               CatalogEntry("volumev3", "cinderv3", "/volume/v3"))

    def __init__(self) -> None:
        self.tasks = TaskGroup(self.name)  # steps waiting on the clock (creating -> available, ...)

    def service(self, cloud: Cloud) -> Service:
        return Service("block_storage", "/volume", "cinder", ROUTES, microversions=MICROVERSIONS,
                       unversioned=("", "/", "/v3", "/v3/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section, _project_ids(conn))

    async def start(self, cloud: Cloud) -> None:
        startup.recover(cloud)  # what an earlier run (a crash) left creating, deleting, attaching

    async def stop(self, cloud: Cloud) -> None:
        self.tasks.cancel_all()

    def reset(self, cloud: Cloud) -> None:
        self.tasks.cancel_all()

    def health(self, cloud: Cloud) -> dict[str, Any]:
        with cloud.store.read() as conn:
            backends = conn.execute(sa.select(sa.func.count()).select_from(t.backends)).scalar()
        return {"status": "ok", "backends": backends}


def _project_ids(conn: Connection) -> dict[str, str]:
    from twinstack.identity import local as identity

    return identity.project_ids_by_name(conn, domain_id=None)


