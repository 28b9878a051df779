"""Secrets: a row of metadata and, once given, the payload encrypted under the cloud's KEK. A secret past
its expiration is gone for every reader, as Barbican's repositories filter ``expiration > now``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.key_manager import errors
from twinstack.key_manager import tables as t
from twinstack.key_manager.manager import common

# list filters that match a column exactly: query name -> column
EXACT = {"name": "name", "alg": "algorithm", "mode": "mode", "bits": "bit_length", "secret_type": "secret_type"}
TIMES = ("created", "updated", "expiration")
OPS = {"lt": "__lt__", "lte": "__le__", "gt": "__gt__", "gte": "__ge__"}


def live(now: datetime) -> Any:
    c = t.secrets.c
    return sa.or_(c.expiration.is_(None), c.expiration > now)


def get(conn: Connection, secret_id: str, now: datetime | None = None) -> dict[str, Any] | None:
    row = common.row(conn, t.secrets, secret_id)
    if row is None or (now is not None and row["expiration"] is not None and row["expiration"] <= now):
        return None
    return row


def require(conn: Connection, secret_id: str, now: datetime) -> dict[str, Any]:
    row = get(conn, secret_id, now)
    if row is None:
        raise errors.not_found("secret")
    return row


def create(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(t.secrets.insert().values(meta={}, acl={}, consumers=[], **values))


def update(conn: Connection, secret_id: str, values: dict[str, Any]) -> None:
    conn.execute(t.secrets.update().where(t.secrets.c.id == secret_id).values(**values))


def delete(conn: Connection, secret_id: str) -> None:
    conn.execute(t.secrets.delete().where(t.secrets.c.id == secret_id))


def listed(conn: Connection, project_id: str, query: Any, now: datetime) -> tuple[list[dict[str, Any]], int]:
    """The project's live secrets matching the filters, one page of them, and how many match in all."""
    c = t.secrets.c
    select = sa.select(t.secrets).where(c.project_id == project_id, live(now))
    for name, column in EXACT.items():
        value = query.get(name)
        if value is None:
            continue
        if column == "bit_length":
            try:
                value = int(value)
            except ValueError:
                raise errors.invalid(f"Invalid value for 'bits': {value}") from None
        select = select.where(c[column] == value)
    for name in TIMES:
        if query.get(name):
            select = select.where(*_time_filter(c[f"{name}_at" if name != "expiration" else name], query[name]))
    offset, limit = common.paging(query)
    return common.page(conn, select.order_by(c.created_at, c.id), offset, limit)


def _time_filter(column: Any, spec: str) -> list[Any]:
    """``created=gt:2016-01-01T00:00:00,lt:2017-...`` or a bare time for equality."""
    out = []
    for part in spec.split(","):
        op, _, value = part.partition(":") if part.split(":", 1)[0] in OPS else ("", "", part)
        when = common.parse_time(value, "time filter")
        out.append(getattr(column, OPS[op])(when) if op else column == when)
    return out
