"""Identity as the cloud sees it: the Keystone API, its policies, its model section, its tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.identity import bootstrap, policies
from twinstack.identity.routes import ROUTES

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class IdentityProvider(Provider):
    name = "identity"
    catalog = (CatalogEntry("identity", "keystone", "/identity"),)

    def service(self, cloud: "Cloud") -> Service:
        return Service("identity", "/identity", "keystone", ROUTES)

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: "Cloud", conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)
