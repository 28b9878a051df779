"""``/servers/{id}/os-volume_attachments``: attach and detach Cinder volumes through
``twinstack/block_storage/local.py``."""

from __future__ import annotations

from typing import Any

from twinstack.compute import tables as t
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import volume_attachments as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

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


async def create(req: Req) -> Any:
    ctx = RequestContext.from_req(req)
    body = validate(await req.json(), schemas.create)["volumeAttachment"]
    row, bdm = await capi.attach_volume_to(ctx, req.params["server_id"], body["volumeId"], body.get("device"),
                                           body.get("tag"), bool(body.get("delete_on_termination", False)))
    if req.at_least(2, 101):
        return empty(202)  # from 2.101 Nova attaches asynchronously and says only "accepted"
    return {"volumeAttachment": _view(req, row["uuid"], bdm)}


async def delete(req: Req) -> Any:
    await capi.detach_volume_from(RequestContext.from_req(req), req.params["server_id"], req.params["volume_id"])
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
