"""The store seam: one SQLAlchemy engine and one MetaData that every service's tables join.

SQLite (a file under the state dir) by default; PostgreSQL or MariaDB by URL. Calls are synchronous
and short: on SQLite a query costs microseconds, less than handing it to a thread would.
Every write commits before the response is sent, so a ``kill -9`` after a 2xx loses nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite as sqlite_types
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.result import IteratorResult, SimpleResultMetaData
from sqlalchemy.engine.row import Row
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ReleaseSavepointClause, RollbackToSavepointClause, SavepointClause

from twinstack.core import jsonfast

metadata = sa.MetaData()


@compiles(sa.DateTime, "mysql")
def _mysql_datetime(type_: sa.DateTime, compiler: Any, **kw: Any) -> str:
    """MariaDB/MySQL drop fractions of a second unless asked; token revocation needs them."""
    return "DATETIME(6)"


SQLITE_PAGE_SIZE = 2048  # a new database's (ddl.py's template too); why: _sqlite_pragmas


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # 2 KiB pages for a new store (an existing one keeps its own: SQLite fixes the size with the first page).
    # Each commit writes every page it changed to the WAL, checksummed and copied whole: a boot/delete cycle
    # writes ~75 frames in 6 commits, ~4.4 us of CPU each at 4 KiB against ~3.0 at 2 KiB (a 20-page commit:
    # 108 -> 80 us); a few more of them (an instance's row, the largest of the hot ones at ~0.8 KiB, shares
    # a page with fewer others), fewer bytes for readers and checkpoints to copy.
    cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
    # the automatic checkpoint runs inside the commit that crosses its mark (on the event loop): it copies the
    # WAL's pages back and syncs the WAL and the database. A cycle rewrites the same hot pages: at 4000 frames
    # (SQLite's default is 1000; 4096 fill one wal-index hash segment) it runs a quarter as often and copies
    # each hot page once for four times as many commits (fdatasyncs per 1000 cycles: 237 -> 60). Durability
    # is unchanged: a commit's frames are in the WAL (the OS's) before it returns, wherever the checkpoint is.
    # (Both measured by replaying 500 recorded cycles' statements through sqlite3, CPU per cycle: 1443 us at
    # 4 KiB/1000, 1374 at 2 KiB, 1387 at 4000 frames, 1262 with both; mmap_size and a larger cache gave nothing.)
    cursor.execute("PRAGMA wal_autocheckpoint=4000")
    # WAL + NORMAL: a process kill loses nothing (the OS holds the pages); only power loss could.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # a transaction with savepoints open past 64 KiB of changed pages (a boot's port and its indexes) spills
    # its statement journal to a temporary file, created and deleted each time (~110 us): keep it in memory
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()
    # sqlite3 itself opens a transaction only before an INSERT, UPDATE or DELETE: one whose first write was
    # a SAVEPOINT (begin_nested()) was committed by that savepoint's RELEASE, half a transaction, and the
    # reads before it ran outside it. FastConnection opens each of Store.begin()'s transactions instead.
    dbapi_conn.isolation_level = None


class Store:
    """Owns the engine; hands out transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False}
            kwargs["json_deserializer"] = json_loads
            kwargs["json_serializer"] = jsonfast.dumps_str
        elif url.startswith("mysql"):
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = sa.create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.engine._connection_cls = FastConnection
        # Serialises writers on SQLite, which allows one at a time anyway; cheap elsewhere.
        self._write_lock = threading.RLock()
        self._sqlite = url.startswith("sqlite")
        self._writer: Connection | None = None  # SQLite: see _Writing and _Reading
        self._readers: dict[int, Connection] = {}

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def create_all(self) -> None:
        metadata.create_all(self.engine)

    def drop_all(self) -> None:
        metadata.drop_all(self.engine)

    def begin(self) -> contextlib.AbstractContextManager[Connection]:
        """A write transaction: committed at the end of the block, rolled back if it raises."""
        if self._sqlite:
            return _Writing(self)
        return self._pooled_begin()

    @contextlib.contextmanager
    def _pooled_begin(self) -> Iterator[Connection]:
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    def read(self) -> contextlib.AbstractContextManager[Connection]:
        """A connection for reads (on SQLite each statement sees what is committed when it runs)."""
        if self._sqlite:
            return _Reading(self)
        return self.engine.connect()

    def dispose(self) -> None:
        with self._write_lock:
            for conn in [self._writer, *self._readers.values()]:
                if conn is not None:
                    conn.close()
            self._writer = None
            self._readers.clear()
        self.engine.dispose()


