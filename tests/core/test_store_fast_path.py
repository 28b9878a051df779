"""core/store.py's fast path: a statement run a second time is run on SQLite's cursor; its answers,
types, row counts, IN lists, savepoints and errors must be those of SQLAlchemy's own path."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from twinstack.core import store as store_module
from twinstack.core.store import Store

_meta = sa.MetaData()
_items = sa.Table(
    "fast_items", _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("data", sa.JSON),
    sa.Column("at", sa.DateTime),
    sa.Column("on", sa.Boolean, default=True),
    sa.Column("n", sa.Integer, nullable=False, default=0),
)
_BY_NAMES = sa.select(_items).where(_items.c.name.in_(sa.bindparam("names", expanding=True))).order_by(_items.c.id)
_BUMP = _items.update().where(_items.c.name == sa.bindparam("b_name")).values(n=_items.c.n + sa.bindparam("b_by"))
_INSERT = _items.insert()
_AT = datetime(2026, 12, 5, 19, 0, 0, 123456)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'fast.db'}")
    _meta.create_all(s.engine)
    return s


def _slow(store: Store, statement: sa.Executable, params: dict[str, object]) -> list[tuple[object, ...]]:
    """The same statement's answer through SQLAlchemy's path (a copy is a statement never seen before)."""
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(statement._generate(), params)]  # type: ignore[attr-defined]


def test_rows_types_and_in_lists_match_sqlalchemys(store: Store) -> None:
    with store.begin() as conn:
        for i in range(3):  # the third insert runs on the fast path (every column given)
            conn.execute(_INSERT, {"name": f"n{i}", "data": {"i": i, "l": [1, {}]}, "at": _AT, "on": i != 1, "n": i})
        conn.execute(_INSERT, {"name": "defaults"})  # Python-side defaults: SQLAlchemy's path fills them
    for names in (["n0"], ["n2", "n0", "nope"], ["n0", "n1", "n2", "defaults"], ["n1"]):
        with store.read() as conn:
            fast = conn.execute(_BY_NAMES, {"names": names})
            rows = [tuple(r) for r in fast]
        assert rows == _slow(store, _BY_NAMES, {"names": names})
    with store.read() as conn:
        row = conn.execute(_BY_NAMES, {"names": ["n1"]}).mappings().one()
        assert row["data"] == {"i": 1, "l": [1, {}]} and row["at"] == _AT and row["on"] is False
        default = conn.execute(_BY_NAMES, {"names": ["defaults"]}).first()
        assert default is not None and default.on is True and default.n == 0 and default.data is None
        assert conn.execute(_BY_NAMES, {"names": []}).all() == []  # an empty IN list: SQLAlchemy's own test


def test_updates_count_rows_and_errors_are_sqlalchemys(store: Store) -> None:
    with store.begin() as conn:
        for i in range(3):
            conn.execute(_INSERT, {"name": f"n{i}", "data": [], "at": _AT, "on": True, "n": 0})
        counts = [conn.execute(_BUMP, {"b_name": name, "b_by": 2}).rowcount for name in ("n0", "n0", "nope")]
        assert counts == [1, 1, 0]
    assert id(_BUMP) in store_module._plans  # the repeated statement took the fast path
    with store.read() as conn:
        assert conn.execute(_BY_NAMES, {"names": ["n0"]}).one().n == 4
    with pytest.raises(sa.exc.IntegrityError), store.begin() as conn:
        for _ in range(3):  # the same name twice: the database refuses, wrapped as SQLAlchemy wraps it
            conn.execute(_INSERT, {"name": "twice", "data": [], "at": _AT, "on": True, "n": 0})
    with store.read() as conn:
        assert conn.execute(_BY_NAMES, {"names": ["twice"]}).all() == []  # the transaction left nothing


def test_savepoints_roll_back_only_their_part(store: Store) -> None:
    with store.begin() as conn:
        for i in range(4):
            savepoint = conn.begin_nested()
            conn.execute(_INSERT, {"name": f"s{i}", "data": None, "at": None, "on": True, "n": i})
            if i % 2:
                savepoint.rollback()
            else:
                savepoint.commit()
    with store.read() as conn:
        assert [r.name for r in conn.execute(_BY_NAMES, {"names": ["s0", "s1", "s2", "s3"]})] == ["s0", "s2"]


_FIRST_FROM = (sa.select(_items.c.name).where(_items.c.name >= sa.bindparam("low"), _items.c.on.is_(True))
               .order_by(_items.c.name).limit(2))


def test_values_written_into_a_statement_are_bound_with_the_named_ones(store: Store) -> None:
    """LIMIT 2 and IS 1 are bind values the statement carries, not parameters the caller names."""
    with store.begin() as conn:
        for i in range(4):
            conn.execute(_INSERT, {"name": f"c{i}", "data": None, "at": None, "on": i != 2, "n": i})
    for _ in range(3):  # the second run on takes the fast path
        with store.read() as conn:
            assert conn.execute(_FIRST_FROM, {"low": "c1"}).scalars().all() == ["c1", "c3"]
    assert id(_FIRST_FROM) in store_module._plans
    # compiled for the fast path, DateTime and JSON binds and all (an insert leaving defaults to SQLAlchemy is not)
    assert all(store_module._plans[id(_FIRST_FROM)].by_keys.values())
    assert store_module._plans[id(_INSERT)].by_keys[("name", "data", "at", "on", "n")] is not None


def test_times_are_stored_as_sqlalchemys_text(store: Store) -> None:
    """The fast path writes a naive datetime with isoformat; the text must be the one SQLAlchemy's SQLite
    DATETIME writes (ordering and comparisons in SQL read it), and dates or aware times go its way."""
    process = sa.dialects.sqlite.DATETIME().bind_processor(store.engine.dialect)
    assert process is not None
    fast = store_module._datetime_text(process)
    for value in (_AT, datetime(2026, 1, 2), datetime(999, 1, 2, 3, 4, 5, 6), datetime(2026, 1, 2, tzinfo=UTC),
                  date(2026, 1, 2), None):
        assert fast(value) == process(value)
    with store.begin() as conn:
        for i, at in enumerate((_AT, datetime(2026, 1, 2), datetime(2026, 1, 2, 0, 0, 0, 1))):
            conn.execute(_INSERT, {"name": f"t{i}", "data": None, "at": at, "on": True, "n": i})
    with store.read() as conn:
        texts = conn.exec_driver_sql("SELECT at FROM fast_items ORDER BY n").scalars().all()
    assert texts == ["2026-12-05 19:00:00.123456", "2026-01-02 00:00:00.000000", "2026-01-02 00:00:00.000001"]


def test_results_read_as_sqlalchemys_whichever_way_they_are_read(store: Store) -> None:
    """A fast SELECT's result makes first/one/scalar/all straight from its rows; every other reading, and
    any reading after the rows were started, is SQLAlchemy's: the answers and errors must be the same."""
    with store.begin() as conn:
        for i in range(3):
            conn.execute(_INSERT, {"name": f"r{i}", "data": [i], "at": _AT, "on": True, "n": i % 2})
    by_n = sa.select(_items.c.n, _items.c.name).where(_items.c.n.in_(sa.bindparam("ns", expanding=True))) \
        .order_by(_items.c.name)

    def read(how: Any, ns: list[int]) -> Any:
        outcomes = []
        for statement in (by_n, by_n._generate()):  # fast, then SQLAlchemy's
            with store.read() as conn:
                conn.execute(statement, {"ns": ns})  # the statement is seen once: the next run is fast
                try:
                    value = how(conn.execute(statement, {"ns": ns}))
                    outcomes.append(("ok", [tuple(v) if isinstance(v, sa.Row) else v for v in value]
                                     if isinstance(value, list) else tuple(value) if isinstance(value, sa.Row)
                                     else value))
                except Exception as err:
                    outcomes.append((type(err).__name__, str(err)))
        assert outcomes[0] == outcomes[1], outcomes
        return outcomes[0]

    def partly(result: Any) -> Any:
        next(iter(result))
        return result.first()

    readings = [lambda r: r.first(), lambda r: r.one(), lambda r: r.scalar(), lambda r: r.all(),
                lambda r: r.one_or_none(), lambda r: r.scalars().all(), lambda r: r.mappings().first(),
                lambda r: r.columns("name").all(), lambda r: r.unique().all(), partly,
                lambda r: (r.first(), r.all()), lambda r: r.fetchone(), lambda r: list(r)]
    with store.read() as conn:
        conn.execute(by_n, {"ns": [0]})
        assert isinstance(conn.execute(by_n, {"ns": [0]}), store_module._Fetched)
    for how in readings:
        for ns in ([0], [1], [0, 1], [5]):
            read(how, ns)
    assert read(lambda r: r.one(), [0]) == ("MultipleResultsFound",
                                            "Multiple rows were found when exactly one was required")
    assert read(lambda r: r.first().name, [1]) == ("ok", "r1")
