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

Running that script still took SQLite ~13 ms at every start. A new database file is instead a copy of
a template database made once from the same script (~1 ms for its ~2 MB) and kept in the user's cache
directory (``$XDG_CACHE_HOME/twinstack`` or ``~/.cache/twinstack``), named after the script's
fingerprint (making one removes those a week old). Where the template cannot be made or read, the
script runs as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from twinstack.core.store import SQLITE_PAGE_SIZE, Store, metadata

SCRIPT = Path(__file__).with_name("schema_sqlite.sql")


def create_all(store: Store) -> bool:
    """Create the store's tables, adding what is missing; True when they were made in a new, empty
    database (it holds no rows), False when the database had tables already."""
    if store.dialect == "sqlite":
        path = _new_file(store)
        if path is not None and _copy_template(store, path):
            return True
        if _is_empty(store):
            try:
                _run_script(store, sqlite_script(store.engine.dialect))
                return True
            except sqlite3.Error:
                pass  # nothing of it kept; another process may have created the tables since: create_all sees
    store.create_all()
    return False


# -- a new database file: a copy of the template -------------------------------------------------------
_HEADER = b"SQLite format 3\x00"
_KEEP_TEMPLATES = 7 * 24 * 3600  # seconds


def _new_file(store: Store) -> Path | None:
    """The store's database file when it does not exist yet (nothing has opened it), else None."""
    url = store.engine.url
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:") or url.query:
        return None
    path = Path(database)
    if path.exists() or Path(f"{database}-wal").exists():
        return None
    return path


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "twinstack"


def _copy_template(store: Store, path: Path) -> bool:
    """Create ``path`` as a copy of the template for the current tables; False where there is none to be
    had (tables edited since the script was kept, no writable cache directory): then nothing is created.
    The copy is made beside ``path`` and linked to it whole: a process opening ``path`` meanwhile (API
    workers sharing a state dir) finds no file, or the whole database."""
    try:
        header, _, script = SCRIPT.read_text().partition("\n")
        fingerprint = _fingerprint(store.engine.dialect)
        if fingerprint is None or header != f"-- {fingerprint}":
            return False
        template = _cache_dir() / f"schema-sqlite-{fingerprint[:32]}.db"
        if not template.exists():
            _make_template(template, script.rstrip("\n"))
        if not _whole(template):
            return False
        copying = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(template, copying)
            os.link(copying, path)  # fails, changing nothing, where a file has appeared meanwhile
        finally:
            copying.unlink(missing_ok=True)
        return True
    except (OSError, RuntimeError, sqlite3.Error):
        return False


def _whole(database: Path) -> bool:
    """An SQLite file as long as its header says (a truncated copy is not used)."""
    with open(database, "rb") as f:
        head = f.read(100)
        size = os.fstat(f.fileno()).st_size
    if len(head) < 100 or not head.startswith(_HEADER):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return int.from_bytes(head[28:32], "big") * page_size == size > 0


def _make_template(template: Path, script: str) -> None:
    """Write the database the script makes to ``template``, whole or not at all."""
    template.parent.mkdir(parents=True, exist_ok=True)
    building = template.with_name(f"{template.name}.{os.getpid()}.tmp")
    try:
        conn = sqlite3.connect(building, isolation_level=None)
        try:
            conn.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")  # before WAL: a WAL database keeps its size
            conn.execute("PRAGMA journal_mode=WAL")  # as the store's connections set it: kept in the file
            _execute_script(conn, script)
        finally:
            conn.close()  # checkpoints the WAL into the file and removes it
        os.replace(building, template)
    finally:
        building.unlink(missing_ok=True)
    # each edit to the tables makes a new template: the others go once a week old (another checkout still
    # using one makes it again, once)
    for other in template.parent.glob("schema-sqlite-*.db"):
        with contextlib.suppress(OSError):
            if other != template and time.time() - other.stat().st_mtime > _KEEP_TEMPLATES:
                other.unlink()


def _run_script(store: Store, script: str) -> None:
    raw = store.engine.raw_connection()
    try:
        _execute_script(raw.driver_connection, script)
    finally:
        raw.close()


def _execute_script(conn: Any, script: str) -> None:
    """BEGIN ... COMMIT: all or nothing, as a failed statement leaves the transaction to roll back."""
    try:
        conn.executescript(f"BEGIN;\n{script};\nCOMMIT;")
    except BaseException:
        conn.rollback()
        raise


def ddl_statements(dialect: Any) -> list[str]:
    """The CREATE statements ``metadata.create_all`` emits for an empty database, in its order (its own
    DDL walk, with nothing to check first), compiled for ``dialect``."""
    statements: list[str] = []

    def collect(sql: Any, *multiparams: Any, **params: Any) -> None:
        statements.append(str(sql.compile(dialect=dialect)).strip())

    mock = sa.create_mock_engine(sa.engine.URL.create(dialect.name), collect)
    metadata.create_all(mock, checkfirst=False)
    return _indexes_sorted(statements)


def _indexes_sorted(statements: list[str]) -> list[str]:
    """create_all emits a table's indexes in a set's order, which changes with the hash seed: each run of
    CREATE INDEX statements sorted, so the kept script is the same whoever writes it."""
    out: list[str] = []
    run: list[str] = []
    for statement in [*statements, ""]:
        if statement.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")):
            run.append(statement)
            continue
        out.extend(sorted(run))
        run = []
        if statement:
            out.append(statement)
    return out


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
