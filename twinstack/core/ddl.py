"""Creating the store's tables, fast on a new SQLite database.

``MetaData.create_all`` asks SQLite about each of the ~150 tables first and runs each of its ~360
CREATE statements as a statement of its own (~0.1 s of start-up). A new database has none of the
tables to ask about, so the same statements, as create_all would emit them, run as one script in one
transaction. A database that has tables (a state dir's) goes through create_all as before, which adds
only what is missing.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa

from twinstack.core.store import Store, metadata


def create_all(store: Store) -> None:
    if store.dialect == "sqlite" and _is_empty(store):
        try:
            _run_script(store, ";\n".join(ddl_statements(store.engine.dialect)))
            return
        except sqlite3.Error:
            pass  # nothing of it kept; another process may have created the tables since: create_all sees
    store.create_all()


def _run_script(store: Store, script: str) -> None:
    raw = store.engine.raw_connection()
    try:
        # BEGIN ... COMMIT: all or nothing, as a failed statement leaves the transaction to roll back
        raw.driver_connection.executescript(f"BEGIN;\n{script};\nCOMMIT;")  # type: ignore[union-attr]
    except BaseException:
        raw.driver_connection.rollback()  # type: ignore[union-attr]
        raise
    finally:
        raw.close()


def ddl_statements(dialect: Any) -> list[str]:
    """The CREATE statements ``metadata.create_all`` emits for an empty database, in its order (its own
    DDL walk, with nothing to check first), compiled for ``dialect``."""
    statements: list[str] = []

    def collect(sql: Any, *multiparams: Any, **params: Any) -> None:
        statements.append(str(sql.compile(dialect=dialect)).strip())

    mock = sa.create_mock_engine(sa.engine.URL.create(dialect.name), collect)
    metadata.create_all(mock, checkfirst=False)
    return statements


def _is_empty(store: Store) -> bool:
    with store.read() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0