# -- SQLite: connections kept open between transactions ----------------------------------------------------
# Opening a Connection for each transaction (pool checkout, a _ConnectionFairy, events, the reset on its
# return) and closing it costs ~10 us of Python; a boot/delete cycle runs ~16 transactions. On SQLite the
# writers share one connection, under the lock that serialises them anyway, and each thread reads on one of
# its own; both stay open between transactions, holding no lock of SQLite's in between (the writer has
# committed or rolled back; a reader runs each statement on its own). A begin() inside a begin() on the same
# thread, a connection gone bad and threads past the few kept take a connection from the pool as before.
_MAX_READERS = 4


class _Writing:
    """Store.begin() on SQLite: a transaction on the store's writing connection."""

    __slots__ = ("pooled", "store", "trans")

    def __init__(self, store: Store) -> None:
        self.store = store
        self.trans: Any = None
        self.pooled: Any = None

    def __enter__(self) -> Connection:
        store = self.store
        store._write_lock.acquire()
        try:
            conn = store._writer
            if conn is None or conn.closed or conn.invalidated:
                conn = store._writer = store.engine.connect()
            if conn._transaction is not None:  # a begin() within a begin() on this thread: its own connection
                self.pooled = store.engine.begin()
                return self.pooled.__enter__()  # type: ignore[no-any-return]
            self.trans = conn.begin()
            self.trans.__enter__()
            return conn
        except BaseException:
            store._write_lock.release()
            raise

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        store = self.store
        try:
            if self.pooled is not None:
                self.pooled.__exit__(type_, value, traceback)
                return
            try:
                self.trans.__exit__(type_, value, traceback)  # commit, or roll back what raised
            except BaseException:
                conn, store._writer = store._writer, None
                if conn is not None:
                    conn.close()  # the pool rolls back whatever SQLite may still hold open
                raise
        finally:
            store._write_lock.release()


class _Reading:
    """Store.read() on SQLite: this thread's reading connection (reads inside reads share it)."""

    __slots__ = ("pooled", "store")

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pooled: Any = None

    def __enter__(self) -> Connection:
        store = self.store
        conn = store._readers.get(threading.get_ident())
        if conn is None or conn.closed or conn.invalidated:
            conn = store.engine.connect()
            assert isinstance(conn, FastConnection)
            conn.reading = True
            with store._write_lock:
                if len(store._readers) >= _MAX_READERS and threading.get_ident() not in store._readers:
                    self.pooled = conn  # past the few kept: closed at the end of the block, as before
                    return conn
                store._readers[threading.get_ident()] = conn
        return conn

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        if self.pooled is not None:
            self.pooled.close()


def row_dict(row: Any) -> dict[str, Any]:
    return dict(row._mapping)


# -- JSON columns: a row of an instance holds a dozen, most of them {} or [] ------------------------------


def json_loads(text: str) -> Any:
    """json.loads, without its Python layers for the small documents JSON columns hold."""
    if text == "{}":
        return {}
    if text == "[]":
        return []
    return jsonfast.loads(text)


def _json_result(value: Any) -> Any:
    """SQLite's JSON result processor: text is a document; a number (JSON_EXTRACT's) comes back as is."""
    return json_loads(value) if isinstance(value, str) else value


# -- statements run again: compiled once, run on SQLite's cursor directly -----------------------------
# SQLAlchemy spends ~30-50 us of Python on every execution of even a cached statement (cache key,
# execution context, result metadata) against ~5 us in SQLite; a boot/delete cycle runs ~100 statements.
# A statement object executed a second time (one built once, at module level, with bind parameters) is
# compiled once per set of parameter names and then bound and run on the DBAPI cursor, its rows made by
# SQLAlchemy's own result processors: the same SQL in the same transaction, errors wrapped as SQLAlchemy
# wraps them. Statements built per call, INSERTs that need Python-side defaults, RETURNING, empty IN lists
# and other databases take SQLAlchemy's path unchanged.
class _DML:
    """What an INSERT, UPDATE or DELETE run on the fast path returns: its rowcount, as CursorResult has it."""

    __slots__ = ("rowcount",)

    def __init__(self, rowcount: int) -> None:
        self.rowcount = rowcount


