"""core/store.py: one engine per store, SQLite's pragmas (WAL, foreign keys), transactions that
commit or roll back as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from twinstack.core.store import Store, metadata, row_dict
from twinstack.placement import tables as t  # a service's tables, with foreign keys


def test_a_file_store_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'twinstack.db'}")
    assert store.dialect == "sqlite"
    store.create_all()
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(sa.exc.IntegrityError), store.begin() as conn:
        conn.execute(t.inventories.insert().values(provider_id=99, resource_class="VCPU", total=1, max_unit=1))
    store.dispose()


def test_a_transaction_commits_whole_or_not_at_all(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'twinstack.db'}")
    store.create_all()
    with store.begin() as conn:
        conn.execute(t.traits.insert().values(name="CUSTOM_A", standard=False))
    with pytest.raises(RuntimeError), store.begin() as conn:
        conn.execute(t.traits.insert().values(name="CUSTOM_B", standard=False))
        raise RuntimeError("the handler failed")
    with store.read() as conn:
        rows = [row_dict(r) for r in conn.execute(sa.select(t.traits))]
    assert [r["name"] for r in rows] == ["CUSTOM_A"] and set(rows[0]) >= {"id", "name", "standard"}
    store.drop_all()
    with store.read() as conn:
        assert not sa.inspect(conn).has_table(t.traits.name)
    store.dispose()


def test_every_services_tables_join_one_metadata() -> None:
    assert t.providers.metadata is metadata


def test_a_transaction_whose_first_write_is_a_savepoint_is_still_one(tmp_path: Path) -> None:
    """sqlite3 itself opens a transaction only before an INSERT/UPDATE/DELETE: a SAVEPOINT opened first
    (after reads) would begin SQLite's transaction and its RELEASE commit it, half of Store.begin()'s."""
    store = Store(f"sqlite:///{tmp_path / 'twinstack.db'}")
    store.create_all()
    with pytest.raises(RuntimeError), store.begin() as conn:
        conn.execute(sa.select(t.traits)).all()
        with conn.begin_nested():
            conn.execute(t.traits.insert().values(name="CUSTOM_NESTED", standard=False))
        conn.execute(t.traits.insert().values(name="CUSTOM_AFTER", standard=False))
        raise RuntimeError("the handler failed")
    with store.read() as conn:
        assert conn.execute(sa.select(t.traits.c.name)).all() == []
        assert not conn.connection.driver_connection.in_transaction  # type: ignore[union-attr]  # reads: no BEGIN
    store.dispose()


def test_connections_kept_between_transactions_behave_as_fresh_ones(tmp_path: Path) -> None:
    """On SQLite the writer's connection and each thread's reader stay open between transactions: a read
    sees only what is committed, reads nest, a begin() inside a begin() still works, a failed transaction
    leaves nothing open for the next, and dispose() closes them all."""
    store = Store(f"sqlite:///{tmp_path / 'twinstack.db'}")
    store.create_all()
    names = sa.select(t.traits.c.name).order_by(t.traits.c.name)
    with store.begin() as conn:
        conn.execute(t.traits.insert().values(name="CUSTOM_A", standard=False))
        with store.read() as reader, store.read() as inner:
            assert reader is inner and reader is not conn
            assert reader.execute(names).scalars().all() == []  # not committed yet
        with store.begin() as nested:  # a connection of its own, as ever
            assert nested is not conn and nested.execute(names).scalars().all() == []
    for _ in range(2):
        with pytest.raises(sa.exc.IntegrityError), store.begin() as conn:
            conn.execute(t.traits.insert().values(name="CUSTOM_B", standard=False))
            conn.execute(t.traits.insert().values(name="CUSTOM_A", standard=False))
    with store.begin() as again:
        assert again is conn  # the same connection, its failed transaction rolled back
        again.execute(t.traits.insert().values(name="CUSTOM_C", standard=False))
    with store.read() as reader:
        assert reader.execute(names).scalars().all() == ["CUSTOM_A", "CUSTOM_C"]
    store.dispose()
    assert conn.closed and reader.closed
    with store.read() as fresh:
        assert fresh is not reader and fresh.execute(names).scalars().all() == ["CUSTOM_A", "CUSTOM_C"]
    store.dispose()
