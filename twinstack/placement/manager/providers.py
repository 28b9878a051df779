"""Resource providers as a declaration: their fields by microversion, links and the parent and root
uuids each body shows. Their writes (trees, re-parenting, generations) are ``db``'s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.placement import errors
from twinstack.placement.manager import db
from twinstack.placement.manager.base import Ops, Resource
from twinstack.placement.schemas import providers as schemas
from twinstack.placement.tables import providers

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class ProviderOps(Ops):
    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        uuids = db.uuids_for(conn, [r["parent_id"] for r in rows] + [r["root_id"] for r in rows])
        for r in rows:
            r["parent_provider_uuid"] = uuids.get(r["parent_id"]) if r["parent_id"] else None
            r["root_provider_uuid"] = uuids.get(r["root_id"], r["uuid"])


PROVIDERS = Resource(
    "resource_provider", "resource_providers", providers, schemas.ATTRIBUTES, ProviderOps(),
    kind="Resource provider", not_found="No resource provider with uuid {id} found",
    error_code=errors.PROVIDER_NOT_FOUND, key="uuid", row_modified=frozenset({"show", "list"}), not_found_uncaught=True,
    links=(("self", "", None), ("inventories", "/inventories", None), ("usages", "/usages", None),
           ("aggregates", "/aggregates", (1, 1)), ("traits", "/traits", (1, 6)),
           ("allocations", "/allocations", (1, 11))),
)