class _Compiled:
    """One statement compiled for SQLite with one set of parameter names."""

    __slots__ = ("binds", "expanding", "make_row", "metadata", "slots", "sql", "sqls", "template")

    def __init__(self, stmt: Any, dialect: Any, keys: list[str]) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=keys)
        if ((compiled.isinsert and compiled.insert_prefetch) or compiled.literal_execute_params
                or compiled.effective_returning or not compiled.positional
                or any(b.literal_execute or not b.expanding or b.type._is_tuple_type
                       for b in compiled.post_compile_params)):
            raise _Unsupported  # Python-side defaults, literal rendering, RETURNING: SQLAlchemy's path
        processors = compiled._bind_processors
        self.binds: list[tuple[str, Any, Any, bool, bool]] = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            process = processors.get(name)
            if process is not None and _default_datetime(bind.type, dialect):
                process = _datetime_text(process)
            self.binds.append((name, bind.effective_value, process, bool(bind.required), bool(bind.expanding)))
        self.expanding = any(b[4] for b in self.binds)  # IN lists: "?, ?, ?" by their lengths, SQL cached
        # without IN lists: the values of the binds no parameter names, processed once, and where each named one goes
        # (a required bind's value is no value: a parameter always gives it)
        self.template = [None if required else value if value is None or process is None else process(value)
                         for _name, value, process, required, _expanding in self.binds]
        self.slots = [(i, name, process, required) for i, (name, _value, process, required, _expanding)
                      in enumerate(self.binds)]
        self.sqls: dict[tuple[int, ...], str] = {}
        self.metadata: Any = None
        if not (compiled.isinsert or compiled.isupdate or compiled.isdelete):
            columns = compiled._result_columns
            result_processors = [
                _json_result if isinstance(c.type, sa.JSON)
                else c.type._cached_result_processor(dialect, None) for c in columns]
            self.metadata = SimpleResultMetaData(
                [c.keyname for c in columns], extra=[c.objects for c in columns],
                _processors=result_processors if any(result_processors) else None)
        # how a result of this statement makes its rows (as IteratorResult's _row_getter does, made once)
        self.make_row = None if self.metadata is None else functools.partial(
            Row, self.metadata, self.metadata._effective_processors, self.metadata._key_to_index)
        self.sql: str = compiled.string

    def bind(self, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """The SQL and its positional values for these parameters."""
        if not self.expanding:
            values = self.template.copy()
            for i, name, process, required in self.slots:
                if name in params:
                    value = params[name]
                    values[i] = value if process is None or value is None else process(value)
                elif required:
                    raise _Unsupported  # SQLAlchemy says which parameter is missing, in its words
            return self.sql, values
        out: list[Any] = []
        lengths: list[int] = []
        for name, constant, process, required, expanding in self.binds:
            if name in params:
                value = params[name]
            elif required:
                raise _Unsupported  # SQLAlchemy says which parameter is missing, in its words
            else:
                value = constant
            if expanding:
                if not value or not isinstance(value, (list, tuple, set, frozenset)):
                    raise _Unsupported  # an empty IN list: SQLAlchemy renders its own always-false test
                lengths.append(len(value))
                out.extend(process(v) if process is not None and v is not None else v for v in value)
                continue
            out.append(process(value) if process is not None and value is not None else value)
        if not self.expanding:
            return self.sql, out
        key = tuple(lengths)
        sql = self.sqls.get(key)
        if sql is None:
            sql = self.sql
            for (name, *_rest), n in zip([b for b in self.binds if b[4]], lengths, strict=True):
                sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join("?" * n), 1)
            if len(self.sqls) < 64:
                self.sqls[key] = sql
        return sql, out


class _Unsupported(Exception):
    pass


