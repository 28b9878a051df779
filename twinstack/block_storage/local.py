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
        "encrypted": vol["encryption_key_id"] is not None, "encryption_key_id": vol["encryption_key_id"],
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
                  availability_zone: str | None = None, volume_type: str | None = None,
                  description: str = "") -> dict[str, Any]:
    """Create a volume and finish it at once: ``available``, or ``error`` when no backend has room
    (quota errors raise 413 as the API would). Nova's boot-from-volume names its volumes ``''`` with
    description ``''`` (``volume_api.create(context, size, '', '', ...)``), and Cinder keeps them so."""
    row = manager.create_volume(cloud, conn, project_id, user_id, size, name=name, description=description,
                                image_id=image_id, snapshot_id=snapshot_id, source_volid=source_volid,
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


# -- for compute's proxy APIs --
# Nova's os-volumes and os-snapshots proxies (compute/api/volumes.py) ask Cinder through these, with
# the caller's context: Cinder's policy, ownership, quotas, pages and lifecycles, as its API applies
# them. Each call is its own transaction, as a request to Cinder would be.
from twinstack.block_storage import lifecycle  # noqa: E402  (this block stays at the end of the file)
from twinstack.core.context import Context  # noqa: E402
from twinstack.core.errors import ApiError  # noqa: E402
from twinstack.core.pagination import paginate, parse_limit  # noqa: E402

_PROXY_DB_MAX_INT = 0x7FFFFFFF


def _proxy_owner(caller: Context) -> str | None:
    return None if caller.is_admin else caller.project_id


def _proxy_page(conn: Connection, table: sa.Table, query: Any, limit: str | None, offset: str | None,
                marker: str | None) -> list[dict[str, Any]]:
    """Cinder's list paging: newest first, keyset pages; an unknown marker is 404, a bad offset 400."""
    if offset:
        if not offset.isdigit():
            raise ApiError(400, "Invalid input received: offset param must be an integer", "InvalidInput")
        if int(offset) > _PROXY_DB_MAX_INT:  # Cinder's validate_integer bound
            raise ApiError(400, f"Invalid input received: offset must be <= {_PROXY_DB_MAX_INT}", "InvalidInput")
        query = query.offset(int(offset))
    try:
        page = paginate(conn, table, query, [("created_at", "desc"), ("id", "desc")], marker or None,
                        parse_limit(limit))
    except ApiError as err:
        if marker and err.status == 400:
            raise ApiError(404, f"Marker {marker} could not be found.", "MarkerNotFound") from None
        raise
    return [dict(r) for r in page.rows]


def _proxy_volumes(conn: Connection, vols: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Volumes with what Nova's proxy shows of them: the type's name, the attached attachments."""
    out = _volume_dicts(conn, vols)
    for body, vol in zip(out, vols, strict=False):
        body.update(description=vol["description"], created_at=_ts(vol["created_at"]),
                    attachments=[a for a in body["attachments"] if a["attach_status"] == "attached"])
    return out


def _ts(value: Any) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") if value else None


def proxy_list_volumes(cloud: Cloud, caller: Context, limit: str | None = None, offset: str | None = None,
                       marker: str | None = None) -> list[dict[str, Any]]:
    """``GET /volumes/detail``: the caller's project's volumes (an admin's too: no all_tenants)."""
    cloud.policy.authorize("volume:get_all", {"project_id": caller.project_id}, caller)
    query = sa.select(t.volumes).where(t.volumes.c.project_id == caller.project_id)
    with cloud.store.read() as conn:
        return _proxy_volumes(conn, _proxy_page(conn, t.volumes, query, limit, offset, marker))


def proxy_get_volume(cloud: Cloud, caller: Context, volume_id: str) -> dict[str, Any]:
    with cloud.store.read() as conn:
        row = manager.find_volume(conn, volume_id, _proxy_owner(caller))
        cloud.policy.authorize("volume:get", {"project_id": row["project_id"]}, caller)
        return _proxy_volumes(conn, [row])[0]


def proxy_create_volume(cloud: Cloud, caller: Context, size: int, name: str | None = None,
                        description: str | None = None, volume_type: str | None = None,
                        metadata: dict[str, str] | None = None, availability_zone: str | None = None,
                        snapshot_id: str | None = None, request_id: str = "") -> dict[str, Any]:
    """``POST /volumes``: answered ``creating``; the lifecycle finishes it as Cinder's would."""
    project_id = caller.project_id or ""
    cloud.policy.authorize("volume:create", {"project_id": project_id}, caller)
    if not size and not snapshot_id:
        raise errors.invalid_input(f"Invalid volume size provided for create request: {size} (size argument must "
                                   "be an integer (or string representation of an integer) and greater than zero).")
    with cloud.store.begin() as conn:
        row = manager.create_volume(cloud, conn, project_id, caller.user_id, size, name=name,
                                    description=description, metadata=metadata, volume_type=volume_type,
                                    availability_zone=availability_zone, snapshot_id=snapshot_id,
                                    admin=caller.is_admin, request_id=request_id)
        body = _proxy_volumes(conn, [row])[0]
    if row["status"] == "creating":
        lifecycle.later(cloud, "create", manager.finish_create, row["id"])
    return body


def proxy_delete_volume(cloud: Cloud, caller: Context, volume_id: str) -> None:
    with cloud.store.begin() as conn:
        row = manager.find_volume(conn, volume_id, _proxy_owner(caller))
        cloud.policy.authorize("volume:delete", {"project_id": row["project_id"]}, caller)
        manager.start_delete(cloud, conn, row)
    lifecycle.later(cloud, "delete", manager.finish_delete, row["id"])


def proxy_list_snapshots(cloud: Cloud, caller: Context, limit: str | None = None, offset: str | None = None,
                         marker: str | None = None) -> list[dict[str, Any]]:
    cloud.policy.authorize("volume:get_all_snapshots", {"project_id": caller.project_id}, caller)
    query = sa.select(t.snapshots).where(t.snapshots.c.project_id == caller.project_id)
    with cloud.store.read() as conn:
        rows = _proxy_page(conn, t.snapshots, query, limit, offset, marker)
    return [_snapshot_dict(r) | {"created_at": _ts(r["created_at"])} for r in rows]


def proxy_get_snapshot(cloud: Cloud, caller: Context, snapshot_id: str) -> dict[str, Any]:
    with cloud.store.read() as conn:
        row = manager.find_snapshot(conn, snapshot_id, _proxy_owner(caller))
    cloud.policy.authorize("volume:get_snapshot", {"project_id": row["project_id"]}, caller)
    return _snapshot_dict(row) | {"created_at": _ts(row["created_at"])}


def proxy_create_snapshot(cloud: Cloud, caller: Context, volume_id: str, force: bool, name: str | None,
                          description: str | None) -> dict[str, Any]:
    """``POST /snapshots`` at Cinder's 3.0 (``force`` lets an in-use volume be snapshotted)."""
    with cloud.store.begin() as conn:
        vol = manager.find_volume(conn, volume_id, _proxy_owner(caller))
        cloud.policy.authorize("volume:create_snapshot", {"project_id": vol["project_id"]}, caller)
        row = manager.create_snapshot(cloud, conn, vol, caller.project_id or "", caller.user_id, name, description,
                                      force=force)
    lifecycle.later(cloud, "snapshot", manager.finish_snapshot, row["id"])
    return _snapshot_dict(row) | {"created_at": _ts(row["created_at"])}


def proxy_delete_snapshot(cloud: Cloud, caller: Context, snapshot_id: str) -> None:
    with cloud.store.begin() as conn:
        row = manager.find_snapshot(conn, snapshot_id, _proxy_owner(caller))
        cloud.policy.authorize("volume:delete_snapshot", {"project_id": row["project_id"]}, caller)
        if row["status"] not in ("available", "error") or row.get("group_snapshot_id"):
            raise errors.invalid_snapshot("Volume Snapshot status must be available or error and must not be part "
                                          "of a group.")
        conn.execute(t.snapshots.update().where(t.snapshots.c.id == row["id"]).values(status="deleting"))
    lifecycle.later(cloud, "delete", manager.finish_snapshot_delete, row["id"])
