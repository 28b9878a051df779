"""Bodies beyond the declared fields: the status tree, statistics (an emulated amphora moves no bytes),
the full load balancer a single-call create answers with, amphorae, and the version documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.load_balancer import tables as t
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

STATS = ("bytes_in", "bytes_out", "active_connections", "total_connections", "request_errors")


def zero_stats() -> dict[str, int]:
    return dict.fromkeys(STATS, 0)


def _of(conn: Connection, table: sa.Table, column: str, value: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sa.select(table).where(table.c[column] == value)
                                          .order_by(table.c.created_at, table.c.id)).mappings()]


def _status(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"] or "", "operating_status": row["operating_status"],
            "provisioning_status": row["provisioning_status"]}


def status_tree(conn: Connection, lb: dict[str, Any]) -> dict[str, Any]:
    """GET /loadbalancers/{id}/status: listeners, their pools (default and L7 targets), monitors, members."""
    monitors = {m["pool_id"]: m for m in _of(conn, t.health_monitors, "load_balancer_id", lb["id"])}
    members: dict[str, list[dict[str, Any]]] = {}
    for m in _of(conn, t.members, "load_balancer_id", lb["id"]):
        members.setdefault(m["pool_id"], []).append(m)
    pools = {p["id"]: p for p in _of(conn, t.pools, "load_balancer_id", lb["id"])}
    policies = _of(conn, t.l7policies, "load_balancer_id", lb["id"])

    def pool_status(pool: dict[str, Any]) -> dict[str, Any]:
        out = {**_status(pool), "members": [{**_status(m), "address": m["address"],
                                             "protocol_port": m["protocol_port"]}
                                            for m in members.get(pool["id"], [])]}
        monitor = monitors.get(pool["id"])
        if monitor is not None:
            out["health_monitor"] = {**_status(monitor), "type": monitor["type"]}
        return out

    listeners = []
    for listener in _of(conn, t.listeners, "load_balancer_id", lb["id"]):
        ids = [listener["default_pool_id"]] + [p["redirect_pool_id"] for p in policies
                                               if p["listener_id"] == listener["id"]]
        listeners.append({**_status(listener), "pools": [pool_status(pools[i]) for i in dict.fromkeys(ids)
                                                         if i in pools]})
    return {**_status(lb), "listeners": listeners}


def full_loadbalancer(cloud: Cloud, conn: Connection, lb_id: str) -> dict[str, Any]:
    """A single-call create's answer: the load balancer with its listeners, pools, members, monitors,
    policies and rules in full."""
    render = lambda res, rows: CRUD.render(cloud, conn, res, rows, None)  # noqa: E731
    lb = render(LOADBALANCER, _of(conn, t.load_balancers, "id", lb_id))[0]
    monitors = {m["pools"][0]["id"]: m for m in render(HEALTHMONITOR, _of(conn, t.health_monitors,
                                                                          "load_balancer_id", lb_id))}
    pools = []
    for pool_row in _of(conn, t.pools, "load_balancer_id", lb_id):
        pool = render(POOL, [pool_row])[0]
        pool["members"] = render(MEMBER, _of(conn, t.members, "pool_id", pool_row["id"]))
        pool["healthmonitor"] = monitors.get(pool_row["id"])
        pools.append(pool)
    listeners = []
    for listener_row in _of(conn, t.listeners, "load_balancer_id", lb_id):
        listener = render(LISTENER, [listener_row])[0]
        policies = render(L7POLICY, _of(conn, t.l7policies, "listener_id", listener_row["id"]))
        for policy in policies:
            policy["rules"] = render(L7RULE, _of(conn, t.l7rules, "l7policy_id", policy["id"]))
        listener["l7policies"] = policies
        listeners.append(listener)
    lb["listeners"], lb["pools"] = listeners, pools
    return lb


AMPHORA_FIELDS = ("id", "loadbalancer_id", "compute_id", "lb_network_ip", "vrrp_ip", "ha_ip", "vrrp_port_id",
                  "ha_port_id", "cert_expiration", "cert_busy", "role", "status", "vrrp_interface", "vrrp_id",
                  "vrrp_priority", "cached_zone", "created_at", "updated_at", "image_id", "compute_flavor")


def amphora(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in AMPHORA_FIELDS if k != "loadbalancer_id"}
    out["loadbalancer_id"] = row["load_balancer_id"]
    return {k: out[k] for k in AMPHORA_FIELDS}
