"""The attachments API (3.27+): reserve (create), connect (update with a connector), complete
(3.44), delete; the volume follows: reserved -> attaching -> in-use -> available."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.block_storage import errors, manager, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.api import common
from twinstack.block_storage.schemas import attachments as schema
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.resource import Attr
from twinstack.core.validation import validate


def _need(req: Req, minor: int = 27) -> None:
    if not req.at_least(3, minor):
        raise ApiError(404, "The resource could not be found.", "HTTPNotFound")


def _find(req: Req, conn: Any) -> dict[str, Any]:
    query = sa.select(t.attachments).where(t.attachments.c.id == req.params["attachment_id"])
    owner = common.owner_filter(req)
    if owner is not None:
        query = query.where(t.attachments.c.project_id == owner)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.attachment_not_found(req.params["attachment_id"])
    return dict(row)


async def create(req: Req) -> Any:
    _need(req)
    project_id = common.project_of(req)
    spec = await common.body_member(req, "attachment")
    validate(spec, schema.create)
    if "mode" in spec and not req.at_least(3, 54):
        raise errors.bad_request("Additional properties are not allowed ('mode' was unexpected)")
    with req.cloud.store.begin() as conn:
        vol = manager.find_volume(conn, spec["volume_uuid"], common.owner_filter(req))
        common.authorize(req, "volume:attachment_create", vol["project_id"])
        if vol["readonly"] and spec.get("mode") == "rw":
            raise errors.invalid_volume(f"Invalid attaching mode 'rw' for volume {vol['id']}.")
        att = manager.reserve(req.cloud, conn, vol, spec.get("instance_uuid"), vol["project_id"] or project_id)
        if spec.get("connector"):
            vol = manager.find_volume(conn, vol["id"])
            att = manager.connect(req.cloud, conn, vol, att, spec["connector"], spec.get("mode"))
        elif spec.get("mode"):
            conn.execute(t.attachments.update().where(t.attachments.c.id == att["id"]).values(attach_mode=spec["mode"]))
            att["attach_mode"] = spec["mode"]
    return {"attachment": views.attachment(req, att)}


async def update(req: Req) -> Any:
    _need(req)
    spec = await common.body_member(req, "attachment")
    validate(spec, schema.update)
    with req.cloud.store.begin() as conn:
        att = _find(req, conn)
        vol = manager.find_volume(conn, att["volume_id"])
        common.authorize(req, "volume:attachment_update", vol["project_id"])
        if "error" in vol["status"]:
            raise errors.invalid_volume(
                f"Volume attachments can not be updated if the volume is in an error state. The Volume {vol['id']} "
                f"currently has a status of: {vol['status']} ")
        att = manager.connect(req.cloud, conn, vol, att, spec["connector"], att["attach_mode"])
    return {"attachment": views.attachment(req, att)}


async def delete(req: Req) -> Any:
    _need(req)
    with req.cloud.store.begin() as conn:
        att = _find(req, conn)
        vol = manager.find_volume(conn, att["volume_id"])
        common.authorize(req, "volume:attachment_delete", vol["project_id"])
        manager.remove_attachment(req.cloud, conn, vol, att["id"])
        left = [dict(r) for r in conn.execute(sa.select(t.attachments)
                                              .where(t.attachments.c.volume_id == vol["id"])).mappings()]
    return {"attachments": [views.attachment(req, a, detail=False) for a in left]}


async def action(req: Req) -> Any:
    _need(req, 44)
    body = await req.json()
    if not isinstance(body, dict) or "os-complete" not in body:
        name = next(iter(body), "") if isinstance(body, dict) else ""
        raise errors.bad_request(f"There is no such action: {name}")
    with req.cloud.store.begin() as conn:
        att = _find(req, conn)
        vol = manager.find_volume(conn, att["volume_id"])
        common.authorize(req, "volume:attachment_complete", vol["project_id"])
        if att["attach_status"] == "reserved" and not att["connector"]:
            raise errors.invalid_volume("Attachment has no connector: update it with a connector before completing.")
        manager.complete(req.cloud, conn, vol, att["id"])
    return empty(204)


async def show(req: Req) -> Any:
    _need(req)
    with req.cloud.store.read() as conn:
        att = _find(req, conn)
    common.authorize(req, "volume:attachment_get", att["project_id"])
    return {"attachment": views.attachment(req, att)}


LISTING = common.Listing("attachments", t.attachments, (
    Attr("id", sort=True), Attr("volume_id", filter=True, sort=True),
    Attr("instance_id", column="instance_uuid", filter=True), Attr("status", column="attach_status", filter=True),
    Attr("attach_status", filter=True), Attr("created_at", sort=True)), project_filter=False, empty_filters=False)


async def _list(req: Req, detail: bool) -> Any:
    _need(req)
    project_id = common.project_of(req)
    common.authorize(req, "volume:attachment_get_all", project_id)
    return common.run_list(req, LISTING, lambda conn, rows: [views.attachment(req, r, detail) for r in rows])


async def index(req: Req) -> Any:
    return await _list(req, False)


async def detail(req: Req) -> Any:
    return await _list(req, True)
