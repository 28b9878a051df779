"""The store seam: one SQLAlchemy engine and one MetaData that every service's tables join.

SQLite (a file under the state dir) by default; PostgreSQL or MariaDB by URL. Calls are synchronous
and short: on SQLite a query costs microseconds, less than handing it to a thread would.
Every write commits before the response is sent, so a ``kill -9`` after a 2xx loses nothing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles

metadata = sa.MetaData()


@compiles(sa.DateTime, "mysql")
def _mysql_datetime(type_: sa.DateTime, compiler: Any, **kw: Any) -> str:
    """MariaDB/MySQL drop fractions of a second unless asked; token revocation needs them."""
    return "DATETIME(6)"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL + NORMAL: a process kill loses nothing (the OS holds the pages); only power loss could.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """Owns the engine; hands out transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False}
        elif url.startswith("mysql"):
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = sa.create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        # Serialises writers on SQLite, which allows one at a time anyway; cheap elsewhere.
        self._write_lock = threading.RLock()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def create_all(self) -> None:
        metadata.create_all(self.engine)

    def drop_all(self) -> None:
        metadata.drop_all(self.engine)

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def row_dict(row: Any) -> dict[str, Any]:
    return dict(row._mapping)
