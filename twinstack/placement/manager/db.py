"""Placement's writes and lookups on providers, inventories, traits, aggregates and resource classes.

Shared by the HTTP handlers and ``local.py``; every function takes an open connection so callers
choose the transaction. Errors are ``ApiError`` with Placement's codes.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.placement import errors
from twinstack.placement.manager import standard
from twinstack.placement.tables import (
    inventories,
    provider_aggregates,
    provider_traits,
    providers,
    resource_classes,
    traits,
)

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


CUSTOM_RE = re.compile(r"^CUSTOM_[A-Z0-9_]+$")
MAX_INT = 2147483647
INVENTORY_FIELDS = ("total", "reserved", "min_unit", "max_unit", "step_size", "allocation_ratio")


def now(cloud: Cloud) -> datetime:
    return cloud.clock.now()


def normalize_uuid(value: str, what: str = "uuid") -> str:
    try:
        return str(uuidlib.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise ApiError(400, f"Malformed {what}: {value!r} is not a valid UUID.") from None


# -- seeding -----------------------------------------------------------------------------------
def seed(cloud: Cloud, conn: Connection) -> None:
    """Standard resource classes and traits; idempotent."""
    stamp = now(cloud)
    have_rc = {r for (r,) in conn.execute(sa.select(resource_classes.c.name))}
    rows = [{"name": n, "standard": True, "created_at": stamp} for n in standard.RESOURCE_CLASSES if n not in have_rc]
    if rows:
        conn.execute(resource_classes.insert(), rows)
    have_t = {t for (t,) in conn.execute(sa.select(traits.c.name))}
    rows = [{"name": n, "standard": True, "created_at": stamp} for n in standard.TRAITS if n not in have_t]
    if rows:
        conn.execute(traits.insert(), rows)


# -- providers ---------------------------------------------------------------------------------
_PROVIDER = sa.select(providers).where(providers.c.uuid == sa.bindparam("uuid"))  # built once: every claim reads it


def get_provider(conn: Connection, uuid: str) -> dict[str, Any] | None:
    row = conn.execute(_PROVIDER, {"uuid": uuid}).first()
    return dict(row._mapping) if row else None


def require_provider(conn: Connection, uuid: str) -> dict[str, Any]:
    row = get_provider(conn, uuid)
    if row is None:
        raise errors.provider_not_found(uuid)
    return row


_UUIDS_OF = sa.select(providers.c.id, providers.c.uuid).where(providers.c.id.in_(sa.bindparam("ids", expanding=True)))


def uuids_for(conn: Connection, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {r.id: r.uuid for r in conn.execute(_UUIDS_OF, {"ids": sorted(wanted)})}


def create_provider(cloud: Cloud, conn: Connection, uuid: str, name: str,
                    parent_uuid: str | None = None) -> dict[str, Any]:
    duplicates = []
    if conn.execute(sa.select(providers.c.id).where(providers.c.uuid == uuid)).first():
        duplicates.append(f"uuid: {uuid}")
    if conn.execute(sa.select(providers.c.id).where(providers.c.name == name)).first():
        duplicates.append(f"name: {name}")
    if duplicates:
        raise ApiError(409, f"Conflicting resource provider {', '.join(duplicates)} already exists.",
                       errors.DUPLICATE_NAME)
    parent_id = root_id = None
    if parent_uuid is not None:
        parent = get_provider(conn, parent_uuid)
        if parent is None:
            raise ApiError(400, f'Unable to create resource provider "{name}", {uuid}: '
                                f"The parent resource provider {parent_uuid} does not exist.")
        parent_id, root_id = parent["id"], parent["root_id"]
    stamp = now(cloud)
    key = conn.execute(providers.insert().values(
        uuid=uuid, name=name, generation=0, parent_id=parent_id, root_id=root_id,
        created_at=stamp, updated_at=stamp)).inserted_primary_key
    assert key is not None  # an INSERT of one row always has a key
    new_id = key[0]
    if root_id is None:
        conn.execute(providers.update().where(providers.c.id == new_id).values(root_id=new_id))
    return require_provider(conn, uuid)


def update_provider(cloud: Cloud, conn: Connection, rp: dict[str, Any], name: str | None,
                    parent_uuid: Any = ..., allow_reparent: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if name is not None and name != rp["name"]:
        clash = conn.execute(sa.select(providers.c.id).where(providers.c.name == name)).first()
        if clash:
            raise ApiError(409, f"Conflicting resource provider {name} already exists.", errors.DUPLICATE_NAME)
        values["name"] = name
    if parent_uuid is not ...:
        current = uuids_for(conn, [rp["parent_id"]]).get(rp["parent_id"]) if rp["parent_id"] else None
        if parent_uuid != current:
            values.update(_reparent(conn, rp, parent_uuid, current, allow_reparent))
    if values:
        values["updated_at"] = now(cloud)
        conn.execute(providers.update().where(providers.c.id == rp["id"]).values(**values))
    return require_provider(conn, rp["uuid"])


def _reparent(conn: Connection, rp: dict[str, Any], parent_uuid: str | None, current: str | None,
              allow: bool) -> dict[str, Any]:
    prefix = f"Unable to save resource provider {rp['uuid']}: Object action update failed because: "
    if not allow:
        if current is not None and parent_uuid is None:
            raise ApiError(400, prefix + "un-parenting a provider is not currently allowed.")
        if current is not None:
            raise ApiError(400, prefix + "re-parenting a provider is not currently allowed.")
    if parent_uuid is None:
        new_root = rp["id"]
        parent_id = None
    else:
        parent = get_provider(conn, parent_uuid)
        if parent is None:
            raise ApiError(400, prefix + f"parent provider UUID {parent_uuid} does not exist.")
        if parent["id"] == rp["id"] or parent["id"] in descendants(conn, rp["id"]):
            raise ApiError(400, prefix + "creating loop in the provider tree is not allowed.")
        parent_id, new_root = parent["id"], parent["root_id"]
    if new_root != rp["root_id"]:
        subtree = [rp["id"], *descendants(conn, rp["id"])]
        conn.execute(providers.update().where(providers.c.id.in_(subtree)).values(root_id=new_root))
    return {"parent_id": parent_id}


def descendants(conn: Connection, provider_id: int) -> list[int]:
    found: list[int] = []
    frontier = [provider_id]
    while frontier:
        frontier = [r for (r,) in conn.execute(sa.select(providers.c.id).where(providers.c.parent_id.in_(frontier)))]
        found.extend(frontier)
    return found


def delete_provider(conn: Connection, rp: dict[str, Any]) -> None:
    from twinstack.placement.tables import allocations

    if conn.execute(sa.select(allocations.c.id).where(allocations.c.provider_id == rp["id"]).limit(1)).first():
        raise ApiError(409, f"Unable to delete resource provider {rp['uuid']}: Resource provider has allocations.",
                       errors.PROVIDER_IN_USE)
    if conn.execute(sa.select(providers.c.id).where(providers.c.parent_id == rp["id"]).limit(1)).first():
        raise ApiError(409, f"Unable to delete parent resource provider {rp['uuid']}: It has child resource providers.",
                       errors.CANNOT_DELETE_PARENT)
    for table in (inventories, provider_traits, provider_aggregates):
        conn.execute(table.delete().where(table.c.provider_id == rp["id"]))
    conn.execute(providers.delete().where(providers.c.id == rp["id"]))


def bump_generation(conn: Connection, rp: dict[str, Any], expected: int | None, stamp: datetime) -> int:
    """Optimistic concurrency: advance the generation only if it is still ``expected``."""
    current = rp["generation"] if expected is None else expected
    result = conn.execute(providers.update().where(providers.c.id == rp["id"], providers.c.generation == current)
                          .values(generation=current + 1, updated_at=stamp))
    if result.rowcount != 1:
        raise errors.concurrent_update(f"resource provider generation conflict: provider {rp['uuid']} has changed "
                       f"since generation {current}. Please update the generation and try again.")
    rp["generation"] = current + 1
    return current + 1


def check_generation(rp: dict[str, Any], given: Any) -> None:
    if given != rp["generation"]:
        raise errors.concurrent_update("resource provider generation conflict")


# -- resource classes and traits ---------------------------------------------------------------
_CLASS_NAMES = sa.select(resource_classes.c.name)


def resource_class_names(conn: Connection) -> set[str]:
    return {r for (r,) in conn.execute(_CLASS_NAMES)}


def require_resource_classes(conn: Connection, names: Iterable[str], create_custom: bool = False,
                             stamp: datetime | None = None,
                             message: str = "Unknown resource class in inventory: {names}") -> None:
    names = set(names)
    if not names:
        return
    have = {r for (r,) in conn.execute(sa.select(resource_classes.c.name).where(resource_classes.c.name.in_(names)))}
    missing = sorted(names - have)
    if missing and create_custom and all(CUSTOM_RE.match(m) for m in missing):
        conn.execute(resource_classes.insert(), [{"name": m, "standard": False, "created_at": stamp} for m in missing])
        return
    if missing:
        raise ApiError(400, message.format(names=", ".join(missing)))


def ensure_traits(conn: Connection, names: Iterable[str], create_custom: bool, stamp: datetime | None = None) -> None:
    names = set(names)
    if not names:
        return
    have = {r for (r,) in conn.execute(sa.select(traits.c.name).where(traits.c.name.in_(names)))}
    missing = sorted(names - have)
    if not missing:
        return
    if create_custom and all(CUSTOM_RE.match(m) for m in missing):
        conn.execute(traits.insert(), [{"name": m, "standard": False, "created_at": stamp} for m in missing])
        return
    raise ApiError(400, f"No such trait(s): {', '.join(missing)}")


# -- inventories -------------------------------------------------------------------------------
def get_inventories(conn: Connection, provider_id: int) -> dict[str, dict[str, Any]]:
    rows = conn.execute(sa.select(inventories).where(inventories.c.provider_id == provider_id)
                        .order_by(inventories.c.id))
    return {r.resource_class: dict(r._mapping) for r in rows}


def inventory_record(data: dict[str, Any]) -> dict[str, Any]:
    """Fill Placement's defaults and check the record makes sense (max_unit defaults to total)."""
    total = int(data["total"])
    rec = {
        "total": total,
        "reserved": int(data.get("reserved", 0) or 0),
        "min_unit": int(data.get("min_unit", 1) or 1),
        "max_unit": int(data.get("max_unit", MAX_INT) if data.get("max_unit") is not None else MAX_INT),
        "step_size": int(data.get("step_size", 1) or 1),
        "allocation_ratio": float(
            data.get("allocation_ratio", 1.0) if data.get("allocation_ratio") is not None else 1.0
        ),
    }
    return rec


