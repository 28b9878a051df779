"""``/resource_providers``: list with filters, create, show, update (rename, re-parent), delete; the
fields, filter names and bodies are declared in manager/providers.py, show is the core runner's."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.placement import errors, views
from twinstack.placement.api import common
from twinstack.placement.manager import base, db
from twinstack.placement.manager.base import PLACEMENT
from twinstack.placement.manager.candidates import Group, aggregate_filters, fits, trait_filters
from twinstack.placement.manager.providers import PROVIDERS
from twinstack.placement.schemas import providers as schemas
from twinstack.placement.tables import inventories, providers

CREATE_SCHEMAS = {(1, 0): schemas.create, (1, 14): schemas.create_v1_14}
UPDATE_SCHEMAS = {(1, 0): schemas.update, (1, 14): schemas.update_v1_14}


def render(req: Req, conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return PLACEMENT.render(req.cloud, conn, PROVIDERS, rows, req.context, None, req.version)


show_provider = PLACEMENT.show_handler(PROVIDERS)


async def list_providers(req: Req) -> Any:
    """The filters are a query language (trait and aggregate groups, resource amounts, trees) whose
    parsing needs the microversion and whose names must exist (400 otherwise), and which allocation
    candidates share: hand-written, with the declared fields, filter names and views."""
    PLACEMENT.admit(req, PROVIDERS, "list")
    base.check_query(req.query, {a.name for a in PROVIDERS.attrs_at(req.version).values() if a.filter})
    q = sa.select(providers)
    query = req.query
    if "uuid" in query:
        if not common.is_uuid(query["uuid"]):
            raise ApiError(400, f"Invalid query string parameters: '{query['uuid']}' is not a 'uuid'")
        q = q.where(providers.c.uuid == str(uuidlib.UUID(query["uuid"])))
    if "name" in query:
        q = q.where(providers.c.name == query["name"])
    group = Group()
    if "member_of" in query:
        group.member_of, group.forbidden_aggs = common.parse_member_of(req, query.getlist("member_of"))
    if "required" in query:
        group.required, group.forbidden = common.parse_required(req, query.getlist("required"))
    with req.cloud.store.read() as conn:
        if "required" in query:
            common.known_traits(req, conn, group.required, group.forbidden)
        q = q.where(*trait_filters(providers.c.id, group), *aggregate_filters(providers.c.id, group))
        if "resources" in query:
            resources = common.parse_resources(query["resources"])
            db.require_resource_classes(conn, resources,
                                        message="Invalid resource class in resources parameter: "
                                                "No such resource class {names}.")
            for rc, n in resources.items():
                inv = inventories.alias(f"inv_{rc.lower()}")
                q = q.where(sa.exists().where(inv.c.provider_id == providers.c.id, inv.c.resource_class == rc,
                                              fits(inv, n)))
        if "in_tree" in query:
            tree = db.get_provider(conn, common.parse_in_tree(query["in_tree"]))
            q = q.where(providers.c.root_id == (tree["root_id"] if tree else -1))
        rows = [dict(r._mapping) for r in conn.execute(q.order_by(providers.c.id))]
        body = PLACEMENT.list_body(req, PROVIDERS, render(req, conn, rows), None, None)
    return PLACEMENT.reply(req, PROVIDERS, "list", body, rows)


async def create_provider(req: Req) -> Any:
    req.authorize("placement:resource_providers:create")
    data = await base.body(req, base.schema_for(req, CREATE_SCHEMAS))
    rp_uuid = str(uuidlib.UUID(data["uuid"])) if data.get("uuid") else str(uuidlib.uuid4())
    parent = data.get("parent_provider_uuid")
    with req.cloud.store.begin() as conn:
        rp = db.create_provider(req.cloud, conn, rp_uuid, data["name"], str(uuidlib.UUID(parent)) if parent else None)
        payload = render(req, conn, [rp])[0]
    location = {"location": f"{req.base_url()}/resource_providers/{rp_uuid}"}
    if req.at_least(1, 20):
        return views.respond(req, payload, modified=rp["updated_at"], headers=location)
    return views.respond(req, None, 201, headers=location)


async def update_provider(req: Req) -> Any:
    req.authorize("placement:resource_providers:update")
    data = await base.body(req, base.schema_for(req, UPDATE_SCHEMAS))
    with req.cloud.store.begin() as conn:
        rp = db.get_provider(conn, req.params["uuid"])
        if rp is None:  # ResourceProvider.get_by_uuid, uncaught in handlers/resource_provider.py
            raise errors.uncaught(errors.provider_not_found(req.params["uuid"]))
        parent: Any = ...
        if "parent_provider_uuid" in data:
            parent = str(uuidlib.UUID(data["parent_provider_uuid"])) if data["parent_provider_uuid"] else None
        rp = db.update_provider(req.cloud, conn, rp, data["name"], parent, allow_reparent=req.at_least(1, 37))
        return views.respond(req, render(req, conn, [rp])[0], modified=rp["updated_at"])


async def delete_provider(req: Req) -> Any:
    req.authorize("placement:resource_providers:delete")
    with req.cloud.store.begin() as conn:
        rp = db.get_provider(conn, req.params["uuid"])
        if rp is None:
            raise ApiError(404, f"No resource provider with uuid {req.params['uuid']} found for delete",
                           errors.PROVIDER_NOT_FOUND)
        db.delete_provider(conn, rp)
    return empty(204)
