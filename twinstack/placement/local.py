"""Placement in-process, for Compute (as Nova's scheduler and resource tracker use the Placement API):
each function works in the caller's transaction, so a caller's writes and Placement's commit together.
See docs/internal-interfaces.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.placement import errors
from twinstack.placement.manager import allocs, candidates, db
from twinstack.placement.tables import inventories, provider_aggregates, provider_traits, providers

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def ensure_provider(cloud: Cloud, conn: Connection, uuid: str, name: str, parent_uuid: str | None = None) -> None:
    """Create the provider unless it exists (a compute node registering itself at start)."""
    rp = db.get_provider(conn, uuid)
    if rp is None:
        db.create_provider(cloud, conn, uuid, name, parent_uuid)
    elif rp["name"] != name:
        db.update_provider(cloud, conn, rp, name)


def set_traits(cloud: Cloud, conn: Connection, uuid: str, traits: list[str]) -> None:
    rp = db.require_provider(conn, uuid)
    db.ensure_traits(conn, traits, create_custom=True, stamp=db.now(cloud))
    if db.replace_traits(conn, rp, list(traits)):
        db.bump_generation(conn, rp, None, db.now(cloud))


def set_aggregates(cloud: Cloud, conn: Connection, uuid: str, aggregates: list[str]) -> None:
    rp = db.require_provider(conn, uuid)
    if db.replace_aggregates(conn, rp, list(aggregates)):
        db.bump_generation(conn, rp, None, db.now(cloud))


def _inventory(inventories_: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    # as Nova's resource tracker does, a class with nothing in it is not reported at all
    wanted = {rc: db.inventory_record(rec) for rc, rec in inventories_.items() if int(rec.get("total") or 0) > 0}
    for rec in wanted.values():  # a host smaller than its max_unit default must not fail to report
        rec["max_unit"] = max(rec["max_unit"], rec["min_unit"])
    return wanted


def set_inventory(cloud: Cloud, conn: Connection, uuid: str, inventories: dict[str, dict[str, Any]]) -> None:
    rp = db.require_provider(conn, uuid)
    wanted = _inventory(inventories)
    db.require_resource_classes(conn, wanted, create_custom=True, stamp=db.now(cloud))
    if db.replace_inventories(cloud, conn, rp, wanted):
        db.bump_generation(conn, rp, None, db.now(cloud))


CHUNK = 500  # bound parameters per IN list / rows per statement, well inside every backend's limits


def report_providers(cloud: Cloud, conn: Connection, records: list[dict[str, Any]]) -> None:
    """Many root providers at once, each ``{"uuid", "name", "inventories", "traits", "aggregates"}``:
    the same end state (and generations) as ``ensure_provider``, ``set_inventory``, ``set_traits`` and
    ``set_aggregates`` per provider, but new providers are written with one ``executemany`` per table
    (and lookups by ``IN`` lists of 500), so a cloud with 10,000 compute nodes reports in seconds. Providers that
    already exist go through the per-provider functions."""
    if not records:
        return
    stamp = db.now(cloud)
    uuids = [r["uuid"] for r in records]
    existing: set[str] = set()
    for i in range(0, len(uuids), CHUNK):
        existing.update(
            u for (u,) in conn.execute(sa.select(providers.c.uuid).where(providers.c.uuid.in_(uuids[i : i + CHUNK])))
        )
    fresh = [r for r in records if r["uuid"] not in existing]
    for r in records:
        if r["uuid"] in existing:
            ensure_provider(cloud, conn, r["uuid"], r["name"])
            set_inventory(cloud, conn, r["uuid"], r.get("inventories") or {})
            set_traits(cloud, conn, r["uuid"], list(r.get("traits") or []))
            if r.get("aggregates"):
                set_aggregates(cloud, conn, r["uuid"], list(r["aggregates"]))
    if not fresh:
        return
    names = [r["name"] for r in fresh]
    if len(set(names)) != len(names) or len({r["uuid"] for r in fresh}) != len(fresh):
        dup = next(n for n in names if names.count(n) > 1) if len(set(names)) != len(names) else ""
        raise ApiError(409, f"Conflicting resource provider name: {dup} already exists.", errors.DUPLICATE_NAME)
    for i in range(0, len(names), CHUNK):
        clash = conn.execute(sa.select(providers.c.name).where(providers.c.name.in_(names[i : i + CHUNK]))).first()
        if clash is not None:
            raise ApiError(
                409, f"Conflicting resource provider name: {clash[0]} already exists.", errors.DUPLICATE_NAME
            )
    wanted = {r["uuid"]: _inventory(r.get("inventories") or {}) for r in fresh}
    for uuid, inv in wanted.items():
        for rc, rec in inv.items():
            db.check_inventory(uuid, rc, rec)
    db.require_resource_classes(conn, {rc for inv in wanted.values() for rc in inv}, create_custom=True, stamp=stamp)
    db.ensure_traits(conn, {t for r in fresh for t in r.get("traits") or []}, create_custom=True, stamp=stamp)
    # the generation each provider would reach one call at a time: one bump per non-empty write
    rows = [
        {
            "uuid": r["uuid"],
            "name": r["name"],
            "generation": bool(wanted[r["uuid"]]) + bool(r.get("traits")) + bool(r.get("aggregates")),
            "created_at": stamp,
            "updated_at": stamp,
        }
        for r in fresh
    ]
    conn.execute(providers.insert(), rows)  # executemany: the driver batches (no IN list to bound)
    ids: dict[str, int] = {}
    for i in range(0, len(uuids), CHUNK):
        chunk = [u for u in uuids[i : i + CHUNK] if u not in existing]
        if chunk:
            ids.update(
                (u, pid)
                for pid, u in conn.execute(
                    sa.select(providers.c.id, providers.c.uuid).where(providers.c.uuid.in_(chunk))
                )
            )
    new_ids = sorted(ids.values())
    for i in range(0, len(new_ids), CHUNK):
        conn.execute(
            providers.update().where(providers.c.id.in_(new_ids[i : i + CHUNK])).values(root_id=providers.c.id)
        )
    inv_rows = [
        {"provider_id": ids[uuid], "resource_class": rc, "used": 0, "created_at": stamp, "updated_at": stamp, **rec}
        for uuid, inv in wanted.items()
        for rc, rec in inv.items()
    ]
    trait_rows = [
        {"provider_id": ids[r["uuid"]], "trait": t} for r in fresh for t in sorted(set(r.get("traits") or []))
    ]
    agg_rows = [
        {"provider_id": ids[r["uuid"]], "aggregate": a} for r in fresh for a in sorted(set(r.get("aggregates") or []))
    ]
    for table, batch in ((inventories, inv_rows), (provider_traits, trait_rows), (provider_aggregates, agg_rows)):
        if batch:
            conn.execute(table.insert(), batch)


def delete_provider(cloud: Cloud, conn: Connection, uuid: str) -> None:
    rp = db.get_provider(conn, uuid)
    if rp is not None:
        db.delete_provider(conn, rp)


def allocation_candidates(
    cloud: Cloud,
    conn: Connection,
    resources: dict[str, int],
    required: Sequence[str] = (),
    forbidden: Sequence[str] = (),
    member_of: Sequence[Sequence[str]] = (),
    in_tree: str | None = None,
    limit: int | None = None,
    start: float | None = None,
) -> list[dict[str, Any]]:
    """[{"provider_uuid": root uuid, "allocations": {rp_uuid: {"resources": {rc: n}}}}].

    ``start`` (0 <= start < 1): begin that far into the providers (by id) and wrap around, so that a
    caller drawing it at random gets a ``limit``-sized set from anywhere in a large cloud at the same
    cost as the first ``limit`` (the scheduler's ``max_placement_results``)."""
    resources = {rc: int(n) for rc, n in resources.items() if int(n) > 0}
    if not resources:
        return []
    group = candidates.Group(
        resources=resources,
        required=[[t] for t in required],
        forbidden=list(forbidden),
        member_of=[list(m) for m in member_of],
    )
    if in_tree is not None:
        rp = db.get_provider(conn, in_tree)
        if rp is None:
            return []
        group.in_tree = rp["root_id"]
    shape = candidates.probe(conn)
    first = None
    if start is not None and limit is not None and shape.low is not None and shape.high is not None:
        width = shape.high - shape.low + 1
        if width > limit:  # else every provider fits in one window: no start to draw, one query
            first = shape.low + int(min(max(float(start), 0.0), 0.999999) * width)
    uuids: dict[int, str] = {}
    found = candidates.find(conn, [group], limit, nested=True, start=first, shape=shape, uuids=uuids)
    missing = ({c.root_id for c in found} | {p for c in found for p in c.allocations}) - uuids.keys()
    if missing:  # nested trees' providers (flat candidates came with their uuids)
        uuids.update(db.uuids_for(conn, missing))
    return [
        {
            "provider_uuid": uuids[c.root_id],
            "allocations": {uuids[p]: {"resources": res} for p, res in c.allocations.items()},
        }
        for c in found
    ]


def claim(
    cloud: Cloud,
    conn: Connection,
    consumer_uuid: str,
    allocations: dict[str, dict[str, int]],
    project_id: str,
    user_id: str,
) -> bool:
    """Replace the consumer's allocations; False (nothing written) if they no longer fit."""
    try:
        allocs.set_allocations(cloud, conn, consumer_uuid, allocations, project_id, user_id)
    except ApiError as err:
        if err.status == 409 and err.kind != errors.CONCURRENT_UPDATE:  # refused before writing anything
            return False
        raise
    return True


def get_allocations(cloud: Cloud, conn: Connection, consumer_uuid: str) -> dict[str, dict[str, int]]:
    return allocs.as_dict(allocs.consumer_allocations(conn, consumer_uuid))


def delete_allocations(cloud: Cloud, conn: Connection, consumer_uuid: str) -> None:
    allocs.set_allocations(cloud, conn, consumer_uuid, {}, None, None)


def move_allocations(cloud: Cloud, conn: Connection, source_consumer: str, target_consumer: str) -> None:
    allocs.move_allocations(cloud, conn, source_consumer, target_consumer)


# a provider's used amounts by its uuid, one statement (the resource tracker asks after every boot and delete)
_USAGES_OF = (sa.select(inventories.c.resource_class, inventories.c.used)
              .join(providers, providers.c.id == inventories.c.provider_id)
              .where(providers.c.uuid == sa.bindparam("uuid")).order_by(inventories.c.id))


def usages(cloud: Cloud, conn: Connection, uuid: str) -> dict[str, int]:
    found: dict[str, int] = dict(conn.execute(_USAGES_OF, {"uuid": uuid}).tuples().all())
    if not found:  # no inventory, or no such provider (then Placement's 404)
        db.require_provider(conn, uuid)
    return found


def usage_overview(cloud: Cloud, conn: Connection) -> dict[str, dict[str, list[int]]]:
    """Each root provider's usage per resource class, ``{uuid: {rc: [used, capacity]}}``, capacity being
    ``(total - reserved) * allocation_ratio`` as Placement counts it; one statement for the whole cloud."""
    query = (
        sa.select(providers.c.uuid, inventories.c.resource_class, inventories.c.used, inventories.c.total,
                  inventories.c.reserved, inventories.c.allocation_ratio)
        .select_from(inventories.join(providers, providers.c.id == inventories.c.provider_id))
        .where(providers.c.parent_id.is_(None))
    )
    out: dict[str, dict[str, list[int]]] = {}
    for uuid, rc, used, total, reserved, ratio in conn.execute(query):
        out.setdefault(uuid, {})[rc] = [int(used), int((total - reserved) * ratio)]
    return out
