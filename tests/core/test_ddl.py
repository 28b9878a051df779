"""A new SQLite store's tables come from the kept script (core/schema_sqlite.sql) only while it is what
create_all would emit for the tables as they are; otherwise the statements are compiled as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

import twinstack.services  # noqa: F401  (every service's tables, as the cloud imports them)
from twinstack.core import ddl
from twinstack.core.store import SQLITE_PAGE_SIZE, Store, metadata

DIALECT = sa.create_engine("sqlite://").dialect


def _tables_in_order(statements: list[str]) -> list[str]:
    return [s.split("(", 1)[0] for s in statements if s.startswith("CREATE TABLE")]


def test_the_kept_script_is_current() -> None:
    """Fails after an edit to a table: run ``python -m twinstack.core.ddl`` and commit the file."""
    header = ddl.SCRIPT.read_text().partition("\n")[0]
    assert header == f"-- {ddl._fingerprint(DIALECT)}", "core/schema_sqlite.sql is stale: python -m twinstack.core.ddl"
    kept = ddl.sqlite_script(DIALECT).split(";\n")
    compiled = ddl.ddl_statements(DIALECT)
    # the same statements; the tables in the same order (a table's indexes come in set order, as they do
    # from create_all itself from one process to the next)
    assert sorted(kept) == sorted(compiled)
    assert _tables_in_order(kept) == _tables_in_order(compiled)


def _schema(store: Store) -> set[tuple[str, str, str]]:
    with store.read() as conn:
        # SQLite keeps a WITHOUT ROWID table's text up to the end of its statement: create_all's carries the
        # compiler's trailing newlines there, the script's does not; trailing blanks are no part of the schema
        return {(r.type, r.name, r.sql.rstrip() if r.sql else r.sql)
                for r in conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master")}


def _assert_as_create_all_makes_it(tmp_path: Path) -> None:
    """ddl.create_all's new store has the schema metadata.create_all gives another."""
    made = Store(f"sqlite:///{tmp_path / 'made.db'}")
    reference = Store(f"sqlite:///{tmp_path / 'reference.db'}")
    try:
        ddl.create_all(made)
        metadata.create_all(reference.engine)
        assert _schema(made) == _schema(reference)
    finally:
        made.dispose()
        reference.dispose()


def test_a_new_store_from_the_kept_script_has_create_alls_schema(tmp_path: Path) -> None:
    _assert_as_create_all_makes_it(tmp_path)


def test_a_script_kept_for_other_tables_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "schema_sqlite.sql"
    stale.write_text("-- 0000\nCREATE TABLE nothing_else (id INTEGER)\n")
    monkeypatch.setattr(ddl, "SCRIPT", stale)
    assert ddl.sqlite_script(DIALECT).split(";\n") == ddl.ddl_statements(DIALECT)
    monkeypatch.setattr(ddl, "SCRIPT", tmp_path / "missing.sql")
    assert ddl.sqlite_script(DIALECT).split(";\n") == ddl.ddl_statements(DIALECT)


def test_a_table_defined_outside_the_tables_modules_disables_the_script() -> None:
    assert ddl._fingerprint(DIALECT) is not None
    stray = sa.Table("stray_table_for_this_test", metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        assert ddl._fingerprint(DIALECT) is None
        assert "stray_table_for_this_test" in ddl.sqlite_script(DIALECT)
    finally:
        metadata.remove(stray)


# -- a new database file is a copy of the template made from the kept script --------------------------------
def test_a_new_database_file_is_the_template_copied_with_create_alls_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copies = [Store(f"sqlite:///{tmp_path / f'copy{i}.db'}") for i in range(2)]
    reference = Store(f"sqlite:///{tmp_path / 'reference.db'}")
    try:
        for store in copies:  # the first makes the template, the second only copies it
            ddl.create_all(store)
        assert len(list((tmp_path / "cache" / "twinstack").glob("schema-sqlite-*.db"))) == 1
        metadata.create_all(reference.engine)
        for store in copies:
            assert _schema(store) == _schema(reference)
            with store.read() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                # the page size a new store's connection asks for (store.py), which a copied file keeps
                assert conn.exec_driver_sql("PRAGMA page_size").scalar() == SQLITE_PAGE_SIZE
        assert not list(tmp_path.glob(".*.tmp"))
    finally:
        for store in [*copies, reference]:
            store.dispose()


def test_a_truncated_template_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = Store(f"sqlite:///{tmp_path / 'first.db'}")
    ddl.create_all(first)
    first.dispose()
    (template,) = (tmp_path / "cache" / "twinstack").glob("schema-sqlite-*.db")
    template.write_bytes(template.read_bytes()[:8192])
    assert not ddl._whole(template)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    reference = Store(f"sqlite:///{tmp_path / 'reference.db'}")
    try:
        ddl.create_all(store)  # by the script instead
        metadata.create_all(reference.engine)
        assert _schema(store) == _schema(reference)
    finally:
        store.dispose()
        reference.dispose()


def test_without_a_cache_directory_the_script_makes_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _assert_as_create_all_makes_it(tmp_path)


def test_an_existing_database_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "kept.db"
    store = Store(f"sqlite:///{path}")
    try:
        with store.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE operator_notes (note TEXT)")
            conn.exec_driver_sql("INSERT INTO operator_notes VALUES ('kept')")
        assert ddl._new_file(store) is None
        ddl.create_all(store)  # adds the tables beside what the file holds
        with store.read() as conn:
            assert conn.exec_driver_sql("SELECT note FROM operator_notes").scalar() == "kept"
            assert conn.exec_driver_sql("SELECT count(*) FROM identity_users").scalar() == 0
    finally:
        store.dispose()


def test_create_all_says_whether_it_made_a_new_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stores = [Store(f"sqlite:///{tmp_path / 'new.db'}"), Store("sqlite://")]  # a new file; an empty database
    try:
        for store in stores:
            assert ddl.create_all(store) is True
            assert ddl.create_all(store) is False  # the tables are there: only what is missing is added
    finally:
        for store in stores:
            store.dispose()


def test_a_new_template_clears_week_old_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "twinstack"
    cache.mkdir(parents=True)
    old, recent = cache / "schema-sqlite-old.db", cache / "schema-sqlite-recent.db"
    for path in (old, recent):
        path.write_bytes(b"")
    os.utime(old, (0, 0))
    store = Store(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert ddl.create_all(store)
    finally:
        store.dispose()
    assert not old.exists() and recent.exists()
    assert len(list(cache.glob("schema-sqlite-*.db"))) == 2
