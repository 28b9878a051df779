"""Nova's image proxy (``/images``, deprecated and gone from 2.36): as Nova asks Glance with the
caller's token, it asks ``image/local.py`` with the caller's context, and shows Glance's images in
Nova's shape."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from twinstack.compute import errors
from twinstack.compute.api.resources_common import removed_at
from twinstack.compute.schemas import images as schemas
from twinstack.compute.views import links
from twinstack.core.clock import isotime
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate
from twinstack.image import local as image_local

T = TypeVar("T")

STATUS = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING", "importing": "SAVING",
          "uploading": "SAVING", "killed": "ERROR", "deleted": "DELETED", "pending_delete": "DELETED",
          "deactivated": "ERROR"}
CORE = {"id", "name", "status", "visibility", "protected", "checksum", "os_hash_algo", "os_hash_value", "owner",
        "size", "virtual_size", "min_ram", "min_disk", "disk_format", "container_format", "created_at",
        "updated_at", "tags", "self", "file", "schema", "direct_url", "locations", "os_hidden", "stores"}


def _glance(req: Req, call: Callable[..., T], *args: Any, gated: bool = True, **kwargs: Any) -> T:
    """One call to Glance, its errors as Nova's glance client raises them (ImageNotFound, Forbidden)."""
    if gated:
        removed_at(req, 2, 36)
    try:
        return call(req.cloud, req.context, *args, **kwargs)
    except ApiError as err:
        if err.status == 404:
            raise ApiError(404, "Image not found.", "ImageNotFound") from None
        if err.status == 403:
            raise ApiError(403, "You are not authorized to perform the requested action.") from None
        raise ApiError(400 if err.status < 500 else 500, err.message) from None


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
    properties = {}
    if q.get("server"):
        properties["instance_uuid"] = q["server"].rstrip("/").rsplit("/", 1)[-1]
    if q.get("type"):
        properties["image_type"] = q["type"]
    images = _glance(req, image_local.proxy_list_images, name=q.get("name") or None,
                     status=q["status"].lower() if q.get("status") else None, properties=properties,
                     updated_since=q.get("changes-since") or None, limit=q.get("limit") or None,
                     marker=q.get("marker") or None)
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


def _get(req: Req) -> dict[str, Any]:
    return _glance(req, image_local.proxy_get_image, req.params["image_id"])


async def show(req: Req) -> Any:
    return {"image": _view(req, _get(req))}


async def delete(req: Req) -> Any:
    _glance(req, image_local.proxy_delete_image, req.params["image_id"])
    return empty(204)


def _update(req: Req, values: dict[str, str], remove: list[str] | None = None) -> dict[str, Any]:
    if not values and not remove:  # nothing to patch: Glance is only asked for the image
        return _get(req)
    return _glance(req, image_local.proxy_update_properties, req.params["image_id"], values, remove)


async def metadata(req: Req) -> Any:
    return {"metadata": _metadata(_get(req))}


async def metadata_create(req: Req) -> Any:
    new = validate(await req.json(), schemas.create)["metadata"]
    return {"metadata": _metadata(_update(req, new))}


async def metadata_replace(req: Req) -> Any:
    new = validate(await req.json(), schemas.update_all)["metadata"]
    current = _metadata(_get(req))
    return {"metadata": _metadata(_update(req, new, [k for k in current if k not in new]))}


async def metadata_item(req: Req) -> Any:
    meta = _metadata(_get(req))
    key = req.params["key"]
    if key not in meta:
        raise errors.metadata_item_not_found()
    return {"meta": {key: meta[key]}}


async def metadata_item_update(req: Req) -> Any:
    meta = validate(await req.json(), schemas.update)["meta"]
    key = req.params["key"]
    if key not in meta:
        raise errors.body_uri_mismatch()
    _update(req, {key: meta[key]})
    return {"meta": {key: meta[key]}}


async def metadata_item_delete(req: Req) -> Any:
    key = req.params["key"]
    if key not in _metadata(_get(req)):
        raise errors.metadata_item_not_found()
    _update(req, {}, [key])
    return empty(204)


async def rotate_backups(req: Req, instance_uuid: str, backup_type: str, rotation: int) -> None:
    """Keep the newest ``rotation`` backups of this type for the server, delete older ones (Nova's
    compute manager does it through Glance after a createBackup)."""
    images = _glance(req, image_local.proxy_list_images, gated=False,
                     properties={"instance_uuid": instance_uuid, "image_type": "backup"})
    backups = [i for i in images if i.get("backup_type") == backup_type]
    for image in backups[rotation:]:
        await delete_quietly(req, image["id"])


async def delete_quietly(req: Req, image_id: str) -> None:
    """Unshelve drops the <name>-shelved image, as Nova does; a missing one is no error."""
    with contextlib.suppress(ApiError):
        _glance(req, image_local.proxy_delete_image, image_id, gated=False)
