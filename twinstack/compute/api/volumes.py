"""Nova's volume proxy (``/os-volumes``, ``/os-snapshots``, gone from 2.36): as Nova asks Cinder with
the caller's token, it asks ``block_storage/local.py`` with the caller's context, in Nova's shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from twinstack.block_storage import local as block_storage
from twinstack.compute.api.resources_common import removed_at
from twinstack.compute.schemas import volumes as schemas
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

T = TypeVar("T")


def _cinder(req: Req, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """One call to Cinder, its errors in Nova's fault format (what Nova's cinder client raises)."""
    removed_at(req, 2, 36)
    try:
        return call(req.cloud, req.context, *args, **kwargs)
    except ApiError as err:
        raise ApiError(err.status if err.status in (400, 403, 404, 409, 413) else 400, err.message) from None


def _volume(v: dict[str, Any]) -> dict[str, Any]:
    return {"id": v["id"], "status": v["status"], "size": v["size"], "availabilityZone": v.get("availability_zone"),
            "createdAt": v.get("created_at"), "displayName": v.get("name"),
            "displayDescription": v.get("description"), "volumeType": v.get("volume_type"),
            "snapshotId": v.get("snapshot_id"), "metadata": v.get("metadata") or {},
            "attachments": [{"id": v["id"], "volumeId": v["id"],  # Nova's summary names the volume twice
                             "serverId": a.get("server_id"), "device": a.get("device")}
                            for a in v.get("attachments") or []] or [{}]}


def _snapshot(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s["id"], "volumeId": s["volume_id"], "status": s["status"], "size": s["size"],
            "createdAt": s.get("created_at"), "displayName": s.get("name"), "displayDescription": s.get("description")}


def _paging(req: Req) -> dict[str, str | None]:
    return {k: req.query.get(k) or None for k in ("limit", "offset", "marker")}


async def index(req: Req) -> Any:
    return {"volumes": [_volume(v) for v in _cinder(req, block_storage.proxy_list_volumes, **_paging(req))]}


async def show(req: Req) -> Any:
    return {"volume": _volume(_cinder(req, block_storage.proxy_get_volume, req.params["volume_id"]))}


async def create(req: Req) -> Any:
    body = validate(await req.json(), schemas.create)["volume"]
    created = _cinder(req, block_storage.proxy_create_volume, int(body["size"]), name=body.get("display_name"),
                      description=body.get("display_description"), volume_type=body.get("volume_type"),
                      metadata=body.get("metadata") or {}, availability_zone=body.get("availability_zone"),
                      snapshot_id=body.get("snapshot_id"), request_id=req.request_id)
    location = f"{str(req.raw.url).split('?', 1)[0].rstrip('/')}/{created['id']}"  # as Nova: the request's URL
    return json_response({"volume": _volume(created)}, 200, {"Location": location})


async def delete(req: Req) -> Any:
    _cinder(req, block_storage.proxy_delete_volume, req.params["volume_id"])
    return empty(202)


async def snapshots(req: Req) -> Any:
    return {"snapshots": [_snapshot(s) for s in _cinder(req, block_storage.proxy_list_snapshots, **_paging(req))]}


async def snapshot(req: Req) -> Any:
    return {"snapshot": _snapshot(_cinder(req, block_storage.proxy_get_snapshot, req.params["snapshot_id"]))}


async def create_snapshot(req: Req) -> Any:
    body = validate(await req.json(), schemas.snapshot_create)["snapshot"]
    # Nova reads force with oslo.utils' bool_from_string (core.convert); an unknown spelling is False
    created = _cinder(req, block_storage.proxy_create_snapshot, body["volume_id"], to_bool(body.get("force")),
                      body.get("display_name"), body.get("display_description"))
    return {"snapshot": _snapshot(created)}


async def delete_snapshot(req: Req) -> Any:
    _cinder(req, block_storage.proxy_delete_snapshot, req.params["snapshot_id"])
    return empty(202)