def check_inventory(rp_uuid: str, rc: str, rec: dict[str, Any], allow_reserved_equal_total: bool = True) -> None:
    bad = rec["reserved"] > rec["total"] or (rec["reserved"] == rec["total"] and not allow_reserved_equal_total)
    if bad or rec["min_unit"] > rec["max_unit"] or rec["allocation_ratio"] <= 0:
        raise ApiError(
            400,
            f"Unable to update inventory for resource provider {rp_uuid}: "
            f"Invalid inventory for '{rc}' on resource provider '{rp_uuid}'. "
            "The reserved value is greater than or equal to total."
            if bad
            else f"Invalid inventory for '{rc}' on resource provider '{rp_uuid}'.",
        )


def replace_inventories(
    cloud: Cloud,
    conn: Connection,
    rp: dict[str, Any],
    wanted: dict[str, dict[str, Any]],
    allow_reserved_equal_total: bool = True,
) -> bool:
    """Make the provider's inventory exactly ``wanted``; 409 if a removed class is in use.
    Returns True when anything changed (the caller then bumps the generation)."""
    stamp = now(cloud)
    for rc, rec in wanted.items():
        check_inventory(rp["uuid"], rc, rec, allow_reserved_equal_total)
    current = get_inventories(conn, rp["id"])
    removed = [rc for rc in current if rc not in wanted]
    in_use = [rc for rc in removed if current[rc]["used"] > 0]
    if in_use:
        raise ApiError(
            409,
            f"update conflict: Inventory for '{', '.join(in_use)}' on resource provider '{rp['uuid']}' in use.",
            errors.INVENTORY_INUSE,
        )
    changed = False
    if removed:
        conn.execute(
            inventories.delete().where(inventories.c.provider_id == rp["id"], inventories.c.resource_class.in_(removed))
        )
        changed = True
    for rc, rec in wanted.items():
        if rc in current:
            if any(current[rc][f] != rec[f] for f in INVENTORY_FIELDS):
                conn.execute(
                    inventories.update().where(inventories.c.id == current[rc]["id"]).values(**rec, updated_at=stamp)
                )
                changed = True
        else:
            conn.execute(
                inventories.insert().values(
                    provider_id=rp["id"], resource_class=rc, used=0, created_at=stamp, updated_at=stamp, **rec
                )
            )
            changed = True
    return changed


