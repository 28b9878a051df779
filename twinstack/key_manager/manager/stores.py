"""Secret stores (multiple backends): the stores Barbican's configuration declares, one of them the global
default, and each project's preferred one (barbican/model/repositories.py's SecretStores and
ProjectSecretStore repositories). No store rows means multiple backends are not enabled."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.key_manager import tables as t


def stable_store_id(store_plugin: str, crypto_plugin: str | None) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"twinstack:secret-store:{store_plugin}:{crypto_plugin}"))


def add(conn: Connection, name: str, store_plugin: str, crypto_plugin: str | None, global_default: bool,
        now: datetime) -> str:
    store_id = stable_store_id(store_plugin, crypto_plugin)
    conn.execute(t.secret_stores.insert().values(
        id=store_id, name=name, store_plugin=store_plugin, crypto_plugin=crypto_plugin,
        global_default=global_default, created_at=now, updated_at=now))
    return store_id


def enabled(conn: Connection) -> bool:
    return conn.execute(sa.select(t.secret_stores.c.id).limit(1)).first() is not None


def all_stores(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sa.select(t.secret_stores).order_by(t.secret_stores.c.created_at,
                                                                               t.secret_stores.c.name)).mappings()]


def get(conn: Connection, store_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.secret_stores).where(t.secret_stores.c.id == store_id)).mappings().first()
    return dict(row) if row else None


def by_name(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.secret_stores).where(t.secret_stores.c.name == name)).mappings().first()
    return dict(row) if row else None


def global_default(conn: Connection) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.secret_stores).where(t.secret_stores.c.global_default.is_(True))).mappings().first()
    return dict(row) if row else None


def preferred(conn: Connection, project_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.secret_stores).join(t.preferred_stores, t.preferred_stores.c.store_id
                                                       == t.secret_stores.c.id)
                       .where(t.preferred_stores.c.project_id == project_id)).mappings().first()
    return dict(row) if row else None


def set_preferred(conn: Connection, project_id: str, store_id: str) -> None:
    """create_or_update_for_project: a project has at most one preferred store."""
    conn.execute(t.preferred_stores.delete().where(t.preferred_stores.c.project_id == project_id))
    conn.execute(t.preferred_stores.insert().values(project_id=project_id, store_id=store_id))


def remove_preferred(conn: Connection, project_id: str) -> bool:
    return bool(conn.execute(t.preferred_stores.delete()
                             .where(t.preferred_stores.c.project_id == project_id)).rowcount)
