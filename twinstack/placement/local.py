"""Placement in-process, for Compute (as Nova's scheduler and resource tracker use the Placement API):
each function works in the caller's transaction, so a caller's writes and Placement's commit together.
See docs/internal-interfaces.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.placement import allocs, candidates, db

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def ensure_provider(cloud: "Cloud", conn: Connection, uuid: str, name: str, parent_uuid: str | None = None) -> None:
    """Create the provider unless it exists (a compute node registering itself at start)."""
    rp = db.get_provider(conn, uuid)
    if rp is None:
        db.create_provider(cloud, conn, uuid, name, parent_uuid)
    elif rp["name"] != name:
        db.update_provider(cloud, conn, rp, name)


def set_inventory(cloud: "Cloud", conn: Connection, uuid: str, inventories: dict[str, dict[str, Any]]) -> None:
    rp = db.require_provider(conn, uuid)
    # as Nova's resource tracker does, a class with nothing in it is not reported at all
    inventories = {rc: rec for rc, rec in inventories.items() if int(rec.get("total") or 0) > 0}
    db.require_resource_classes(conn, inventories, create_custom=True, stamp=db.now(cloud))
    wanted = {rc: db.inventory_record(rec) for rc, rec in inventories.items()}
    for rec in wanted.values():  # a host smaller than its max_unit default must not fail to report
        rec["max_unit"] = max(rec["max_unit"], rec["min_unit"])
    if db.replace_inventories(cloud, conn, rp, wanted):
        db.bump_generation(conn, rp, None, db.now(cloud))


def set_traits(cloud: "Cloud", conn: Connection, uuid: str, traits: list[str]) -> None:
    rp = db.require_provider(conn, uuid)
    db.ensure_traits(conn, traits, create_custom=True, stamp=db.now(cloud))
    if db.replace_traits(conn, rp, list(traits)):
        db.bump_generation(conn, rp, None, db.now(cloud))


def set_aggregates(cloud: "Cloud", conn: Connection, uuid: str, aggregates: list[str]) -> None:
    rp = db.require_provider(conn, uuid)
    if db.replace_aggregates(conn, rp, list(aggregates)):
        db.bump_generation(conn, rp, None, db.now(cloud))


def delete_provider(cloud: "Cloud", conn: Connection, uuid: str) -> None:
    rp = db.get_provider(conn, uuid)
    if rp is not None:
        db.delete_provider(conn, rp)


def allocation_candidates(cloud: "Cloud", conn: Connection, resources: dict[str, int], required: list[str] = (),
                          forbidden: list[str] = (), member_of: list[list[str]] = (),
                          in_tree: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """[{"provider_uuid": root uuid, "allocations": {rp_uuid: {"resources": {rc: n}}}}]."""
    resources = {rc: int(n) for rc, n in resources.items() if int(n) > 0}
    if not resources:
        return []
    group = candidates.Group(resources=resources, required=[[t] for t in required], forbidden=list(forbidden),
                             member_of=[list(m) for m in member_of])
    if in_tree is not None:
        rp = db.get_provider(conn, in_tree)
        if rp is None:
            return []
        group.in_tree = rp["root_id"]
    found = candidates.find(conn, [group], limit, nested=True)
    ids = {c.root_id for c in found} | {p for c in found for p in c.allocations}
    uuids = db.uuids_for(conn, ids)
    return [{"provider_uuid": uuids[c.root_id],
             "allocations": {uuids[p]: {"resources": res} for p, res in c.allocations.items()}} for c in found]


def claim(cloud: "Cloud", conn: Connection, consumer_uuid: str, allocations: dict[str, dict[str, int]],
          project_id: str, user_id: str) -> bool:
    """Replace the consumer's allocations; False (nothing written) if they no longer fit."""
    try:
        allocs.set_allocations(cloud, conn, consumer_uuid, allocations, project_id, user_id)
    except ApiError as err:
        if err.status == 409 and err.kind != db.CONCURRENT_UPDATE:  # refused before writing anything
            return False
        raise
    return True


def get_allocations(cloud: "Cloud", conn: Connection, consumer_uuid: str) -> dict[str, dict[str, int]]:
    return allocs.as_dict(allocs.consumer_allocations(conn, consumer_uuid))


def delete_allocations(cloud: "Cloud", conn: Connection, consumer_uuid: str) -> None:
    allocs.set_allocations(cloud, conn, consumer_uuid, {}, None, None)


def move_allocations(cloud: "Cloud", conn: Connection, source_consumer: str, target_consumer: str) -> None:
    allocs.move_allocations(cloud, conn, source_consumer, target_consumer)


def usages(cloud: "Cloud", conn: Connection, uuid: str) -> dict[str, int]:
    rp = db.require_provider(conn, uuid)
    return allocs.provider_usages(conn, rp["id"])
