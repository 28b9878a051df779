"""Interoperable image import (``POST /v2/images/{id}/import``) and the task records it leaves.

The import answers 202 at once and runs as a background task, as Glance's task executor does:
glance-direct moves the staged data into the store, web-download fetches a URL on this host,
copy-image is a no-op (one store). The image goes importing -> active (or back to queued on failure).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import anyio.to_thread
import httpx
import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import paginate
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.image import data, repo, views
from twinstack.image import tables as t
from twinstack.image.api import common

log = logging.getLogger("twinstack.image")
TASK_TTL = timedelta(hours=48)  # Glance's task_time_to_live
LOCK = "os_glance_import_task"
# Multi-store Glance reports an import's progress in these image properties (tempest waits on them).
IMPORTING, FAILED = "os_glance_importing_to_stores", "os_glance_failed_import"
_RUNNING: set[asyncio.Task[None]] = set()


def bad(message: str) -> ApiError:
    return ApiError(400, message, "BadRequest")


def _validate_body(req: Req, body: Any) -> tuple[str, str | None]:
    if not isinstance(body, dict) or "method" not in body:
        raise bad("Import request requires a 'method' field.")
    method = body["method"]
    if not isinstance(method, dict) or "name" not in method:
        raise bad("Import request requires a 'name' field.")
    name = method["name"]
    if name not in req.cloud.model.image.import_methods:
        raise bad(f"Unknown import method name '{name}'.")
    for key, default in (("all_stores_must_succeed", True), ("all_stores", False)):
        if not isinstance(body.get(key, default), bool):
            raise bad(f"'{key}' must be boolean value only")
    stores = body.get("stores")
    if stores is not None and (not isinstance(stores, list) or any(s != views.STORE_ID for s in stores)):
        raise ApiError(409, f"Store for scheme {stores} not found", "Conflict")
    return name, method.get("uri")


def _uri_allowed(req: Req, uri: Any) -> bool:
    """web-download only from this host: loopback, or the host this cloud is served from."""
    if not isinstance(uri, str):
        return False
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname
    own = urlsplit(req.cloud.settings.base_url).hostname
    if host in ("localhost", own):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def import_image(req: Req) -> Any:
    body = await req.json(required=False)
    if body is None:
        raise bad("Body expected in request.")
    method, uri = _validate_body(req, body)
    ctx = req.context
    now = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        repo.enforce(req.cloud, conn, ctx.project_id, "image_size_total", 0)
        image = repo.get_visible(conn, ctx, req.params["image_id"])
        status = image["status"]
        if status == "active" and method != "copy-image":
            raise ApiError(409, "Image with status active cannot be target for import", "Conflict")
        if status != "active" and method == "copy-image":
            raise ApiError(409, "Only images with status active can be targeted for copying", "Conflict")
        if status != "queued" and method == "web-download":
            raise ApiError(409, f"Image needs to be in 'queued' state to use '{method}' method", "Conflict")
        if method == "glance-direct" and (status != "uploading" or image["staged_size"] is None):
            raise ApiError(409, "Image needs to be staged before 'glance-direct' method can be used", "Conflict")
        if not image["container_format"]:
            raise ApiError(409, "'container_format' needs to be set before import", "Conflict")
        if not image["disk_format"]:
            raise ApiError(409, "'disk_format' needs to be set before import", "Conflict")
        common.enforce_on_image(req, conn, image, "copy_image" if method == "copy-image" else "modify_image")
        if method == "copy-image" and not body.get("all_stores"):
            raise bad(f"Image is already present at store '{views.STORE_ID}'")
        if method == "web-download" and not _uri_allowed(req, uri):
            raise bad(f"URI for web-download does not pass filtering: {uri}")
        props = dict(image["properties"] or {})
        if LOCK in props:
            raise ApiError(409, f"New operation on image '{image['id']}' is not permitted as prior operation "
                                "is still in progress", "Conflict")
        task_id = uuid_str()
        props.update({LOCK: task_id, IMPORTING: views.STORE_ID, FAILED: ""})
        conn.execute(t.tasks.insert().values(
            id=task_id, type="api_image_import", status="pending", owner=ctx.project_id, user_id=ctx.user_id,
            request_id=req.request_id, image_id=image["id"], message="", created_at=now, updated_at=now,
            input={"image_id": image["id"], "import_req": body, "backend": [views.STORE_ID]}))
        new_status = status if method == "copy-image" else "importing"
        repo.update(conn, image["id"], now, properties=props, status=new_status, import_task=task_id)
    job = asyncio.get_running_loop().create_task(_run(req.cloud, task_id, image["id"], method, uri, status))
    _RUNNING.add(job)
    job.add_done_callback(_RUNNING.discard)
    return empty(202)


async def _run(cloud: Any, task_id: str, image_id: str, method: str, uri: str | None, prior: str) -> None:
    """The task executor: do the import, then settle the image and the task in one transaction."""
    with cloud.store.begin() as conn:
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(
            status="processing", updated_at=cloud.clock.now()))
    location = data.data_location(image_id)
    error = None
    written = None
    try:
        if method == "glance-direct":
            staged = data.resolve(cloud, data.staging_location(image_id))
            dest = data.resolve(cloud, location)
            os.replace(staged, dest)
            written = await anyio.to_thread.run_sync(data.hash_file, dest)
        elif method == "web-download":
            written = await _download(cloud, uri or "", location)
    except Exception as exc:  # noqa: BLE001 - recorded on the task, as Glance does
        error = str(exc) or type(exc).__name__
    now = cloud.clock.now()
    with cloud.store.begin() as conn:
        image = repo.load(conn, image_id)
        if image is None:  # deleted while importing
            data.remove(cloud, location)
            error = error or f"Image {image_id} was deleted during the import"
        else:
            props = {k: v for k, v in (image["properties"] or {}).items() if k != LOCK}
            props.update({IMPORTING: "", FAILED: views.STORE_ID if error else ""})
            if error is None and written is not None:
                repo.update(conn, image_id, now, properties=props, status="active", location=location,
                            virtual_size=data.virtual_size(image["disk_format"], written),
                            size=written.size, checksum=written.checksum, os_hash_algo="sha512",
                            os_hash_value=written.os_hash_value, staged_size=None, import_task=None)
            elif error is None:  # copy-image: the data already is in the (only) store
                repo.update(conn, image_id, now, properties=props, status=prior, import_task=None)
            else:
                data.remove(cloud, data.staging_location(image_id))
                status = "active" if prior == "active" else "queued"
                repo.update(conn, image_id, now, properties=props, status=status, staged_size=None,
                            import_task=None)
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(
            status="failure" if error else "success", message=error or "", updated_at=now,
            expires_at=now + TASK_TTL, result=None if error else {"image_id": image_id}))
    if error:
        log.info("image import task %s for %s failed: %s", task_id, image_id, error)


async def _download(cloud: Any, uri: str, location: str) -> data.Written:
    dest = data.resolve(cloud, location)
    async with httpx.AsyncClient(timeout=httpx.Timeout(60.0), follow_redirects=False) as client:
        async with client.stream("GET", uri) as response:
            if response.status_code != 200:
                raise RuntimeError(f"web-download of {uri} answered {response.status_code}")
            return await data.save_stream(response.aiter_bytes(data.CHUNK), dest,
                                          cloud.model.image.image_size_cap)


def cancel_all() -> None:
    for job in list(_RUNNING):
        job.cancel()


# -- the legacy tasks API: POST /v2/tasks {"type": "import", ...} (admins only) ------------------

async def create(req: Req) -> Any:
    common.enforce(req, "add_task", _task_target(req))
    body = await req.json(required=False)
    if not isinstance(body, dict):
        raise bad("Body expected in request.")
    extra = set(body) - {"type", "input"}
    if extra:
        raise bad(f"Provided object does not match schema 'task': Additional properties are not allowed "
                  f"({', '.join(repr(k) for k in sorted(extra))} were unexpected)")
    if body.get("type") != "import":
        raise bad(f"Invalid type value: {body.get('type')}")
    task_input = body.get("input")
    if not isinstance(task_input, dict):
        raise bad("Invalid input: the task needs an 'input' object.")
    for key in ("import_from", "import_from_format", "image_properties"):
        if key not in task_input:
            raise bad(f"Input does not contain '{key}' field")
    properties = task_input["image_properties"]
    if not isinstance(properties, dict):
        raise bad("Input's 'image_properties' must be an object.")
    if not _uri_allowed(req, task_input["import_from"]):
        raise bad(f"URI for web-download does not pass filtering: {task_input['import_from']}")
    ctx = req.context
    now = req.cloud.clock.now()
    task_id = uuid_str()
    with req.cloud.store.begin() as conn:
        conn.execute(t.tasks.insert().values(
            id=task_id, type="import", status="pending", owner=ctx.project_id, user_id=ctx.user_id,
            request_id=req.request_id, image_id=None, message="", created_at=now, updated_at=now,
            input=task_input))
        row = conn.execute(sa.select(t.tasks).where(t.tasks.c.id == task_id)).one()
    job = asyncio.get_running_loop().create_task(_run_legacy(req.cloud, task_id, ctx.project_id, task_input))
    _RUNNING.add(job)
    job.add_done_callback(_RUNNING.discard)
    return json_response(views.task(dict(row._mapping)), 201)


async def _run_legacy(cloud: Any, task_id: str, owner: str | None, task_input: dict[str, Any]) -> None:
    """Create the image the task describes, fetch its data, and settle task and image."""
    props = dict(task_input["image_properties"])
    now = cloud.clock.now()
    image_id = uuid_str()
    error = None
    with cloud.store.begin() as conn:
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(status="processing", updated_at=now))
        base = {k: props.pop(k) for k in ("name", "disk_format", "container_format", "visibility", "min_disk",
                                          "min_ram", "protected") if k in props}
        repo.insert(conn, {"id": image_id, "status": "saving", "owner": owner, "created_at": now,
                           "updated_at": now, "visibility": base.pop("visibility", "shared"),
                           "properties": {k: str(v) for k, v in props.items()}, **base})
    location = data.data_location(image_id)
    written = None
    try:
        written = await _download(cloud, str(task_input["import_from"]), location)
    except Exception as exc:  # noqa: BLE001 - recorded on the task
        error = str(exc) or type(exc).__name__
    now = cloud.clock.now()
    with cloud.store.begin() as conn:
        if error is None and written is not None:
            repo.update(conn, image_id, now, status="active", location=location, size=written.size,
                        checksum=written.checksum, os_hash_algo="sha512", os_hash_value=written.os_hash_value)
        else:
            repo.delete(conn, image_id)
        conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(
            status="failure" if error else "success", message=error or "", updated_at=now,
            expires_at=now + TASK_TTL, image_id=None if error else image_id,
            result=None if error else {"image_id": image_id}))


# -- task records ------------------------------------------------------------------------------

async def image_tasks(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        image = repo.load(conn, req.params["image_id"])
        if image is None or not repo.can_see(conn, image, req.context.project_id, req.context.is_admin):
            raise ApiError(404, "The resource could not be found.", "NotFound")
        rows = conn.execute(sa.select(t.tasks).where(t.tasks.c.image_id == image["id"]).order_by(
            t.tasks.c.created_at)).all()
    return {"tasks": [views.image_task(dict(r._mapping)) for r in rows]}


def _task_target(req: Req) -> dict[str, str]:
    return {"project_id": req.context.project_id or ""}


async def index(req: Req) -> Any:
    common.enforce(req, "get_tasks", _task_target(req))
    query = req.query
    sort_key = query.get("sort_key", "created_at")
    sort_dir = query.get("sort_dir", "desc")
    if sort_key not in ("id", "type", "status", "created_at", "updated_at"):
        raise bad(f"Invalid sort_key: {sort_key}. It must be one of the following: "
                  "created_at, id, status, type, updated_at.")
    if sort_dir not in ("asc", "desc"):
        raise bad(f"Invalid sort_dir: {sort_dir}. It must be one of the following: asc, desc.")
    limit = 25
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise bad("limit param must be an integer") from None
        if limit <= 0:
            raise bad("limit param must be positive")
    clauses = []
    for key in ("type", "status"):
        if key in query:
            clauses.append(t.tasks.c[key] == query[key])
    if not req.context.is_admin:
        clauses.append(t.tasks.c.owner == req.context.project_id)
    with req.cloud.store.read() as conn:
        page = paginate(conn, t.tasks, sa.select(t.tasks).where(*clauses), [(sort_key, sort_dir)],
                        query.get("marker"), min(limit, 1000), "Invalid marker. Task {marker} could not be found.")
    params = [(k, v) for k, v in query.multi_items() if k != "marker"]
    body: dict[str, Any] = {"tasks": [views.task(r, detail=False) for r in page.rows],
                            "first": "/v2/tasks" + (f"?{urlencode(params)}" if params else ""),
                            "schema": "/v2/schemas/tasks"}
    if page.more and page.last_id:
        body["next"] = f"/v2/tasks?{urlencode(params + [('marker', page.last_id)])}"
    return body


async def show(req: Req) -> Any:
    common.enforce(req, "get_task", _task_target(req))
    task_id = req.params["task_id"]
    with req.cloud.store.read() as conn:
        row = conn.execute(sa.select(t.tasks).where(t.tasks.c.id == task_id)).first()
    if row is None or (not req.context.is_admin and row.owner != req.context.project_id):
        raise ApiError(404, f"Task with the given id {task_id} was not found", "TaskNotFound")
    return views.task(dict(row._mapping))
