"""Neutron's quotas: per-project limits over per-resource defaults (neutron/conf/quota.py), enforced on
create by counting the project's rows (an indexed count), -1 meaning unlimited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.network import errors as E
from twinstack.network import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


DEFAULTS: dict[str, int] = {
    "network": 100, "subnet": 100, "subnetpool": -1, "port": 500, "router": 10, "floatingip": 50,
    "security_group": 10, "security_group_rule": 100, "rbac_policy": 10,
}

TABLES: dict[str, sa.Table] = {
    "network": t.networks, "subnet": t.subnets, "port": t.ports, "router": t.routers,
    "floatingip": t.floating_ips, "security_group": t.security_groups,
    "security_group_rule": t.security_group_rules, "subnetpool": t.subnetpools,
    "rbac_policy": t.rbac_policies,
}


def defaults(cloud: Cloud) -> dict[str, int]:
    out = dict(DEFAULTS)
    section = getattr(cloud.model, "network", None)
    if section is not None:
        out.update(section.quotas)
    return out


def limits(cloud: Cloud, conn: Connection, project_id: str) -> dict[str, int]:
    out = defaults(cloud)
    for resource, limit in conn.execute(sa.select(t.quotas.c.resource, t.quotas.c.limit)
                                        .where(t.quotas.c.project_id == project_id)):
        out[resource] = limit
    return out


def usage(conn: Connection, project_id: str) -> dict[str, int]:
    out = dict.fromkeys(DEFAULTS, 0)
    for name, table in TABLES.items():
        out[name] = conn.execute(sa.select(sa.func.count()).select_from(table)
                                 .where(table.c.project_id == project_id)).scalar() or 0
    return out


_LIMIT = sa.select(t.quotas.c.limit).where(t.quotas.c.project_id == sa.bindparam("project_id"),
                                           t.quotas.c.resource == sa.bindparam("resource"))


def check(cloud: Cloud, conn: Connection, project_id: str, resource: str, table: sa.Table, delta: int = 1) -> None:
    row = conn.execute(_LIMIT, {"project_id": project_id, "resource": resource}).first()
    limit = row[0] if row is not None else defaults(cloud).get(resource, -1)
    if limit < 0:
        return
    used = conn.execute(sa.select(sa.func.count()).select_from(table)
                        .where(table.c.project_id == project_id)).scalar() or 0
    if used + delta > limit:
        raise E.over_quota(resource)


def set_limits(conn: Connection, project_id: str, values: dict[str, Any]) -> None:
    for resource, limit in values.items():
        conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id, t.quotas.c.resource == resource))
        conn.execute(t.quotas.insert().values(project_id=project_id, resource=resource, limit=int(limit)))


def projects_with_limits(conn: Connection) -> list[str]:
    return [p for (p,) in conn.execute(sa.select(t.quotas.c.project_id).distinct())]


def reset(conn: Connection, project_id: str) -> None:
    """Back to the defaults."""
    conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id))


def details(cloud: Cloud, conn: Connection, project_id: str) -> dict[str, dict[str, int]]:
    limits_ = limits(cloud, conn, project_id)
    used = usage(conn, project_id)
    return {k: {"limit": v, "used": used.get(k, 0), "reserved": 0} for k, v in limits_.items()}
