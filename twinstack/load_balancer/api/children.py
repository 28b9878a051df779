"""Listeners, pools, members, health monitors, L7 policies and L7 rules: the same steps for each, as
Octavia's controllers take them. A create, change or delete looks up the object and its load balancer,
asks the policy with the load balancer's project, refuses while anything is PENDING_* (409), records the
change with the load balancer PENDING_UPDATE, and lets the lifecycle settle it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.convert import to_bool
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.load_balancer import errors, views
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.api import common
from twinstack.load_balancer.manager import (
    PENDING_UPDATE,
    begin,
    check_mutable,
    get,
    graph,
    lifecycle,
    mark_deleted,
    objects,
    quotas,
    set_status,
    update,
)
from twinstack.load_balancer.manager.resources import HEALTHMONITOR, L7POLICY, L7RULE, LISTENER, MEMBER, POOL

Parents = list[tuple[str, dict[str, Any]]]


def _lb(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    return get(conn, "loadbalancer", row["load_balancer_id"])


def _reply(req: Req, res: Any, conn: Connection, row_id: str, kind: str, status: int = 200) -> Any:
    body = common.show(req, res, get(conn, kind, row_id), conn)
    return json_response({res.singular: body}, status)


# -- listeners ---------------------------------------------------------------------------------------------
async def listener_create(req: Req) -> Any:
    values = await common.read(req, LISTENER, True)
    with req.cloud.store.begin() as conn:
        lb = get(conn, "loadbalancer", values["loadbalancer_id"])
        common.authorize(req, "listener", "post", lb["project_id"])
        check_mutable(lb)
        row = objects.add_listener(req.cloud, conn, lb, values)
        if values.get("default_pool") or values.get("l7policies"):
            graph.listener_children(req.cloud, conn, lb, row, values)
        begin(req.cloud, conn, lb["id"])
        out = _reply(req, LISTENER, conn, row["id"], "listener", 201)
    lifecycle.later(req.cloud, lb["id"])
    return out


async def listener_update(req: Req) -> Any:
    changes = await common.read(req, LISTENER, False)
    with req.cloud.store.begin() as conn:
        row = get(conn, "listener", req.params["listener_id"])
        common.authorize(req, "listener", "put", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("listener", row))
        objects.change(req.cloud, conn, "listener", row, lb, changes)
        out = _reply(req, LISTENER, conn, row["id"], "listener")
    lifecycle.later(req.cloud, lb["id"])
    return out


async def listener_stats(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = get(conn, "listener", req.params["listener_id"])
    common.authorize(req, "listener", "get_stats", row["project_id"])
    return {"stats": views.zero_stats()}


# -- pools -------------------------------------------------------------------------------------------------
async def pool_create(req: Req) -> Any:
    values = await common.read(req, POOL, True)
    with req.cloud.store.begin() as conn:
        listener = get(conn, "listener", values["listener_id"]) if values.get("listener_id") else None
        if listener is None and not values.get("loadbalancer_id"):
            raise errors.validation("loadbalancer_id or listener_id must be specified.")
        lb = get(conn, "loadbalancer", listener["load_balancer_id"] if listener else values["loadbalancer_id"])
        if listener is not None and values.get("loadbalancer_id") not in (None, lb["id"]):
            raise errors.validation("The listener and the load balancer of a pool must match.")
        common.authorize(req, "pool", "post", lb["project_id"])
        parents: Parents = [("listener", listener)] if listener else []
        check_mutable(lb, *parents)
        row = objects.add_pool(req.cloud, conn, lb, values, listener)
        if values.get("members") or values.get("healthmonitor"):
            graph.pool_children(req.cloud, conn, row, values)
        begin(req.cloud, conn, lb["id"], *[(k, r["id"]) for k, r in parents])
        out = _reply(req, POOL, conn, row["id"], "pool", 201)
    lifecycle.later(req.cloud, lb["id"])
    return out


async def pool_update(req: Req) -> Any:
    changes = await common.read(req, POOL, False)
    with req.cloud.store.begin() as conn:
        row = get(conn, "pool", req.params["pool_id"])
        common.authorize(req, "pool", "put", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("pool", row))
        objects.change(req.cloud, conn, "pool", row, lb, changes)
        out = _reply(req, POOL, conn, row["id"], "pool")
    lifecycle.later(req.cloud, lb["id"])
    return out


def _pool_deletable(conn: Connection, pool: dict[str, Any]) -> None:
    policy = conn.execute(sa.select(t.l7policies.c.id).where(t.l7policies.c.redirect_pool_id == pool["id"])).first()
    if policy is not None:
        raise errors.conflict(f"Pool {pool['id']} is in use by L7 policy {policy[0]}", "PoolInUseByL7Policy")


# -- members -----------------------------------------------------------------------------------------------
def _pool_for(conn: Connection, req: Req) -> dict[str, Any]:
    return get(conn, "pool", req.params["pool_id"])


def _member(conn: Connection, req: Req) -> dict[str, Any]:
    pool = _pool_for(conn, req)
    row = get(conn, "member", req.params["member_id"])
    if row["pool_id"] != pool["id"]:
        raise errors.not_found("member", row["id"])
    return row


async def member_index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        pool = _pool_for(conn, req)
    common.authorize(req, "member", "get_all", pool["project_id"])
    return common.listing(req, MEMBER, t.members.c.pool_id == pool["id"])


async def member_create(req: Req) -> Any:
    values = await common.read(req, MEMBER, True)
    with req.cloud.store.begin() as conn:
        pool = _pool_for(conn, req)
        common.authorize(req, "member", "post", pool["project_id"])
        lb = _lb(conn, pool)
        check_mutable(lb, ("pool", pool))
        row = objects.add_member(req.cloud, conn, pool, values)
        begin(req.cloud, conn, lb["id"], ("pool", pool["id"]))
        out = _reply(req, MEMBER, conn, row["id"], "member", 201)
    lifecycle.later(req.cloud, lb["id"])
    return out


async def member_show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _member(conn, req)
        common.authorize(req, "member", "get_one", row["project_id"])
        return {"member": common.show(req, MEMBER, row, conn)}


async def member_update(req: Req) -> Any:
    changes = await common.read(req, MEMBER, False)
    with req.cloud.store.begin() as conn:
        row = _member(conn, req)
        common.authorize(req, "member", "put", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("member", row))
        objects.change(req.cloud, conn, "member", row, lb, changes)
        out = _reply(req, MEMBER, conn, row["id"], "member")
    lifecycle.later(req.cloud, lb["id"])
    return out


async def member_delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _member(conn, req)
        common.authorize(req, "member", "delete", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("member", row))
        mark_deleted(req.cloud, conn, "member", row["id"])
        begin(req.cloud, conn, lb["id"], ("pool", row["pool_id"]))
    lifecycle.later(req.cloud, lb["id"])
    return empty(204)


BATCH_FIELDS = ("name", "admin_state_up", "weight", "backup", "monitor_address", "monitor_port", "tags")


async def members_batch(req: Req) -> Any:
    """PUT /pools/{id}/members: the pool's members become the list (by address and port: new ones created,
    known ones updated, the rest deleted unless ``additive_only``); 202, no body."""
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("members"), list):
        raise errors.missing("members")
    additive = to_bool(req.query.get("additive_only"))
    wanted = [common.CRUD.prepare(MEMBER, {"member": m}, None, True) for m in body["members"]]
    given = [set(m) for m in body["members"]]  # a known member changes only in the fields given
    with req.cloud.store.begin() as conn:
        pool = _pool_for(conn, req)
        common.authorize(req, "member", "put", pool["project_id"])
        lb = _lb(conn, pool)
        check_mutable(lb, ("pool", pool))
        current = {(r["address"], r["protocol_port"]): dict(r) for r in conn.execute(
            sa.select(t.members).where(t.members.c.pool_id == pool["id"])).mappings()}
        keys = [(m["address"], m["protocol_port"]) for m in wanted]
        if len(set(keys)) != len(keys):
            raise errors.conflict("Another member on this pool is already using ip and protocol_port given twice "
                                  "in the request", "DuplicateMemberEntry")
        new = [m for m in wanted if (m["address"], m["protocol_port"]) not in current]
        quotas.check(req.cloud, conn, pool["project_id"], "member", len(new))
        for values, fields in zip(wanted, given, strict=True):
            known = current.get((values["address"], values["protocol_port"]))
            if known is None:
                objects.add_member(req.cloud, conn, pool, values, count_quota=False)
                continue
            changes: dict[str, Any] = {k: values[k] for k in BATCH_FIELDS if k in fields}
            update(req.cloud, conn, "member", known["id"], changes)
            set_status(req.cloud, conn, "member", [known["id"]], PENDING_UPDATE)
        if not additive:
            for key, row in current.items():
                if key not in keys:
                    mark_deleted(req.cloud, conn, "member", row["id"])
        begin(req.cloud, conn, lb["id"], ("pool", pool["id"]))
    lifecycle.later(req.cloud, lb["id"])
    return empty(202)


# -- health monitors ---------------------------------------------------------------------------------------
async def monitor_create(req: Req) -> Any:
    values = await common.read(req, HEALTHMONITOR, True)
    with req.cloud.store.begin() as conn:
        pool = get(conn, "pool", values["pool_id"])
        common.authorize(req, "healthmonitor", "post", pool["project_id"])
        lb = _lb(conn, pool)
        check_mutable(lb, ("pool", pool))
        row = objects.add_monitor(req.cloud, conn, pool, values)
        begin(req.cloud, conn, lb["id"], ("pool", pool["id"]))
        out = _reply(req, HEALTHMONITOR, conn, row["id"], "healthmonitor", 201)
    lifecycle.later(req.cloud, lb["id"])
    return out


async def monitor_update(req: Req) -> Any:
    changes = await common.read(req, HEALTHMONITOR, False)
    with req.cloud.store.begin() as conn:
        row = get(conn, "healthmonitor", req.params["healthmonitor_id"])
        common.authorize(req, "healthmonitor", "put", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("healthmonitor", row))
        objects.change(req.cloud, conn, "healthmonitor", row, lb, changes)
        out = _reply(req, HEALTHMONITOR, conn, row["id"], "healthmonitor")
    lifecycle.later(req.cloud, lb["id"])
    return out


# -- L7 policies and rules ---------------------------------------------------------------------------------
async def policy_create(req: Req) -> Any:
    values = await common.read(req, L7POLICY, True)
    with req.cloud.store.begin() as conn:
        listener = get(conn, "listener", values["listener_id"])
        common.authorize(req, "l7policy", "post", listener["project_id"])
        lb = _lb(conn, listener)
        check_mutable(lb, ("listener", listener))
        row = objects.add_policy(req.cloud, conn, listener, values)
        for rule in values.get("rules") or []:
            objects.add_rule(req.cloud, conn, row, common.CRUD.prepare(L7RULE, {"rule": rule}, None, True))
        begin(req.cloud, conn, lb["id"], ("listener", listener["id"]))
        out = _reply(req, L7POLICY, conn, row["id"], "l7policy", 201)
    lifecycle.later(req.cloud, lb["id"])
    return out


async def policy_update(req: Req) -> Any:
    changes = await common.read(req, L7POLICY, False)
    with req.cloud.store.begin() as conn:
        row = get(conn, "l7policy", req.params["l7policy_id"])
        common.authorize(req, "l7policy", "put", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("l7policy", row))
        objects.change(req.cloud, conn, "l7policy", row, lb, changes)
        out = _reply(req, L7POLICY, conn, row["id"], "l7policy")
    lifecycle.later(req.cloud, lb["id"])
    return out


def _rule(conn: Connection, req: Req) -> tuple[dict[str, Any], dict[str, Any]]:
    policy = get(conn, "l7policy", req.params["l7policy_id"])
    row = get(conn, "l7rule", req.params["rule_id"])
    if row["l7policy_id"] != policy["id"]:
        raise errors.not_found("l7rule", row["id"])
    return policy, row


async def rule_index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        policy = get(conn, "l7policy", req.params["l7policy_id"])
    common.authorize(req, "l7rule", "get_all", policy["project_id"])
    return common.listing(req, L7RULE, t.l7rules.c.l7policy_id == policy["id"])


async def rule_create(req: Req) -> Any:
    values = await common.read(req, L7RULE, True)
    with req.cloud.store.begin() as conn:
        policy = get(conn, "l7policy", req.params["l7policy_id"])
        common.authorize(req, "l7rule", "post", policy["project_id"])
        lb = _lb(conn, policy)
        check_mutable(lb, ("l7policy", policy))
        row = objects.add_rule(req.cloud, conn, policy, values)
        begin(req.cloud, conn, lb["id"], ("l7policy", policy["id"]))
        out = _reply(req, L7RULE, conn, row["id"], "l7rule", 201)
    lifecycle.later(req.cloud, lb["id"])
    return out


async def rule_show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        _, row = _rule(conn, req)
        common.authorize(req, "l7rule", "get_one", row["project_id"])
        return {"rule": common.show(req, L7RULE, row, conn)}


async def rule_update(req: Req) -> Any:
    changes = await common.read(req, L7RULE, False)
    with req.cloud.store.begin() as conn:
        _, row = _rule(conn, req)
        common.authorize(req, "l7rule", "put", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("l7rule", row))
        objects.change(req.cloud, conn, "l7rule", row, lb, changes)
        out = _reply(req, L7RULE, conn, row["id"], "l7rule")
    lifecycle.later(req.cloud, lb["id"])
    return out


async def rule_delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        policy, row = _rule(conn, req)
        common.authorize(req, "l7rule", "delete", row["project_id"])
        lb = _lb(conn, row)
        check_mutable(lb, ("l7rule", row))
        mark_deleted(req.cloud, conn, "l7rule", row["id"])
        begin(req.cloud, conn, lb["id"], ("l7policy", policy["id"]))
    lifecycle.later(req.cloud, lb["id"])
    return empty(204)


# -- the plain ones: list, show, delete by id --------------------------------------------------------------
def handlers(kind: str, res: Any, param: str) -> tuple[Any, Any, Any]:
    """(index, show, delete) of a top-level child collection."""

    async def index(req: Req) -> Any:
        return common.listing(req, res)

    async def show(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            row = get(conn, kind, req.params[param])
            common.authorize(req, kind, "get_one", row["project_id"])
            return {res.singular: common.show(req, res, row, conn)}

    async def delete(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            row = get(conn, kind, req.params[param])
            common.authorize(req, kind, "delete", row["project_id"])
            lb = _lb(conn, row)
            check_mutable(lb, (kind, row))
            if kind == "pool":
                _pool_deletable(conn, row)
            mark_deleted(req.cloud, conn, kind, row["id"])
            parent = {"member": "pool", "healthmonitor": "pool", "l7policy": "listener"}.get(kind)
            parents = [(parent, row[f"{parent}_id"])] if parent else []
            begin(req.cloud, conn, lb["id"], *parents)
        lifecycle.later(req.cloud, lb["id"])
        return empty(204)

    return index, show, delete
