"""What other services may ask of load balancing in process, never over HTTP: Heat's OS::Octavia::*
resources create, read, update and delete load balancers and their objects here, with the caller's Context
(Octavia's policy, quotas and checks apply; bodies are Octavia's, as a POST would take them), and read a
load balancer's statuses and VIP; the answers are Octavia's bodies. Changes settle as they do over the
API (a load balancer builds its amphorae in the background)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.load_balancer import errors, policies
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import (
    ACTIVE,
    ERROR,
    PENDING_DELETE,
    amphorae,
    begin,
    check_mutable,
    get,
    graph,
    lifecycle,
    loadbalancers,
    mark_deleted,
    mark_tree_deleted,
    objects,
    set_status,
)
from twinstack.load_balancer.manager import update as db_update
from twinstack.load_balancer.manager.resources import (
    CRUD,
    HEALTHMONITOR,
    L7POLICY,
    L7RULE,
    LISTENER,
    LOADBALANCER,
    MEMBER,
    POOL,
)

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

_RES = {"loadbalancer": LOADBALANCER, "listener": LISTENER, "pool": POOL, "member": MEMBER,
        "healthmonitor": HEALTHMONITOR, "l7policy": L7POLICY, "l7rule": L7RULE}


def _authorize(cloud: Cloud, caller: Context, kind: str, action: str, project_id: str | None) -> None:
    if not cloud.policy.allowed(policies.rule(kind, action), {"project_id": project_id or caller.project_id},
                                caller):
        raise errors.forbidden()


def _show(cloud: Cloud, conn: Any, kind: str, id_: str) -> dict[str, Any]:
    return CRUD.render(cloud, conn, _RES[kind], [get(conn, kind, id_)], None)[0]


def load_balancer(cloud: Cloud, lb_id: str) -> dict[str, Any] | None:
    """``{"id", "project_id", "name", "provisioning_status", "operating_status", "vip_address", "vip_port_id",
    "vip_subnet_id", "vip_network_id"}`` of a load balancer, None when there is none."""
    c = t.load_balancers.c
    with cloud.store.read() as conn:
        row = conn.execute(sa.select(c.id, c.project_id, c.name, c.provisioning_status, c.operating_status,
                                     c.vip_address, c.vip_port_id, c.vip_subnet_id, c.vip_network_id)
                           .where(c.id == lb_id)).first()
    return dict(row._mapping) if row is not None else None


def show(cloud: Cloud, kind: str, id_: str) -> dict[str, Any] | None:
    """An object's Octavia body (``kind``: loadbalancer, listener, pool, member, healthmonitor, l7policy,
    l7rule), None once it is gone."""
    with cloud.store.read() as conn:
        try:
            return _show(cloud, conn, kind, id_)
        except ApiError as err:
            if err.status == 404:
                return None
            raise


def find_id(cloud: Cloud, caller: Context, kind: str, ref: str) -> str:
    """The id of the caller's object named by id or by (unique) name, as Heat's octavia client plugin finds
    one: 404 when none, 409 when the name is ambiguous."""
    table = t.TREE[kind]
    live = table.c.provisioning_status != "DELETED"
    with cloud.store.read() as conn:
        rows = [r[0] for r in conn.execute(sa.select(table.c.id).where(table.c.id == ref, live))]
        if not rows and "name" in table.c:
            mine = table.c.project_id == caller.project_id
            rows = [r[0] for r in conn.execute(sa.select(table.c.id).where(table.c.name == ref, mine, live))]
    if not rows:
        raise errors.not_found(kind, ref)
    if len(rows) > 1:
        raise ApiError(409, f"Multiple {kind} matches found for name '{ref}', use an ID to be more specific.",
                       "NoUniqueMatch")
    return str(rows[0])


def amphora_servers(cloud: Cloud, lb_id: str) -> list[str]:
    """The Nova server ids a load balancer's amphorae run on."""
    with cloud.store.read() as conn:
        return [r[0] for r in conn.execute(sa.select(t.amphorae.c.compute_id).where(
            t.amphorae.c.load_balancer_id == lb_id, t.amphorae.c.compute_id.is_not(None)))]


def create_load_balancer(cloud: Cloud, caller: Context, body: dict[str, Any]) -> dict[str, Any]:
    """POST /v2/lbaas/loadbalancers (``body`` is the ``loadbalancer`` object); PENDING_CREATE, then built."""
    values = CRUD.prepare(LOADBALANCER, {"loadbalancer": body}, None, True)
    project = str(values.get("project_id") or caller.project_id or "")
    _authorize(cloud, caller, "loadbalancer", "post", project)
    listeners, pools = values.pop("listeners") or [], values.pop("pools") or []
    with cloud.store.begin() as conn:
        lb = loadbalancers.create(cloud, conn, project, values)
        graph.create_tree(cloud, conn, lb, listeners, pools)
        out = _show(cloud, conn, "loadbalancer", lb["id"])
    lifecycle.spawn(cloud, amphorae.build, lb["id"])
    return out


