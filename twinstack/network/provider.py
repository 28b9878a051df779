"""Network as the cloud sees it: the Neutron v2.0 API under /network, its policies, its model section."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.network import bootstrap, policies
from twinstack.network.routes import ROUTES

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class NetworkProvider(Provider):
    name = "network"
    catalog = (CatalogEntry("network", "neutron", "/network"),)

    def service(self, cloud: Cloud) -> Service:
        return Service("network", "/network", "neutron", ROUTES)

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)


