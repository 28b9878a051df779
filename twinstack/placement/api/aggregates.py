"""``/resource_providers/{uuid}/aggregates`` (1.1+): a bare list until 1.19, then with the provider
generation and conflict detection."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.placement.api import common
from twinstack.placement.manager import db

_UUIDS = {"type": "array", "items": {"type": "string", "format": "uuid"}, "uniqueItems": True}
PUT_1_1 = _UUIDS
PUT_1_19 = {"type": "object", "properties": {"aggregates": _UUIDS, "resource_provider_generation": {"type": "integer"}},
            "required": ["aggregates", "resource_provider_generation"], "additionalProperties": False}


def _payload(req: Req, conn: Any, rp: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"aggregates": db.provider_aggregate_uuids(conn, rp["id"])}
    if req.at_least(1, 19):
        out["resource_provider_generation"] = rp["generation"]
    return out


async def list_aggregates(req: Req) -> Any:
    common.since(req, 1, 1)
    req.authorize("placement:resource_providers:aggregates:list")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        return common.respond(req, _payload(req, conn, rp), modified=rp["updated_at"])


async def put_aggregates(req: Req) -> Any:
    common.since(req, 1, 1)
    req.authorize("placement:resource_providers:aggregates:update")
    new_format = req.at_least(1, 19)
    data = await common.body(req, PUT_1_19 if new_format else PUT_1_1)
    aggregates = [db.normalize_uuid(a) for a in (data["aggregates"] if new_format else data)]
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        if new_format:
            db.check_generation(rp, data["resource_provider_generation"])
        db.replace_aggregates(conn, rp, aggregates)
        if new_format:
            db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
        return common.respond(req, _payload(req, conn, rp), modified=db.now(req.cloud))
