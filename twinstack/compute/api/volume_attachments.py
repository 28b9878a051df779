"""``/servers/{id}/os-volume_attachments``: attach and detach Cinder volumes through
``twinstack/block_storage/local.py``."""

from __future__ import annotations

from typing import Any

from twinstack.block_storage import local as block_storage
from twinstack.compute import tables as t
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import volume_attachments as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate
from twinstack.key_manager import local as key_manager

ALLOWED = [s.ACTIVE, s.PAUSED, s.STOPPED, s.SOFT_DELETED, s.SHELVED, s.SHELVED_OFFLOADED, s.RESIZED, s.SUSPENDED]
def _view(req: Req, uuid: str, bdm: dict[str, Any]) -> dict[str, Any]:
    body = {"id": bdm["volume_id"], "serverId": uuid, "volumeId": bdm["volume_id"], "device": bdm.get("device_name")}
    if req.at_least(2, 70):
        body["tag"] = bdm.get("tag")
    if req.at_least(2, 79):
        body["delete_on_termination"] = bool(bdm.get("delete_on_termination"))
    if req.at_least(2, 89):
        body.pop("id")
        body["attachment_id"] = bdm.get("attachment_id")
        body["bdm_uuid"] = bdm.get("bdm_uuid")
    return body


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-volumes-attachments:index", {"project_id": row["project_id"]})
    return {"volumeAttachments": [_view(req, row["uuid"], b) for b in row["block_devices"] or [] if b.get("volume_id")]}


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-volumes-attachments:show", {"project_id": row["project_id"]})
    for b in row["block_devices"] or []:
        if b.get("volume_id") == req.params["volume_id"]:
            return {"volumeAttachment": _view(req, row["uuid"], b)}
    raise ApiError(404, f"Instance {row['uuid']} is not attached to volume {req.params['volume_id']}.")


def _device(bdms: list[dict[str, Any]], requested: str | None) -> str:
    """The device the volume gets: the one asked for unless another volume holds it (Nova's
    compute_utils.get_next_device_name raises DevicePathInUse, the API's 409), else the first free."""
    used = {b.get("device_name") for b in bdms}
    if requested:
        if requested in used:
            raise ApiError(409, f"The supplied device path ({requested}) is in use.")
        return requested
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if f"/dev/vd{letter}" not in used:
            return f"/dev/vd{letter}"
    raise ApiError(400, "No free disk device names for prefix 'vd'")


async def create(req: Req) -> Any:
    ctx = RequestContext.from_req(req)
    body = validate(await req.json(), schemas.create)["volumeAttachment"]
    volume_id = body["volumeId"]
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:os-volumes-attachments:create", {"project_id": row["project_id"]})
        capi.check_locked(ctx, row)
        capi.check_state(row, "attach_volume", ALLOWED)
        owner = None if req.context.is_admin else req.context.project_id
        vol = block_storage.get_volume(req.cloud, conn, volume_id, owner)
        if vol is None:
            raise ApiError(404, f"Volume {volume_id} could not be found.", "VolumeNotFound")
        bdms = list(row["block_devices"] or [])
        if any(b.get("volume_id") == volume_id for b in bdms):
            raise ApiError(400, f"Invalid volume: volume {volume_id} already attached")
        device = _device(bdms, body.get("device"))
        if vol["encryption_key_id"] and key_manager.secret_payload(req.cloud, vol["encryption_key_id"], conn) is None:
            return _key_missing(req, ctx, conn, row, vol, device, body)
        attachment_id = block_storage.attach(req.cloud, conn, volume_id, row["uuid"], row["host"] or "", device)
        bdm = {"volume_id": volume_id, "device_name": device, "tag": body.get("tag"), "boot_index": None,
               "delete_on_termination": bool(body.get("delete_on_termination", False)),
               "attachment_id": attachment_id, "bdm_uuid": capi.new_uuid()}
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
            block_devices=bdms + [bdm], updated_at=req.cloud.clock.now()))
        capi.start(ctx, conn, row, "attach_volume")
    if row["host"]:
        await capi.attach_volume(ctx, row, volume_id=volume_id, mountpoint=device)
    if req.at_least(2, 101):
        return empty(202)  # from 2.101 Nova attaches asynchronously and says only "accepted"
    return {"volumeAttachment": _view(req, row["uuid"], bdm)}


