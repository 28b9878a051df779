"""Block storage's domain layer. Here: volume operations shared by the API handlers and local.py
(Cinder's volume/api.py, small): who may see what, the status rules for each action in Cinder's words,
capacity and quota taken in the same transaction as the record they pay for. Beside it: quotas.py,
scheduler.py and steps.py (the backup and group steps ``lifecycle.later`` runs)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import errors
from twinstack.block_storage import tables as t
from twinstack.block_storage.manager import quotas, scheduler
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.image import local as image_local
from twinstack.key_manager import local as key_manager

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

GiB = 1024 ** 3
DELETABLE = ("available", "error", "error_restoring", "error_extending", "error_managing")
DELETE_MESSAGE = ("Volume status must be available or error or error_restoring or error_extending or "
                  "error_managing and must not be migrating, attached, belong to a group, have snapshots, "
                  "awaiting a transfer, or be disassociated from snapshots after volume transfer.")


def now(cloud: Cloud) -> datetime:
    return cloud.clock.now()


def extra_spec_true(value: Any) -> bool:
    """Cinder writes booleans in extra specs as ``<is> True``."""
    if value is None:
        return False
    text = str(value).strip()
    if text.lower().startswith("<is>"):
        text = text[4:].strip()
    return to_bool(text)


def fault(cloud: Cloud, event: str, **attrs: Any) -> Any:
    """Ask the fault engine whether this volume event should go wrong (volume_error, stuck attaching)."""
    check = getattr(cloud.faults, "check", None)
    return check(event, service="block_storage", **attrs) if check is not None else None


# -- lookups ---------------------------------------------------------------------------------------
def find_volume(conn: Connection, volume_id: str, project_id: str | None = None) -> dict[str, Any]:
    """The volume, or Cinder's 404 when it is missing or belongs to another project."""
    query = sa.select(t.volumes).where(t.volumes.c.id == volume_id)
    if project_id is not None:
        query = query.where(t.volumes.c.project_id == project_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.volume_not_found(volume_id)
    return dict(row)


def find_snapshot(conn: Connection, snapshot_id: str, project_id: str | None = None) -> dict[str, Any]:
    query = sa.select(t.snapshots).where(t.snapshots.c.id == snapshot_id)
    if project_id is not None:
        query = query.where(t.snapshots.c.project_id == project_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.snapshot_not_found(snapshot_id)
    return dict(row)


def find_backup(conn: Connection, backup_id: str, project_id: str | None = None) -> dict[str, Any]:
    query = sa.select(t.backups).where(t.backups.c.id == backup_id)
    if project_id is not None:
        query = query.where(t.backups.c.project_id == project_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.backup_not_found(backup_id)
    return dict(row)


def type_visible(conn: Connection, row: dict[str, Any], project_id: str | None) -> bool:
    if row["is_public"] or project_id is None:
        return True
    return conn.execute(sa.select(t.type_access.c.type_id).where(
        t.type_access.c.type_id == row["id"], t.type_access.c.project_id == project_id)).first() is not None


def find_type(conn: Connection, ref: str, project_id: str | None = None, by_name: bool = True) -> dict[str, Any]:
    """A volume type by id, else by name (Cinder accepts either), visible to ``project_id``."""
    row = conn.execute(sa.select(t.types).where(t.types.c.id == ref)).mappings().first()
    if row is None and by_name:
        row = conn.execute(sa.select(t.types).where(t.types.c.name == ref)).mappings().first()
    if row is None or not type_visible(conn, dict(row), project_id):
        raise errors.type_not_found(ref)
    return dict(row)


def default_type(cloud: Cloud, conn: Connection, project_id: str) -> dict[str, Any] | None:
    """The project's default type (3.62), else the configured one, else __DEFAULT__."""
    row = conn.execute(sa.select(t.types).join(t.default_types, t.default_types.c.type_id == t.types.c.id)
                       .where(t.default_types.c.project_id == project_id)).mappings().first()
    if row is not None:
        return dict(row)
    section = getattr(cloud.model, "block_storage", None)
    for name in ((section.default_volume_type if section else None), "__DEFAULT__"):
        if name:
            row = conn.execute(sa.select(t.types).where(t.types.c.name == name)).mappings().first()
            if row is not None:
                return dict(row)
    return None


# -- volumes ---------------------------------------------------------------------------------------
def create_volume(cloud: Cloud, conn: Connection, project_id: str, user_id: str, size: int | None,
                  name: str | None = None, description: str | None = None, metadata: dict[str, str] | None = None,
                  volume_type: str | None = None, availability_zone: str | None = None,
                  image_id: str | None = None, snapshot_id: str | None = None, source_volid: str | None = None,
                  backup_id: str | None = None, multiattach: bool = False, admin: bool = False,
                  request_id: str = "", group_id: str | None = None) -> dict[str, Any]:
    """Validate, take quota and backend space, insert. Status ``creating`` (or ``error`` when no
    backend has room: Cinder's NoValidBackend happens after the API has answered 202)."""
    lookup_project = None if admin else project_id
    bootable = False
    image_metadata: dict[str, Any] | None = None
    type_row: dict[str, Any] | None = None
    source_size = 0
    if snapshot_id:
        snap = find_snapshot(conn, snapshot_id, lookup_project)
        if snap["status"] != "available":
            raise errors.invalid_snapshot("Originating snapshot status must be one of 'available' values")
        source_size = snap["size"]
        parent = conn.execute(sa.select(t.volumes).where(t.volumes.c.id == snap["volume_id"])).mappings().first()
        if size is None:
            size = source_size
        if size < source_size:
            raise errors.invalid_input(f"Volume size '{size}'GB cannot be smaller than the snapshot size "
                                       f"{source_size}GB. They must be >= original snapshot size.")
        if parent is not None:
            bootable = parent["bootable"]
            image_metadata = parent["image_metadata"]
            availability_zone = availability_zone or parent["availability_zone"]
            if volume_type is None and snap["type_id"]:
                volume_type = snap["type_id"]
    if source_volid:
        src = find_volume(conn, source_volid, lookup_project)
        if src["status"] not in ("available", "in-use"):
            raise errors.invalid_volume(f"Source volume status must be available or in-use, but current status is: "
                                        f"{src['status']}.")
        source_size = src["size"]
        if size is None:
            size = source_size
        if size < source_size:
            raise errors.invalid_input(f"Volume size '{size}'GB cannot be smaller than original volume size  "
                                       f"{source_size}GB. They must be >= original volume size.")
        bootable = src["bootable"]
        image_metadata = src["image_metadata"]
        availability_zone = availability_zone or src["availability_zone"]
        if volume_type is None and src["type_id"]:
            volume_type = src["type_id"]
    if backup_id:
        backup = find_backup(conn, backup_id, lookup_project)
        if backup["status"] != "available":
            raise errors.invalid_backup(f"Backup status must be available but is {backup['status']}.")
        if size is None:
            size = backup["size"]
        if size < backup["size"]:
            raise errors.invalid_input(f"Volume size {size}GB cannot be smaller than the backup size "
                                       f"{backup['size']}GB.")
        origin = backup["source_volume"] or {}
        bootable = bool(origin.get("bootable"))
        image_metadata = origin.get("image_metadata")
    if image_id:
        image = _get_image(cloud, conn, image_id, project_id, admin)
        if image["status"] != "active":
            raise errors.invalid_input(f"Image {image_id} is not active.")
        image_gb = math.ceil((image.get("size") or 0) / GiB)
        if size is None:
            size = max(image_gb, int(image.get("min_disk") or 0), 1)
        if image_gb > size:
            raise errors.invalid_input(f"Size of specified image {image_gb}GB is larger than volume size {size}GB.")
        if int(image.get("min_disk") or 0) > size:
            raise errors.invalid_input(f"Volume size {size}GB cannot be smaller than the image minDisk size "
                                       f"{image['min_disk']}GB.")
        bootable = True
        image_metadata = {"image_id": image["id"], "image_name": image.get("name") or "",
                          "checksum": image.get("checksum") or "", "container_format": image.get("container_format"),
                          "disk_format": image.get("disk_format"), "min_disk": str(image.get("min_disk") or 0),
                          "min_ram": str(image.get("min_ram") or 0), "size": str(image.get("size") or 0)}
        image_metadata.update({k: str(v) for k, v in (image.get("properties") or {}).items()})
    if size is None:
        raise errors.bad_request("Invalid input for field/attribute size. Value: None. None is not of type "
                                 "'integer', 'string'")
    if size <= 0:
        raise errors.invalid_input(f"Invalid volume size provided for create request: {size} (size argument must "
                                   "be an integer (or string representation of an integer) and greater than zero).")
    if volume_type is not None:
        type_row = find_type(conn, volume_type, None if admin else project_id)
    else:
        type_row = default_type(cloud, conn, project_id)
    if group_id is not None:
        group = conn.execute(sa.select(t.groups).where(t.groups.c.id == group_id)).mappings().first()
        if group is None or (not admin and group["project_id"] != project_id):
            raise ApiError(404, f"Group {group_id} could not be found.", "GroupNotFound")
        if group["status"] != "available":
            raise errors.invalid_input(f"Group {group_id} status must be available, but current status is: "
                                       f"{group['status']}.")
        if type_row is None or type_row["id"] not in (group["volume_type_ids"] or []):
            raise errors.invalid_input(f"Invalid volume_type provided: {volume_type} (requested type must be "
                                       f"supported by this group).")
        availability_zone = availability_zone or group["availability_zone"]
    specs = (type_row or {}).get("extra_specs") or {}
    if extra_spec_true(specs.get("multiattach")):
        multiattach = True
    zones = scheduler.availability_zones(conn)
    if availability_zone and availability_zone not in zones:
        raise errors.bad_request(f"Availability zone '{availability_zone}' is invalid.")
    encryption = None if type_row is None else conn.execute(sa.select(t.type_encryption).where(
        t.type_encryption.c.type_id == type_row["id"])).mappings().first()
    quotas.check(cloud, conn, project_id, {"volumes": 1, "gigabytes": size}, type_row["name"] if type_row else None)
    backend = scheduler.claim(conn, size, availability_zone, specs.get("volume_backend_name"), specs=specs)
    stamp = now(cloud)
    row = {
        "id": uuid_str(), "project_id": project_id, "user_id": user_id, "name": name, "description": description,
        "size": size, "status": "creating" if backend else "error", "attach_status": "detached",
        "migration_status": None,
        "availability_zone": backend["availability_zone"] if backend else (availability_zone or (zones or ["nova"])[0]),
        "type_id": type_row["id"] if type_row else None, "backend": backend["name"] if backend else None,
        "bootable": bootable, "readonly": False, "multiattach": multiattach, "metadata": dict(metadata or {}),
        "image_metadata": image_metadata, "snapshot_id": snapshot_id, "source_volid": source_volid,
        "backup_id": backup_id, "extend_target": None, "created_at": stamp, "updated_at": None,
        "encryption_key_id": _new_key(cloud, conn, project_id, user_id, encryption) if encryption and backend else None,
        "group_id": group_id,
        "launched_at": None,
    }
    conn.execute(t.volumes.insert().values(**row))
    if backend is None:
        user_message(cloud, conn, project_id, request_id, str(row["id"]), "VOLUME_VOLUME_001_002",
                     "schedule allocate volume: Could not find any available weighted backend.")
    return row


def _new_key(cloud: Cloud, conn: Connection, project_id: str, user_id: str, encryption: Any) -> str:
    """An encrypted type's volume gets its own key from the key manager, as Cinder's create_encryption_key
    asks castellan for one: AES of the type's key_size (256 when unset)."""
    cipher = (encryption["cipher"] or "aes").split("-")[0]
    return key_manager.create_key(cloud, conn, project_id, user_id, cipher, encryption["key_size"] or 256)


def user_message(cloud: Cloud, conn: Connection, project_id: str, request_id: str, resource_uuid: str,
                 event_id: str, text: str) -> None:
    """A user message (messages API, 3.3): why an asynchronous step failed."""
    stamp = now(cloud)
    conn.execute(t.messages.insert().values(
        id=uuid_str(), project_id=project_id, request_id=request_id or f"req-{uuid_str()}", resource_type="VOLUME",
        resource_uuid=resource_uuid, event_id=event_id, message_level="ERROR", user_message=text,
        created_at=stamp, expires_at=stamp + timedelta(days=30)))


def _get_image(cloud: Cloud, conn: Connection, image_id: str, project_id: str, admin: bool) -> dict[str, Any]:
    image = image_local.get_image(cloud, conn, image_id, None if admin else project_id)
    if image is None:
        raise errors.bad_request("Invalid image identifier or unable to access requested image.")
    return image


def upload_to_image(cloud: Cloud, conn: Connection, vol: dict[str, Any], name: str, disk_format: str,
                    container_format: str, visibility: str) -> str:
    """os-volume_upload_image: an image in Glance holding the volume (its image metadata carried over,
    metadata only: the data is the volume's size), and the volume ``uploading`` until the step ends."""
    props = {k: v for k, v in (vol["image_metadata"] or {}).items()
             if k not in ("image_id", "image_name", "checksum", "size", "min_disk", "min_ram",
                          "container_format", "disk_format")}
    props.update({"disk_format": disk_format, "container_format": container_format, "visibility": visibility})
    image = image_local.create_snapshot(cloud, conn, name, vol["project_id"], props, size=vol["size"] * GiB)
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="uploading"))
    return str(image["id"])


def finish_create(cloud: Cloud, conn: Connection, volume_id: str) -> None:
    vol = conn.execute(sa.select(t.volumes).where(t.volumes.c.id == volume_id)).mappings().first()
    if vol is None or vol["status"] not in ("creating", "restoring-backup"):
        return
    host = conn.execute(sa.select(t.backends.c.host).where(t.backends.c.name == vol["backend"])).scalar()
    rule = fault(cloud, "volume.create", project_id=vol["project_id"], user_id=vol["user_id"], name=vol["name"],
                 host=host)
    if rule is not None:
        # the driver failed: the volume is in error, its space is given back, a user message says why
        conn.execute(t.volumes.update().where(t.volumes.c.id == volume_id)
                     .values(status="error", backend=None, updated_at=now(cloud)))
        scheduler.release(conn, vol["backend"], vol["size"])
        user_message(cloud, conn, vol["project_id"], "", volume_id, "VOLUME_VOLUME_002_002",
                     rule.action.message or "create volume from backend storage:Driver failed to create the volume.")
        return
    conn.execute(t.volumes.update().where(t.volumes.c.id == volume_id)
                 .values(status="available", launched_at=now(cloud), updated_at=now(cloud)))


def set_status(cloud: Cloud, conn: Connection, volume_id: str, expected: tuple[str, ...], status: str,
               **values: Any) -> bool:
    """Cinder's conditional_update: move only from an expected status; True when it moved."""
    result = conn.execute(t.volumes.update().where(t.volumes.c.id == volume_id, t.volumes.c.status.in_(expected))
                          .values(status=status, updated_at=now(cloud), **values))
    return result.rowcount == 1


def check_deletable(conn: Connection, vol: dict[str, Any], cascade: bool = False) -> None:
    if (vol["status"] not in DELETABLE or vol["attach_status"] == "attached" or vol.get("group_id")
            or vol["migration_status"] not in (None, "", "success", "error")):
        raise errors.invalid_volume(DELETE_MESSAGE)
    has_attachments = conn.execute(sa.select(t.attachments.c.id).where(t.attachments.c.volume_id == vol["id"])).first()
    if has_attachments is not None:
        raise errors.invalid_volume(DELETE_MESSAGE)
    if not cascade:
        snap = conn.execute(sa.select(t.snapshots.c.id).where(t.snapshots.c.volume_id == vol["id"])).first()
        if snap is not None:
            raise errors.invalid_volume(DELETE_MESSAGE)
    else:
        busy = conn.execute(sa.select(t.snapshots.c.id).where(
            t.snapshots.c.volume_id == vol["id"], t.snapshots.c.status.not_in(("available", "error")))).first()
        if busy is not None:
            raise errors.invalid_volume("Snapshot of volume not in a valid state to delete.")


def start_delete(cloud: Cloud, conn: Connection, vol: dict[str, Any], cascade: bool = False,
                 force: bool = False) -> None:
    if not force:
        check_deletable(conn, vol, cascade)
    elif vol["status"] in ("attaching", "detaching", "in-use") or vol["attach_status"] == "attached":
        raise errors.invalid_volume(DELETE_MESSAGE)
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="deleting", updated_at=now(cloud)))
    if cascade or force:
        conn.execute(t.snapshots.update().where(t.snapshots.c.volume_id == vol["id"]).values(status="deleting"))
    conn.execute(t.transfers.delete().where(t.transfers.c.volume_id == vol["id"]))


