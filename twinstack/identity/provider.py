"""Identity as the cloud sees it: the Keystone API, its policies, its model section, its tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.identity import bootstrap, policies
from twinstack.identity.backend import KeystoneBackend

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# werkzeug's NotFound page: Keystone registers error handlers for its own exceptions only, so a path no
# Flask route matches is answered by Flask itself, in HTML
FLASK_NOT_FOUND = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server. If you entered the URL manually please check your "
    "spelling and try again.</p>\n"
)

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.identity.routes")


class IdentityProvider(Provider):
    name = "identity"
    catalog = (CatalogEntry("identity", "keystone", "/identity"),)

    def service(self, cloud: Cloud) -> Service:
        return Service("identity", "/identity", "keystone", ROUTES, vary=("X-Auth-Token",),
                       not_found_page=FLASK_NOT_FOUND)

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def identity_backend(self, cloud: Cloud) -> KeystoneBackend:
        return KeystoneBackend(cloud)

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load_model(cloud, conn, section)

    def reopen(self, cloud: Cloud, conn: Connection) -> None:
        # the port may differ from the earlier run's: every built-in endpoint moves with it
        bootstrap.register_catalog(cloud, conn)
