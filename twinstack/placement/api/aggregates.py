"""``/resource_providers/{uuid}/aggregates`` (1.1+): a bare list until 1.19, then with the provider
generation and conflict detection."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.placement import views
from twinstack.placement.manager import base, db
from twinstack.placement.schemas import aggregates as schemas

PUT_SCHEMAS = {(1, 1): schemas.update, (1, 19): schemas.update_v1_19}


def _payload(req: Req, conn: Any, rp: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"aggregates": db.provider_aggregate_uuids(conn, rp["id"])}
    if req.at_least(1, 19):
        out["resource_provider_generation"] = rp["generation"]
    return out


async def list_aggregates(req: Req) -> Any:
    base.since(req, 1, 1)
    req.authorize("placement:resource_providers:aggregates:list")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        return views.respond(req, _payload(req, conn, rp), modified=rp["updated_at"])


async def put_aggregates(req: Req) -> Any:
    base.since(req, 1, 1)
    req.authorize("placement:resource_providers:aggregates:update")
    new_format = req.at_least(1, 19)
    data = await base.body(req, base.schema_for(req, PUT_SCHEMAS))
    aggregates = list(data["aggregates"] if new_format else data)
    for uuid in aggregates:
        db.normalize_uuid(uuid)  # validated as a UUID, kept as spelled: Placement stores it so (e.g. hex)
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        if new_format:
            db.check_generation(rp, data["resource_provider_generation"])
        db.replace_aggregates(conn, rp, aggregates)
        if new_format:
            db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
        return views.respond(req, _payload(req, conn, rp), modified=db.now(req.cloud))
