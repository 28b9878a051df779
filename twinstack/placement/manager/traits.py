"""Traits (1.6+): the standard ones, seeded and fixed, and CUSTOM_ ones a client makes with PUT and
deletes while no provider has them. A trait is its name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.placement.manager.base import Ops, Resource
from twinstack.placement.schemas import traits as schemas
from twinstack.placement.tables import provider_traits, traits

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class TraitOps(Ops):
    def filter(self, name: str, values: list[str]) -> Any:
        value = values[-1]  # as Placement reads a repeated parameter
        if name == "name":
            # placement/handlers/trait.py: "op:value"; an op other than in/startswith filters nothing
            op, colon, rest = value.partition(":")
            if not colon:
                raise ApiError(400, "Badly formatted name parameter. Expected name query string parameter in form: "
                                    f"?name=[in|startswith]:[name1,name2|prefix]. Got: \"{value}\"")
            if op == "in":
                return traits.c.name.in_([n.strip() for n in rest.split(",")])
            if op == "startswith":
                return traits.c.name.startswith(rest, autoescape=True)
            return sa.true()
        if value.lower() not in ("true", "false"):
            raise ApiError(400, "Invalid query string parameters: 'associated' must be 'true' or 'false'")
        used = sa.select(provider_traits.c.trait)
        return traits.c.name.in_(used) if value.lower() == "true" else traits.c.name.not_in(used)

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        conn.execute(traits.insert().values(name=values["name"], standard=False, created_at=cloud.clock.now()))
        return str(values["name"])

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        name = row["name"]
        if row["standard"]:
            raise ApiError(400, f"Cannot delete standard trait {name}.")
        if conn.execute(sa.select(provider_traits.c.trait).where(provider_traits.c.trait == name).limit(1)).first():
            raise ApiError(409, f"The trait {name} is in use by a resource provider.")
        conn.execute(traits.delete().where(traits.c.id == row["id"]))


TRAITS = Resource(
    "trait", "traits", traits, schemas.ATTRIBUTES, TraitOps(), kind="Trait", not_found="No such trait(s): {id}.",
    key="name", default_sort=[("name", "asc")], since=(1, 6), ensure_since=(1, 6), names_only=True,
    row_modified=frozenset({"show", "ensure"}),
)
