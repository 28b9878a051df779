"""Resource classes (1.2+): the standard ones, seeded and fixed, and CUSTOM_ ones a client makes,
renames (before 1.7) and deletes while no inventory holds them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.placement import errors
from twinstack.placement.manager.base import Ops, Resource
from twinstack.placement.schemas import classes as schemas
from twinstack.placement.tables import inventories, resource_classes

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _exists(conn: Connection, name: str) -> bool:
    return conn.execute(sa.select(resource_classes.c.id).where(resource_classes.c.name == name)).first() is not None


def _in_inventory(conn: Connection, name: str) -> bool:
    query = sa.select(inventories.c.id).where(inventories.c.resource_class == name).limit(1)
    return conn.execute(query).first() is not None


class ResourceClassOps(Ops):
    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        name = values["name"]
        if _exists(conn, name):
            raise ApiError(409, f"Conflicting resource class already exists: {name}", errors.DUPLICATE_NAME)
        conn.execute(resource_classes.insert().values(name=name, standard=False, created_at=cloud.clock.now()))
        return str(name)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        name = row["name"]
        if row["standard"]:
            raise ApiError(400, f"Cannot update standard resource class {name}")
        if _exists(conn, changes["name"]):
            raise ApiError(409, f"Resource class already exists: {changes['name']}", errors.DUPLICATE_NAME)
        if _in_inventory(conn, name):
            raise ApiError(409, f"Unable to update resource class {name}: it is in use in inventory")

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        name = row["name"]
        if row["standard"]:
            raise ApiError(400, f"Cannot delete standard resource class {name}: Cannot delete standard "
                                "resource class.")
        if _in_inventory(conn, name):
            raise ApiError(409, f"Unable to delete resource class {name}: Resource class is in use in inventory")
        conn.execute(resource_classes.delete().where(resource_classes.c.id == row["id"]))


RESOURCE_CLASSES = Resource(
    "resource_class", "resource_classes", resource_classes, schemas.ATTRIBUTES, ResourceClassOps(),
    kind="Resource class", not_found="No such resource class {id}.", key="name", not_found_uncaught=True,
    since=(1, 2), ensure_since=(1, 7), links=(("self", "", None),),
    schemas={"create": {(1, 2): schemas.create}, "update": {(1, 2): schemas.update}},
)
