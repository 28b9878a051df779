"""Nova's image proxy (``/images``, deprecated and gone from 2.36). As Nova does, it calls the
Image API over HTTP with the caller's token, and shows Glance's images in Nova's shape."""

from __future__ import annotations

from typing import Any

import httpx

from twinstack.compute.views import links
from twinstack.core.clock import isotime
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

STATUS = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING", "importing": "SAVING",
          "uploading": "SAVING", "killed": "ERROR", "deleted": "DELETED", "pending_delete": "DELETED",
          "deactivated": "ERROR"}
CORE = {"id", "name", "status", "visibility", "protected", "checksum", "os_hash_algo", "os_hash_value", "owner",
        "size", "virtual_size", "min_ram", "min_disk", "disk_format", "container_format", "created_at",
        "updated_at", "tags", "self", "file", "schema", "direct_url", "locations", "os_hidden", "stores"}
PATCH = "application/openstack-images-v2.1-json-patch"
METADATA = {"type": "object", "properties": {"metadata": {"type": "object", "additionalProperties": {
    "type": "string", "maxLength": 255}}}, "required": ["metadata"], "additionalProperties": False}
META = {"type": "object", "properties": {"meta": {"type": "object", "minProperties": 1, "maxProperties": 1,
                                                  "additionalProperties": {"type": "string", "maxLength": 255}}},
        "required": ["meta"], "additionalProperties": False}


async def _glance(req: Req, method: str, path: str, gated: bool = True, **kwargs: Any) -> httpx.Response:
    if gated and req.at_least(2, 36):
        raise ApiError(404, "The resource could not be found.")
    headers = {"X-Auth-Token": req.context.token, **kwargs.pop("headers", {})}
    async with httpx.AsyncClient(base_url=req.cloud.public_url("/image"), timeout=30) as client:
        response = await client.request(method, path, headers=headers, **kwargs)
    if response.status_code == 404:
        raise ApiError(404, "Image not found.", "ImageNotFound")
    if response.status_code == 403:
        raise ApiError(403, "You are not authorized to perform the requested action.")
    if response.status_code >= 400:
        raise ApiError(400 if response.status_code < 500 else 500, response.text.strip()[:300] or "Image API error")
    return response


def _metadata(image: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in image.items() if k not in CORE and v is not None}


def _view(req: Req, image: dict[str, Any]) -> dict[str, Any]:
    meta = _metadata(image)
    body = {"id": image["id"], "name": image.get("name"), "minRam": image.get("min_ram") or 0,
            "minDisk": image.get("min_disk") or 0, "metadata": meta,
            "created": _time(image.get("created_at")), "updated": _time(image.get("updated_at")),
            "status": STATUS.get(image.get("status", ""), "UNKNOWN"),
            "progress": {"active": 100, "saving": 50}.get(image.get("status", ""), 25),
            "OS-EXT-IMG-SIZE:size": image.get("size") or 0,
            "links": links(req, "images", image["id"]) + [
                {"rel": "alternate", "type": "application/vnd.openstack.image",
                 "href": f"{req.cloud.public_url('/image')}/images/{image['id']}"}]}
    if meta.get("instance_uuid"):
        body["server"] = {"id": meta["instance_uuid"], "links": links(req, "servers", meta["instance_uuid"])}
    return body


def _time(value: Any) -> str | None:
    if not value:
        return None
    return str(value).replace("+00:00", "Z") if "T" in str(value) else isotime(value)


async def _list(req: Req, detail: bool) -> Any:
    q = req.query
    params: dict[str, str] = {}
    for src, dst in (("name", "name"), ("server", "instance_uuid"), ("type", "image_type"),
                     ("limit", "limit"), ("marker", "marker")):
        if q.get(src):
            params[dst] = q[src].rstrip("/").rsplit("/", 1)[-1] if src == "server" else q[src]
    if q.get("status"):
        params["status"] = q["status"].lower()
    if q.get("changes-since"):
        params["updated_at"] = f"gte:{q['changes-since']}"
    images = (await _glance(req, "GET", "/v2/images", params=params)).json()["images"]
    if q.get("minRam"):
        images = [i for i in images if (i.get("min_ram") or 0) >= int(q["minRam"])]
    if q.get("minDisk"):
        images = [i for i in images if (i.get("min_disk") or 0) >= int(q["minDisk"])]
    if detail:
        return {"images": [_view(req, i) for i in images]}
    return {"images": [{"id": i["id"], "name": i.get("name"), "links": links(req, "images", i["id"])} for i in images]}


