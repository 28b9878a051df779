"""Interoperable image import (``POST /v2/images/{id}/import``), the legacy ``/v2/tasks`` API and the
task records they leave. The import answers 202 at once; the executor (``manager/imports.py``) runs
as a task of the image provider, on the cloud's clock, as Glance's task executor does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pagination import paginate
from twinstack.core.pipeline import Req, json_response
from twinstack.image import data, errors, manager, views
from twinstack.image import tables as t
from twinstack.image.api import common
from twinstack.image.manager import imports


def _validate_body(req: Req, body: Any) -> tuple[str, str | None]:
    if not isinstance(body, dict) or "method" not in body:
        raise errors.bad_request("Import request requires a 'method' field.")
    method = body["method"]
    if not isinstance(method, dict) or "name" not in method:
        raise errors.bad_request("Import request requires a 'name' field.")
    name = method["name"]
    if name not in req.cloud.model.image.import_methods:
        raise errors.bad_request(f"Unknown import method name '{name}'.")
    for key, default in (("all_stores_must_succeed", True), ("all_stores", False)):
        if not isinstance(body.get(key, default), bool):
            raise errors.bad_request(f"'{key}' must be boolean value only")
    stores = body.get("stores")
    if stores is not None and (not isinstance(stores, list) or any(s != data.store_id(req.cloud) for s in stores)):
        raise errors.conflict(f"Store for scheme {stores} not found")
    return name, method.get("uri")


async def import_image(req: Req) -> Any:
    body = await req.json(required=False)
    if body is None:
        raise errors.bad_request("Body expected in request.")
    method, uri = _validate_body(req, body)
    ctx = req.context
    with req.cloud.store.begin() as conn:
        manager.enforce(req.cloud, conn, ctx.project_id, "image_size_total", 0)
        image = manager.get_visible(conn, ctx, req.params["image_id"])
        imports.check_importable(image, method)
        common.enforce_on_image(req, conn, image, "copy_image" if method == "copy-image" else "modify_image")
        if method == "copy-image" and not body.get("all_stores"):
            raise errors.bad_request(f"Image is already present at store '{data.store_id(req.cloud)}'")
        if method == "web-download" and not imports.uri_allowed(req.cloud, uri):
            raise errors.bad_request(f"URI for web-download does not pass filtering: {uri}")
        task_id = imports.begin(req.cloud, conn, ctx, req.request_id, image, method, body)
    imports.start(req.cloud, task_id, image["id"], method, uri, image["status"])
    return common.serialized_empty(202)


# -- the legacy tasks API: POST /v2/tasks {"type": "import", ...} (admins only) ------------------

def _enforce_task(req: Req, rule: str) -> None:
    """Glance's TasksAPIPolicy: tasks_api_access (admins) for the whole API, then the action's own
    rule (any caller of the project by default)."""
    common.enforce(req, "tasks_api_access", _task_target(req))
    common.enforce(req, rule, _task_target(req))


async def create(req: Req) -> Any:
    _enforce_task(req, "add_task")
    body = await req.json(required=False)
    if not isinstance(body, dict):
        raise errors.bad_request("Body expected in request.")
    extra = set(body) - {"type", "input"}
    if extra:
        raise errors.bad_request(f"Provided object does not match schema 'task': Additional properties are not allowed "
                  f"({', '.join(repr(k) for k in sorted(extra))} were unexpected)")
    if body.get("type") != "import":
        raise errors.bad_request(f"Invalid type value: {body.get('type')}")
    task_input = body.get("input")
    if not isinstance(task_input, dict):
        raise errors.bad_request("Invalid input: the task needs an 'input' object.")
    for key in ("import_from", "import_from_format", "image_properties"):
        if key not in task_input:
            raise errors.bad_request(f"Input does not contain '{key}' field")
    properties = task_input["image_properties"]
    if not isinstance(properties, dict):
        raise errors.bad_request("Input's 'image_properties' must be an object.")
    if not imports.uri_allowed(req.cloud, task_input["import_from"]):
        raise errors.bad_request(f"URI for web-download does not pass filtering: {task_input['import_from']}")
    ctx = req.context
    with req.cloud.store.begin() as conn:
        row = imports.create_legacy(req.cloud, conn, ctx, req.request_id, task_input)
    imports.start_legacy(req.cloud, row["id"], ctx.project_id, task_input)
    return json_response(views.task(row), 201)


# -- task records ------------------------------------------------------------------------------

async def image_tasks(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        image = manager.load(conn, req.params["image_id"])
        if image is None or not manager.can_see(conn, image, req.context.project_id, req.context.is_admin):
            raise errors.not_found()
        common.enforce_on_image(req, conn, image, "get_image")  # glance's get_task_info: get_image first
        rows = conn.execute(sa.select(t.tasks).where(t.tasks.c.image_id == image["id"]).order_by(
            t.tasks.c.created_at)).all()
    return {"tasks": [views.image_task(dict(r._mapping)) for r in rows]}


# the values Glance's task list accepts as filters; anything else is a 400 before any lookup
TASK_FILTERS = {"type": ("import",), "status": ("pending", "processing", "success", "failure")}


def _task_target(req: Req) -> dict[str, str]:
    return {"project_id": req.context.project_id or ""}


async def index(req: Req) -> Any:
    _enforce_task(req, "get_tasks")
    query = req.query
    sort_key = query.get("sort_key", "created_at")
    sort_dir = query.get("sort_dir", "desc")
    if sort_key not in ("id", "type", "status", "created_at", "updated_at"):
        raise errors.bad_request(f"Invalid sort_key: {sort_key}. It must be one of the following: "
                  "created_at, id, status, type, updated_at.")
    if sort_dir not in ("asc", "desc"):
        raise errors.bad_request(f"Invalid sort_dir: {sort_dir}. It must be one of the following: asc, desc.")
    limit = 25
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise errors.bad_request("limit param must be an integer") from None
        if limit <= 0:
            raise errors.bad_request("limit param must be positive")
    clauses = []
    for key, known in TASK_FILTERS.items():
        if query.get(key):  # Glance's RequestDeserializer._get_filters: an empty value filters nothing
            if query[key] not in known:
                raise errors.bad_request(f"Invalid {key} value: {query[key]}")
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
    if page.rows and len(page.rows) == min(limit, 1000) and page.last_id:  # Glance: a full page has a next
        body["next"] = f"/v2/tasks?{urlencode(params + [('marker', page.last_id)])}"
    return body


async def show(req: Req) -> Any:
    _enforce_task(req, "get_task")
    task_id = req.params["task_id"]
    with req.cloud.store.read() as conn:
        row = conn.execute(sa.select(t.tasks).where(t.tasks.c.id == task_id)).first()
    if row is None or (not req.context.is_admin and row.owner != req.context.project_id):
        raise ApiError(404, f"Task with the given id {task_id} was not found", "TaskNotFound")
    return views.task(dict(row._mapping))
