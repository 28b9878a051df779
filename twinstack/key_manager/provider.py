"""The key manager as the cloud sees it: Barbican's API under ``/key-manager``, in the catalog as DevStack
registers it (``key-manager``/``barbican``, the unversioned URL clients discover v1 from)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.key_manager import bootstrap, policies
from twinstack.key_manager import tables as t
from twinstack.key_manager.versions import MICROVERSIONS

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.key_manager.routes")


class KeyManagerProvider(Provider):
    name = "key_manager"
    catalog = (CatalogEntry("key-manager", "barbican", "/key-manager"),)

    def service(self, cloud: Cloud) -> Service:
        # microversion-parse's middleware sits in front of the version documents too (barbican-api-paste.ini)
        return Service("key_manager", "/key-manager", "barbican", ROUTES, microversions=MICROVERSIONS,
                       unversioned=())

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load(cloud, conn, section)

    def health(self, cloud: Cloud) -> dict[str, Any]:
        with cloud.store.read() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(t.secrets)).scalar()
        return {"status": "ok", "secrets": count}