def _key_missing(req: Req, ctx: RequestContext, conn: Any, row: dict[str, Any], vol: dict[str, Any], device: str,
                 body: dict[str, Any]) -> Any:
    """Nova's compute fetches an encrypted volume's key (the libvirt driver's _attach_encryptor, through
    castellan) after the API has answered; when the key manager has no such secret the attach fails there:
    the block device mapping and the Cinder attachment go, the volume stays available, and the action's
    ``compute_attach_volume`` event records the error. The caller saw the API accept it, as here."""
    capi.start(ctx, conn, row, "attach_volume")
    reason = (f"Key manager error: Secret {vol['encryption_key_id']} not found (encrypted volume "
              f"{vol['id']}).")
    inst.add_event(conn, ctx.now(), row["uuid"], ctx.request_id, "compute_attach_volume", result="Error",
                   host=row["host"], traceback=f"castellan.common.exception.ManagedObjectNotFoundError: {reason}",
                   finish=True)
    if req.at_least(2, 101):
        return empty(202)
    return {"volumeAttachment": _view(req, row["uuid"], {"volume_id": vol["id"], "device_name": device,
                                                         "tag": body.get("tag"), "attachment_id": None,
                                                         "delete_on_termination": False, "bdm_uuid": None})}


async def delete(req: Req) -> Any:
    ctx = RequestContext.from_req(req)
    volume_id = req.params["volume_id"]
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:os-volumes-attachments:delete", {"project_id": row["project_id"]})
        capi.check_locked(ctx, row)
        capi.check_state(row, "detach_volume", ALLOWED)
        bdms = list(row["block_devices"] or [])
        found = [b for b in bdms if b.get("volume_id") == volume_id]
        if not found:
            raise ApiError(404, f"Instance {row['uuid']} is not attached to volume {volume_id}.")
        if found[0].get("boot_index") in (0, "0"):
            raise ApiError(400, "Cannot detach a root device volume")
        block_storage.detach(req.cloud, conn, volume_id, row["uuid"])
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
            block_devices=[b for b in bdms if b.get("volume_id") != volume_id], updated_at=req.cloud.clock.now()))
        capi.start(ctx, conn, row, "detach_volume")
    if row["host"]:
        await capi.detach_volume(ctx, row, volume_id=volume_id)
    return empty(202)


async def update(req: Req) -> Any:
    """Swap a volume (admin) or, 2.85+, change delete_on_termination of the attached one."""
    ctx = RequestContext.from_req(req)
    body = validate(await req.json(), schemas.update)["volumeAttachment"]
    old_id = req.params["volume_id"]
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        bdms = list(row["block_devices"] or [])
        found = [b for b in bdms if b.get("volume_id") == old_id]
        if not found:
            raise ApiError(404, f"Instance {row['uuid']} is not attached to volume {old_id}.")
        if body["volumeId"] != old_id:
            req.authorize("os_compute_api:os-volumes-attachments:swap", {"project_id": row["project_id"]})
            raise ApiError(409, "Swapping volumes needs a hypervisor block job; the fake driver has none.")
        req.authorize("os_compute_api:os-volumes-attachments:update", {"project_id": row["project_id"]})
        if not req.at_least(2, 85):
            raise ApiError(400, "Updating a volume attachment needs microversion 2.85.")
        capi.check_locked(ctx, row)
        if "delete_on_termination" in body:
            found[0]["delete_on_termination"] = body["delete_on_termination"]
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
            block_devices=bdms, updated_at=req.cloud.clock.now()))
    return empty(202)
