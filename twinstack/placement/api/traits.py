"""``/traits`` (1.6+: standard and CUSTOM_) and ``/resource_providers/{uuid}/traits`` (with generation)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.placement.api import common
from twinstack.placement.manager import db
from twinstack.placement.schemas import traits as schemas
from twinstack.placement.tables import provider_traits, traits

INVALID = ('The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix '
           '"CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"')

async def list_traits(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:traits:list")
    common.check_query(req, {"name", "associated"})
    q = sa.select(traits.c.name)
    name = req.query.get("name")
    if name is not None:
        if name.startswith("in:"):
            q = q.where(traits.c.name.in_([n.strip() for n in name[3:].split(",")]))
        elif name.startswith("startswith:"):
            prefix = name[len("startswith:"):]
            q = q.where(traits.c.name.startswith(prefix, autoescape=True))
        else:
            raise ApiError(400, "Badly formatted name parameter. Expected name query string parameter in form: "
                                f"?name=startswith:CUSTOM_ or ?name=in:HW_CPU_X86_AVX,CUSTOM_MAGIC. Got: \"{name}\"")
    associated = req.query.get("associated")
    if associated is not None:
        if associated.lower() not in ("true", "false"):
            raise ApiError(400, "Invalid query string parameters: 'associated' must be 'true' or 'false'")
        used = sa.select(provider_traits.c.trait)
        q = q.where(traits.c.name.in_(used) if associated.lower() == "true" else traits.c.name.not_in(used))
    with req.cloud.store.read() as conn:
        names = [n for (n,) in conn.execute(q.order_by(traits.c.name))]
    return common.respond(req, {"traits": names})


def _trait(conn: Any, name: str) -> Any:
    return conn.execute(sa.select(traits).where(traits.c.name == name)).first()


async def show_trait(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:traits:show")
    name = req.params["name"]
    with req.cloud.store.read() as conn:
        row = _trait(conn, name)
    if row is None:
        raise ApiError(404, f"No such trait(s): {name}.")
    return common.respond(req, None, 204, modified=row.updated_at or row.created_at)


async def put_trait(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:traits:update")
    name = req.params["name"]
    if not db.CUSTOM_RE.match(name) or len(name) > 255:
        raise ApiError(400, INVALID)
    location = {"location": f"{req.base_url()}/traits/{name}"}
    with req.cloud.store.begin() as conn:
        row = _trait(conn, name)
        if row is not None:
            return common.respond(req, None, 204, modified=row.updated_at or row.created_at, headers=location)
        conn.execute(traits.insert().values(name=name, standard=False, created_at=db.now(req.cloud)))
    return common.respond(req, None, 201, headers=location)


async def delete_trait(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:traits:delete")
    name = req.params["name"]
    with req.cloud.store.begin() as conn:
        row = _trait(conn, name)
        if row is None:
            raise ApiError(404, f"No such trait(s): {name}.")
        if row.standard:
            raise ApiError(400, f"Cannot delete standard trait {name}.")
        if conn.execute(sa.select(provider_traits.c.trait).where(provider_traits.c.trait == name).limit(1)).first():
            raise ApiError(409, f"The trait {name} is in use by a resource provider.")
        conn.execute(traits.delete().where(traits.c.id == row.id))
    return empty(204)


def _provider_payload(conn: Any, rp: dict[str, Any]) -> dict[str, Any]:
    return {"traits": db.provider_trait_names(conn, rp["id"]), "resource_provider_generation": rp["generation"]}


async def list_provider_traits(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:resource_providers:traits:list")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        return common.respond(req, _provider_payload(conn, rp), modified=rp["updated_at"])


async def put_provider_traits(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:resource_providers:traits:update")
    data = await common.body(req, schemas.update_provider_traits)
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.check_generation(rp, data["resource_provider_generation"])
        db.ensure_traits(conn, data["traits"], create_custom=False)
        db.replace_traits(conn, rp, data["traits"])
        db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
        return common.respond(req, _provider_payload(conn, rp), modified=db.now(req.cloud))


async def delete_provider_traits(req: Req) -> Any:
    common.since(req, 1, 6)
    req.authorize("placement:resource_providers:traits:delete")
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.replace_traits(conn, rp, [])
        db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
    return empty(204)
