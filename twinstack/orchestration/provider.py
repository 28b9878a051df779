"""Orchestration as the cloud sees it: Heat's v1 API under ``/heat-api``, in the catalog as DevStack registers
it (``orchestration``/``heat``, ``/heat-api/v1/$(project_id)s``), and the stack operations it runs as tasks
(cancelled on stop and reset)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.lazy_routes import LazyRoutes
from twinstack.core.pipeline import Service
from twinstack.core.provider import CatalogEntry, Provider
from twinstack.core.tasks import TaskGroup
from twinstack.orchestration import bootstrap, policies
from twinstack.orchestration import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# imported with its handlers when the router is built, after the cloud is ready (core/lazy_routes.py)
ROUTES = LazyRoutes("twinstack.orchestration.routes")


class OrchestrationProvider(Provider):
    name = "orchestration"  # operations.OWNER: the engine finds its provider by it
    catalog = (CatalogEntry("orchestration", "heat", "/heat-api/v1/$(project_id)s"),)

    def __init__(self) -> None:
        self.tasks = TaskGroup(self.name)  # stack operations in progress
        self.running: dict[str, asyncio.Task[Any]] = {}  # stack id -> its operation

    def service(self, cloud: Cloud) -> Service:
        return Service("orchestration", "/heat-api", "heat", ROUTES, unversioned=("", "/"))

    def policies(self) -> dict[str, str]:
        return policies.defaults()

    def load_model(self, cloud: Cloud, conn: Connection, section: Any) -> None:
        bootstrap.load(cloud, conn, section)

    def reopen(self, cloud: Cloud, conn: Connection) -> None:
        """A state dir's stacks that were IN_PROGRESS when the last run stopped fail as Heat's engine marks them
        on start (``Engine went down during stack CREATE``): their tasks died with that run."""
        s, r = t.stacks.c, t.resources.c
        for stack_id, action in conn.execute(sa.select(s.id, s.action).where(s.status == "IN_PROGRESS")).all():
            conn.execute(t.stacks.update().where(s.id == stack_id).values(
                status="FAILED", status_reason=f"Engine went down during stack {action}"))
        for res_id, action in conn.execute(sa.select(r.id, r.action).where(r.status == "IN_PROGRESS")).all():
            conn.execute(t.resources.update().where(r.id == res_id).values(
                status="FAILED", status_reason=f"Engine went down during resource {action}"))

    async def start(self, cloud: Cloud) -> None:
        await bootstrap.start(cloud, getattr(cloud.model, self.name, None))

    async def stop(self, cloud: Cloud) -> None:
        self.reset(cloud)

    def reset(self, cloud: Cloud) -> None:
        self.tasks.cancel_all()
        self.running.clear()

    def health(self, cloud: Cloud) -> dict[str, Any]:
        with cloud.store.read() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(t.stacks).where(
                t.stacks.c.deleted_at.is_(None))).scalar()
        return {"status": "ok", "stacks": count, "operations": len(self.tasks)}
