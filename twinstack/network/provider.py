"""Network as the cloud sees it: the Neutron v2.0 API under /network, its policies, its model section."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.network import bootstrap, policies

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.network.routes")


class NetworkProvider(Provider):
    name = "network"
    catalog = (CatalogEntry("network", "neutron", "/network"),)

    def service(self, cloud: Cloud) -> Service:
        return Service("network", "/network", "neutron", ROUTES)

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)


