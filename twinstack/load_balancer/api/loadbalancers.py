"""``/v2/lbaas/loadbalancers``: create (with a whole tree in one call), show, list, update, delete
(``cascade``), and the load balancer's ``status`` tree, ``stats`` and ``failover``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.convert import to_bool
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.load_balancer import errors, views
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.api import common
from twinstack.load_balancer.manager import (
    ACTIVE,
    ERROR,
    PENDING_DELETE,
    amphorae,
    begin,
    check_mutable,
    get,
    graph,
    has_children,
    lifecycle,
    loadbalancers,
    mark_tree_deleted,
    set_status,
    update,
)
from twinstack.load_balancer.manager.resources import LOADBALANCER


async def create(req: Req) -> Any:
    values = await common.read(req, LOADBALANCER, True)
    project = common.project_of(req, values)
    common.authorize(req, "loadbalancer", "post", project)
    listeners, pools = values.pop("listeners") or [], values.pop("pools") or []
    with req.cloud.store.begin() as conn:
        lb = loadbalancers.create(req.cloud, conn, project, values)
        if listeners or pools:
            graph.create_tree(req.cloud, conn, lb, listeners, pools)
        full = bool(listeners or pools)
        body = views.full_loadbalancer(req.cloud, conn, lb["id"]) if full else common.show(req, LOADBALANCER, lb, conn)
    lifecycle.spawn(req.cloud, amphorae.build, lb["id"])
    return json_response({"loadbalancer": body}, 201)


async def index(req: Req) -> Any:
    return common.listing(req, LOADBALANCER)


def _get(req: Req, conn: Any, action: str) -> dict[str, Any]:
    lb = get(conn, "loadbalancer", req.params["lb_id"])
    common.authorize(req, "loadbalancer", action, lb["project_id"])
    return lb


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        lb = _get(req, conn, "get_one")
        return {"loadbalancer": common.show(req, LOADBALANCER, lb, conn)}


async def put(req: Req) -> Any:
    changes = await common.read(req, LOADBALANCER, False)
    with req.cloud.store.begin() as conn:
        lb = _get(req, conn, "put")
        check_mutable(lb)
        update(req.cloud, conn, "loadbalancer", lb["id"], changes)
        begin(req.cloud, conn, lb["id"])
        body = common.show(req, LOADBALANCER, get(conn, "loadbalancer", lb["id"]), conn)
    lifecycle.later(req.cloud, lb["id"])
    return {"loadbalancer": body}


async def delete(req: Req) -> Any:
    cascade = to_bool(req.query.get("cascade"))
    with req.cloud.store.begin() as conn:
        lb = _get(req, conn, "delete")
        if lb["provisioning_status"] not in (ACTIVE, ERROR):
            raise errors.immutable("loadbalancer", lb["id"])
        if cascade:
            mark_tree_deleted(req.cloud, conn, lb["id"])
        elif has_children(conn, lb["id"]):
            raise errors.validation(f"Cannot delete Load Balancer {lb['id']} - it has children")
        set_status(req.cloud, conn, "loadbalancer", [lb["id"]], PENDING_DELETE)
    lifecycle.spawn(req.cloud, amphorae.delete, lb["id"])
    return empty(204)


async def status(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        lb = _get(req, conn, "get_status")
        return {"statuses": {"loadbalancer": views.status_tree(conn, lb)}}


async def stats(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        _get(req, conn, "get_stats")
    return {"stats": views.zero_stats()}


async def failover(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        lb = _get(req, conn, "put_failover")
        if lb["provisioning_status"] not in (ACTIVE, ERROR):
            raise errors.immutable("loadbalancer", lb["id"])
        set_status(req.cloud, conn, "loadbalancer", [lb["id"]], "PENDING_UPDATE")
    lifecycle.spawn(req.cloud, amphorae.failover, lb["id"])
    return empty(202)


def amphora_rows(conn: Any, lb_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sa.select(t.amphorae).where(t.amphorae.c.load_balancer_id == lb_id))
            .mappings()]
