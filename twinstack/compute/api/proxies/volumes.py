"""Nova's os-volumes and os-snapshots over Cinder (Nova's cinder client, in-process), in Nova's
camelCase shape; os-volumes_boot is the servers API under its old name."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute.api.proxies.common import authorize, capped, page, translated
from twinstack.compute.api.resources_common import iso
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

_SIZE = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1}
CREATE = {"type": "object", "properties": {"volume": {
    "type": "object", "properties": {
        "volume_type": {"type": "string"}, "metadata": {"type": "object"},
        "snapshot_id": {"type": "string"}, "size": _SIZE, "availability_zone": {"type": "string"},
        "display_name": {"type": "string"}, "display_description": {"type": "string"}},
    "required": ["size"], "additionalProperties": False}}, "required": ["volume"], "additionalProperties": False}
SNAPSHOT = {"type": "object", "properties": {"snapshot": {
    "type": "object", "properties": {
        "volume_id": {"type": "string"}, "force": {"type": ["boolean", "string"]},
        "display_name": {"type": "string"}, "display_description": {"type": "string"}},
    "required": ["volume_id"], "additionalProperties": False}}, "required": ["snapshot"], "additionalProperties": False}


def _bs() -> Any:
    from twinstack.block_storage import local, manager, tables

    return local, manager, tables


def _scope(req: Req) -> str | None:
    """An admin's token reaches any project's volume by id; a member's only its project's."""
    return None if req.context.is_admin else req.context.project_id


def _extra(conn: Connection, table: sa.Table, ids: list[str]) -> dict[str, Any]:
    """created_at and description, which the interface's dicts leave out, in one read."""
    if not ids:
        return {}
    return {r.id: r for r in conn.execute(sa.select(table.c.id, table.c.created_at, table.c.description)
                                          .where(table.c.id.in_(ids)))}


def _volume_views(conn: Connection, vols: list[dict[str, Any]]) -> list[dict[str, Any]]:
    extra = _extra(conn, _bs()[2].volumes, [v["id"] for v in vols])
    out = []
    for vol in vols:
        attached = [a for a in vol["attachments"] if a.get("attach_status") == "attached"]
        more = extra.get(vol["id"])
        out.append({
            "id": vol["id"], "status": vol["status"], "size": vol["size"],
            "availabilityZone": vol["availability_zone"], "createdAt": iso(more.created_at) if more else None,
            "attachments": _attachments(vol["id"], attached),
            "displayName": vol["name"], "displayDescription": more.description if more else None,
            "volumeType": vol["volume_type"], "snapshotId": vol["snapshot_id"], "metadata": vol["metadata"] or {}})
    return out


