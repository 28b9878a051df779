"""What the record kinds share: rows by id and project, Barbican's offset paging, hrefs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.key_manager import errors

DEFAULT_LIMIT = 10  # barbican's default_limit_paging
MAX_LIMIT = 100  # max_limit_paging


def row(conn: Connection, table: sa.Table, row_id: str) -> dict[str, Any] | None:
    found = conn.execute(sa.select(table).where(table.c.id == row_id)).mappings().first()
    return dict(found) if found else None


def paging(query: Any) -> tuple[int, int]:
    """``offset`` and ``limit`` as Barbican reads them: bad numbers fall back to the defaults, the limit is
    clamped to 1..max_limit_paging."""
    try:
        offset = max(0, int(query.get("offset", 0)))
    except ValueError:
        offset = 0
    try:
        limit = int(query.get("limit", DEFAULT_LIMIT))
    except ValueError:
        limit = DEFAULT_LIMIT
    return offset, min(max(limit, 1), MAX_LIMIT)


def page(conn: Connection, query: Any, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """One page of ``query`` (oldest first, as Barbican's repositories order) and the total it pages."""
    total = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar() or 0
    rows = [dict(r) for r in conn.execute(query.offset(offset).limit(limit)).mappings()]
    return rows, int(total)


def iso(value: datetime | None) -> str | None:
    """Barbican's timestamps: ISO 8601 with microseconds and no zone (2015-03-23T20:46:51.650515)."""
    return value.isoformat(timespec="microseconds") if value else None


def parse_time(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise errors.bad(f"Invalid date for '{field}'")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise errors.bad(f"Invalid date for '{field}'") from None
    if parsed.tzinfo is not None:
        parsed = (parsed - parsed.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    return parsed


def owned(conn: Connection, table: sa.Table, project_id: str, query: Any, filters: tuple[str, ...]) -> tuple[
        list[dict[str, Any]], int]:
    """A page of the project's records of ``table``, filtered on the exact-match columns ``filters``."""
    select = sa.select(table).where(table.c.project_id == project_id)
    for name in filters:
        if query.get(name) is not None:
            select = select.where(table.c[name] == query[name])
    offset, limit = paging(query)
    return page(conn, select.order_by(table.c.created_at, table.c.id), offset, limit)
