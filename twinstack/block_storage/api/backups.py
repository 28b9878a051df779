"""Volume backups: create (the volume is backing-up meanwhile), list/detail, show, update (3.9),
delete, restore into a new or a given volume, admin actions."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, lifecycle, manager, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.manager import quotas, steps
from twinstack.block_storage.schemas import backups as schema
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.resource import Attr
from twinstack.core.validation import validate

BACKUP_STATUSES = ("available", "error", "creating", "deleting", "restoring", "error_deleting")


async def create(req: Req) -> Any:
    common.project_of(req)
    spec = await common.body_member(req, "backup")
    validate(spec, schema.create)
    force = to_bool(spec.get("force") or False)
    incremental = to_bool(spec.get("incremental") or False)
    with req.cloud.store.begin() as conn:
        vol = manager.find_volume(conn, spec["volume_id"], common.owner_filter(req))
        common.authorize(req, "backup:create", vol["project_id"])
        if spec.get("snapshot_id"):
            snap = manager.find_snapshot(conn, spec["snapshot_id"], common.owner_filter(req))
            if snap["volume_id"] != vol["id"]:
                raise errors.invalid_backup("Snapshot does not belong to the volume.")
            if snap["status"] != "available":
                raise errors.invalid_snapshot("Snapshot to be backed up must be available, but the current status "
                                              f"is \"{snap['status']}\".")
        elif vol["status"] not in ("available", "in-use") or (vol["status"] == "in-use" and not force):
            raise errors.invalid_volume(f"Volume to be backed up must be available or in-use, but the current status "
                                        f"is \"{vol['status']}\".") if vol["status"] != "in-use" else \
                errors.invalid_volume('Volume to be backed up must be available but the current status is "in-use".')
        parent = None
        if incremental:
            parent = conn.execute(sa.select(t.backups.c.id).where(
                t.backups.c.volume_id == vol["id"], t.backups.c.status == "available")
                .order_by(t.backups.c.created_at.desc()).limit(1)).scalar()
            if parent is None:
                raise errors.invalid_backup("No backups available to do an incremental backup.")
        quotas.check(req.cloud, conn, vol["project_id"], {"backups": 1, "backup_gigabytes": vol["size"]})
        stamp = manager.now(req.cloud)
        container = spec.get("container") or req.cloud.model.block_storage.backup.container
        row = {"id": uuid_str(), "project_id": vol["project_id"], "user_id": req.context.user_id,
               "volume_id": vol["id"], "snapshot_id": spec.get("snapshot_id"), "name": spec.get("name"),
               "description": spec.get("description"), "size": vol["size"], "status": "creating",
               "availability_zone": vol["availability_zone"], "container": container,
               "is_incremental": incremental, "parent_id": parent, "fail_reason": None, "object_count": 0,
               "metadata": dict(spec.get("metadata") or {}),
               "source_volume": {"bootable": bool(vol["bootable"]), "image_metadata": vol["image_metadata"],
                                 "metadata": dict(vol["metadata"] or {})},
               "data_timestamp": stamp, "created_at": stamp, "updated_at": None}
        conn.execute(t.backups.insert().values(**row))
        previous = vol["status"]
        if not spec.get("snapshot_id"):
            conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="backing-up"))
    lifecycle.later(req.cloud, "backup", steps.finish_backup, row["id"], vol["id"], previous)
    return json_response({"backup": views.backup_summary(req, row)}, 202)


def _find(req: Req, conn: Any) -> dict[str, Any]:
    row = manager.find_backup(conn, req.params["backup_id"], common.owner_filter(req))
    return row


def _has_dependents(conn: Any, backup_id: str) -> bool:
    return (
        conn.execute(sa.select(t.backups.c.id).where(t.backups.c.parent_id == backup_id).limit(1)).first() is not None
    )


LISTING = common.Listing(
    "backups",
    t.backups,
    (
        Attr("id", sort=True),
        Attr("name", filter=True, sort=True),
        Attr("status", filter=True, sort=True),
        Attr("volume_id", filter=True, sort=True),
        Attr("size", sort=True),
        Attr("created_at", sort=True),
        Attr("updated_at", sort=True),
    ),
    with_count=True,
)


async def _list(req: Req, detail: bool) -> Any:
    project_id = common.project_of(req)
    common.authorize(req, "backup:get_all", project_id)

    def render(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not detail:
            return [views.backup_summary(req, r) for r in rows]
        ids = [r["id"] for r in rows]
        parents = set()
        if ids:  # which of these backups have incremental children
            parents = {
                r[0] for r in conn.execute(sa.select(t.backups.c.parent_id).where(t.backups.c.parent_id.in_(ids)))
            }
        return [views.backup(req, r, r["id"] in parents) for r in rows]

    return common.run_list(req, LISTING, render)


async def index(req: Req) -> Any:
    return await _list(req, False)


async def detail(req: Req) -> Any:
    return await _list(req, True)


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _find(req, conn)
        common.authorize(req, "backup:get", row["project_id"])
        return {"backup": views.backup(req, row, _has_dependents(conn, row["id"]))}


async def update(req: Req) -> Any:
    if not req.at_least(3, 9):
        raise ApiError(405, "The method PUT is not allowed for this resource.", "HTTPMethodNotAllowed")
    spec = await common.body_member(req, "backup")
    validate(spec, schema.update_v3_43 if req.at_least(3, 43) else schema.update_v3_9)
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        common.authorize(req, "backup:update", row["project_id"])
        values = {k: (dict(v or {}) if k == "metadata" else v) for k, v in spec.items()}
        values["updated_at"] = manager.now(req.cloud)
        conn.execute(t.backups.update().where(t.backups.c.id == row["id"]).values(**values))
        row.update(values)
    return {"backup": views.backup_summary(req, row)}


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        common.authorize(req, "backup:delete", row["project_id"])
        if row["status"] not in ("available", "error"):
            raise errors.invalid_backup("Backup status must be available or error")
        if _has_dependents(conn, row["id"]):
            raise errors.invalid_backup("Incremental backups exist for this backup.")
        conn.execute(t.backups.update().where(t.backups.c.id == row["id"]).values(status="deleting"))
    lifecycle.later(req.cloud, "delete", steps.finish_backup_delete, row["id"])
    return empty(202)


async def restore(req: Req) -> Any:
    project_id = common.project_of(req)
    spec = await common.body_member(req, "restore")
    validate(spec, schema.restore)
    with req.cloud.store.begin() as conn:
        backup = _find(req, conn)
        common.authorize(req, "backup:restore", backup["project_id"])
        if backup["status"] != "available":
            raise errors.invalid_backup("Backup status must be available")
        if spec.get("volume_id"):
            vol = manager.find_volume(conn, spec["volume_id"], common.owner_filter(req))
            if vol["status"] != "available":
                raise errors.invalid_volume("Volume to be restored to must be available")
            if vol["size"] < backup["size"]:
                raise errors.invalid_volume(
                    f"volume size {vol['size']} is too small to restore backup of size {backup['size']}."
                )
        else:
            name = spec.get("name") or f"restore_backup_{backup['id']}"
            vol = manager.create_volume(
                req.cloud,
                conn,
                project_id,
                req.context.user_id,
                backup["size"],
                name=name,
                description="auto-created_from_restore_from_backup",
                availability_zone=None,
                admin=req.context.is_admin,
            )
            if vol["status"] == "error":
                raise errors.bad_request("No valid backend was found. No weighed backends available")
        # the target takes the backed-up volume's bootable flag, image metadata and metadata
        origin = backup["source_volume"] or {}
        conn.execute(
            t.volumes.update()
            .where(t.volumes.c.id == vol["id"])
            .values(
                status="restoring-backup",
                bootable=bool(origin.get("bootable")),
                image_metadata=origin.get("image_metadata"),
                metadata={**(vol["metadata"] or {}), **(origin.get("metadata") or {})},
            )
        )
        conn.execute(t.backups.update().where(t.backups.c.id == backup["id"]).values(status="restoring"))
    lifecycle.later(req.cloud, "backup", steps.finish_restore, backup["id"], vol["id"])
    return json_response(
        {"restore": {"backup_id": backup["id"], "volume_id": vol["id"], "volume_name": vol["name"]}}, 202
    )


async def action(req: Req) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1:
        raise errors.bad_request("Malformed request body")
    name, arg = next(iter(body.items()))
    with req.cloud.store.begin() as conn:
        row = _find(req, conn)
        if name == "os-reset_status":
            req.authorize("volume_extension:backup_admin_actions:reset_status", {"project_id": row["project_id"]})
            status = (arg or {}).get("status") if isinstance(arg, dict) else None
            if status not in ("available", "error"):
                raise errors.bad_request(f"Cannot reset-state to {status}")
            conn.execute(t.backups.update().where(t.backups.c.id == row["id"]).values(status=status))
        elif name == "os-force_delete":
            req.authorize("volume_extension:backup_admin_actions:force_delete", {"project_id": row["project_id"]})
            conn.execute(t.backups.update().where(t.backups.c.id == row["id"]).values(status="deleting"))
        else:
            raise errors.bad_request(f"There is no such action: {name}")
    if name == "os-force_delete":
        lifecycle.later(req.cloud, "delete", steps.finish_backup_delete, row["id"])
    return empty(202)


# -- export / import of a backup's record (Cinder's DB-loss recovery) --------------------------------
BACKUP_SERVICE = "cinder.backup.drivers.swift.SwiftBackupDriver"
_RECORD_FIELDS = (
    "id",
    "project_id",
    "user_id",
    "volume_id",
    "snapshot_id",
    "name",
    "description",
    "size",
    "availability_zone",
    "container",
    "is_incremental",
    "parent_id",
    "object_count",
    "metadata",
    "source_volume",
)


async def export_record(req: Req) -> Any:
    common.project_of(req)
    req.authorize("backup:export-import", {"project_id": req.context.project_id})
    with req.cloud.store.read() as conn:
        row = manager.find_backup(conn, req.params["backup_id"])
    if row["status"] != "available":
        raise errors.invalid_backup(f"Backup status must be available and not {row['status']}.")
    record = {key: row[key] for key in _RECORD_FIELDS}
    url = base64.b64encode(json.dumps(record).encode()).decode()
    return {"backup-record": {"backup_service": BACKUP_SERVICE, "backup_url": url}}


async def import_record(req: Req) -> Any:
    common.project_of(req)
    req.authorize("backup:export-import", {"project_id": req.context.project_id})
    spec = await common.body_member(req, "backup-record")
    validate(spec, schema.import_record)
    try:
        record = json.loads(base64.b64decode(spec["backup_url"], validate=True))
        if not isinstance(record, dict):
            raise ValueError
    except (ValueError, binascii.Error):
        raise errors.invalid_backup("Can't parse backup record.") from None
    if not spec["backup_service"].startswith("cinder.backup.drivers"):
        raise errors.bad_request(f"Service {spec['backup_service']} could not be found.")
    backup_id = str(record.get("id") or uuid_str())
    stamp = manager.now(req.cloud)
    row: dict[str, Any] = {
        "id": backup_id,
        "project_id": req.context.project_id,
        "user_id": req.context.user_id,
        "volume_id": str(record.get("volume_id") or ""),
        "snapshot_id": record.get("snapshot_id"),
        "name": record.get("name"),
        "description": record.get("description"),
        "size": int(record.get("size") or 0),
        "status": "available",
        "availability_zone": record.get("availability_zone"),
        "container": record.get("container"),
        "is_incremental": bool(record.get("is_incremental")),
        "parent_id": record.get("parent_id"),
        "fail_reason": None,
        "object_count": int(record.get("object_count") or 0),
        "metadata": record.get("metadata") if isinstance(record.get("metadata"), dict) else {},
        "source_volume": record.get("source_volume") if isinstance(record.get("source_volume"), dict) else None,
        "data_timestamp": stamp,
        "created_at": stamp,
        "updated_at": None,
    }
    with req.cloud.store.begin() as conn:
        if conn.execute(sa.select(t.backups.c.id).where(t.backups.c.id == backup_id)).first() is not None:
            raise errors.invalid_backup("Backup already exists in database.")
        conn.execute(t.backups.insert().values(**row))
    return json_response({"backup": views.backup_summary(req, row)}, 201)
