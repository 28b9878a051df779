"""Whole-cloud state as data: every table's rows (for reset's in-memory baseline) and, with the
state dir's data files (image bytes), one snapshot file that ``load`` puts back exactly."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.store import json_loads, metadata

Tables = dict[str, list[dict[str, Any]]]


def dump(conn: Connection) -> Tables:
    return {t.name: [dict(r._mapping) for r in conn.execute(sa.select(t))] for t in metadata.sorted_tables}


def copy_database(conn: Connection) -> sqlite3.Connection | None:
    """The whole SQLite database behind ``conn``, copied into memory by SQLite's backup API (a few ms,
    where dumping it into Python rows costs ~0.1 s); None on another database. ``dump_copy`` turns it
    into what ``dump`` would have read from ``conn`` at the time of the copy."""
    if conn.dialect.name != "sqlite":
        return None
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    conn.connection.driver_connection.backup(copy)  # type: ignore[union-attr]
    return copy


def dump_copy(copy: sqlite3.Connection) -> Tables:
    """``dump`` of a database copied by ``copy_database``: the same rows, read through the same dialect
    and JSON decoding as the store's; the copy is closed."""
    engine = sa.create_engine("sqlite://", creator=lambda: copy, poolclass=sa.pool.StaticPool,
                              json_deserializer=json_loads)
    try:
        with engine.connect() as conn:
            return dump(conn)
    finally:
        engine.dispose()
        copy.close()


def wipe(conn: Connection) -> None:
    for table in reversed(metadata.sorted_tables):
        conn.execute(table.delete())


def restore(conn: Connection, data: Tables) -> None:
    """Insert rows parents first; the tables must be empty."""
    for table in metadata.sorted_tables:
        rows = data.get(table.name)
        if rows:
            conn.execute(table.insert(), rows)
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn)


def _reset_sequences(conn: Connection) -> None:
    """Rows restored with explicit integer ids leave PostgreSQL's sequences behind; catch them up."""
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto"):
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"__dt__": value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__} in a snapshot")


def _decode(obj: dict[str, Any]) -> Any:
    if set(obj) == {"__dt__"}:
        return datetime.fromisoformat(obj["__dt__"])
    return obj


def save_file(path: Path, tables: Tables, state_dir: Path, exclude: set[str]) -> None:
    """One .tar.gz: tables.json plus the state dir's data files (not the database itself)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    with tarfile.open(tmp, "w:gz") as tar:
        payload = json.dumps(tables, default=_encode).encode()
        info = tarfile.TarInfo("tables.json")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
        for item in sorted(state_dir.iterdir()):
            if item.name not in exclude and not item.name.startswith("twinstack.db"):
                tar.add(item, arcname=f"files/{item.name}")
    tmp.replace(path)


def load_file(path: Path, state_dir: Path, exclude: set[str]) -> Tables:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile("tables.json")
        if member is None:
            raise ValueError(f"{path} is not a twinstack snapshot")
        tables: Tables = json.loads(member.read(), object_hook=_decode)
        for item in state_dir.iterdir():
            if item.name not in exclude and not item.name.startswith("twinstack.db"):
                if item.is_dir():
                    import shutil

                    shutil.rmtree(item)
                else:
                    item.unlink()
        for member_info in tar.getmembers():
            if member_info.name.startswith("files/"):
                member_info.name = member_info.name[len("files/"):]
                tar.extract(member_info, state_dir, filter="data")
    return tables