def create(cloud: Cloud, caller: Context, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST of a listener (``loadbalancer_id``), pool (``listener_id`` or ``loadbalancer_id``), member
    (``pool_id`` beside the member's fields), health monitor (``pool_id``), L7 policy (``listener_id``) or
    L7 rule (``l7policy_id`` beside the rule's fields)."""
    body = dict(body)
    pool_id = body.pop("pool_id", None) if kind == "member" else None
    policy_id = str(body.pop("l7policy_id", "")) if kind == "l7rule" else None
    res = _RES[kind]
    values = CRUD.prepare(res, {res.singular: body}, None, True)
    with cloud.store.begin() as conn:
        if kind == "listener":
            lb = get(conn, "loadbalancer", values["loadbalancer_id"])
            parents: list[tuple[str, dict[str, Any]]] = []
        elif kind == "pool":
            listener = get(conn, "listener", values["listener_id"]) if values.get("listener_id") else None
            lb = get(conn, "loadbalancer", listener["load_balancer_id"] if listener else
                     values.get("loadbalancer_id") or "")
            parents = [("listener", listener)] if listener else []
        elif kind in ("member", "healthmonitor"):
            pool = get(conn, "pool", str(pool_id or values.get("pool_id")))
            lb = get(conn, "loadbalancer", pool["load_balancer_id"])
            parents = [("pool", pool)]
        elif kind == "l7rule":
            policy = get(conn, "l7policy", str(policy_id))
            lb = get(conn, "loadbalancer", policy["load_balancer_id"])
            parents = [("l7policy", policy)]
        else:
            listener = get(conn, "listener", values["listener_id"])
            lb = get(conn, "loadbalancer", listener["load_balancer_id"])
            parents = [("listener", listener)]
        _authorize(cloud, caller, kind, "post", lb["project_id"])
        check_mutable(lb, *parents)
        if kind == "listener":
            row = objects.add_listener(cloud, conn, lb, values)
            graph.listener_children(cloud, conn, lb, row, values)
        elif kind == "pool":
            row = objects.add_pool(cloud, conn, lb, values, parents[0][1] if parents else None)
            graph.pool_children(cloud, conn, row, values)
        elif kind == "member":
            row = objects.add_member(cloud, conn, parents[0][1], values)
        elif kind == "healthmonitor":
            row = objects.add_monitor(cloud, conn, parents[0][1], values)
        elif kind == "l7rule":
            row = objects.add_rule(cloud, conn, parents[0][1], values)
        else:
            row = objects.add_policy(cloud, conn, parents[0][1], values)
        begin(cloud, conn, lb["id"], *[(k, r["id"]) for k, r in parents])
        out = _show(cloud, conn, kind, row["id"])
    lifecycle.later(cloud, lb["id"])
    return out


def delete(cloud: Cloud, caller: Context, kind: str, id_: str, cascade: bool = True) -> None:
    """DELETE of any of them (a load balancer with ``cascade``); gone once it settles. 409 while PENDING_*."""
    with cloud.store.begin() as conn:
        row = get(conn, kind, id_)
        _authorize(cloud, caller, kind, "delete", row["project_id"])
        if kind == "loadbalancer":
            if row["provisioning_status"] not in (ACTIVE, ERROR):
                raise errors.immutable("loadbalancer", id_)
            if cascade:
                mark_tree_deleted(cloud, conn, id_)
            set_status(cloud, conn, "loadbalancer", [id_], PENDING_DELETE)
        else:
            lb = get(conn, "loadbalancer", row["load_balancer_id"])
            check_mutable(lb, (kind, row))
            mark_deleted(cloud, conn, kind, id_)
            parent = {"member": "pool", "healthmonitor": "pool", "l7policy": "listener", "l7rule": "l7policy"}.get(kind)
            begin(cloud, conn, lb["id"], *([(parent, row[f"{parent}_id"])] if parent else []))
    if kind == "loadbalancer":
        lifecycle.spawn(cloud, amphorae.delete, id_)
    else:
        lifecycle.later(cloud, row["load_balancer_id"])


def update(cloud: Cloud, caller: Context, kind: str, id_: str, changes: dict[str, Any]) -> dict[str, Any]:
    """PUT of a load balancer, listener, pool, member, health monitor, L7 policy or L7 rule (``changes`` as the PUT's
    object takes them); the object and its load balancer go PENDING_UPDATE, then settle. 409 while PENDING_*."""
    res = _RES[kind]
    values = CRUD.prepare(res, {res.singular: dict(changes)}, None, False)
    with cloud.store.begin() as conn:
        row = get(conn, kind, id_)
        _authorize(cloud, caller, kind, "put", row["project_id"])
        lb = row if kind == "loadbalancer" else get(conn, "loadbalancer", row["load_balancer_id"])
        check_mutable(lb, *([] if kind == "loadbalancer" else [(kind, row)]))
        if kind == "loadbalancer":
            db_update(cloud, conn, kind, id_, values)
            begin(cloud, conn, lb["id"])
        else:
            objects.change(cloud, conn, kind, row, lb, values)
        out = _show(cloud, conn, kind, id_)
    lifecycle.later(cloud, lb["id"])
    return out
