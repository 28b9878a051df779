"""Octavia's single-call create: a load balancer body may carry its listeners (each with a default pool
and L7 policies), pools (with members and a health monitor); a listener or pool body may carry its own
children. Everything is created PENDING_CREATE in the request's transaction, and settles with the load
balancer. Pools a listener or L7 policy names by ``name`` come from the load balancer's ``pools``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.load_balancer import errors
from twinstack.load_balancer.manager import get, objects
from twinstack.load_balancer.manager.resources import CRUD, HEALTHMONITOR, L7POLICY, L7RULE, LISTENER, MEMBER, POOL

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _prepare(res: Any, body: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise errors.invalid_input(res.singular, body)
    return CRUD.prepare(res, {res.singular: {k: v for k, v in body.items() if k not in drop}}, None, True)


def pool_children(cloud: Cloud, conn: Connection, pool: dict[str, Any], values: dict[str, Any]) -> None:
    for member in values.get("members") or []:
        objects.add_member(cloud, conn, pool, _prepare(MEMBER, member))
    if values.get("healthmonitor"):
        objects.add_monitor(cloud, conn, pool, _prepare(HEALTHMONITOR, {**values["healthmonitor"],
                                                                         "pool_id": pool["id"]}))


def _pool(cloud: Cloud, conn: Connection, lb: dict[str, Any], body: Any,
          listener: dict[str, Any] | None) -> dict[str, Any]:
    values = _prepare(POOL, body, ("listener_id", "loadbalancer_id"))
    pool = objects.add_pool(cloud, conn, lb, values, listener)
    pool_children(cloud, conn, pool, values)
    return pool


def listener_children(cloud: Cloud, conn: Connection, lb: dict[str, Any], listener: dict[str, Any],
                      values: dict[str, Any], named: dict[str, dict[str, Any]] | None = None) -> None:
    named = named if named is not None else {}
    default = values.get("default_pool")
    if default:
        if isinstance(default, dict) and set(default) == {"name"} and default["name"] in named:
            pool = named[default["name"]]
            objects.change_listener(cloud, conn, lb, listener, {"default_pool_id": pool["id"]})
        else:
            _pool(cloud, conn, lb, default, get(conn, "listener", listener["id"]))
    for body in values.get("l7policies") or []:
        body = dict(body) if isinstance(body, dict) else {}
        rules = body.pop("rules", None) or []
        target = body.pop("redirect_pool", None)
        if target:
            known = named.get(str(target.get("name"))) if isinstance(target, dict) else None
            body["redirect_pool_id"] = known["id"] if known else _pool(cloud, conn, lb, target, None)["id"]
        policy = objects.add_policy(cloud, conn, get(conn, "listener", listener["id"]),
                                    _prepare(L7POLICY, {**body, "listener_id": listener["id"]}))
        for rule in rules:
            objects.add_rule(cloud, conn, policy, _prepare(L7RULE, rule))


def create_tree(cloud: Cloud, conn: Connection, lb: dict[str, Any], listeners: list[Any], pools: list[Any]) -> None:
    named: dict[str, dict[str, Any]] = {}
    for body in pools:
        pool = _pool(cloud, conn, lb, body, None)
        if pool.get("name"):
            named[pool["name"]] = pool
    for body in listeners:
        values = _prepare(LISTENER, {**(body if isinstance(body, dict) else {}), "loadbalancer_id": lb["id"]})
        listener = objects.add_listener(cloud, conn, lb, values)
        listener_children(cloud, conn, lb, listener, values, named)