def finish_delete(cloud: Cloud, conn: Connection, volume_id: str) -> None:
    vol = conn.execute(sa.select(t.volumes).where(t.volumes.c.id == volume_id)).mappings().first()
    if vol is None or vol["status"] != "deleting":
        return
    conn.execute(t.snapshots.delete().where(t.snapshots.c.volume_id == volume_id))
    conn.execute(t.attachments.delete().where(t.attachments.c.volume_id == volume_id))
    conn.execute(t.volumes.delete().where(t.volumes.c.id == volume_id))
    scheduler.release(conn, vol["backend"], vol["size"])
    if vol["encryption_key_id"]:  # Cinder's delete_encryption_key: the key goes with the volume
        key_manager.delete_secret(cloud, conn, vol["encryption_key_id"])


# -- attachments -----------------------------------------------------------------------------------
def connection_info(vol: dict[str, Any], attachment_id: str, connector: dict[str, Any] | None) -> dict[str, Any]:
    """A fake iSCSI target, shaped as the LVM driver returns it."""
    return {
        "driver_volume_type": "iscsi",
        "data": {
            "target_discovered": False, "target_portal": "127.0.0.1:3260",
            "target_iqn": f"iqn.2010-10.org.openstack:volume-{vol['id']}", "target_lun": 0,
            "volume_id": vol["id"], "auth_method": "CHAP", "auth_username": "twinstack",
            "auth_password": "twinstack", "encrypted": False, "qos_specs": None,
            "access_mode": "ro" if vol["readonly"] else "rw", "cacheable": False,
            "discard": True, "attachment_id": attachment_id,
        },
        "connector": connector or {},
    }