def capacity(inv: dict[str, Any]) -> int:
    return int((inv["total"] - inv["reserved"]) * inv["allocation_ratio"])


# -- traits and aggregates on providers --------------------------------------------------------
def _names(conn: Connection, table: sa.Table, column: str, provider_id: int) -> list[str]:
    rows = conn.execute(sa.select(table.c[column]).where(table.c.provider_id == provider_id).order_by(table.c[column]))
    return [r for (r,) in rows]


def _replace_names(conn: Connection, table: sa.Table, column: str, provider_id: int, names: list[str]) -> bool:
    """Make the provider's set of ``column`` values exactly ``names``; False when it already was."""
    want = set(names)
    if set(_names(conn, table, column, provider_id)) == want:
        return False
    conn.execute(table.delete().where(table.c.provider_id == provider_id))
    if want:
        conn.execute(table.insert(), [{"provider_id": provider_id, column: n} for n in sorted(want)])
    return True


def provider_trait_names(conn: Connection, provider_id: int) -> list[str]:
    return _names(conn, provider_traits, "trait", provider_id)


def replace_traits(conn: Connection, rp: dict[str, Any], names: list[str]) -> bool:
    return _replace_names(conn, provider_traits, "trait", rp["id"], names)


def provider_aggregate_uuids(conn: Connection, provider_id: int) -> list[str]:
    return _names(conn, provider_aggregates, "aggregate", provider_id)


def replace_aggregates(conn: Connection, rp: dict[str, Any], aggs: list[str]) -> bool:
    return _replace_names(conn, provider_aggregates, "aggregate", rp["id"], aggs)
