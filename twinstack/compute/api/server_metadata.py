"""``/servers/{id}/metadata``: the server's metadata as a whole or key by key (quota: metadata_items)."""

from __future__ import annotations

from typing import Any

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import server_metadata as schemas
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

ALLOWED = ("active", "paused", "suspended", "stopped", "shelved", "shelved_offloaded", "resized", "building", "rescued")


def _target(row: dict[str, Any]) -> dict[str, Any]:
    return {"project_id": row["project_id"]}


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:server-metadata:index", _target(row))
    return {"metadata": dict(row["metadata"] or {})}


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:server-metadata:show", _target(row))
    key = req.params["key"]
    if key not in (row["metadata"] or {}):
        raise errors.metadata_item_not_found()
    return {"meta": {key: row["metadata"][key]}}


def _write(req: Req, rule: str, change: Any) -> dict[str, Any]:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize(f"os_compute_api:server-metadata:{rule}", _target(row))
        capi.check_locked(RequestContext.from_req(req), row)
        capi.check_state(row, "update metadata", list(ALLOWED), capi.ANY_TASK)
        metadata = change(dict(row["metadata"] or {}))
        capi.check_quota(conn, row["project_id"], row["user_id"], {"metadata_items": len(metadata)})
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
            metadata=metadata, updated_at=req.cloud.clock.now()))
    return metadata


async def create(req: Req) -> Any:
    new = validate(await req.json(), schemas.create)["metadata"]
    return {"metadata": _write(req, "create", lambda m: {**m, **new})}


async def update_all(req: Req) -> Any:
    new = validate(await req.json(), schemas.update_all)["metadata"]
    return {"metadata": _write(req, "update_all", lambda m: dict(new))}


async def update(req: Req) -> Any:
    meta = validate(await req.json(), schemas.update)["meta"]
    key = req.params["key"]
    if key not in meta:
        raise errors.body_uri_mismatch()
    _write(req, "update", lambda m: {**m, key: meta[key]})
    return {"meta": {key: meta[key]}}


async def delete(req: Req) -> Any:
    key = req.params["key"]

    def drop(m: dict[str, Any]) -> dict[str, Any]:
        if key not in m:
            raise errors.metadata_item_not_found()
        return {k: v for k, v in m.items() if k != key}

    _write(req, "delete", drop)
    return empty(204)
