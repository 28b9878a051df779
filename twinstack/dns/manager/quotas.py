"""Designate's quotas (designate.conf [DEFAULT] quota_*): per project, defaults unless the admin set one;
creates that would pass a limit are a 413 over_quota."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.dns import errors
from twinstack.dns import tables as t

DEFAULTS = {"zones": 10, "zone_recordsets": 500, "zone_records": 500, "recordset_records": 20,
            "api_export_size": 1000}


def of(conn: Connection, project_id: str) -> dict[str, int]:
    rows = conn.execute(sa.select(t.quotas).where(t.quotas.c.project_id == project_id)).mappings()
    return {**DEFAULTS, **{r["resource"]: r["hard_limit"] for r in rows}}


def set_many(conn: Connection, project_id: str, values: dict[str, Any]) -> None:
    """Replace the limits named in ``values`` (a PATCH: the others keep theirs)."""
    reset(conn, project_id, list(values))
    if values:
        conn.execute(t.quotas.insert(), [{"project_id": project_id, "resource": resource, "hard_limit": limit}
                                         for resource, limit in values.items()])


def reset(conn: Connection, project_id: str, resources: list[str] | None = None) -> None:
    """Back to the defaults: every limit, or those in ``resources``."""
    query = t.quotas.delete().where(t.quotas.c.project_id == project_id)
    if resources is not None:
        query = query.where(t.quotas.c.resource.in_(resources))
    conn.execute(query)


def _count(conn: Connection, table: sa.Table, *where: Any) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar() or 0)


def check_zone(conn: Connection, project_id: str) -> None:
    if _count(conn, t.zones, t.zones.c.project_id == project_id) + 1 > of(conn, project_id)["zones"]:
        raise errors.over_quota("zones")


def check_recordset(conn: Connection, project_id: str, zone_id: str, records: int, new_set: bool) -> None:
    limits = of(conn, project_id)
    if records > limits["recordset_records"]:
        raise errors.over_quota("recordset_records")
    if new_set and _count(conn, t.recordsets, t.recordsets.c.zone_id == zone_id) + 1 > limits["zone_recordsets"]:
        raise errors.over_quota("zone_recordsets")
