"""The load balancer tree in the store, and Octavia's rules for changing it: a change is refused (409)
while the load balancer or the object is PENDING_*; an accepted one puts the load balancer in
PENDING_UPDATE and the object in PENDING_CREATE/UPDATE/DELETE (deletes cascade down the tree as
Octavia's do), and ``settle`` is the controller worker's answer: ACTIVE again, PENDING_DELETE rows gone,
operating statuses recomputed (manager/health.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.ids import uuid_str
from twinstack.load_balancer import errors
from twinstack.load_balancer import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.load_balancer.model import LoadBalancerModel

OWNER = "load_balancer"
ACTIVE, ERROR = "ACTIVE", "ERROR"
PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE = "PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE"
PENDING = (PENDING_CREATE, PENDING_UPDATE, PENDING_DELETE)
ONLINE, OFFLINE, NO_MONITOR, DEGRADED = "ONLINE", "OFFLINE", "NO_MONITOR", "DEGRADED"
VIP_OWNER = "Octavia"  # the device_owner Octavia gives its VIP ports


def now(cloud: Cloud) -> str:
    return cloud.clock.now().strftime("%Y-%m-%dT%H:%M:%S")


def settings(cloud: Cloud) -> LoadBalancerModel:
    return cloud.model.load_balancer


def get(conn: Connection, kind: str, id_: str) -> dict[str, Any]:
    table = t.TREE[kind]
    row = conn.execute(sa.select(table).where(table.c.id == id_)).mappings().first()
    if row is None or row["provisioning_status"] == "DELETED":
        raise errors.not_found(kind, id_)
    return dict(row)


def find(conn: Connection, kind: str, id_: str) -> dict[str, Any] | None:
    table = t.TREE[kind]
    row = conn.execute(sa.select(table).where(table.c.id == id_)).mappings().first()
    return dict(row) if row is not None else None


def check_mutable(lb: dict[str, Any], *objects: tuple[str, dict[str, Any]]) -> None:
    """Octavia's test-and-set: the load balancer ACTIVE and each object not PENDING_*, or a 409."""
    if lb["provisioning_status"] != ACTIVE:
        raise errors.immutable("loadbalancer", lb["id"])
    for kind, row in objects:
        if row["provisioning_status"] in PENDING:
            raise errors.immutable(kind, row["id"])


def set_status(cloud: Cloud, conn: Connection, kind: str, ids: list[str], status: str) -> None:
    if ids:
        table = t.TREE[kind]
        conn.execute(table.update().where(table.c.id.in_(ids)).values(provisioning_status=status,
                                                                        updated_at=now(cloud)))


def begin(cloud: Cloud, conn: Connection, lb_id: str, *parents: tuple[str, str]) -> None:
    """An accepted change: the load balancer and the parents named go PENDING_UPDATE."""
    set_status(cloud, conn, "loadbalancer", [lb_id], PENDING_UPDATE)
    for kind, id_ in parents:
        set_status(cloud, conn, kind, [id_], PENDING_UPDATE)


def insert(cloud: Cloud, conn: Connection, kind: str, row: dict[str, Any]) -> dict[str, Any]:
    table = t.TREE[kind]
    values: dict[str, Any] = {c.name: row.get(c.name) for c in table.c if c.name in row}
    values.setdefault("id", uuid_str())
    values.setdefault("tags", [])
    values.setdefault("created_at", now(cloud))
    values.setdefault("provisioning_status", PENDING_CREATE)
    values.setdefault("operating_status", OFFLINE)
    conn.execute(table.insert().values(**values))
    return get(conn, kind, values["id"])


def update(cloud: Cloud, conn: Connection, kind: str, id_: str, values: dict[str, Any]) -> None:
    table = t.TREE[kind]
    cols = {k: v for k, v in values.items() if k in table.c and k != "id"}
    cols["updated_at"] = now(cloud)
    conn.execute(table.update().where(table.c.id == id_).values(**cols))


def _ids(conn: Connection, table: sa.Table, *where: Any) -> list[str]:
    return [r[0] for r in conn.execute(sa.select(table.c.id).where(*where))]


