"""Object storage as the cloud sees it: Swift's API under ``/object-storage``, in the catalog as DevStack
registers it (``object-store``/``swift``, ``/v1/AUTH_$(project_id)s``), and its data directory (on reset,
files no object refers to are deleted)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.object_storage import bootstrap, policies
from twinstack.object_storage import tables as t
from twinstack.object_storage.manager import files

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.object_storage.routes")


class ObjectStorageProvider(Provider):
    name = "object_storage"
    catalog = (CatalogEntry("object-store", "swift", "/object-storage/v1/AUTH_$(project_id)s"),)

    def service(self, cloud: Cloud) -> Service:
        return Service("object_storage", "/object-storage", "swift", ROUTES, auth_failure_format="swift",
                       trans_ids=True)

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load(cloud, conn, section)

    def reset(self, cloud: Cloud) -> None:
        with cloud.store.read() as conn:
            keep = {row.location for row in conn.execute(sa.select(t.objects.c.location)) if row.location}
        files.sweep(cloud, keep)

    def health(self, cloud: Cloud) -> dict[str, Any]:
        with cloud.store.read() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(t.objects)).scalar()
        return {"status": "ok", "objects": count}
