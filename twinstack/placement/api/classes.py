"""``/resource_classes`` (1.2+): the standard classes and CUSTOM_ ones; PUT creates idempotently from 1.7."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.placement import errors
from twinstack.placement.api import common
from twinstack.placement.manager import db
from twinstack.placement.schemas import classes as schemas
from twinstack.placement.tables import inventories, resource_classes


def _view(name: str) -> dict[str, Any]:
    return {"name": name, "links": [{"rel": "self", "href": f"/placement/resource_classes/{name}"}]}


def _get(conn: Any, name: str) -> Any:
    return conn.execute(sa.select(resource_classes).where(resource_classes.c.name == name)).first()


def _require(conn: Any, name: str) -> Any:
    row = _get(conn, name)
    if row is None:
        raise ApiError(404, f"No such resource class {name}.")
    return row


async def list_classes(req: Req) -> Any:
    common.since(req, 1, 2)
    req.authorize("placement:resource_classes:list")
    with req.cloud.store.read() as conn:
        rows = list(conn.execute(sa.select(resource_classes.c.name).order_by(resource_classes.c.id)))
    return common.respond(req, {"resource_classes": [_view(r.name) for r in rows]})


async def create_class(req: Req) -> Any:
    common.since(req, 1, 2)
    req.authorize("placement:resource_classes:create")
    data = await common.body(req, schemas.create)
    name = data["name"]
    with req.cloud.store.begin() as conn:
        if _get(conn, name) is not None:
            raise ApiError(409, f"Conflicting resource class already exists: {name}", errors.DUPLICATE_NAME)
        conn.execute(resource_classes.insert().values(name=name, standard=False, created_at=db.now(req.cloud)))
    return common.respond(req, None, 201, headers={"location": f"{req.base_url()}/resource_classes/{name}"})


async def show_class(req: Req) -> Any:
    common.since(req, 1, 2)
    req.authorize("placement:resource_classes:show")
    with req.cloud.store.read() as conn:
        row = _require(conn, req.params["name"])
    return common.respond(req, _view(row.name), modified=row.updated_at or row.created_at)


async def update_class(req: Req) -> Any:
    common.since(req, 1, 2)
    req.authorize("placement:resource_classes:update")
    name = req.params["name"]
    if req.at_least(1, 7):
        if not db.CUSTOM_RE.match(name):
            raise ApiError(400, "JSON does not validate: The resource class name must start with CUSTOM_")
        location = {"location": f"{req.base_url()}/resource_classes/{name}"}
        with req.cloud.store.begin() as conn:
            if _get(conn, name) is not None:
                return common.respond(req, None, 204, headers=location)
            conn.execute(resource_classes.insert().values(name=name, standard=False, created_at=db.now(req.cloud)))
        return common.respond(req, None, 201, headers=location)
    data = await common.body(req, schemas.update)
    with req.cloud.store.begin() as conn:
        row = _require(conn, name)
        if row.standard:
            raise ApiError(400, f"Cannot update standard resource class {name}")
        if _get(conn, data["name"]) is not None:
            raise ApiError(409, f"Resource class already exists: {data['name']}", errors.DUPLICATE_NAME)
        if conn.execute(sa.select(inventories.c.id).where(inventories.c.resource_class == name).limit(1)).first():
            raise ApiError(409, f"Unable to update resource class {name}: it is in use in inventory")
        conn.execute(resource_classes.update().where(resource_classes.c.id == row.id)
                     .values(name=data["name"], updated_at=db.now(req.cloud)))
    return common.respond(req, _view(data["name"]))


async def delete_class(req: Req) -> Any:
    common.since(req, 1, 2)
    req.authorize("placement:resource_classes:delete")
    name = req.params["name"]
    with req.cloud.store.begin() as conn:
        row = _require(conn, name)
        if row.standard:
            raise ApiError(400, f"Cannot delete standard resource class {name}: Cannot delete standard "
                                "resource class.")
        if conn.execute(sa.select(inventories.c.id).where(inventories.c.resource_class == name).limit(1)).first():
            raise ApiError(409, f"Unable to delete resource class {name}: Resource class is in use in inventory")
        conn.execute(resource_classes.delete().where(resource_classes.c.id == row.id))
    return empty(204)