def reserve(cloud: Cloud, conn: Connection, vol: dict[str, Any], instance_uuid: str | None,
            project_id: str) -> dict[str, Any]:
    """attachment_create's reserve: available (or in-use and multiattach) -> reserved."""
    if "error" in vol["status"]:
        raise errors.invalid_volume(
            f"Volume attachments can not be created if the volume is in an error state. The Volume {vol['id']} "
            f"currently has a status of: {vol['status']} ")
    expected = ("available", "in-use", "downloading") if vol["multiattach"] else ("available", "downloading")
    if vol["status"] not in expected:
        same = instance_uuid and conn.execute(sa.select(t.attachments.c.id).where(
            t.attachments.c.volume_id == vol["id"], t.attachments.c.instance_uuid == instance_uuid)).first()
        if not same:
            statuses = " or ".join(expected[:-1]) if vol["multiattach"] else "available"
            raise errors.invalid_volume(f"Volume {vol['id']} status must be {statuses} to reserve, but the current "
                                        f"status is {vol['status']}.")
    stamp = now(cloud)
    att = {"id": uuid_str(), "volume_id": vol["id"], "project_id": project_id, "instance_uuid": instance_uuid,
           "attached_host": None, "mountpoint": None, "attach_status": "reserved", "attach_mode": None,
           "connector": None, "connection_info": None, "attach_time": None, "detach_time": None,
           "created_at": stamp}
    conn.execute(t.attachments.insert().values(**att))
    if vol["status"] != "in-use":
        conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="reserved", updated_at=stamp))
    return att


