"""Block storage for other services in this process (Nova's cinder client, small): every function
writes inside the caller's transaction and returns plain dicts; lifecycles finish before it returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import errors, manager
from twinstack.block_storage import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _volume_dicts(conn: Connection, vols: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Many volumes in three queries: the volumes, their types, their attachments."""
    names = dict(conn.execute(sa.select(t.types.c.id, t.types.c.name)).tuples().all())
    ids = [v["id"] for v in vols]
    atts: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if ids:
        for a in conn.execute(sa.select(t.attachments).where(t.attachments.c.volume_id.in_(ids))).mappings():
            atts[a["volume_id"]].append(dict(a))
    return [_volume_dict(conn, v, names.get(v["type_id"] or ""), atts[v["id"]]) for v in vols]


def _volume_dict(conn: Connection, vol: dict[str, Any], type_name: str | None = None,
                 atts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if atts is None:
        return _volume_dicts(conn, [vol])[0]
    return {
        "id": vol["id"], "name": vol["name"], "size": vol["size"], "status": vol["status"],
        "attach_status": vol["attach_status"], "project_id": vol["project_id"], "user_id": vol["user_id"],
        "availability_zone": vol["availability_zone"], "bootable": bool(vol["bootable"]),
        "multiattach": bool(vol["multiattach"]), "readonly": bool(vol["readonly"]),
        "volume_type": type_name, "volume_type_id": vol["type_id"],
        "volume_image_metadata": dict(vol["image_metadata"] or {}), "metadata": dict(vol["metadata"] or {}),
        "snapshot_id": vol["snapshot_id"], "source_volid": vol["source_volid"],
        "attachments": [{"id": a["id"], "server_id": a["instance_uuid"], "host_name": a["attached_host"],
                         "device": a["mountpoint"], "attach_status": a["attach_status"]} for a in atts],
    }


def get_volume(cloud: Cloud, conn: Connection, volume_id: str, project_id: str | None = None) -> dict[str, Any] | None:
    """The volume as a dict, or None when missing or not in ``project_id`` (None: any project)."""
    query = sa.select(t.volumes).where(t.volumes.c.id == volume_id)
    if project_id is not None:
        query = query.where(t.volumes.c.project_id == project_id)
    row = conn.execute(query).mappings().first()
    return _volume_dict(conn, dict(row)) if row is not None else None


def attach(cloud: Cloud, conn: Connection, volume_id: str, instance_uuid: str, host: str, mountpoint: str) -> str:
    """Reserve, connect and complete a Cinder attachment: the volume goes to in-use. Returns its id."""
    vol = manager.find_volume(conn, volume_id)
    att = manager.reserve(cloud, conn, vol, instance_uuid, vol["project_id"])
    vol = manager.find_volume(conn, volume_id)
    manager.connect(cloud, conn, vol, att, {"host": host, "mountpoint": mountpoint, "initiator":
                                             f"iqn.1993-08.org.debian:01:{host}", "ip": "127.0.0.1"})
    # A volume_stuck_attaching fault leaves it attaching, as a hung os-brick connection would; Nova's
    # API has answered by then (the attach runs on the compute host), so the caller sees no error.
    manager.complete(cloud, conn, vol, att["id"], mountpoint, host)
    return str(att["id"])


def detach(cloud: Cloud, conn: Connection, volume_id: str, instance_uuid: str) -> None:
    """Remove the instance's attachment(s): in-use -> available once none is left."""
    vol = manager.find_volume(conn, volume_id)
    rows = conn.execute(sa.select(t.attachments.c.id).where(t.attachments.c.volume_id == volume_id,
                                                            t.attachments.c.instance_uuid == instance_uuid)).all()
    if not rows:
        raise errors.attachment_not_found(instance_uuid)
    for (attachment_id,) in rows:
        manager.remove_attachment(cloud, conn, vol, attachment_id)


def create_volume(cloud: Cloud, conn: Connection, project_id: str, user_id: str, size: int, name: str = "",
                  image_id: str | None = None, snapshot_id: str | None = None, source_volid: str | None = None,
                  availability_zone: str | None = None, volume_type: str | None = None) -> dict[str, Any]:
    """Create a volume and finish it at once: ``available``, or ``error`` when no backend has room
    (quota errors raise 413 as the API would)."""
    row = manager.create_volume(cloud, conn, project_id, user_id, size, name=name or None, image_id=image_id,
                                snapshot_id=snapshot_id, source_volid=source_volid,
                                availability_zone=availability_zone, volume_type=volume_type)
    manager.finish_create(cloud, conn, row["id"])
    return get_volume(cloud, conn, row["id"]) or {}


def delete_volume(cloud: Cloud, conn: Connection, volume_id: str) -> None:
    """Delete a detached volume (delete_on_termination); 400 when Cinder would refuse."""
    vol = manager.find_volume(conn, volume_id)
    manager.start_delete(cloud, conn, vol, cascade=True)
    manager.finish_delete(cloud, conn, volume_id)


def create_snapshot(cloud: Cloud, conn: Connection, volume_id: str, project_id: str, name: str,
                    force: bool = True) -> dict[str, Any]:
    """Snapshot a volume (createImage of a volume-backed server); returned ``available``."""
    vol = manager.find_volume(conn, volume_id)
    snap = manager.create_snapshot(cloud, conn, vol, project_id, vol["user_id"], name, force=force)
    manager.finish_snapshot(cloud, conn, snap["id"])
    snap.update(status="available", progress="100%")
    return {"id": snap["id"], "volume_id": volume_id, "name": name, "size": snap["size"], "status": "available",
            "project_id": project_id}


def list_volumes(cloud: Cloud, conn: Connection, project_id: str | None = None,
                 limit: int | None = None) -> list[dict[str, Any]]:
    """A project's volumes (None: every project), newest first, for Nova's os-volumes proxy."""
    query = sa.select(t.volumes).order_by(t.volumes.c.created_at.desc(), t.volumes.c.id.desc())
    if project_id is not None:
        query = query.where(t.volumes.c.project_id == project_id)
    if limit is not None:
        query = query.limit(limit)
    return _volume_dicts(conn, [dict(r) for r in conn.execute(query).mappings()])


def get_snapshot(cloud: Cloud, conn: Connection, snapshot_id: str,
                 project_id: str | None = None) -> dict[str, Any] | None:
    """A snapshot as a dict (id, volume_id, name, description, size, status, created_at), or None."""
    query = sa.select(t.snapshots).where(t.snapshots.c.id == snapshot_id)
    if project_id is not None:
        query = query.where(t.snapshots.c.project_id == project_id)
    row = conn.execute(query).mappings().first()
    return _snapshot_dict(row) if row is not None else None


_SNAPSHOT_KEYS = ("id", "volume_id", "name", "description", "size", "status", "created_at", "project_id")


def _snapshot_dict(row: Any) -> dict[str, Any]:
    return {key: row[key] for key in _SNAPSHOT_KEYS}


def list_snapshots(cloud: Cloud, conn: Connection, project_id: str | None = None) -> list[dict[str, Any]]:
    """A project's snapshots (None: every project), newest first, in one query."""
    query = sa.select(t.snapshots).order_by(t.snapshots.c.created_at.desc(), t.snapshots.c.id.desc())
    if project_id is not None:
        query = query.where(t.snapshots.c.project_id == project_id)
    return [_snapshot_dict(r) for r in conn.execute(query).mappings()]


def delete_snapshot(cloud: Cloud, conn: Connection, snapshot_id: str, project_id: str | None = None) -> None:
    """Delete an available or error snapshot at once; 404/400 in Cinder's words otherwise."""
    snap = manager.find_snapshot(conn, snapshot_id, project_id)
    if snap["status"] not in ("available", "error") or snap.get("group_snapshot_id"):
        raise errors.invalid_snapshot("Volume Snapshot status must be available or error and must not be part of a "
                                      "group.")
    conn.execute(t.snapshots.delete().where(t.snapshots.c.id == snapshot_id))
