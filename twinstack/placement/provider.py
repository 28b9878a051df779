"""Placement as the cloud sees it: its API under ``/placement``, its policies, and the standard
resource classes and traits seeded whenever the model loads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.placement import bootstrap, policies
from twinstack.placement.versions import MICROVERSIONS

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.placement.routes")


class PlacementProvider(Provider):
    name = "placement"
    catalog = (CatalogEntry("placement", "placement", "/placement"),)

    def service(self, cloud: Cloud) -> Service:
        return Service("placement", "/placement", "placement", ROUTES, microversions=MICROVERSIONS,
                       # its microversion middleware wraps "/" and the router's answers too
                       unversioned=(), version_on_unrouted=True)

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load(cloud, conn, section)


