"""Image data: upload (``PUT /file``) and staging (``PUT /stage``) streamed to disk and hashed on the
way; download (``GET /file``) streamed back, with single Range requests as Glance serves them (a
whole download goes through the image cache, when there is one: a hit, or the image gets cached).

An upload claims the image (queued -> saving) in one short transaction, streams without holding
any, then settles it in another (saving -> active, or back to queued on any failure: a truncated
body, a wrong Content-MD5, a size over the cap or quota). No partial data is ever served.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.responses import Response, StreamingResponse

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, raw_body
from twinstack.image import data, errors, manager
from twinstack.image.api import common
from twinstack.image.manager import cache

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _declared_size(req: Req) -> int | None:
    """The size the client announced: X-OpenStack-Image-Size (openstacksdk), else Content-Length."""
    content_type = req.headers.get("content-type")
    if (content_type or "").split(";")[0].strip().lower() != "application/octet-stream":
        raise ApiError(415, f"Invalid content type {content_type}", "InvalidContentType")
    for header in ("x-openstack-image-size", "content-length"):
        value = req.headers.get(header)
        if value is not None:
            if not value.strip().isdigit():
                raise ApiError(400, "Invalid or missing image size in request headers.", "BadRequest")
            return int(value)
    return None


def _content_md5(req: Req) -> str | None:
    """Content-MD5 as hex; accepts RFC 1864 base64 or plain hex."""
    value = req.headers.get("content-md5")
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9a-fA-F]{32}", value):
        return value.lower()
    try:
        return base64.b64decode(value, validate=True).hex()
    except (binascii.Error, ValueError):
        raise ApiError(400, f"Invalid Content-MD5 header: {value}", "BadRequest") from None


def _too_large(size_cap: int) -> ApiError:
    return ApiError(413, f"The incoming image is too large: The provided image is too large "
                         f"(more than {size_cap} bytes).", "ImageSizeLimitExceeded")


async def _receive(req: Req, location: str, limit: int | None, declared: int | None) -> data.Written:
    """Stream the body to ``location``; raise the 4xx a bad body deserves (the file is never kept)."""
    expected_md5 = _content_md5(req)
    dest = data.resolve(req.cloud, location)
    try:
        written = await data.save_stream(req.raw.stream(), dest, limit)
    except data.SizeExceeded as exc:
        raise ApiError(413, f"Image exceeds the storage quota or size cap: more than {exc.limit} bytes "
                            "were sent.", "StorageQuotaFull") from None
    except ClientDisconnect:
        raise ApiError(400, "The client closed the connection before all image data was received.",
                       "BadRequest") from None
    problem = None
    if declared is not None and written.size != declared:
        problem = f"Size of the uploaded data ({written.size}) does not match the declared size ({declared})."
    elif expected_md5 is not None and expected_md5 != written.checksum:
        problem = (f"Image checksum verification failed: the data's MD5 is {written.checksum}, "
                   f"Content-MD5 said {expected_md5}.")
    if problem:
        dest.unlink(missing_ok=True)
        raise ApiError(400, problem, "BadRequest")
    return written


def _claim(req: Req, to_status: str, rule: str, quota: str) -> tuple[dict[str, Any], int | None, int | None]:
    """Move a queued image to ``to_status`` for this request; return it with the byte limit."""
    declared = _declared_size(req)
    cap = req.cloud.model.image.image_size_cap
    with req.cloud.store.begin() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        common.enforce_on_image(req, conn, image, rule)
        if image["status"] != "queued":
            raise ApiError(409, f"Image status transition from {image['status']} to {to_status} is not allowed",
                           "InvalidImageStatusTransition")
        if to_status == "saving" and (image["disk_format"] is None or image["container_format"] is None):
            raise ApiError(400, "Properties disk_format, container_format must be set prior to saving data.",
                           "BadRequest")
        if declared is not None and declared > cap:
            raise _too_large(cap)
        owner = image["owner"]
        remaining = manager.claim_upload(req.cloud, conn, owner, quota, (declared or 0) // manager.MiB)
        if not manager.transition(conn, image["id"], "queued", req.cloud.clock.now(), status=to_status):
            raise ApiError(409, f"Image status transition from {image['status']} to {to_status} is not allowed",
                           "InvalidImageStatusTransition")
    limit = cap if remaining is None else min(cap, remaining)
    return image, limit, declared


async def _receive_claimed(req: Req, image_id: str, status: str, location: str, limit: int | None,
                           declared: int | None) -> data.Written:
    """``_receive`` for an image claimed into ``status``: any failure hands it back to ``queued``."""
    try:
        return await _receive(req, location, limit, declared)
    except BaseException:
        with req.cloud.store.begin() as conn:
            manager.transition(conn, image_id, status, req.cloud.clock.now(), status="queued", staged_size=None)
        raise


def _unless_gone(req: Req, done: bool, image_id: str, location: str) -> Any:
    """The 204 once the data is recorded, or (the image was deleted meanwhile) the data dropped and a 410."""
    if not done:
        data.remove(req.cloud, location)
        raise _gone(image_id)
    return common.serialized_empty(204)


def _gone(image_id: str) -> ApiError:
    return ApiError(410, f"Image {image_id} could not be found after upload. The image may have been deleted "
                         "during the upload, cleaning up the chunks uploaded.", "Gone")


@raw_body
async def upload(req: Req) -> Any:
    image, limit, declared = _claim(req, "saving", "upload_image", "image_size_total")
    location = data.data_location(image["id"])
    written = await _receive_claimed(req, image["id"], "saving", location, limit, declared)
    _killed_by_fault(req, image, location)
    with req.cloud.store.begin() as conn:
        stored = data.to_store(req.cloud, conn, image["id"], location, written.checksum)
        done = manager.transition(conn, image["id"], "saving", req.cloud.clock.now(), status="active",
                               location=stored, size=written.size, checksum=written.checksum,
                               os_hash_algo="sha512", os_hash_value=written.os_hash_value,
                               virtual_size=data.virtual_size(image["disk_format"], written))
    return _unless_gone(req, done, image["id"], stored)


def _killed_by_fault(req: Req, image: dict[str, Any], location: str) -> None:
    """The fault engine's ``image_upload_killed`` outcome: the store fails after the data arrived;
    the image ends ``killed`` (only deletion helps), the data is dropped, the client gets the error."""
    check = getattr(req.cloud.faults, "check", None)
    rule = check("image.upload", project_id=req.context.project_id, user_id=req.context.user_id,
                 project_name=req.context.project_name, user_name=req.context.user_name,
                 name=image["name"], service="image") if check else None
    if rule is None:
        return
    data.remove(req.cloud, location)
    with req.cloud.store.begin() as conn:
        manager.transition(conn, image["id"], "saving", req.cloud.clock.now(), status="killed")
    action = rule.action
    message = action.params.get("message") or action.message or \
        f"Image {image['id']} upload was killed: the data could not be stored."
    raise ApiError(action.status or 500, message, "ImageKilled")


@raw_body
async def stage(req: Req) -> Any:
    if "glance-direct" not in req.cloud.model.image.import_methods:
        raise ApiError(404, "'glance-direct' method is not available at this site.", "NotFound")
    image, limit, declared = _claim(req, "uploading", "modify_image", "image_stage_total")
    location = data.staging_location(image["id"])
    written = await _receive_claimed(req, image["id"], "uploading", location, limit, declared)
    with req.cloud.store.begin() as conn:
        done = manager.transition(conn, image["id"], "uploading", req.cloud.clock.now(), staged_size=written.size)
    return _unless_gone(req, done, image["id"], location)


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """One ``bytes=a-b`` range as (start, end) inclusive; None when it cannot be satisfied."""
    match = RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return None
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        return None
    return start, min(end, size - 1)


async def download(req: Req) -> Any:
    ctx = req.context
    with req.cloud.store.read() as conn:
        image = manager.get_visible(conn, ctx, req.params["image_id"])
        common.enforce_on_image(req, conn, image, "download_image")
    if image["status"] == "deactivated" and not ctx.is_admin:
        raise errors.forbidden("The requested image has been deactivated. Image data download is forbidden.")
    if not image["location"] or image["status"] not in ("active", "deactivated"):
        return empty(204)
    path = data.resolve(req.cloud, image["location"])
    if not path.exists():
        return empty(204)
    size = path.stat().st_size
    headers = {"Content-Type": "application/octet-stream"}
    header = req.headers.get("range")
    if header:
        if "," in header:
            raise _unsatisfiable(size)
        span = _parse_range(header, size)
        if span is None:
            raise _unsatisfiable(size)
        start, end = span
        headers.update({"Content-Range": f"bytes {start}-{end}/{size}", "Content-Length": str(end - start + 1)})
        if image["checksum"]:
            headers["Content-MD5"] = image["checksum"]  # the whole image's, as Glance sends it
        if req.method == "HEAD":
            return Response(b"", status_code=206, headers=headers)
        return StreamingResponse(data.read_range(path, start, end), status_code=206, headers=headers)
    headers["Content-Length"] = str(size)
    if image["checksum"]:
        headers["Content-MD5"] = image["checksum"]
    if req.method == "GET" and image["status"] == "active" and req.cloud.model.image.cache.enabled:
        with req.cloud.store.begin() as conn:  # Glance's cache middleware: a hit, or cached on the way
            cache.record_download(conn, image, req.cloud.clock.now())
    if size == 0 or req.method == "HEAD":  # HEAD: the headers, without reading the file
        return Response(b"", status_code=200, headers=headers)
    return StreamingResponse(data.read_range(path, 0, size - 1), status_code=200, headers=headers)


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(416, "The Range requested is not available.", "RequestRangeNotSatisfiable",
                    {"Content-Range": f"bytes */{size}"})
