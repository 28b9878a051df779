"""Legacy object versioning (swift/common/middleware/versioned_writes/legacy.py), in the store: a container
with ``X-Versions-Location`` (stack mode) or ``X-History-Location`` (history mode) keeps each overwritten
object in that other container as ``<3 hex digits of the name's length><name>/<timestamp>``. No bytes move:
the archived row takes over the old data file. In stack mode a DELETE brings the newest archived version
back; in history mode it archives the current one and deletes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.object_storage import manager
from twinstack.object_storage import tables as t
from twinstack.object_storage.views import x_timestamp


def _prefix(name: str) -> str:
    return f"{len(name.encode()):03x}{name}/"


def archive_of(conn: Connection, crow: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(mode, the archive container's row) when ``crow`` is versioned and its archive exists."""
    for mode, header in (("stack", "x-versions-location"), ("history", "x-history-location")):
        target = crow["meta"].get(header)
        if target:
            archive = manager.get_container(conn, crow["account"], target)
            return (mode, archive) if archive is not None else None
    return None


def keep(conn: Connection, archive: dict[str, Any], old: dict[str, Any]) -> None:
    """Archive ``old`` (its row and its data file) before it is overwritten or deleted."""
    values = {k: v for k, v in old.items() if k != "container_id"}
    values["name"] = _prefix(old["name"]) + x_timestamp(old["timestamp"])
    manager.put_object(conn, archive["id"], values)


def restore(conn: Connection, crow: dict[str, Any], archive: dict[str, Any], name: str) -> bool:
    """Stack mode's DELETE: the newest archived version becomes the object again; False when none is left."""
    o = t.objects.c
    prefix = _prefix(name)
    newest = conn.execute(sa.select(t.objects).where(o.container_id == archive["id"], o.name >= prefix,
                                                     o.name < prefix[:-1] + "0").order_by(o.name.desc()).limit(1)
                          ).mappings().first()
    if newest is None:
        return False
    row = dict(newest)
    conn.execute(t.objects.delete().where(o.container_id == archive["id"], o.name == row["name"]))
    manager.count(conn, archive["id"], -1, -row["size"])
    manager.put_object(conn, crow["id"], {**{k: v for k, v in row.items() if k != "container_id"}, "name": name})
    return True
