"""Auto-allocated topology: the HTTP routes and thin handlers; the domain is ``manager/auto_allocate.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Handler, Req, empty
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.auto_allocate import allocate, dry_run, release


def _project(req: Req, action: str) -> str:
    """The project in the URL, once ``<action>_auto_allocated_topology`` allows it on that project (the
    topology's owner, as neutron's controller enforces it on the item)."""
    project = req.params["project_id"]
    rule = f"{action}_auto_allocated_topology"
    if not req.cloud.policy.allowed(rule, {"project_id": project}, req.context):
        raise E.policy(rule)
    return project


async def show(req: Req) -> Any:
    project = _project(req, "get")
    fields = base.parse_fields(req.query)
    if fields and "dry-run" in fields:
        with req.cloud.store.read() as conn:
            dry_run(conn)
        # Neutron's auto_allocate db answers a passing dry run with this id (the SDK reads it from there)
        return {"auto_allocated_topology": {"id": "dry-run=pass", "tenant_id": project, "project_id": project}}
    with req.cloud.store.begin() as conn:
        net_id = allocate(req.cloud, conn, project)
    return {"auto_allocated_topology": {"id": net_id, "tenant_id": project, "project_id": project}}


async def delete(req: Req) -> Any:
    project = _project(req, "delete")
    with req.cloud.store.begin() as conn:
        release(req.cloud, conn, project)
    return empty(204)


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/v2.0/auto-allocated-topology/{project_id}", {"GET": show, "DELETE": delete}),
]
