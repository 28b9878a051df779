"""Listing helpers every service uses: limit/marker keyset pagination, sort keys, next links.

Keyset pagination (WHERE (sort keys, id) > marker's) keeps a page's cost flat as a table grows,
unlike OFFSET. The sort always ends with the id so the order is total and pages never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError


@dataclass
class Page:
    rows: list[dict[str, Any]]
    more: bool  # True when a next page exists

    @property
    def last_id(self) -> str | None:
        return str(self.rows[-1]["id"]) if self.rows else None


def parse_limit(value: str | None, maximum: int = 1000) -> int | None:
    if value is None or value == "":
        return None
    try:
        limit = int(value)
    except ValueError:
        raise ApiError(400, f"limit must be an integer, got '{value}'.", "InvalidInput") from None
    if limit < 0:
        raise ApiError(400, "limit must be >= 0.", "InvalidInput")
    return min(limit, maximum)


def parse_sort(
    query: Any,
    allowed: set[str],
    default: list[tuple[str, str]],
    aliases: dict[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Read ``sort_key``/``sort_dir`` pairs (Nova, Neutron, Glance) or ``sort=k:dir,k2`` (Cinder, Glance)."""
    aliases = aliases or {}
    keys = query.getlist("sort_key")
    dirs = query.getlist("sort_dir")
    pairs: list[tuple[str, str]] = []
    if query.get("sort"):
        for item in query["sort"].split(","):
            key, _, direction = item.strip().partition(":")
            pairs.append((key, direction or "desc"))
    else:
        default_dir = dirs[0] if len(dirs) == 1 and len(keys) <= 1 else "desc"
        for i, key in enumerate(keys):
            pairs.append((key, dirs[i] if i < len(dirs) else default_dir))
        if not keys and dirs:
            pairs = [(k, dirs[0]) for k, _ in default[:1]]
    if not pairs:
        return default
    out = []
    for key, direction in pairs:
        if direction not in ("asc", "desc"):
            raise ApiError(400, f"Invalid sort direction: {direction}", "InvalidInput")
        key = aliases.get(key, key)
        if key not in allowed:
            raise ApiError(400, f"Invalid sort key: {key}", "InvalidInput")
        out.append((key, direction))
    return out


def paginate(
    conn: Connection,
    table: sa.Table,
    query: sa.Select[Any],
    sort: list[tuple[str, str]],
    marker: str | None,
    limit: int | None,
    marker_not_found: str = "marker [{marker}] not found",
    marker_column: str = "id",
) -> Page:
    """Run ``query`` (a select over ``table``) one page at a time; the marker names a row by
    ``marker_column`` (Nova's servers are named by uuid, their integer id only orders them)."""
    order: list[tuple[Any, str]] = [(table.c[key], direction) for key, direction in sort]
    if "id" not in [k for k, _ in sort]:
        order.append((table.c.id, order[0][1] if order else "asc"))
    statement: sa.Select[Any] | sa.CompoundSelect[Any] = query
    if marker:
        marker_row = conn.execute(sa.select(*[c for c, _ in order]).where(table.c[marker_column] == marker)).first()
        if marker_row is None:
            raise ApiError(400, marker_not_found.format(marker=marker), "BadRequest")
        statement = _after(query, order, list(marker_row))
    if isinstance(statement, sa.CompoundSelect):  # a union is ordered by its own columns, by name
        order = [(statement.selected_columns[c.key], d) for c, d in order]
    statement = statement.order_by(*[c.asc() if d == "asc" else c.desc() for c, d in order])
    if limit is not None:
        statement = statement.limit(limit + 1)
    rows = [dict(r._mapping) for r in conn.execute(statement)]
    more = limit is not None and len(rows) > limit
    if more:
        rows = rows[:limit]
    return Page(rows, more)


def _after(query: sa.Select[Any], order: list[tuple[Any, str]],
           values: list[Any]) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """The rows of ``query`` strictly after the marker's values (k1, k2, ...), each key in its own
    direction, in a form the databases read as an index range: a page deep in the list then costs
    what the first one does.

    When every key runs the same way over NOT NULL columns (the default lists: (created_at, id)),
    that is one row-value comparison, ``(k1, k2) < (v1, v2)``, unless a later key is the table's
    integer primary key (see ``_rowid``): then one leg per key, joined by UNION ALL. The general form
    (an OR per key) is kept for mixed directions and NULLs, where SQLite scans the index from its
    start to the marker."""
    if not (len(order) > 1 and len({d for _, d in order}) == 1 and all(v is not None for v in values)
            and all(getattr(c, "nullable", True) is False for c, _ in order)):
        return query.where(_after_each(order, values))
    if any(_rowid(c) for c, _ in order[1:]):
        return sa.union_all(*_legs(query, order, values))
    keys = sa.tuple_(*[c for c, _ in order])
    marker = sa.tuple_(*[sa.bindparam(None, v, type_=c.type) for (c, _), v in zip(order, values, strict=True)])
    return query.where(keys > marker if order[0][1] == "asc" else keys < marker)


def _rowid(column: Any) -> bool:
    """Whether ``column`` is its table's one integer primary key, SQLite's rowid. SQLite's planner
    ends a row-value range at such a column of an index (it knows the index's column by number,
    the expression's by "rowid"), so ``(created_at, id) < (?, ?)`` over an index on (created_at, id)
    is a range on ``created_at <= ?`` alone: a page walks every row that shares the marker's
    created_at (servers made in one multi-create request, rows loaded in bulk) before the first it keeps."""
    table = getattr(column, "table", None)
    primary = list(table.primary_key.columns) if isinstance(table, sa.Table) else []
    return len(primary) == 1 and primary[0] is column and isinstance(column.type, sa.Integer)


def _legs(query: sa.Select[Any], order: list[tuple[Any, str]], values: list[Any]) -> list[sa.Select[Any]]:
    """The keyset as disjoint ranges, nearest the marker first: (k1 = v1 AND k2 < v2), then (k1 < v1)
    for two keys. Each is equalities and one range, an exact index range on any database, and their
    union in the page's order is a merge of the legs' index scans that stops at the page's limit."""
    legs = []
    for i in reversed(range(len(order))):
        column, direction = order[i]
        equal = [order[j][0] == values[j] for j in range(i)]
        legs.append(query.where(*equal, column > values[i] if direction == "asc" else column < values[i]))
    return legs


def _after_each(order: list[tuple[Any, str]], values: list[Any]) -> Any:
    """(k1, k2, ...) strictly after the marker's values, an OR per key (any directions, NULLs)."""
    clauses = []
    for i, (col, direction) in enumerate(order):
        value = values[i]
        equal_prefix = [order[j][0] == values[j] if values[j] is not None else order[j][0].is_(None) for j in range(i)]
        if value is None:
            # NULLs sort first ascending on SQLite/PostgreSQL differ; treat NULL as smallest.
            step = col.is_not(None) if direction == "asc" else sa.false()
        else:
            step = col > value if direction == "asc" else sa.or_(col < value, col.is_(None))
        clauses.append(sa.and_(*equal_prefix, step))
    return sa.or_(*clauses)


def next_link(base: str, query: Any, marker: str, limit: int | None) -> str:
    params = [(k, v) for k, v in query.multi_items() if k not in ("marker", "limit")]
    if limit is not None:
        params.append(("limit", str(limit)))
    params.append(("marker", marker))
    return f"{base}?{urlencode(params)}"
