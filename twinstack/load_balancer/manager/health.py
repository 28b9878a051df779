"""Operating status as Octavia's health manager works it out from the amphorae's reports: a member is
OFFLINE when disabled, ONLINE when its pool has a health monitor, NO_MONITOR when it has none; a pool is
ONLINE, DEGRADED when some members fail, ERROR when all do, OFFLINE when disabled or on no listener;
listeners, monitors and L7 objects are ONLINE unless disabled; the load balancer is DEGRADED when a pool or
listener is. The fault engine's ``member_offline``/``member_error`` outcomes (event ``load_balancer.member``,
matched on the member's name or address) stand for members that fail their checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import ACTIVE, DEGRADED, ERROR, NO_MONITOR, OFFLINE, ONLINE

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

EVENT = "load_balancer.member"


def _rows(conn: Connection, table: sa.Table, lb_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sa.select(table).where(table.c.load_balancer_id == lb_id)).mappings()]


def _member_fault(cloud: Cloud, member: dict[str, Any]) -> str | None:
    for name in dict.fromkeys((member["name"] or "", member["address"])):
        rule = cloud.faults.check(EVENT, name=name, project_id=member["project_id"])
        if rule is not None:
            return OFFLINE if rule.action.outcome == "member_offline" else ERROR
    return None


def refresh(cloud: Cloud, conn: Connection, lb_id: str) -> None:
    """Recompute every operating status of one load balancer's tree (one query per table)."""
    lb = conn.execute(sa.select(t.load_balancers).where(t.load_balancers.c.id == lb_id)).mappings().first()
    if lb is None or lb["provisioning_status"] != ACTIVE:
        return
    changes: dict[str, dict[str, str]] = {kind: {} for kind in t.TREE}
    listeners = _rows(conn, t.listeners, lb_id)
    pools = _rows(conn, t.pools, lb_id)
    policies = _rows(conn, t.l7policies, lb_id)
    monitors = {m["pool_id"]: m for m in _rows(conn, t.health_monitors, lb_id)}
    members = _rows(conn, t.members, lb_id)
    used = {lst["default_pool_id"] for lst in listeners} | {p["redirect_pool_id"] for p in policies}
    by_pool: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        by_pool.setdefault(member["pool_id"], []).append(member)
    for pool in pools:
        monitor = monitors.get(pool["id"])
        watched = monitor is not None and monitor["admin_state_up"]
        states = []
        for member in by_pool.get(pool["id"], []):
            state = OFFLINE if not member["admin_state_up"] else (_member_fault(cloud, member)
                                                                 or (ONLINE if watched else NO_MONITOR))
            changes["member"][member["id"]] = state
            if member["admin_state_up"]:
                states.append(state)
        if not pool["admin_state_up"] or pool["id"] not in used:
            changes["pool"][pool["id"]] = OFFLINE
        elif states and all(s in (ERROR, OFFLINE) for s in states):
            changes["pool"][pool["id"]] = ERROR
        elif any(s in (ERROR, OFFLINE) for s in states):
            changes["pool"][pool["id"]] = DEGRADED
        else:
            changes["pool"][pool["id"]] = ONLINE
        if monitor is not None:
            changes["healthmonitor"][monitor["id"]] = ONLINE if monitor["admin_state_up"] else OFFLINE
    for listener in listeners:
        changes["listener"][listener["id"]] = ONLINE if listener["admin_state_up"] else OFFLINE
    enabled = {p["id"]: p["admin_state_up"] for p in policies}
    for policy in policies:
        changes["l7policy"][policy["id"]] = ONLINE if policy["admin_state_up"] else OFFLINE
    for rule in _rows(conn, t.l7rules, lb_id):
        changes["l7rule"][rule["id"]] = ONLINE if rule["admin_state_up"] and enabled.get(rule["l7policy_id"]) \
            else OFFLINE
    troubled = any(s in (DEGRADED, ERROR) for s in changes["pool"].values())
    changes["loadbalancer"][lb_id] = OFFLINE if not lb["admin_state_up"] else (DEGRADED if troubled else ONLINE)
    for kind, statuses in changes.items():
        table = t.TREE[kind]
        for status in set(statuses.values()):
            ids = [i for i, s in statuses.items() if s == status]
            conn.execute(table.update().where(table.c.id.in_(ids), table.c.operating_status != status)
                         .values(operating_status=status))


def refresh_all(cloud: Cloud, conn: Connection) -> None:
    """The health manager's round: every ACTIVE load balancer."""
    for (lb_id,) in conn.execute(sa.select(t.load_balancers.c.id).where(
            t.load_balancers.c.provisioning_status == ACTIVE)):
        refresh(cloud, conn, lb_id)
