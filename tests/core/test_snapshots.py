"""core/snapshots.py: every table's rows out (dump), gone (wipe) and back parents first (restore), on
an in-memory SQLite store, and the snapshot file with the state dir's data files.

Placement's tables stand in for a service's: they have a self-referencing tree and foreign keys, so a
restore in the wrong order would fail with SQLite's foreign keys on.
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from twinstack.core import snapshots
from twinstack.core.store import Store
from twinstack.placement import tables as t  # registers tables on core's metadata

NOW = datetime(2026, 1, 2, 3, 4, 5, 678000)


@pytest.fixture
def store() -> Iterator[Store]:
    store = Store("sqlite://")
    store.create_all()
    with store.begin() as conn:
        conn.execute(t.providers.insert(), [
            {"id": 1, "uuid": "root", "name": "root", "generation": 3, "parent_id": None, "root_id": 1,
             "created_at": NOW},
            {"id": 2, "uuid": "child", "name": "child", "generation": 0, "parent_id": 1, "root_id": 1,
             "created_at": NOW}])
        conn.execute(t.inventories.insert(), [{"provider_id": 2, "resource_class": "VCPU", "total": 8,
                                               "max_unit": 8, "used": 2}])
        conn.execute(t.provider_traits.insert(), [{"provider_id": 1, "trait": "CUSTOM_X"}])
    yield store
    store.dispose()


def _count(store: Store) -> int:
    with store.read() as conn:
        return sum(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                   for table in snapshots.metadata.sorted_tables)


def test_dump_wipe_restore_gives_back_the_same_rows(store: Store) -> None:
    with store.read() as conn:
        before = snapshots.dump(conn)
    assert before["placement_resource_providers"][1]["parent_id"] == 1
    assert before["placement_inventories"][0]["used"] == 2
    with store.begin() as conn:
        snapshots.wipe(conn)
    assert _count(store) == 0
    with store.begin() as conn:
        snapshots.restore(conn, before)
    with store.read() as conn:
        assert snapshots.dump(conn) == before


def test_restore_into_a_table_that_is_not_empty_fails(store: Store) -> None:
    with store.read() as conn:
        data = snapshots.dump(conn)
    with pytest.raises(sa.exc.IntegrityError), store.begin() as conn:
        snapshots.restore(conn, data)


def test_the_snapshot_file_round_trips_tables_and_data_files(store: Store, tmp_path: Path) -> None:
    state = tmp_path / "state"
    (state / "images").mkdir(parents=True)
    (state / "images" / "abc").write_bytes(b"image bytes")
    (state / "twinstack.db-wal").write_bytes(b"never in a snapshot")
    (state / "snapshots").mkdir()
    with store.read() as conn:
        tables = snapshots.dump(conn)
    archive = tmp_path / "out" / "one.tar.gz"
    snapshots.save_file(archive, tables, state, exclude={"snapshots"})
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["files/images", "files/images/abc", "tables.json"]
        assert json.loads(tar.extractfile("tables.json").read())[  # type: ignore[union-attr]
            "placement_resource_providers"][0]["created_at"] == {"__dt__": NOW.isoformat()}

    (state / "images" / "abc").write_bytes(b"changed")
    (state / "stray").write_text("made after the snapshot")
    loaded = snapshots.load_file(archive, state, exclude={"snapshots"})
    assert loaded == tables  # datetimes come back as datetimes
    assert (state / "images" / "abc").read_bytes() == b"image bytes"
    assert not (state / "stray").exists()
    assert (state / "twinstack.db-wal").exists() and (state / "snapshots").is_dir()


def test_a_value_json_cannot_hold_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="cannot store set"):
        snapshots.save_file(tmp_path / "x.tar.gz", {"t": [{"v": {1}}]}, tmp_path, set())


def test_a_tarball_without_tables_is_not_a_snapshot(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="something")
    with pytest.raises(KeyError):
        snapshots.load_file(bogus, tmp_path, set())
