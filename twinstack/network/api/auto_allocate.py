"""Auto-allocated topology: the HTTP routes and thin handlers; the domain is ``manager/auto_allocate.py``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, empty
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, routers
from twinstack.network.manager.auto_allocate import ROUTER_NAME, allocate, find
from twinstack.network.manager.networks import NETWORKS


def _project(req: Req) -> str:
    project = req.params["project_id"]
    if not req.context.is_admin and project != req.context.project_id:
        raise E.policy("get_auto_allocated_topology")
    return project


async def show(req: Req) -> Any:
    project = _project(req)
    fields = base.parse_fields(req.query)
    if fields and "dry-run" in fields:
        with req.cloud.store.read() as conn:
            ok = conn.execute(sa.select(t.networks.c.id).where(t.networks.c.external.is_(True),
                                                               t.networks.c.is_default.is_(True))).first()
        if ok is None:
            raise E.in_use("Deployment error: Unable to provide external connectivity.", "AutoAllocationFailure")
        return {"auto_allocated_topology": {"dry-run": "pass"}}
    with req.cloud.store.begin() as conn:
        net_id = allocate(req.cloud, conn, project)
    return {"auto_allocated_topology": {"id": net_id, "tenant_id": project, "project_id": project}}


async def delete(req: Req) -> Any:
    project = _project(req)
    with req.cloud.store.begin() as conn:
        net_id = find(conn, project)
        if net_id is None:
            raise E.not_found("AutoAllocatedTopology", project, f"Topology for project {project} could not be found.")
        router = conn.execute(sa.select(t.routers).where(t.routers.c.project_id == project,
                                                         t.routers.c.name == ROUTER_NAME)).first()
        if router is not None:
            row = dict(router._mapping)
            for sub in routers.interface_subnets(conn, row["id"]):
                routers.remove_interface(req.cloud, conn, row, {"subnet_id": sub["id"]}, None)
            routers.ROUTERS.ops.delete(req.cloud, conn, row, None)
        net = dict(conn.execute(sa.select(t.networks).where(t.networks.c.id == net_id)).one()._mapping)
        NETWORKS.ops.delete(req.cloud, conn, net, None)
    return empty(204)


ROUTES = [("/v2.0/auto-allocated-topology/{project_id}", {"GET": show, "DELETE": delete})]
