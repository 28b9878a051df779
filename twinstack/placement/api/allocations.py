"""``/allocations/{consumer}`` (list format until 1.11, dict format from 1.12, consumer generations
1.28, consumer_type 1.38), ``POST /allocations`` (1.13), ``/resource_providers/{uuid}/allocations``."""

from __future__ import annotations

from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.placement import views
from twinstack.placement.api import common
from twinstack.placement.manager import allocs, base, db
from twinstack.placement.schemas import allocations as schemas

PUT_SCHEMAS = {(1, 0): schemas.update, (1, 8): schemas.update_v1_8, (1, 12): schemas.update_v1_12,
               (1, 28): schemas.update_v1_28, (1, 34): schemas.update_v1_34, (1, 38): schemas.update_v1_38}
POST_SCHEMAS = {(1, 13): schemas.manage_v1_13, (1, 28): schemas.manage_v1_28, (1, 34): schemas.manage_v1_34,
                (1, 38): schemas.manage_v1_38}


def _normalize(req: Req, data: dict[str, Any]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """-> ({rp_uuid: {rc: n}}, {rp_uuid: generation given})."""
    wanted: dict[str, dict[str, int]] = {}
    generations: dict[str, int] = {}
    if isinstance(data["allocations"], list):
        for item in data["allocations"]:
            rp = db.normalize_uuid(item["resource_provider"]["uuid"])
            wanted.setdefault(rp, {}).update(item["resources"])
    else:
        for rp, item in data["allocations"].items():
            rp = db.normalize_uuid(rp)
            wanted[rp] = dict(item["resources"])
            if "generation" in item:
                generations[rp] = item["generation"]
    return wanted, generations


def _write(req: Req, conn: Any, consumer: str, data: dict[str, Any]) -> None:
    wanted, _generations = _normalize(req, data)  # per-provider generations are accepted, not checked
    generation = data["consumer_generation"] if req.at_least(1, 28) else allocs.UNSET
    allocs.set_allocations(req.cloud, conn, consumer, wanted, data.get("project_id") or req.context.project_id,
                           data.get("user_id") or req.context.user_id, generation, data.get("consumer_type"),
                           provider_generations=None)


async def show(req: Req) -> Any:
    req.authorize("placement:allocations:list")
    consumer_uuid = req.params["consumer_uuid"]
    with req.cloud.store.read() as conn:
        rows = allocs.consumer_allocations(conn, consumer_uuid)
        consumer = allocs.get_consumer(conn, consumer_uuid)
    out: dict[str, Any] = {}
    for r in rows:
        entry = out.setdefault(r["rp_uuid"], {"generation": r["generation"], "resources": {}})
        entry["resources"][r["resource_class"]] = r["used"]
    body: dict[str, Any] = {"allocations": out}
    if consumer is not None and req.at_least(1, 12):
        body["project_id"] = consumer["project_id"]
        body["user_id"] = consumer["user_id"]
        if req.at_least(1, 28):
            body["consumer_generation"] = consumer["generation"]
        if req.at_least(1, 38):
            body["consumer_type"] = consumer["consumer_type"] or "unknown"
    return views.respond(req, body, modified=consumer["updated_at"] if consumer else None)


async def put(req: Req) -> Any:
    req.authorize("placement:allocations:update")
    consumer_uuid = req.params["consumer_uuid"]
    if not common.is_uuid(consumer_uuid):
        raise ApiError(400, f"Malformed consumer_uuid: {consumer_uuid}")
    data = await base.body(req, base.schema_for(req, PUT_SCHEMAS))
    with req.cloud.store.begin() as conn:
        _write(req, conn, consumer_uuid, data)
    return empty(204)


async def post(req: Req) -> Any:
    base.since(req, 1, 13)
    req.authorize("placement:allocations:manage")
    data = await base.body(req, base.schema_for(req, POST_SCHEMAS))
    with req.cloud.store.begin() as conn:
        # releases first, so one request can move resources from one consumer to another
        order = sorted(data, key=lambda c: bool(data[c]["allocations"]))
        for consumer_uuid in order:
            _write(req, conn, consumer_uuid, data[consumer_uuid])
    return empty(204)


async def delete(req: Req) -> Any:
    req.authorize("placement:allocations:delete")
    consumer_uuid = req.params["consumer_uuid"]
    with req.cloud.store.begin() as conn:
        if not allocs.consumer_allocations(conn, consumer_uuid):
            raise ApiError(404, f"No allocations for consumer '{consumer_uuid}'")
        allocs.set_allocations(req.cloud, conn, consumer_uuid, {}, None, None)
    return empty(204)


async def for_provider(req: Req) -> Any:
    req.authorize("placement:resource_providers:allocations:list")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        by_consumer = allocs.provider_allocations(conn, rp["id"])
    body = {"allocations": {c: {"resources": res} for c, res in by_consumer.items()},
            "resource_provider_generation": rp["generation"]}
    return views.respond(req, body, modified=rp["updated_at"])