def connect(cloud: Cloud, conn: Connection, vol: dict[str, Any], att: dict[str, Any],
            connector: dict[str, Any], mode: str | None = None) -> dict[str, Any]:
    """attachment_update: record the connector, return connection info; the volume is attaching."""
    mode = mode or ("ro" if vol["readonly"] else "rw")
    info = connection_info(vol, att["id"], connector)
    info["data"]["access_mode"] = mode
    values = {"connector": connector, "connection_info": info, "attach_mode": mode,
              "attached_host": connector.get("host"), "mountpoint": connector.get("mountpoint"),
              "attach_status": "attaching"}
    conn.execute(t.attachments.update().where(t.attachments.c.id == att["id"]).values(**values))
    if vol["status"] != "in-use":
        conn.execute(
            t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="attaching", updated_at=now(cloud))
        )
    att.update(values)
    return att


def stuck_attaching(cloud: Cloud, vol: dict[str, Any], host: str | None = None) -> bool:
    """The volume_stuck_attaching outcome: the attach never completes (the volume stays attaching)."""
    return (
        fault(cloud, "volume.attach", project_id=vol["project_id"], user_id=vol["user_id"], name=vol["name"], host=host)
        is not None
    )


def complete(
    cloud: Cloud,
    conn: Connection,
    vol: dict[str, Any],
    attachment_id: str,
    mountpoint: str | None = None,
    host: str | None = None,
) -> None:
    """os-complete / os-attach: the attachment is attached and the volume in-use (unless a fault rule
    keeps it attaching)."""
    if stuck_attaching(cloud, vol, host):
        conn.execute(
            t.attachments.update()
            .where(t.attachments.c.id == attachment_id)
            .values(attach_status="attaching", mountpoint=mountpoint, attached_host=host)
        )
        conn.execute(
            t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="attaching", updated_at=now(cloud))
        )
        return
    values: dict[str, Any] = {"attach_status": "attached", "attach_time": now(cloud)}
    if mountpoint:
        values["mountpoint"] = mountpoint
    if host:
        values["attached_host"] = host
    conn.execute(t.attachments.update().where(t.attachments.c.id == attachment_id).values(**values))
    conn.execute(
        t.volumes.update()
        .where(t.volumes.c.id == vol["id"])
        .values(status="in-use", attach_status="attached", updated_at=now(cloud))
    )


