"""Nova's volume proxy (``/os-volumes``, ``/os-snapshots``, gone from 2.36): as Nova does with Cinder,
it calls the Block Storage API over HTTP with the caller's token and answers in Nova's shapes."""

from __future__ import annotations

from typing import Any

import httpx

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty

VOLUME = {"type": "object", "properties": {"volume": {"type": "object", "properties": {
    "size": {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1},
    "display_name": {"type": "string", "maxLength": 255}, "display_description": {"type": "string", "maxLength": 255},
    "volume_type": {"type": "string"}, "metadata": {"type": "object"}, "availability_zone": {"type": "string"},
    "snapshot_id": {"type": "string"}}, "required": ["size"], "additionalProperties": False}},
    "required": ["volume"], "additionalProperties": False}
SNAPSHOT = {"type": "object", "properties": {"snapshot": {"type": "object", "properties": {
    "volume_id": {"type": "string"}, "force": {"type": ["boolean", "string"]},
    "display_name": {"type": "string", "maxLength": 255}, "display_description": {"type": "string", "maxLength": 255}},
    "required": ["volume_id"], "additionalProperties": False}}, "required": ["snapshot"], "additionalProperties": False}


async def _cinder(req: Req, method: str, path: str, **kwargs: Any) -> httpx.Response:
    if req.at_least(2, 36):
        raise ApiError(404, "The resource could not be found.")
    headers = {"X-Auth-Token": req.context.token, "OpenStack-API-Version": "volume 3.0"}
    async with httpx.AsyncClient(base_url=req.cloud.public_url("/volume/v3"), timeout=30) as client:
        response = await client.request(method, path, headers=headers, **kwargs)
    if response.status_code >= 400:
        try:
            body = response.json()
            message = next(iter(body.values())).get("message", response.text)
        except (ValueError, AttributeError, StopIteration):
            message = response.text[:300]
        raise ApiError(response.status_code if response.status_code in (400, 403, 404, 409, 413) else 400, message)
    return response


def _volume(v: dict[str, Any]) -> dict[str, Any]:
    return {"id": v["id"], "status": v["status"], "size": v["size"], "availabilityZone": v.get("availability_zone"),
            "createdAt": v.get("created_at"), "displayName": v.get("name"),
            "displayDescription": v.get("description"), "volumeType": v.get("volume_type"),
            "snapshotId": v.get("snapshot_id"), "metadata": v.get("metadata") or {},
            "attachments": [{"id": a.get("attachment_id") or v["id"], "volumeId": v["id"],
                             "serverId": a.get("server_id"), "device": a.get("device")}
                            for a in v.get("attachments") or []] or [{}]}


def _snapshot(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s["id"], "volumeId": s["volume_id"], "status": s["status"], "size": s["size"],
            "createdAt": s.get("created_at"), "displayName": s.get("name"), "displayDescription": s.get("description")}


def _paging(req: Req) -> dict[str, str]:
    return {k: req.query[k] for k in ("limit", "offset", "marker") if req.query.get(k)}


async def index(req: Req) -> Any:
    volumes = (await _cinder(req, "GET", "/volumes/detail", params=_paging(req))).json()["volumes"]
    return {"volumes": [_volume(v) for v in volumes]}


async def show(req: Req) -> Any:
    return {"volume": _volume((await _cinder(req, "GET", f"/volumes/{req.params['volume_id']}")).json()["volume"])}


async def create(req: Req) -> Any:
    from twinstack.core.validation import validate

    body = validate(await req.json(), VOLUME)["volume"]
    volume = {"size": int(body["size"]), "name": body.get("display_name"),
              "description": body.get("display_description"), "volume_type": body.get("volume_type"),
              "metadata": body.get("metadata") or {}, "availability_zone": body.get("availability_zone"),
              "snapshot_id": body.get("snapshot_id")}
    created = (await _cinder(req, "POST", "/volumes", json={"volume": {k: v for k, v in volume.items()
                                                                        if v is not None}})).json()["volume"]
    return {"volume": _volume(created)}


async def delete(req: Req) -> Any:
    await _cinder(req, "DELETE", f"/volumes/{req.params['volume_id']}")
    return empty(202)


async def snapshots(req: Req) -> Any:
    found = (await _cinder(req, "GET", "/snapshots/detail", params=_paging(req))).json()["snapshots"]
    return {"snapshots": [_snapshot(s) for s in found]}


async def snapshot(req: Req) -> Any:
    return {"snapshot": _snapshot((await _cinder(req, "GET", f"/snapshots/{req.params['snapshot_id']}")).json()["snapshot"])}


async def create_snapshot(req: Req) -> Any:
    from twinstack.core.validation import validate

    body = validate(await req.json(), SNAPSHOT)["snapshot"]
    force = str(body.get("force", False)).lower() in ("true", "1", "yes")
    created = (await _cinder(req, "POST", "/snapshots", json={"snapshot": {
        "volume_id": body["volume_id"], "force": force, "name": body.get("display_name"),
        "description": body.get("display_description")}})).json()["snapshot"]
    return {"snapshot": _snapshot(created)}


async def delete_snapshot(req: Req) -> Any:
    await _cinder(req, "DELETE", f"/snapshots/{req.params['snapshot_id']}")
    return empty(202)
