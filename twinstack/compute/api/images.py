"""Nova's image proxy (``/images``, deprecated and gone from 2.36): a Glance image as Nova showed
it, through ``twinstack/image/local.py``. Listing and deleting need a Glance listing the local
interface does not offer, so only show and metadata answer here."""

from __future__ import annotations

from typing import Any

from twinstack.compute.optional import optional
from twinstack.compute.views import links
from twinstack.core.clock import isotime
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req

STATUS = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING", "importing": "SAVING",
          "uploading": "SAVING", "killed": "ERROR", "deleted": "DELETED", "pending_delete": "DELETED",
          "deactivated": "ERROR"}


def _image(req: Req) -> dict[str, Any]:
    if req.at_least(2, 36):
        raise ApiError(404, "The resource could not be found.")
    local = optional("twinstack.image.local")
    image = None
    if local is not None:
        with req.cloud.store.read() as conn:
            owner = None if req.context.is_admin else req.context.project_id  # None: any project's
            image = local.get_image(req.cloud, conn, req.params["image_id"], owner)
    if image is None:
        raise ApiError(404, "Image not found.", "ImageNotFound")
    return image


def _view(req: Req, image: dict[str, Any]) -> dict[str, Any]:
    now = isotime(req.cloud.clock.now())
    props = {k: str(v) for k, v in (image.get("properties") or {}).items()}
    body = {"id": image["id"], "name": image["name"], "minRam": image.get("min_ram") or 0,
            "minDisk": image.get("min_disk") or 0, "metadata": props, "created": now, "updated": now,
            "status": STATUS.get(image["status"], "UNKNOWN"), "progress": 100 if image["status"] == "active" else 25,
            "OS-EXT-IMG-SIZE:size": image.get("size") or 0,
            "links": links(req, "images", image["id"]) + [
                {"rel": "alternate", "type": "application/vnd.openstack.image",
                 "href": f"{req.cloud.public_url('/image')}/images/{image['id']}"}]}
    if props.get("instance_uuid"):
        body["server"] = {"id": props["instance_uuid"], "links": links(req, "servers", props["instance_uuid"])}
    return body


async def show(req: Req) -> Any:
    return {"image": _view(req, _image(req))}


async def metadata(req: Req) -> Any:
    image = _image(req)
    return {"metadata": {k: str(v) for k, v in (image.get("properties") or {}).items()}}


async def metadata_item(req: Req) -> Any:
    props = _image(req).get("properties") or {}
    key = req.params["key"]
    if key not in props:
        raise ApiError(404, "Metadata item was not found", "MetadataNotFound")
    return {"meta": {key: str(props[key])}}
