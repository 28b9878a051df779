"""Project quotas (barbican/common/quota.py): -1 is unlimited, the default for every resource as
DevStack configures Barbican; a project's own values override them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.key_manager import errors
from twinstack.key_manager import tables as t

RESOURCES = ("secrets", "orders", "containers", "consumers", "cas")
DEFAULTS = dict.fromkeys(RESOURCES, -1)
COUNTED = {"secrets": t.secrets, "orders": t.orders, "containers": t.containers}


def project_quotas(conn: Connection, project_id: str) -> dict[str, int] | None:
    row = conn.execute(sa.select(t.quotas.c.quotas).where(t.quotas.c.project_id == project_id)).first()
    return dict(row[0]) if row else None


def effective(conn: Connection, project_id: str) -> dict[str, int]:
    return {**DEFAULTS, **(project_quotas(conn, project_id) or {})}


def set_project(conn: Connection, project_id: str, values: dict[str, int]) -> None:
    conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id))
    conn.execute(t.quotas.insert().values(project_id=project_id, quotas=values))


def delete_project(conn: Connection, project_id: str) -> bool:
    return bool(conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id)).rowcount)


def check_quota(conn: Connection, project_id: str, resource: str) -> None:
    """Barbican's 403 when a project already holds as many of ``resource`` as its quota allows."""
    limit = effective(conn, project_id)[resource]
    if limit < 0:
        return
    table: Any = COUNTED[resource]
    used = conn.execute(sa.select(sa.func.count()).select_from(table)
                        .where(table.c.project_id == project_id)).scalar() or 0
    if used >= limit:
        raise errors.over_quota(limit, resource)
