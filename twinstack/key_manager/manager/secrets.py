"""Secrets: a row of metadata and, once given, the payload encrypted under the cloud's KEK. A secret past
its expiration is gone for every reader, as Barbican's repositories filter ``expiration > now``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.key_manager import errors
from twinstack.key_manager import tables as t
from twinstack.key_manager.manager import common

# list filters (barbican/model/repositories.py get_secret_list): LIKE patterns, and the exact ones
LIKE = {"name": "name", "alg": "algorithm", "mode": "mode"}
TIMES = {"created": "created_at", "updated": "updated_at", "expiration": "expiration"}
OPS = {"gt": "__gt__", "gte": "__ge__", "lt": "__lt__", "lte": "__le__"}
SORT_KEYS = ("algorithm", "bit_length", "created", "expiration", "mode", "name", "secret_type", "status", "updated")
BAD_QUERY = "URI provided invalid query string parameters."


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


def listed(conn: Connection, project_id: str, query: Any, now: datetime, user_id: str = "") -> tuple[
        list[dict[str, Any]], int]:
    """The live secrets matching the filters (the project's, or with ``acl_only=true`` those whose read
    ACL names the caller), one page of them, and how many match in all."""
    c = t.secrets.c
    select = sa.select(t.secrets).where(live(now))
    for name, column in LIKE.items():
        if query.get(name):
            select = select.where(c[column].like(query[name]))
    try:
        bits = int(query.get("bits") or 0)
    except ValueError:
        bits = 0  # Barbican: an invalid bits is the default, no filter
    if bits > 0:
        select = select.where(c.bit_length == bits)
    if query.get("secret_type"):
        select = select.where(c.secret_type == query["secret_type"])
    for name, column in TIMES.items():
        if query.get(name):
            select = select.where(*_time_filter(c[column], query[name]))
    offset, limit = common.paging(query)
    ordered = select.order_by(*_sorting(query.get("sort")), c.created_at, c.id)
    if (query.get("acl_only") or "").lower() == "true":
        rows = [dict(r) for r in conn.execute(ordered).mappings()
                if user_id in ((r["acl"] or {}).get("read") or {}).get("users", [])]
        return rows[offset:offset + limit], len(rows)
    return common.page(conn, ordered.where(c.project_id == project_id), offset, limit)


def _sorting(spec: str | None) -> list[Any]:
    """``sort=name:desc,created``: each key once, from Barbican's allowed keys."""
    if not spec:
        return []
    out: list[Any] = []
    seen: set[str] = set()
    for part in spec.split(","):
        key, _, direction = part.partition(":")
        direction = direction or "asc"
        if key not in SORT_KEYS or direction not in ("asc", "desc") or key in seen or part.count(":") > 1:
            raise errors.invalid(BAD_QUERY)
        seen.add(key)
        if key == "status":
            continue  # every secret here is ACTIVE
        column = t.secrets.c[TIMES.get(key, key)]
        out.append(column.desc() if direction == "desc" else column.asc())
    return out


def _time_filter(column: Any, spec: str) -> list[Any]:
    """``created=gt:2016-01-01T00:00:00,lt:2017-...`` or a bare time for equality; at most one lower and
    one upper bound, and equality alone (Barbican's _is_valid_date_filter), else a 400."""
    out: list[Any] = []
    used: set[str] = set()
    for part in spec.split(","):
        op, _, value = part.partition(":") if part.split(":", 1)[0] in OPS else ("", "", part)
        side = {"gt": "low", "gte": "low", "lt": "high", "lte": "high", "": "eq"}[op]
        if side in used or (side == "eq" and used) or ("eq" in used):
            raise errors.invalid(BAD_QUERY)
        used.add(side)
        try:
            when = common.parse_time(value, "time filter")
        except ApiError:
            raise errors.invalid(BAD_QUERY) from None
        out.append(getattr(column, OPS[op])(when) if op else column == when)
    return out