class _Fetched(IteratorResult):  # type: ignore[type-arg]
    """A fast-path SELECT's result: its rows are fetched already, so ``first()``, ``one()``, ``all()`` and
    ``scalar()`` make them straight from the list (IteratorResult's generic machinery, memoized getters and
    soft close, cost about a third of a fast statement). Anything else, or anything after the iterator was
    read, is IteratorResult's own; the rows, errors and closed state are the same."""

    def __init__(self, metadata: Any, rows: list[Any], make_row: Any) -> None:
        super().__init__(metadata, iter(rows))
        self._fetched: list[Any] | None = rows
        self._made_for = metadata
        self._make_row = make_row

    def _plain(self) -> bool:
        """Nothing read yet, and no filter: a copy made by unique() or columns() shares the list, not the
        way its rows are made."""
        return self._fetched is not None and self._metadata is self._made_for and self._unique_filter_state is None

    def _take(self) -> list[Any] | None:
        """The rows, once, if nothing has read them and no filter applies (None: IteratorResult's way)."""
        if not self._plain():
            return None
        rows, self._fetched = self._fetched, None
        self._soft_closed = True
        self.iterator = iter(())
        return rows

    def _fetchiter_impl(self) -> Any:
        self._fetched = None  # read through IteratorResult from here on
        return super()._fetchiter_impl()

    def _fetchone_impl(self, hard_close: bool = False) -> Any:
        self._fetched = None
        return super()._fetchone_impl(hard_close)

    def _fetchmany_impl(self, size: int | None = None) -> Any:
        self._fetched = None
        return super()._fetchmany_impl(size)

    def _fetchall_impl(self) -> Any:
        self._fetched = None
        return super()._fetchall_impl()

    def first(self) -> Any:
        rows = self._take()
        if rows is None:
            return super().first()
        return self._make_row(rows[0]) if rows else None

    def one(self) -> Any:
        if len(self._fetched or ()) != 1:
            return super().one()  # its NoResultFound / MultipleResultsFound
        rows = self._take()
        if rows is None:
            return super().one()
        return self._make_row(rows[0])

    def scalar(self) -> Any:
        rows = self._take()
        if rows is None:
            return super().scalar()
        return self._make_row(rows[0])[0] if rows else None

    def all(self) -> Any:
        rows = self._take()
        if rows is None:
            return super().all()
        make_row = self._make_row
        return [make_row(row) for row in rows]


def _default_datetime(type_: Any, dialect: Any) -> bool:
    impl = type_.dialect_impl(dialect)
    return isinstance(impl, sqlite_types.DATETIME) and impl._storage_format == sqlite_types.DATETIME._storage_format