async def index(req: Req) -> Any:
    return await _list(req, False)


async def detail(req: Req) -> Any:
    return await _list(req, True)


async def _get(req: Req) -> dict[str, Any]:
    return dict((await _glance(req, "GET", f"/v2/images/{req.params['image_id']}")).json())


async def show(req: Req) -> Any:
    return {"image": _view(req, await _get(req))}


async def delete(req: Req) -> Any:
    await _glance(req, "DELETE", f"/v2/images/{req.params['image_id']}")
    return empty(204)


async def _patch(req: Req, ops: list[dict[str, Any]]) -> dict[str, Any]:
    if not ops:
        return await _get(req)
    response = await _glance(req, "PATCH", f"/v2/images/{req.params['image_id']}", json=ops,
                             headers={"Content-Type": PATCH})
    return dict(response.json())


def _ops(current: dict[str, str], new: dict[str, str], replace_all: bool) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = []
    if replace_all:
        ops += [{"op": "remove", "path": f"/{k}"} for k in current if k not in new]
    for key, value in new.items():
        ops.append({"op": "replace" if key in current else "add", "path": f"/{key}", "value": value})
    return ops


async def metadata(req: Req) -> Any:
    return {"metadata": _metadata(await _get(req))}


async def metadata_create(req: Req) -> Any:
    new = validate(await req.json(), METADATA)["metadata"]
    image = await _patch(req, _ops(_metadata(await _get(req)), new, replace_all=False))
    return {"metadata": _metadata(image)}


async def metadata_replace(req: Req) -> Any:
    new = validate(await req.json(), METADATA)["metadata"]
    image = await _patch(req, _ops(_metadata(await _get(req)), new, replace_all=True))
    return {"metadata": _metadata(image)}


async def metadata_item(req: Req) -> Any:
    meta = _metadata(await _get(req))
    key = req.params["key"]
    if key not in meta:
        raise ApiError(404, "Metadata item was not found", "MetadataNotFound")
    return {"meta": {key: meta[key]}}


async def metadata_item_update(req: Req) -> Any:
    meta = validate(await req.json(), META)["meta"]
    key = req.params["key"]
    if key not in meta:
        raise ApiError(400, "Request body and URI mismatch")
    await _patch(req, _ops(_metadata(await _get(req)), {key: meta[key]}, replace_all=False))
    return {"meta": {key: meta[key]}}


async def metadata_item_delete(req: Req) -> Any:
    key = req.params["key"]
    if key not in _metadata(await _get(req)):
        raise ApiError(404, "Metadata item was not found", "MetadataNotFound")
    await _patch(req, [{"op": "remove", "path": f"/{key}"}])
    return empty(204)




async def rotate_backups(req: Req, instance_uuid: str, backup_type: str, rotation: int) -> None:
    """Keep the newest ``rotation`` backups of this type for the server, delete older ones (Nova's
    compute manager does it through Glance after a createBackup)."""
    params = {"instance_uuid": instance_uuid, "image_type": "backup", "sort_key": "created_at", "sort_dir": "desc"}
    images = (await _glance(req, "GET", "/v2/images", gated=False, params=params)).json()["images"]
    backups = [i for i in images if i.get("backup_type") == backup_type]
    for image in backups[rotation:]:
        try:
            await _glance(req, "DELETE", f"/v2/images/{image['id']}", gated=False)
        except ApiError:
            continue


async def delete_quietly(req: Req, image_id: str) -> None:
    """Unshelve drops the <name>-shelved image, as Nova does; a missing one is no error."""
    try:
        await _glance(req, "DELETE", f"/v2/images/{image_id}", gated=False)
    except ApiError:
        pass