def _attachments(volume_id: str, attached: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nova shows the first attachment only (its device when known), or ``[{}]`` when detached."""
    if not attached:
        return [{}]
    first = {"id": volume_id, "volumeId": volume_id, "serverId": attached[0]["server_id"]}
    if attached[0]["device"]:
        first["device"] = attached[0]["device"]
    return [first]


def _get(req: Req, conn: Connection, volume_id: str) -> dict[str, Any]:
    vol = _bs()[0].get_volume(req.cloud, conn, volume_id, _scope(req))
    if vol is None:
        raise ApiError(404, f"Volume {volume_id} could not be found.")
    return vol


async def index(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:list")
    with req.cloud.store.read() as conn:
        vols = _bs()[0].list_volumes(req.cloud, conn, req.context.project_id)
        return {"volumes": _volume_views(conn, page(req, vols))}


async def detail(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:detail")
    with req.cloud.store.read() as conn:
        vols = _bs()[0].list_volumes(req.cloud, conn, req.context.project_id)
        return {"volumes": _volume_views(conn, page(req, vols))}


async def show(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:show")
    with req.cloud.store.read() as conn:
        return {"volume": _volume_views(conn, [_get(req, conn, req.params["volume_id"])])[0]}


async def create(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:create")
    body = validate(await req.json(), CREATE)["volume"]
    if int(body["size"]) < 1:
        raise ApiError(400, f"Invalid input for field/attribute size. Value: {body['size']}. "
                            f"{body['size']} is less than the minimum of 1")
    local, manager, _ = _bs()
    ctx = req.context
    with req.cloud.store.begin() as conn:
        with translated(not_found=None):
            row = manager.create_volume(
                req.cloud, conn, ctx.project_id or "", ctx.user_id, int(body["size"]),
                name=body.get("display_name"), description=body.get("display_description"),
                metadata=body.get("metadata"), volume_type=body.get("volume_type"),
                availability_zone=body.get("availability_zone"),
                snapshot_id=body.get("snapshot_id"), admin=ctx.is_admin, request_id=req.request_id)
            manager.finish_create(req.cloud, conn, row["id"])
        view = _volume_views(conn, [_get(req, conn, row["id"])])[0]
    return json_response({"volume": view}, 200, {"Location": f"{str(req.raw.url).rstrip('/')}/{row['id']}"})


async def delete(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:delete")
    with req.cloud.store.begin() as conn:
        vol = _get(req, conn, req.params["volume_id"])
        with translated():
            _bs()[0].delete_volume(req.cloud, conn, vol["id"])
    return empty(202)


# -- os-snapshots --------------------------------------------------------------------------------
def _snapshot_views(conn: Connection, snaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    extra = _extra(conn, _bs()[2].snapshots, [s["id"] for s in snaps])
    out = []
    for snap in snaps:
        more = extra.get(snap["id"])
        out.append({"id": snap["id"], "volumeId": snap["volume_id"], "status": snap["status"], "size": snap["size"],
                    "createdAt": iso(more.created_at) if more else None, "displayName": snap["name"],
                    "displayDescription": more.description if more else None})
    return out


def _snapshot(req: Req, conn: Connection, snapshot_id: str) -> dict[str, Any]:
    snap = _bs()[0].get_snapshot(req.cloud, conn, snapshot_id, _scope(req))
    if snap is None:
        raise ApiError(404, f"Snapshot {snapshot_id} could not be found.")
    return snap


async def snapshot_index(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:snapshots:list")
    with req.cloud.store.read() as conn:
        snaps = _bs()[0].list_snapshots(req.cloud, conn, req.context.project_id)
        return {"snapshots": _snapshot_views(conn, page(req, snaps))}


async def snapshot_detail(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:snapshots:detail")
    with req.cloud.store.read() as conn:
        snaps = _bs()[0].list_snapshots(req.cloud, conn, req.context.project_id)
        return {"snapshots": _snapshot_views(conn, page(req, snaps))}


async def snapshot_show(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:snapshots:show")
    with req.cloud.store.read() as conn:
        return {"snapshot": _snapshot_views(conn, [_snapshot(req, conn, req.params["snapshot_id"])])[0]}


def _force(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "t", "true", "on", "y", "yes"):
        return True
    if text in ("0", "f", "false", "off", "n", "no"):
        return False
    raise ApiError(400, f"Invalid value '{value}' for force.")


async def snapshot_create(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:snapshots:create")
    body = validate(await req.json(), SNAPSHOT)["snapshot"]
    force = _force(body.get("force"))
    local, manager, _ = _bs()
    ctx = req.context
    with req.cloud.store.begin() as conn:
        vol = _get(req, conn, body["volume_id"])
        with translated():
            snap = manager.create_snapshot(req.cloud, conn, manager.find_volume(conn, vol["id"]), vol["project_id"],
                                           ctx.user_id, body.get("display_name"),
                                           description=body.get("display_description"), force=force)
            manager.finish_snapshot(req.cloud, conn, snap["id"])
        return {"snapshot": _snapshot_views(conn, [_snapshot(req, conn, snap["id"])])[0]}


async def snapshot_delete(req: Req) -> Any:
    capped(req)
    authorize(req, "os-volumes:snapshots:delete")
    with req.cloud.store.begin() as conn:
        snap = _snapshot(req, conn, req.params["snapshot_id"])
        with translated():
            _bs()[0].delete_snapshot(req.cloud, conn, snap["id"], _scope(req))
    return empty(202)
