"""Creating the store's tables, fast on a new SQLite database.

``MetaData.create_all`` asks SQLite about each of the ~150 tables first and runs each of its ~360
CREATE statements as a statement of its own (~0.1 s of start-up). A new database has none of the
tables to ask about, so the same statements, as create_all would emit them, run as one script in one
transaction. A database that has tables (a state dir's) goes through create_all as before, which adds
only what is missing.

Compiling those statements was ~35 ms of start-up, every start, for the same text: the script is kept
in ``schema_sqlite.sql`` (``python -m twinstack.core.ddl`` writes it), headed by a fingerprint of what
it was compiled from (SQLAlchemy's version and the source of every module that defines the tables).
It is used only while that fingerprint still matches; after any edit to a table it is compiled as
before until the file is written again (tests/core/test_ddl.py fails until then).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from twinstack.core.store import Store, metadata

SCRIPT = Path(__file__).with_name("schema_sqlite.sql")


def create_all(store: Store) -> None:
    if store.dialect == "sqlite" and _is_empty(store):
        try:
            _run_script(store, sqlite_script(store.engine.dialect))
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


def sqlite_script(dialect: Any) -> str:
    """The CREATE statements for a new SQLite store, as one script: the kept file when it was compiled
    from the tables as they are now, else compiled."""
    try:
        header, _, script = SCRIPT.read_text().partition("\n")
    except OSError:
        header = script = ""
    fingerprint = _fingerprint(dialect)
    if fingerprint is not None and header == f"-- {fingerprint}":
        return script.rstrip("\n")
    return ";\n".join(ddl_statements(dialect))


def _fingerprint(dialect: Any) -> str | None:
    """A digest of what the store's DDL is made from: SQLAlchemy's version, the dialect, this module, the
    store module and each service's ``tables`` module. None when a table of the store is defined
    anywhere else (the digest would not cover it)."""
    modules = [module for name, module in sorted(sys.modules.items())
               if name.startswith("twinstack.") and name.endswith(".tables") and module is not None]
    defined = {id(value) for module in modules for value in vars(module).values() if isinstance(value, sa.Table)}
    if any(id(table) not in defined for table in metadata.tables.values()):
        return None
    digest = hashlib.sha256(f"{sa.__version__} {dialect.name}+{dialect.driver}\n".encode())
    for source in [__file__, sys.modules[Store.__module__].__file__, *(module.__file__ for module in modules)]:
        digest.update(Path(source or "").read_bytes())
    return digest.hexdigest()


def write_script(dialect: Any) -> None:
    """Keep the compiled script, headed by its fingerprint (``python -m twinstack.core.ddl``)."""
    fingerprint = _fingerprint(dialect)
    if fingerprint is None:
        raise RuntimeError("a table of the store is defined outside the services' tables modules")
    SCRIPT.write_text(f"-- {fingerprint}\n" + ";\n".join(ddl_statements(dialect)) + "\n")


def _is_empty(store: Store) -> bool:
    with store.read() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0


if __name__ == "__main__":
    import twinstack.services  # noqa: F401  (every service's tables, as the cloud imports them)

    write_script(sa.create_engine("sqlite://").dialect)
