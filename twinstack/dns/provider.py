"""DNS as the cloud sees it: Designate's v2 API under ``/dns``, in the catalog as DevStack registers it
(``dns``/``designate``), and the lifecycle tasks it owns (cancelled on stop and reset)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.core.tasks import TaskGroup
from twinstack.dns import bootstrap, policies
from twinstack.dns import tables as t
from twinstack.dns.manager import lifecycle

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.dns.routes")


class DnsProvider(Provider):
    name = lifecycle.OWNER
    catalog = (CatalogEntry("dns", "designate", "/dns"),)

    def __init__(self) -> None:
        self.tasks = TaskGroup(self.name)  # zones and recordsets waiting for the clock (PENDING -> ACTIVE)

    def service(self, cloud: Cloud) -> Service:
        return Service("dns", "/dns", "designate", ROUTES, unversioned=("", "/", "/v2", "/v2/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load(cloud, conn, section)

    async def stop(self, cloud: Cloud) -> None:
        self.reset(cloud)

    def reset(self, cloud: Cloud) -> None:
        """Steps still waiting for the clock go with the state they would have settled."""
        self.tasks.cancel_all()

    def health(self, cloud: Cloud) -> dict[str, Any]:
        count = sa.select(sa.func.count())
        with cloud.store.read() as conn:
            zones, rrsets = (conn.execute(count.select_from(table)).scalar() for table in (t.zones, t.recordsets))
        return {"status": "ok", "zones": zones, "recordsets": rrsets}