def remove_attachment(cloud: Cloud, conn: Connection, vol: dict[str, Any], attachment_id: str) -> None:
    """attachment_delete / os-detach: drop it; the volume is available once none is left."""
    conn.execute(t.attachments.delete().where(t.attachments.c.id == attachment_id))
    left = conn.execute(sa.select(t.attachments.c.attach_status).where(t.attachments.c.volume_id == vol["id"])).all()
    if not left:
        status, attach_status = "available", "detached"
    elif any(s[0] == "attached" for s in left):
        status, attach_status = "in-use", "attached"
    else:
        status, attach_status = "reserved", "detached"
    conn.execute(
        t.volumes.update()
        .where(t.volumes.c.id == vol["id"])
        .values(status=status, attach_status=attach_status, updated_at=now(cloud))
    )


# -- snapshots -------------------------------------------------------------------------------------
def create_snapshot(
    cloud: Cloud,
    conn: Connection,
    vol: dict[str, Any],
    project_id: str,
    user_id: str,
    name: str | None,
    description: str | None = None,
    force: bool = False,
    metadata: dict[str, str] | None = None,
    allow_in_use: bool = False,
    group_snapshot_id: str | None = None,
) -> dict[str, Any]:
    if vol["migration_status"] not in (None, "", "success", "error"):
        raise errors.invalid_volume("Snapshot cannot be created while volume is migrating.")
    if vol["status"] == "in-use" and not (force or allow_in_use):
        raise errors.invalid_volume(f"Volume {vol['id']} status must be available, but current status is: in-use.")
    if vol["status"] not in ("available", "in-use"):
        raise errors.invalid_volume(
            f"Volume {vol['id']} status must be available or in-use, but current status is: {vol['status']}."
        )
    type_name = None
    if vol["type_id"]:
        type_name = conn.execute(sa.select(t.types.c.name).where(t.types.c.id == vol["type_id"])).scalar()
    quotas.check(cloud, conn, project_id, {"snapshots": 1, "gigabytes": vol["size"]}, type_name)
    row = {
        "id": uuid_str(),
        "project_id": project_id,
        "user_id": user_id,
        "volume_id": vol["id"],
        "type_id": vol["type_id"],
        "name": name,
        "description": description,
        "size": vol["size"],
        "status": "creating",
        "progress": "0%",
        "metadata": dict(metadata or {}),
        "created_at": now(cloud),
        "group_snapshot_id": group_snapshot_id,
        "updated_at": None,
    }
    conn.execute(t.snapshots.insert().values(**row))
    return row


def finish_snapshot(cloud: Cloud, conn: Connection, snapshot_id: str) -> None:
    conn.execute(
        t.snapshots.update()
        .where(t.snapshots.c.id == snapshot_id, t.snapshots.c.status == "creating")
        .values(status="available", progress="100%", updated_at=now(cloud))
    )


def finish_snapshot_delete(cloud: Cloud, conn: Connection, snapshot_id: str) -> None:
    conn.execute(t.snapshots.delete().where(t.snapshots.c.id == snapshot_id, t.snapshots.c.status == "deleting"))
