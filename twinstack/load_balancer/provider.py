"""Load balancing as the cloud sees it: Octavia's v2 API under ``/load-balancer``, in the catalog as
DevStack registers it (``load-balancer``/``octavia``), the lifecycle tasks it owns and its health manager
(a round every ``health_check_interval`` seconds of cloud time), all cancelled on stop and reset."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.core.tasks import TaskGroup
from twinstack.load_balancer import bootstrap, policies
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import OWNER, amphorae, health, lifecycle, settings

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.load_balancer")

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.load_balancer.routes")


class LoadBalancerProvider(Provider):
    name = OWNER
    catalog = (CatalogEntry("load-balancer", "octavia", "/load-balancer"),)

    def __init__(self) -> None:
        self.tasks = TaskGroup(self.name)

    def service(self, cloud: Cloud) -> Service:
        return Service("load_balancer", "/load-balancer", "octavia", ROUTES, unversioned=("", "/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load(cloud, conn, section)

    async def start(self, cloud: Cloud) -> None:
        """Pick up what was in flight (and the model's load balancers, recorded PENDING_CREATE), then
        start the health manager."""
        for step, lb_id in amphorae.resume(cloud):
            if step == "settle":
                lifecycle.later(cloud, lb_id)
            else:
                lifecycle.spawn(cloud, amphorae.build if step == "build" else amphorae.delete, lb_id)
        self.tasks.spawn(self._health_manager(cloud), name="octavia-health-manager")

    async def _health_manager(self, cloud: Cloud) -> None:
        while True:
            await cloud.clock.sleep(settings(cloud).health_check_interval)
            try:
                with cloud.store.begin() as conn:
                    health.refresh_all(cloud, conn)
            except Exception:
                log.exception("octavia health manager round failed")

    async def stop(self, cloud: Cloud) -> None:
        self.reset(cloud)

    def reset(self, cloud: Cloud) -> None:
        self.tasks.cancel_all()

    def health(self, cloud: Cloud) -> dict[str, Any]:
        count = sa.select(sa.func.count())
        with cloud.store.read() as conn:
            lbs, amps = (conn.execute(count.select_from(table)).scalar() for table in (t.load_balancers, t.amphorae))
        return {"status": "ok", "load_balancers": lbs, "amphorae": amps}
