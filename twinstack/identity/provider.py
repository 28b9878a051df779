"""Identity as the cloud sees it: the Keystone API, its policies, its model section, its tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.identity import bootstrap, policies
from twinstack.identity.backend import KeystoneBackend
from twinstack.identity.routes import ROUTES

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class IdentityProvider(Provider):
    name = "identity"
    catalog = (CatalogEntry("identity", "keystone", "/identity"),)

    def service(self, cloud: Cloud) -> Service:
        return Service("identity", "/identity", "keystone", ROUTES, vary=("X-Auth-Token",))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def identity_backend(self, cloud: Cloud) -> KeystoneBackend:
        return KeystoneBackend(cloud)

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)

    def reopen(self, cloud: Cloud, conn: Connection) -> None:
        # the port may differ from the earlier run's: every built-in endpoint moves with it
        bootstrap.register_catalog(cloud, conn)