def _datetime_text(fallback: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SQLite's DATETIME bind as one C call: a naive datetime's ``isoformat`` with microseconds is the text
    SQLAlchemy's ``%``-format of its fields writes (``2026-12-06 11:00:00.000000``) at a fifth of the cost
    (a cycle binds ~40); an aware datetime or a date still goes through SQLAlchemy's."""

    def process(value: Any) -> Any:
        if type(value) is datetime.datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return fallback(value)

    return process


class _Plan:
    """A statement seen more than once: its compiled forms by parameter names (None: SQLAlchemy's path)."""

    __slots__ = ("by_keys", "stmt")

    def __init__(self, stmt: Any) -> None:
        self.stmt = stmt
        self.by_keys: dict[tuple[str, ...], _Compiled | None] = {}

    def compiled(self, dialect: Any, keys: tuple[str, ...]) -> _Compiled | None:
        try:
            return self.by_keys[keys]
        except KeyError:
            pass
        try:
            found: _Compiled | None = _Compiled(self.stmt, dialect, list(keys))
        except Exception:  # anything the fast path cannot take goes SQLAlchemy's way
            found = None
        self.by_keys[keys] = found
        return found


_RUNNABLE = (sa.sql.Select, sa.sql.Insert, sa.sql.Update, sa.sql.Delete, sa.sql.CompoundSelect)
_MAX_PLANS = 512
_plans: OrderedDict[int, _Plan] = OrderedDict()
_seen: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
VERIFY = os.environ.get("TWINSTACK_STORE_VERIFY") == "1"  # tests: every fast SELECT checked against SQLAlchemy's


def _plan_for(statement: Any) -> _Plan | None:
    key = id(statement)
    plan = _plans.get(key)
    if plan is not None and plan.stmt is statement:
        try:  # noqa: SIM105 (contextlib.suppress builds an object on every statement run)
            _plans.move_to_end(key)
        except KeyError:  # another thread's statement pushed it out meanwhile
            pass
        return plan
    if not isinstance(statement, _RUNNABLE) or statement._execution_options:
        return None
    if _seen.get(key) is not statement:
        _seen[key] = statement
        return None
    plan = _Plan(statement)
    _plans[key] = plan
    if len(_plans) > _MAX_PLANS:  # statements built per call but run twice: keep the ones in use
        with contextlib.suppress(KeyError):
            _plans.popitem(last=False)
    return plan


class FastConnection(Connection):
    """A Connection that runs statements it has seen before on the DBAPI cursor (SQLite only)."""

    # Store.read()'s: each SELECT is its own transaction, as SQLite runs a statement outside one (a BEGIN and
    # a ROLLBACK around the reads of every GET would cost ~10 us and give them nothing they had before)
    reading = False

    def _begin_impl(self, transaction: Any) -> None:
        """BEGIN (deferred) with SQLAlchemy's begin: the transaction's reads, savepoints and writes are one
        (writers take Store's lock first: no other connection of this process writes meanwhile)."""
        super()._begin_impl(transaction)
        if not self.reading and self._dbapi_connection is not None:
            cursor = self._dbapi_connection.cursor()
            try:
                cursor.execute("BEGIN")
            except Exception as err:
                self._handle_dbapi_exception(err, "BEGIN", None, cursor, None)
            finally:
                cursor.close()

    def execute(self, statement: Any, parameters: Any = None, *, execution_options: Any = None) -> Any:
        savepoint = _SAVEPOINT_SQL.get(type(statement))
        if savepoint is not None and self._dbapi_connection is not None:  # begin_nested(): three per build
            return self._run_savepoint(savepoint, statement)
        # a listener on the engine's cursor events (tests counting statements, tracing) sees every statement
        engine = self.engine
        plan = None if execution_options or (engine._has_events and engine.dispatch.before_cursor_execute) \
            else _plan_for(statement)
        if plan is None:
            return super().execute(statement, parameters, execution_options=execution_options)
        many = isinstance(parameters, list)
        first = (parameters[0] if parameters else _EMPTY) if many else (parameters or _EMPTY)
        compiled = plan.compiled(self.dialect, tuple(first))  # by the names in the caller's order: no sort
        dbapi = self._dbapi_connection
        if compiled is None or dbapi is None:
            return super().execute(statement, parameters, execution_options=execution_options)
        try:
            if many:
                sql = compiled.sql
                if compiled.expanding:
                    raise _Unsupported
                values: Any = [compiled.bind(p)[1] for p in parameters]
            else:
                sql, values = compiled.bind(first)
        except _Unsupported:
            return super().execute(statement, parameters, execution_options=execution_options)
        if self._transaction is None:
            self._autobegin()
        cursor = dbapi.dbapi_connection.cursor()  # type: ignore[union-attr]  # sqlite3's, not the pool's proxy
        try:
            if many:
                cursor.executemany(sql, values)
            else:
                cursor.execute(sql, values)
            if compiled.metadata is None:
                return _DML(cursor.rowcount)
            rows = cursor.fetchall()
        except Exception as err:  # wrapped (IntegrityError...) as SQLAlchemy's own path wraps it
            self._handle_dbapi_exception(err, sql, values, cursor, None)
        finally:
            cursor.close()
        if VERIFY:
            expected: list[tuple[Any, ...]] = [tuple(r) for r in super().execute(statement, parameters)]
            result: IteratorResult[Any] = IteratorResult(compiled.metadata, iter(rows))
            got = [tuple(row) for row in result]
            assert got == expected, f"fast path differs for {compiled.sql}: {got} != {expected}"
        return _Fetched(compiled.metadata, cast("list[Any]", rows), compiled.make_row)


    def _run_savepoint(self, verb: str, statement: Any) -> _DML:
        sql = f"{verb} {self.dialect.identifier_preparer.quote(statement.ident)}"
        assert self._dbapi_connection is not None
        cursor = self._dbapi_connection.cursor()
        try:
            cursor.execute(sql)
        except Exception as err:
            self._handle_dbapi_exception(err, sql, None, cursor, None)
        finally:
            cursor.close()
        return _DML(-1)


_EMPTY: dict[str, Any] = {}
_SAVEPOINT_SQL: dict[type, str] = {SavepointClause: "SAVEPOINT", ReleaseSavepointClause: "RELEASE SAVEPOINT",
                                   RollbackToSavepointClause: "ROLLBACK TO SAVEPOINT"}
