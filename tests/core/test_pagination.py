"""core/pagination.py: limit and sort parsing, keyset pages over an in-memory SQLite table, next links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from starlette.datastructures import QueryParams

from twinstack.core.errors import ApiError
from twinstack.core.pagination import Page, next_link, paginate, parse_limit, parse_sort

META = sa.MetaData()
THINGS = sa.Table(
    "things", META,
    sa.Column("id", sa.String(8), primary_key=True),
    sa.Column("uuid", sa.String(8), unique=True),
    sa.Column("name", sa.String(16)),
    sa.Column("size", sa.Integer),
)
ROWS = [  # two rows share a size so the id has to break the tie; one has no name
    {"id": "a", "uuid": "u-a", "name": "delta", "size": 3},
    {"id": "b", "uuid": "u-b", "name": "alpha", "size": 1},
    {"id": "c", "uuid": "u-c", "name": None, "size": 2},
    {"id": "d", "uuid": "u-d", "name": "charlie", "size": 2},
    {"id": "e", "uuid": "u-e", "name": "bravo", "size": 5},
]


@pytest.fixture
def conn() -> Iterator[Connection]:
    engine = sa.create_engine("sqlite://")
    META.create_all(engine)
    with engine.begin() as connection:
        connection.execute(THINGS.insert(), ROWS)
        yield connection
    engine.dispose()


def _walk(conn: Connection, sort: list[tuple[str, str]], limit: int, **kwargs: str) -> list[str]:
    """Every id, page by page, following the last id of each page as the next marker."""
    ids: list[str] = []
    marker = None
    while True:
        page = paginate(conn, THINGS, sa.select(THINGS), sort, marker, limit, **kwargs)
        ids += [r["id"] for r in page.rows]
        if not page.more:
            return ids
        marker = page.rows[-1][kwargs.get("marker_column", "id")]


def test_parse_limit_caps_and_refuses_bad_values() -> None:
    assert parse_limit(None) is None and parse_limit("") is None
    assert parse_limit("7") == 7
    assert parse_limit("5000", maximum=1000) == 1000
    for bad, message in (("x", "limit must be an integer, got 'x'."), ("-1", "limit must be >= 0.")):
        with pytest.raises(ApiError) as info:
            parse_limit(bad)
        assert (info.value.status, info.value.message) == (400, message)


def test_parse_sort_reads_both_spellings_aliases_and_defaults() -> None:
    allowed = {"name", "size", "created_at"}
    default = [("created_at", "desc")]
    assert parse_sort(QueryParams(""), allowed, default) == default
    assert parse_sort(QueryParams("sort_key=name&sort_dir=asc"), allowed, default) == [("name", "asc")]
    # several keys, fewer directions: the rest default to desc
    assert parse_sort(QueryParams("sort_key=name&sort_key=size&sort_dir=asc"), allowed, default) == [
        ("name", "asc"), ("size", "desc")]
    # a direction alone applies to the default key
    assert parse_sort(QueryParams("sort_dir=asc"), allowed, default) == [("created_at", "asc")]
    assert parse_sort(QueryParams("sort=name:asc,size"), allowed, default) == [("name", "asc"), ("size", "desc")]
    assert parse_sort(QueryParams("sort_key=display_name"), allowed, default,
                      aliases={"display_name": "name"}) == [("name", "desc")]


@pytest.mark.parametrize("query, message", [
    ("sort_key=colour", "Invalid sort key: colour"),
    ("sort_key=name&sort_dir=up", "Invalid sort direction: up"),
    ("sort=name:sideways", "Invalid sort direction: sideways"),
])
def test_parse_sort_refuses_unknown_keys_and_directions(query: str, message: str) -> None:
    with pytest.raises(ApiError) as info:
        parse_sort(QueryParams(query), {"name"}, [("name", "asc")])
    assert (info.value.status, info.value.message) == (400, message)


def test_pages_never_overlap_and_the_id_breaks_ties(conn: Connection) -> None:
    assert _walk(conn, [("size", "asc")], 2) == ["b", "c", "d", "a", "e"]
    assert _walk(conn, [("size", "desc")], 2) == ["e", "a", "d", "c", "b"]
    assert _walk(conn, [], 2) == ["a", "b", "c", "d", "e"]


def test_a_null_sorts_smallest_in_either_direction(conn: Connection) -> None:
    assert _walk(conn, [("name", "asc")], 1) == ["c", "b", "e", "d", "a"]
    assert _walk(conn, [("name", "desc")], 2) == ["a", "d", "e", "b", "c"]


def test_the_marker_may_name_a_row_by_another_column(conn: Connection) -> None:
    assert _walk(conn, [("size", "asc")], 3, marker_column="uuid") == ["b", "c", "d", "a", "e"]


def test_no_limit_is_one_page_and_an_exact_fit_has_no_more(conn: Connection) -> None:
    page = paginate(conn, THINGS, sa.select(THINGS), [("id", "asc")], None, None)
    assert len(page.rows) == 5 and not page.more and page.last_id == "e"
    page = paginate(conn, THINGS, sa.select(THINGS), [("id", "asc")], "c", 2)
    assert [r["id"] for r in page.rows] == ["d", "e"] and not page.more
    assert Page([], False).last_id is None


def test_an_unknown_marker_is_a_400_in_the_services_words(conn: Connection) -> None:
    with pytest.raises(ApiError) as info:
        paginate(conn, THINGS, sa.select(THINGS), [], "zz", 2, marker_not_found="Marker zz? {marker}")
    assert (info.value.status, info.value.message, info.value.kind) == (400, "Marker zz? zz", "BadRequest")


def test_next_link_keeps_the_filters_and_replaces_marker_and_limit() -> None:
    query = QueryParams("name=x&marker=old&limit=9&tag=a&tag=b")
    assert next_link("http://h/v2/things", query, "m1", 2) == (
        "http://h/v2/things?name=x&tag=a&tag=b&limit=2&marker=m1")
    assert next_link("http://h/t", QueryParams(""), "m", None) == "http://h/t?marker=m"


# Nova's servers: an integer primary key (SQLite's rowid) ordering rows that share a created_at
SERVERS = sa.Table(
    "servers", META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("uuid", sa.String(8), nullable=False, unique=True),
    sa.Column("project_id", sa.String(8), nullable=False),
    sa.Column("created_at", sa.Integer, nullable=False),
    sa.Index("ix_servers_page", "project_id", "created_at", "id"),
)


def _servers(conn: Connection) -> list[dict[str, object]]:
    """Ten servers, made three or four at a time (one created_at each), in one project and another."""
    rows = [{"id": n, "uuid": f"s{n}", "project_id": "p" if n % 5 else "q", "created_at": n // 4}
            for n in range(1, 11)]
    conn.execute(SERVERS.insert(), rows)
    return rows


@pytest.mark.parametrize("direction", ["desc", "asc"])
def test_rows_sharing_a_created_at_page_in_order_by_the_integer_id(conn: Connection, direction: str) -> None:
    rows = [r for r in _servers(conn) if r["project_id"] == "p"]
    expected = [r["uuid"] for r in sorted(rows, key=lambda r: (r["created_at"], r["id"]),
                                           reverse=direction == "desc")]
    for limit in (1, 2, 3, 100):
        walked: list[object] = []
        marker = None
        while True:
            page = paginate(conn, SERVERS, sa.select(SERVERS).where(SERVERS.c.project_id == "p"),
                            [("created_at", direction), ("id", direction)], marker, limit, marker_column="uuid")
            walked += [r["uuid"] for r in page.rows]
            if not page.more:
                break
            marker = str(page.rows[-1]["uuid"])
        assert walked == expected, limit


def test_a_marker_page_over_an_integer_id_is_an_index_range_to_the_row(conn: Connection) -> None:
    """SQLite ends a row-value range at a rowid column, so (created_at, id) < (?, ?) would be a range on
    created_at alone; the page is asked for as legs that each seek to the marker."""
    _servers(conn)
    statements: list[tuple[str, object]] = []

    def record(_conn: object, _cursor: object, sql: str, params: object, *_rest: object) -> None:
        statements.append((sql, params))

    sa.event.listen(conn.engine, "before_cursor_execute", record)
    try:
        paginate(conn, SERVERS, sa.select(SERVERS).where(SERVERS.c.project_id == "p"),
                 [("created_at", "desc"), ("id", "desc")], "s6", 2, marker_column="uuid")
    finally:
        sa.event.remove(conn.engine, "before_cursor_execute", record)
    sql, params = statements[-1]
    plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))  # type: ignore[arg-type]
    assert "created_at=? AND id<?" in plan and "created_at<?" in plan, plan
