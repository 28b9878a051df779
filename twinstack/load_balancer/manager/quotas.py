"""Octavia's quotas: per project and resource, a set limit or the default ([quotas] in octavia.conf, the
model's ``quotas``); -1 is unlimited. A create over the limit is a 403 "Quota has been met"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.load_balancer import errors
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import settings

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

RESOURCES = ("load_balancer", "listener", "pool", "health_monitor", "member", "l7policy", "l7rule")
ALIASES = {"loadbalancer": "load_balancer", "healthmonitor": "health_monitor"}
# the table each quota counts, and the name Octavia's message gives it
COUNTED = {"load_balancer": (t.load_balancers, "loadbalancer"), "listener": (t.listeners, "listener"),
           "pool": (t.pools, "pool"), "health_monitor": (t.health_monitors, "healthmonitor"),
           "member": (t.members, "member"), "l7policy": (t.l7policies, "l7policy"), "l7rule": (t.l7rules, "l7rule")}


def defaults(cloud: Cloud) -> dict[str, int]:
    return dict(settings(cloud).quotas.model_dump())


def limits(cloud: Cloud, conn: Connection, project_id: str) -> dict[str, int]:
    out = defaults(cloud)
    row = conn.execute(sa.select(t.quotas).where(t.quotas.c.project_id == project_id)).mappings().first()
    if row is not None:
        out.update({k: row[k] for k in RESOURCES if row[k] is not None})
    return out


def body(project_id: str | None, values: dict[str, int]) -> dict[str, Any]:
    """A quota as Octavia shows it: each limit under both its names (``loadbalancer`` and ``load_balancer``)."""
    out: dict[str, Any] = {} if project_id is None else {"project_id": project_id}
    for name in RESOURCES:
        out[name] = values[name]
    out["loadbalancer"] = values["load_balancer"]
    out["healthmonitor"] = values["health_monitor"]
    return out


def check(cloud: Cloud, conn: Connection, project_id: str, resource: str, adding: int = 1) -> None:
    limit = limits(cloud, conn, project_id)[resource]
    if limit < 0:
        return
    table, kind = COUNTED[resource]
    used = conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.project_id == project_id)).scalar()
    if int(used or 0) + adding > limit:
        raise errors.quota(errors.NAMES[kind])


def set_limits(conn: Connection, project_id: str, values: dict[str, int | None]) -> None:
    row = conn.execute(sa.select(t.quotas.c.project_id).where(t.quotas.c.project_id == project_id)).first()
    if row is None:
        conn.execute(t.quotas.insert().values(project_id=project_id, **values))
    elif values:
        conn.execute(t.quotas.update().where(t.quotas.c.project_id == project_id).values(**values))


def reset(conn: Connection, project_id: str) -> None:
    conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id))
