"""``/servers/{id}/tags`` (2.26+): list, replace, add one, check one, delete one or all."""

from __future__ import annotations

from typing import Any

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.schemas import server_tags as schemas
from twinstack.compute.views import roots, webob_empty
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

ALLOWED = ["active", "paused", "suspended", "stopped", "shelved", "shelved_offloaded", "building", "rescued",
           "resized", "error"]


def _need_version(req: Req) -> None:
    if not req.at_least(2, 26):
        raise errors.resource_not_found()


def _get(req: Req, conn: Any, rule: str) -> dict[str, Any]:
    _need_version(req)
    row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize(f"os_compute_api:os-server-tags:{rule}", {"project_id": row["project_id"]})
    return row


def _save(req: Req, conn: Any, row: dict[str, Any], tags: list[str]) -> None:
    capi.check_state(row, "update tags", ALLOWED, capi.ANY_TASK)
    if len(tags) > schemas.MAX_TAGS:
        raise ApiError(400, f"The number of tags exceeded the per-server limit {schemas.MAX_TAGS}")
    conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
        tags=tags, updated_at=req.cloud.clock.now()))


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _get(req, conn, "index")
    return {"tags": list(row["tags"] or [])}


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _get(req, conn, "show")
    if req.params["tag"] not in (row["tags"] or []):
        raise ApiError(404, f"Tag {req.params['tag']} could not be found.", "TagNotFound")
    return empty(204)


async def update_all(req: Req) -> Any:
    tags = list(dict.fromkeys(validate(await req.json(), schemas.update_all)["tags"]))
    with req.cloud.store.begin() as conn:
        row = _get(req, conn, "update_all")
        _save(req, conn, row, tags)
    return {"tags": tags}


async def update(req: Req) -> Any:
    tag = req.params["tag"]
    validate(tag, schemas.update)
    with req.cloud.store.begin() as conn:
        row = _get(req, conn, "update")
        tags = list(row["tags"] or [])
        if tag in tags:
            return webob_empty(204)
        _save(req, conn, row, tags + [tag])
    return webob_empty(201, {"Location": f"{roots(req)[0]}/servers/{row['uuid']}/tags/{tag}"})


async def delete(req: Req) -> Any:
    tag = req.params["tag"]
    with req.cloud.store.begin() as conn:
        row = _get(req, conn, "delete")
        tags = list(row["tags"] or [])
        if tag not in tags:
            raise ApiError(404, f"Tag {tag} could not be found.", "TagNotFound")
        _save(req, conn, row, [x for x in tags if x != tag])
    return empty(204)


async def delete_all(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _get(req, conn, "delete_all")
        _save(req, conn, row, [])
    return empty(204)


