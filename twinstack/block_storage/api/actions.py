"""POST /volumes/{id}/action: Cinder's volume actions (volume_actions, admin_actions, retype,
image upload, the legacy attach/detach steps), each with its status rule in Cinder's words."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, lifecycle, manager
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.manager import quotas, scheduler
from twinstack.block_storage.schemas import volume_actions as schema
from twinstack.core.convert import is_bool_like, to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

VOLUME_STATUSES = ("available", "error", "creating", "deleting", "in-use", "attaching", "detaching",
                   "error_deleting", "maintenance", "reserved", "extending", "error_extending",
                   "error_restoring", "restoring-backup", "backing-up", "downloading", "uploading", "retyping",
                   "awaiting-transfer", "error_managing", "managing")
Action = Callable[[Req, Any, dict[str, Any], Any], Awaitable[Any]]


def _string(arg: Any, key: str, required: bool = False) -> str | None:
    """A string member of an action's body, or Cinder's 400 naming it."""
    value = arg.get(key) if isinstance(arg, dict) else None
    if value is None:
        if required:
            raise errors.bad_request(f"Invalid input for field/attribute {key}. Value: None. None is not of type "
                                     "'string'")
        return None
    if not isinstance(value, str):
        raise errors.bad_request(f"Invalid input for field/attribute {key}. Value: {value!r}. {value!r} is not of "
                                 "type 'string'")
    return value


def _attachment_for(conn: Any, vol: dict[str, Any], attachment_id: str | None) -> dict[str, Any] | None:
    query = sa.select(t.attachments).where(t.attachments.c.volume_id == vol["id"])
    if attachment_id:
        query = query.where(t.attachments.c.id == attachment_id)
    rows = conn.execute(query).mappings().all()
    if attachment_id and not rows:
        raise errors.attachment_not_found(attachment_id)
    return dict(rows[0]) if len(rows) == 1 or (rows and attachment_id) else None


async def extend(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    validate(arg, schema.extend)
    new_size = int(arg["new_size"])
    expected = ("available", "in-use") if req.at_least(3, 42) else ("available",)
    common.authorize(req, "volume:extend_attached_volume" if vol["status"] == "in-use" else "volume:extend",
                     vol["project_id"])
    if vol["status"] not in expected:
        raise errors.invalid_volume(f"Volume {vol['id']} status must be '{{'status': {expected!r}}}' to extend, "
                                    f"currently {vol['status']}.".replace("('available',)", "'available'"))
    if new_size <= vol["size"]:
        raise errors.invalid_input(f"New size for extend must be greater than current size. (current: {vol['size']}, "
                                   f"extended: {new_size}).")
    delta = new_size - vol["size"]
    type_name = conn.execute(sa.select(t.types.c.name).where(t.types.c.id == vol["type_id"])).scalar()
    quotas.check(req.cloud, conn, vol["project_id"], {"gigabytes": delta}, type_name)
    if not vol["backend"] or not scheduler.grow(conn, vol["backend"], delta):
        # Cinder's scheduler finds no room: the volume keeps its size and status (a user message says why)
        return empty(202)
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"])
                 .values(status="extending", extend_target=new_size, updated_at=manager.now(req.cloud)))
    previous = vol["status"]

    def finish(cloud: Any, c: Any, volume_id: str) -> None:
        c.execute(t.volumes.update().where(t.volumes.c.id == volume_id, t.volumes.c.status == "extending")
                  .values(status=previous, size=new_size, extend_target=None, updated_at=manager.now(cloud)))

    return ("extend", finish)


async def extend_completion(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    if not req.at_least(3, 71):
        raise errors.bad_request("There is no such action: os-extend_volume_completion")
    if vol["status"] != "extending":
        raise errors.invalid_volume("Volume is not being extended.")
    return empty(202)


async def retype(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    validate(arg, schema.retype)
    common.authorize(req, "volume:retype", vol["project_id"])
    if vol["status"] not in ("available", "in-use"):
        raise errors.invalid_volume("Retype needs volume to be in available or in-use state, not be part of an "
                                    "active migration or a consistency group, requested type has to be different "
                                    "that the one from the volume, and for in-use volumes front-end qos specs "
                                    "cannot change.")
    try:
        new = manager.find_type(conn, arg["new_type"], None if req.context.is_admin else vol["project_id"])
    except ApiError:
        raise errors.invalid_input(f"Invalid volume_type passed: {arg['new_type']}.") from None
    if new["id"] == vol["type_id"]:
        raise errors.invalid_input("Retype needs volume to be in available or in-use state, not be part of an active "
                                   "migration or a consistency group, requested type has to be different that the "
                                   "one from the volume, and for in-use volumes front-end qos specs cannot change.")
    wanted_backend = (new["extra_specs"] or {}).get("volume_backend_name")
    values: dict[str, Any] = {"type_id": new["id"], "updated_at": manager.now(req.cloud)}
    current = conn.execute(sa.select(t.backends).where(t.backends.c.name == vol["backend"])).mappings().first()
    if wanted_backend and (current is None or current["volume_backend_name"] != wanted_backend):
        if (arg.get("migration_policy") or "never") == "never":
            raise errors.bad_request(f"Retype of volume {vol['id']} requires migration but migration_policy is "
                                     "'never'.")
        target = scheduler.claim(conn, vol["size"], None, wanted_backend, exclude=vol["backend"])
        if target is None:
            raise errors.bad_request("No valid backend was found. No weighed backends available")
        scheduler.release(conn, vol["backend"], vol["size"])
        values.update(backend=target["name"], availability_zone=target["availability_zone"], migration_status="success")
    if (new["extra_specs"] or {}).get("multiattach") is not None:
        values["multiattach"] = manager.extra_spec_true(new["extra_specs"]["multiattach"])
    # only the new type's own quotas can overflow: the project totals do not change
    limits = quotas.limits(req.cloud, conn, vol["project_id"])
    if limits.get(f"volumes_{new['name']}", -1) >= 0 or limits.get(f"gigabytes_{new['name']}", -1) >= 0:
        quotas.check(req.cloud, conn, vol["project_id"], {"volumes_" + new["name"]: 1,
                                                          "gigabytes_" + new["name"]: vol["size"]})
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(**values))
    return empty(202)


async def set_bootable(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    if not isinstance(arg, dict) or "bootable" not in arg:
        raise errors.invalid_input("Must specify bootable in request.")
    common.authorize(req, "volume:update_bootable", vol["project_id"])
    value = arg["bootable"]
    if not is_bool_like(value):  # Cinder's parameter_types.boolean: oslo's spellings, strictly
        raise errors.invalid_input(f"Invalid value '{value}' for bootable. Accepted values are True or False.")
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(bootable=to_bool(value)))
    return empty(200)


async def readonly(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    if not isinstance(arg, dict) or "readonly" not in arg:
        raise errors.invalid_input("Must specify readonly in request.")
    common.authorize(req, "volume:update_readonly_flag", vol["project_id"])
    if vol["status"] != "available":
        raise errors.invalid_volume(f"Volume {vol['id']} status must be available to update readonly flag, but "
                                    f"current status is: {vol['status']}.")
    flag = to_bool(arg["readonly"])
    # Cinder keeps the flag in admin metadata and shows it among the volume's metadata
    meta = {**(vol["metadata"] or {}), "readonly": str(flag)}
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(readonly=flag, metadata=meta))
    return empty(202)


async def reset_status(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    req.authorize("volume_extension:volume_admin_actions:reset_status", {"project_id": vol["project_id"]})
    validate(arg, schema.reset_status)
    values: dict[str, Any] = {"updated_at": manager.now(req.cloud)}
    if "status" in arg:
        status = arg["status"].lower()
        if status not in VOLUME_STATUSES:
            raise errors.bad_request(f"Cannot reset-state to {status}")
        values["status"] = status
    if "attach_status" in arg:
        values["attach_status"] = arg["attach_status"]
    if "migration_status" in arg:
        values["migration_status"] = None if arg["migration_status"] in (None, "none") else arg["migration_status"]
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(**values))
    return empty(202)


async def force_delete(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    req.authorize("volume_extension:volume_admin_actions:force_delete", {"project_id": vol["project_id"]})
    conn.execute(t.attachments.delete().where(t.attachments.c.volume_id == vol["id"]))
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"])
                 .values(status="deleting", attach_status="detached"))
    conn.execute(t.snapshots.update().where(t.snapshots.c.volume_id == vol["id"]).values(status="deleting"))
    return ("delete", manager.finish_delete)


# -- the legacy attach/detach steps Nova used before the attachments API ---------------------------
async def reserve(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:reserve", vol["project_id"])
    expected = ("available", "in-use") if vol["multiattach"] else ("available",)
    if vol["status"] not in expected:
        raise errors.invalid_volume(f"Volume status must be {' or '.join(expected)} to reserve, but the status is "
                                    f"{vol['status']}.")
    manager.set_status(req.cloud, conn, vol["id"], expected, "attaching")
    return empty(202)


async def unreserve(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:unreserve", vol["project_id"])
    if vol["status"] == "attaching":
        attached = conn.execute(
            sa.select(t.attachments.c.id).where(
                t.attachments.c.volume_id == vol["id"], t.attachments.c.attach_status == "attached"
            )
        ).first()
        manager.set_status(req.cloud, conn, vol["id"], ("attaching",), "in-use" if attached else "available")
    return empty(202)


async def begin_detaching(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:begin_detaching", vol["project_id"])
    if vol["status"] != "in-use" or vol["attach_status"] != "attached":
        raise errors.invalid_volume(
            "Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach."
        )
    manager.set_status(req.cloud, conn, vol["id"], ("in-use",), "detaching")
    return empty(202)


async def roll_detaching(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:roll_detaching", vol["project_id"])
    manager.set_status(req.cloud, conn, vol["id"], ("detaching",), "in-use")
    return empty(202)


async def attach(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    validate(arg, schema.attach)
    common.authorize(req, "volume_extension:volume_actions:attach", vol["project_id"])
    if not arg.get("instance_uuid") and not arg.get("host_name"):
        raise errors.bad_request("Invalid request to attach volume to an invalid target")
    mode = arg.get("mode", "rw")
    if vol["readonly"] and mode == "rw":
        raise errors.invalid_volume(f"Invalid attaching mode '{mode}' for volume {vol['id']}.")
    allowed = ("available", "attaching", "reserved") + (("in-use",) if vol["multiattach"] else ())
    if vol["status"] not in allowed:
        raise errors.invalid_volume(
            f"Volume {vol['id']} status must be available or attaching, but current status is: {vol['status']}."
        )
    stamp = manager.now(req.cloud)
    att = (
        conn.execute(
            sa.select(t.attachments).where(
                t.attachments.c.volume_id == vol["id"],
                t.attachments.c.instance_uuid == arg.get("instance_uuid"),
                t.attachments.c.attach_status != "attached",
            )
        )
        .mappings()
        .first()
    )
    if att is None:
        att_id = manager.reserve(
            req.cloud, conn, {**vol, "status": "available"}, arg.get("instance_uuid"), vol["project_id"]
        )["id"]
    else:
        att_id = att["id"]
    conn.execute(t.attachments.update().where(t.attachments.c.id == att_id).values(attach_mode=mode, attach_time=stamp))
    manager.complete(req.cloud, conn, vol, att_id, arg["mountpoint"], arg.get("host_name"))
    return empty(202)


async def detach(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:detach", vol["project_id"])
    att = _attachment_for(conn, vol, _string(arg, "attachment_id"))
    if att is None:
        if vol["status"] == "available":
            return empty(202)  # Cinder answers 202; the volume manager finds nothing to do
        raise errors.invalid_volume("Detach volume failed: more than one attachment, but no attachment_id provided.")
    manager.remove_attachment(req.cloud, conn, vol, att["id"])
    return empty(202)


async def force_detach(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    req.authorize("volume_extension:volume_admin_actions:force_detach", {"project_id": vol["project_id"]})
    attachment_id = _string(arg, "attachment_id")
    rows = conn.execute(sa.select(t.attachments.c.id).where(t.attachments.c.volume_id == vol["id"])).all()
    for (att_id,) in rows:
        if attachment_id is None or att_id == attachment_id:
            manager.remove_attachment(req.cloud, conn, vol, att_id)
    if not rows:
        manager.set_status(req.cloud, conn, vol["id"], tuple(VOLUME_STATUSES), "available", attach_status="detached")
    return empty(202)


async def initialize_connection(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:initialize_connection", vol["project_id"])
    if not isinstance(arg, dict) or not isinstance(arg.get("connector"), dict):
        raise errors.bad_request("Must specify 'connector'")
    att = _attachment_for(conn, vol, None)
    return {"connection_info": manager.connection_info(vol, att["id"] if att else "", arg["connector"])}


async def terminate_connection(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume_extension:volume_actions:terminate_connection", vol["project_id"])
    if not isinstance(arg, dict) or not isinstance(arg.get("connector"), dict):
        raise errors.bad_request("Must specify 'connector'")
    return empty(202)


# -- images ----------------------------------------------------------------------------------------
async def upload_image(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    validate(arg, schema.upload_image)
    common.authorize(req, "volume_extension:volume_actions:upload_image", vol["project_id"])
    force = to_bool(arg.get("force", False))
    if vol["status"] not in ("available", "in-use") or (vol["status"] == "in-use" and not force):
        raise errors.invalid_volume(
            f"Volume {vol['id']} status must be available, but current status is: {vol['status']}."
        )
    disk_format = arg.get("disk_format", "raw")
    container_format = arg.get("container_format", "bare")
    previous = vol["status"]
    image_id = manager.upload_to_image(
        req.cloud, conn, vol, arg["image_name"], disk_format, container_format, arg.get("visibility", "private")
    )
    type_row = conn.execute(sa.select(t.types).where(t.types.c.id == vol["type_id"])).mappings().first()
    body = {
        "os-volume_upload_image": {
            "id": vol["id"],
            "updated_at": None,
            "status": "uploading",
            "display_description": vol["description"],
            "size": vol["size"],
            "volume_type": (
                {
                    "id": type_row["id"],
                    "name": type_row["name"],
                    "description": type_row["description"],
                    "is_public": type_row["is_public"],
                    "extra_specs": type_row["extra_specs"],
                }
                if type_row
                else None
            ),
            "image_id": image_id,
            "container_format": container_format,
            "disk_format": disk_format,
            "image_name": arg["image_name"],
        }
    }
    if req.at_least(3, 1):
        body["os-volume_upload_image"].update(
            visibility=arg.get("visibility", "private"), protected=to_bool(arg.get("protected", False))
        )

    def finish(cloud: Any, c: Any, volume_id: str) -> None:
        c.execute(
            t.volumes.update()
            .where(t.volumes.c.id == volume_id, t.volumes.c.status == "uploading")
            .values(status=previous)
        )

    return ("create", finish, json_response(body, 202))


async def set_image_metadata(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume:update", vol["project_id"])
    meta = (arg or {}).get("metadata") if isinstance(arg, dict) else None
    if not isinstance(meta, dict):
        raise errors.bad_request("Malformed request body")
    merged = {**(vol["image_metadata"] or {}), **{k: str(v) for k, v in meta.items()}}
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(image_metadata=merged))
    return {"metadata": merged}


async def unset_image_metadata(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    common.authorize(req, "volume:update", vol["project_id"])
    key = _string(arg, "key", required=True)
    current = dict(vol["image_metadata"] or {})
    if key not in current:
        raise ApiError(
            404, f"Glance metadata for volume/snapshot {vol['id']} cannot be found.", "GlanceMetadataNotFound"
        )
    current.pop(key)
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(image_metadata=current))
    return empty(200)


async def show_image_metadata(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    return {"metadata": dict(vol["image_metadata"] or {})}


async def revert(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    if not req.at_least(3, 40):
        raise errors.bad_request("There is no such action: revert")
    common.authorize(req, "volume:update", vol["project_id"])
    snap_id = _string(arg, "snapshot_id", required=True)
    snap = manager.find_snapshot(conn, snap_id or "", vol["project_id"])
    latest = conn.execute(
        sa.select(t.snapshots.c.id)
        .where(t.snapshots.c.volume_id == vol["id"])
        .order_by(t.snapshots.c.created_at.desc())
        .limit(1)
    ).scalar()
    if snap["volume_id"] != vol["id"] or latest != snap["id"]:
        raise errors.invalid_snapshot(
            f"Can't revert volume {vol['id']} to its latest snapshot {snap['id']}. The "
            "snapshot must be the latest one known to cinder."
        )
    if vol["status"] != "available" or snap["status"] != "available":
        raise errors.invalid_volume(
            f"Volume {vol['id']} status must be available, but current status is: {vol['status']}."
        )
    return empty(202)


async def reimage(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    """os-reimage (3.68): the volume is rewritten from an image (downloading, then back)."""
    if not req.at_least(3, 68):
        raise errors.bad_request("There is no such action: os-reimage")
    validate(arg, schema.reimage)
    common.authorize(req, "volume:update", vol["project_id"])
    attached = conn.execute(
        sa.select(sa.func.count()).select_from(t.attachments).where(t.attachments.c.volume_id == vol["id"])
    ).scalar()
    if attached and attached > 1:
        raise ApiError(409, "Cannot re-image a volume which is attached to more than one server.", "Conflict")
    reserved_ok = to_bool(arg.get("reimage_reserved", False))
    expected = ("available", "error", "reserved") if reserved_ok else ("available", "error")
    if vol["status"] not in expected:
        raise errors.invalid_volume(
            f"Volume {vol['id']} status must be {' or '.join(expected)}, but current status is {vol['status']}."
        )
    image = manager._get_image(req.cloud, conn, arg["image_id"], vol["project_id"], req.context.is_admin)
    size_gb = -(-int(image.get("size") or 0) // manager.GiB)
    if size_gb > vol["size"] or int(image.get("min_disk") or 0) > vol["size"]:
        raise errors.invalid_input(
            f"Size of specified image {max(size_gb, int(image.get('min_disk') or 0))}GB is "
            f"larger than volume size {vol['size']}GB."
        )
    meta = {
        "image_id": image["id"],
        "image_name": image.get("name") or "",
        "checksum": image.get("checksum") or "",
        "container_format": image.get("container_format"),
        "disk_format": image.get("disk_format"),
        "min_disk": str(image.get("min_disk") or 0),
        "min_ram": str(image.get("min_ram") or 0),
        "size": str(image.get("size") or 0),
    }
    previous = vol["status"] if vol["status"] != "error" else "available"
    conn.execute(
        t.volumes.update()
        .where(t.volumes.c.id == vol["id"])
        .values(status="downloading", image_metadata=meta, bootable=True)
    )

    def finish(cloud: Any, c: Any, volume_id: str) -> None:
        c.execute(
            t.volumes.update()
            .where(t.volumes.c.id == volume_id, t.volumes.c.status == "downloading")
            .values(status=previous, updated_at=manager.now(cloud))
        )

    return ("create", finish)


async def migrate(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    """os-migrate_volume (admin): move the volume, and its space, to another backend."""
    req.authorize("volume_extension:volume_admin_actions:migrate_volume", {"project_id": vol["project_id"]})
    host = _string(arg, "host") or (_string(arg, "cluster") if req.at_least(3, 16) else None)
    if not host:
        raise errors.bad_request("Missing required element 'host' in request body.")
    if (
        vol["status"] not in ("available", "in-use")
        or vol.get("group_id")
        or vol["migration_status"] not in (None, "", "success", "error")
    ):
        raise errors.invalid_volume(
            f"Volume {vol['id']} status must be available or in-use, must not be migrating, "
            "have snapshots, be replicated, be part of a group and destination host must be "
            "different than the current host."
        )
    if conn.execute(sa.select(t.snapshots.c.id).where(t.snapshots.c.volume_id == vol["id"]).limit(1)).first():
        raise errors.invalid_volume("Volume must not have snapshots.")
    backend_host = host.split("#", 1)[0]
    target = conn.execute(sa.select(t.backends).where(t.backends.c.host == backend_host)).mappings().first()
    if target is None:
        raise errors.bad_request(f"No available service named '{host}'")
    if target["name"] == vol["backend"]:
        raise errors.invalid_volume("Destination host must be different than the current host.")
    if not scheduler.grow(conn, target["name"], vol["size"]):
        conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(migration_status="error"))
        return empty(202)  # Cinder's migration fails after the API answered
    scheduler.release(conn, vol["backend"], vol["size"])
    conn.execute(
        t.volumes.update()
        .where(t.volumes.c.id == vol["id"])
        .values(
            backend=target["name"],
            availability_zone=target["availability_zone"],
            migration_status="success",
            updated_at=manager.now(req.cloud),
        )
    )
    return empty(202)


async def unmanage(req: Req, conn: Any, vol: dict[str, Any], arg: Any) -> Any:
    """os-unmanage (admin): Cinder forgets the volume; the data would stay on the backend."""
    req.authorize("volume_extension:volume_unmanage", {"project_id": vol["project_id"]})
    manager.check_deletable(conn, vol)
    conn.execute(t.volumes.update().where(t.volumes.c.id == vol["id"]).values(status="deleting"))
    return ("delete", manager.finish_delete)


ACTIONS: dict[str, Action] = {
    "os-extend": extend,
    "os-extend_volume_completion": extend_completion,
    "os-retype": retype,
    "os-set_bootable": set_bootable,
    "os-update_readonly_flag": readonly,
    "os-reset_status": reset_status,
    "os-force_delete": force_delete,
    "os-reserve": reserve,
    "os-unreserve": unreserve,
    "os-begin_detaching": begin_detaching,
    "os-roll_detaching": roll_detaching,
    "os-attach": attach,
    "os-detach": detach,
    "os-force_detach": force_detach,
    "os-initialize_connection": initialize_connection,
    "os-terminate_connection": terminate_connection,
    "os-volume_upload_image": upload_image,
    "os-set_image_metadata": set_image_metadata,
    "os-unset_image_metadata": unset_image_metadata,
    "os-show_image_metadata": show_image_metadata,
    "revert": revert,
    "os-reimage": reimage,
    "os-migrate_volume": migrate,
    "os-unmanage": unmanage,
}


async def action(req: Req) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1:
        raise errors.bad_request("Malformed request body")
    name, arg = next(iter(body.items()))
    handler = ACTIONS.get(name)
    if handler is None:
        raise errors.bad_request(f"There is no such action: {name}")
    owner = common.owner_filter(req)
    followup = None
    with req.cloud.store.begin() as conn:
        vol = manager.find_volume(conn, req.params["volume_id"], owner)
        result = await handler(req, conn, vol, arg)
        if isinstance(result, tuple):
            followup, result = result[:2], (result[2] if len(result) > 2 else empty(202))
    if followup is not None:
        lifecycle.later(req.cloud, followup[0], followup[1], vol["id"])
    return result