def mark_deleted(cloud: Cloud, conn: Connection, kind: str, id_: str) -> None:
    """PENDING_DELETE for the object and what goes with it: a listener's L7 policies and rules; a pool's
    members and health monitor (and the L7 policies redirecting to it lose their pool); a policy's rules."""
    set_status(cloud, conn, kind, [id_], PENDING_DELETE)
    if kind == "listener":
        policies = _ids(conn, t.l7policies, t.l7policies.c.listener_id == id_)
        set_status(cloud, conn, "l7policy", policies, PENDING_DELETE)
        set_status(cloud, conn, "l7rule", _ids(conn, t.l7rules, t.l7rules.c.l7policy_id.in_(policies)),
                   PENDING_DELETE)
    elif kind == "pool":
        set_status(cloud, conn, "member", _ids(conn, t.members, t.members.c.pool_id == id_), PENDING_DELETE)
        set_status(cloud, conn, "healthmonitor", _ids(conn, t.health_monitors, t.health_monitors.c.pool_id == id_),
                   PENDING_DELETE)
    elif kind == "l7policy":
        set_status(cloud, conn, "l7rule", _ids(conn, t.l7rules, t.l7rules.c.l7policy_id == id_), PENDING_DELETE)


def mark_tree_deleted(cloud: Cloud, conn: Connection, lb_id: str) -> None:
    """A cascade delete: everything of the load balancer goes PENDING_DELETE."""
    for kind, table in t.TREE.items():
        column = table.c.id if kind == "loadbalancer" else table.c.load_balancer_id
        conn.execute(table.update().where(column == lb_id).values(provisioning_status=PENDING_DELETE,
                                                                   updated_at=now(cloud)))


def has_children(conn: Connection, lb_id: str) -> bool:
    return any(conn.execute(sa.select(table.c.id).where(table.c.load_balancer_id == lb_id).limit(1)).first()
               for table in (t.listeners, t.pools))


def settle(cloud: Cloud, conn: Connection, lb_id: str) -> None:
    """The worker finished: PENDING_DELETE rows go (references to them are cleared), PENDING_CREATE and
    PENDING_UPDATE turn ACTIVE, and the operating statuses are worked out again."""
    from twinstack.load_balancer.manager import health
    lb = find(conn, "loadbalancer", lb_id)
    if lb is None or lb["provisioning_status"] in (PENDING_CREATE, PENDING_DELETE, ERROR):
        return  # the build or the delete settles these (manager/amphorae.py)
    stamp = now(cloud)
    gone_pools = _ids(conn, t.pools, t.pools.c.load_balancer_id == lb_id,
                      t.pools.c.provisioning_status == PENDING_DELETE)
    if gone_pools:
        conn.execute(t.listeners.update().where(t.listeners.c.default_pool_id.in_(gone_pools))
                     .values(default_pool_id=None))
        conn.execute(t.l7policies.update().where(t.l7policies.c.redirect_pool_id.in_(gone_pools))
                     .values(redirect_pool_id=None))
    for kind in ("l7rule", "l7policy", "member", "healthmonitor", "listener", "pool"):
        table = t.TREE[kind]
        mine = table.c.load_balancer_id == lb_id
        conn.execute(table.delete().where(mine, table.c.provisioning_status == PENDING_DELETE))
        conn.execute(table.update().where(mine, table.c.provisioning_status.in_((PENDING_CREATE, PENDING_UPDATE)))
                     .values(provisioning_status=ACTIVE, updated_at=stamp))
    _renumber_policies(conn, lb_id)
    conn.execute(t.load_balancers.update().where(t.load_balancers.c.id == lb_id,
                                                 t.load_balancers.c.provisioning_status == PENDING_UPDATE)
                 .values(provisioning_status=ACTIVE, updated_at=stamp))
    health.refresh(cloud, conn, lb_id)


def _renumber_policies(conn: Connection, lb_id: str) -> None:
    """L7 policy positions stay 1..n per listener, in order (Octavia's ordering_list)."""
    c = t.l7policies.c
    rows = conn.execute(sa.select(c.id, c.listener_id, c.position).where(c.load_balancer_id == lb_id)
                        .order_by(c.listener_id, c.position, c.updated_at.desc(), c.created_at)).all()
    count: dict[str, int] = {}
    for row in rows:
        count[row.listener_id] = count.get(row.listener_id, 0) + 1
        if row.position != count[row.listener_id]:
            conn.execute(t.l7policies.update().where(c.id == row.id).values(position=count[row.listener_id]))
