"""``/traits`` (1.6+: standard and CUSTOM_) and ``/resource_providers/{uuid}/traits`` (with generation)."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, empty
from twinstack.placement import views
from twinstack.placement.manager import base, db
from twinstack.placement.manager.base import PLACEMENT
from twinstack.placement.manager.traits import TRAITS
from twinstack.placement.schemas import traits as schemas

# /traits and /traits/{name}: list, show (204), PUT (201 or 204) and DELETE, run by the core runner
ROUTES = PLACEMENT.routes(TRAITS, create=False, update=False)


def _provider_payload(conn: Any, rp: dict[str, Any]) -> dict[str, Any]:
    return {"traits": db.provider_trait_names(conn, rp["id"]), "resource_provider_generation": rp["generation"]}


async def list_provider_traits(req: Req) -> Any:
    base.since(req, 1, 6)
    req.authorize("placement:resource_providers:traits:list")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        return views.respond(req, _provider_payload(conn, rp), modified=rp["updated_at"])


async def put_provider_traits(req: Req) -> Any:
    base.since(req, 1, 6)
    req.authorize("placement:resource_providers:traits:update")
    data = await base.body(req, schemas.update_provider_traits)
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.check_generation(rp, data["resource_provider_generation"])
        db.ensure_traits(conn, data["traits"], create_custom=False)
        db.replace_traits(conn, rp, data["traits"])
        db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
        return views.respond(req, _provider_payload(conn, rp), modified=db.now(req.cloud))


async def delete_provider_traits(req: Req) -> Any:
    base.since(req, 1, 6)
    req.authorize("placement:resource_providers:traits:delete")
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.replace_traits(conn, rp, [])
        db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
    return empty(204)
