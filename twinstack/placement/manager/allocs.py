"""Consumers, allocations and usages: every allocation write checks capacity, keeps
``placement_inventories.used`` in step, and bumps the generations involved, all in the caller's
transaction. Checks come before any write, so a refused claim leaves nothing behind."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.placement import errors
from twinstack.placement.manager import db
from twinstack.placement.tables import allocations, consumers, inventories, providers

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

Allocs = dict[str, dict[str, int]]  # {rp_uuid: {resource_class: amount}}
UNSET: Any = object()


# Statements built once, parameters bound per call: the store runs a statement it has seen before on the
# database cursor directly (core/store.py), and every boot and delete claims or frees allocations.
_CONSUMER = sa.select(consumers).where(consumers.c.uuid == sa.bindparam("uuid"))
_CONSUMER_ALLOCATIONS = (
    sa.select(providers.c.uuid.label("rp_uuid"), providers.c.generation, providers.c.id.label("rp_id"),
              allocations.c.resource_class, allocations.c.used)
    .join(providers, providers.c.id == allocations.c.provider_id)
    .where(allocations.c.consumer_id == sa.bindparam("consumer")).order_by(allocations.c.id))
# the consumer with its allocations in one statement (none: no row; no allocations: one row of nulls past
# the consumer's columns): a delete reads both, a new consumer's claim finds nothing
_CONSUMER_COLUMNS = tuple(c.name for c in consumers.c)
_CONSUMER_WITH_ALLOCATIONS = (
    sa.select(*consumers.c, providers.c.uuid.label("rp_uuid"), providers.c.generation.label("rp_generation"),
              providers.c.id.label("rp_id"), allocations.c.resource_class, allocations.c.used)
    .select_from(consumers.outerjoin(allocations, allocations.c.consumer_id == consumers.c.uuid)
                 .outerjoin(providers, providers.c.id == allocations.c.provider_id))
    .where(consumers.c.uuid == sa.bindparam("uuid")).order_by(allocations.c.id))
_DELETE_ALLOCATIONS = allocations.delete().where(allocations.c.consumer_id == sa.bindparam("consumer"))
_BUMP_PROVIDER = (providers.update().where(providers.c.id == sa.bindparam("b_rp"))
                  .values(generation=providers.c.generation + 1, updated_at=sa.bindparam("b_now")))
_DELETE_CONSUMER = consumers.delete().where(consumers.c.id == sa.bindparam("b_id"))
_NEW_CONSUMER = consumers.insert()
_NEW_ALLOCATIONS = allocations.insert()
# the providers and their inventories of the classes asked, in one statement (a provider with none of
# them still comes back, once, with a null class)
_INVENTORY_COLUMNS = ("total", "reserved", "min_unit", "max_unit", "step_size", "allocation_ratio", "used")
_PROVIDER_INVENTORIES = (
    sa.select(providers.c.id, providers.c.uuid, providers.c.generation, inventories.c.resource_class,
              *(inventories.c[name] for name in _INVENTORY_COLUMNS))
    .select_from(providers.outerjoin(inventories, sa.and_(
        inventories.c.provider_id == providers.c.id,
        inventories.c.resource_class.in_(sa.bindparam("classes", expanding=True)))))
    .where(providers.c.uuid.in_(sa.bindparam("uuids", expanding=True))))
_TAKES: dict[int, Any] = {}
_GIVES: dict[int, Any] = {}


def _amounts(n_classes: int) -> tuple[list[Any], Any]:
    """The bound classes of one provider's UPDATE and the amount each row of them gets (a CASE)."""
    rcs = [sa.bindparam(f"b_rc{k}", type_=sa.String) for k in range(n_classes)]
    amount = sa.case(*((inventories.c.resource_class == rc, sa.bindparam(f"b_n{k}", type_=sa.Integer))
                       for k, rc in enumerate(rcs)))
    return rcs, amount


def _take(n_classes: int) -> Any:
    """One UPDATE taking ``n_classes`` amounts from one provider's inventories, each only if it still
    fits (a concurrent writer may have taken it meanwhile): it must change exactly ``n_classes`` rows.
    Built once per number of classes, values bound: a boot's VCPU, MEMORY_MB and DISK_GB in one statement."""
    stmt = _TAKES.get(n_classes)
    if stmt is None:
        rcs, amount = _amounts(n_classes)
        stmt = _TAKES[n_classes] = (
            inventories.update()
            .where(inventories.c.provider_id == sa.bindparam("b_rp"), inventories.c.resource_class.in_(rcs),
                   (inventories.c.total - inventories.c.reserved) * inventories.c.allocation_ratio
                   >= inventories.c.used + amount)
            .values(used=inventories.c.used + amount))
    return stmt


def _give(n_classes: int) -> Any:
    """``_take``'s reverse, unchecked: a delete gives its VCPU, MEMORY_MB and DISK_GB back in one UPDATE."""
    stmt = _GIVES.get(n_classes)
    if stmt is None:
        rcs, amount = _amounts(n_classes)
        stmt = _GIVES[n_classes] = (
            inventories.update()
            .where(inventories.c.provider_id == sa.bindparam("b_rp"), inventories.c.resource_class.in_(rcs))
            .values(used=inventories.c.used - amount))
    return stmt


_USAGES = (sa.select(inventories.c.resource_class, inventories.c.used)
           .where(inventories.c.provider_id == sa.bindparam("rp")).order_by(inventories.c.id))


def get_consumer(conn: Connection, uuid: str) -> dict[str, Any] | None:
    row = conn.execute(_CONSUMER, {"uuid": uuid}).first()
    return dict(row._mapping) if row else None


def consumer_and_allocations(conn: Connection, consumer_uuid: str) -> tuple[dict[str, Any] | None,
                                                                         list[dict[str, Any]]]:
    """``get_consumer`` and ``consumer_allocations`` in one query (a consumer's allocations exist only
    while it does: set_allocations writes and removes its record with them)."""
    consumer: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    for row in conn.execute(_CONSUMER_WITH_ALLOCATIONS, {"uuid": consumer_uuid}).mappings():
        if consumer is None:
            consumer = {k: row[k] for k in _CONSUMER_COLUMNS}
        if row["rp_id"] is not None:
            rows.append({"rp_uuid": row["rp_uuid"], "generation": row["rp_generation"], "rp_id": row["rp_id"],
                         "resource_class": row["resource_class"], "used": row["used"]})
    return consumer, rows


def consumer_allocations(conn: Connection, consumer_uuid: str) -> list[dict[str, Any]]:
    """Rows of (rp uuid, rp generation, class, used) for one consumer, one query."""
    return [dict(r._mapping) for r in conn.execute(_CONSUMER_ALLOCATIONS, {"consumer": consumer_uuid})]


def as_dict(rows: list[dict[str, Any]]) -> Allocs:
    out: Allocs = {}
    for r in rows:
        out.setdefault(r["rp_uuid"], {})[r["resource_class"]] = r["used"]
    return out


def release(conn: Connection, rows: list[dict[str, Any]], consumer_uuid: str) -> None:
    """Give back ``rows`` (all of the consumer's allocations, read in this transaction): with none there
    is nothing to delete either."""
    if not rows:
        return
    freed: dict[int, dict[str, int]] = {}
    for r in rows:
        held = freed.setdefault(r["rp_id"], {})
        held[r["resource_class"]] = held.get(r["resource_class"], 0) + r["used"]
    for rp_id, amounts in freed.items():
        params: dict[str, Any] = {"b_rp": rp_id}
        for k, (rc, n) in enumerate(amounts.items()):
            params[f"b_rc{k}"], params[f"b_n{k}"] = rc, n
        conn.execute(_give(len(amounts)), params)
    conn.execute(_DELETE_ALLOCATIONS, {"consumer": consumer_uuid})


def check_consumer_generation(consumer: dict[str, Any] | None, given: Any, consumer_uuid: str) -> None:
    expected = consumer["generation"] if consumer else None
    if given != expected:
        shown = "null" if expected is None else expected
        got = "null" if given is None else given
        raise ApiError(409, f"consumer generation conflict - expected {shown} but got {got}", errors.CONCURRENT_UPDATE)


def set_allocations(
    cloud: Cloud,
    conn: Connection,
    consumer_uuid: str,
    wanted: Allocs,
    project_id: str | None,
    user_id: str | None,
    consumer_generation: Any = UNSET,
    consumer_type: str | None = None,
    provider_generations: dict[str, int] | None = None,
) -> None:
    """Replace a consumer's allocations (``wanted`` empty: remove them and the consumer)."""
    stamp = db.now(cloud)
    consumer, old = consumer_and_allocations(conn, consumer_uuid)
    if consumer_generation is not UNSET:
        check_consumer_generation(consumer, consumer_generation, consumer_uuid)
    freed: dict[tuple[str, str], int] = defaultdict(int)
    for r in old:
        freed[(r["rp_uuid"], r["resource_class"])] += r["used"]
    wanted = {rp: dict(res.items()) for rp, res in wanted.items() if res}
    invs = _check_fits(conn, wanted, freed)
    if provider_generations:
        for rp_uuid, gen in provider_generations.items():
            rp = invs.get(rp_uuid, {}).get("__rp__")
            if rp is not None and gen is not None and rp["generation"] != gen:
                raise errors.concurrent_update(f"resource provider generation conflict on {rp_uuid}")
    # every check passed: write
    release(conn, old, consumer_uuid)
    rows = []
    for rp_uuid, res in wanted.items():
        rp = invs[rp_uuid]["__rp__"]
        params: dict[str, Any] = {"b_rp": rp["id"]}
        for k, (rc, n) in enumerate(res.items()):
            rows.append(
                {
                    "provider_id": rp["id"],
                    "consumer_id": consumer_uuid,
                    "resource_class": rc,
                    "used": n,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            params[f"b_rc{k}"], params[f"b_n{k}"] = rc, n
        result = conn.execute(_take(len(res)), params)
        if result.rowcount != len(res):  # a concurrent writer on a server database took one first
            raise errors.concurrent_update(
                f"Unable to allocate inventory: '{', '.join(res)}' on resource provider '{rp_uuid}' "
                "changed concurrently. Please retry."
            )
    if rows:
        conn.execute(_NEW_ALLOCATIONS, rows)
    touched = {r["rp_id"]: r["rp_uuid"] for r in old}
    touched.update({invs[u]["__rp__"]["id"]: u for u in wanted})
    if touched:
        conn.execute(_BUMP_PROVIDER, [{"b_rp": rp_id, "b_now": stamp} for rp_id in touched])
    if not wanted:
        if consumer is not None:
            conn.execute(_DELETE_CONSUMER, {"b_id": consumer["id"]})
        return
    if consumer is None:
        conn.execute(_NEW_CONSUMER, {"uuid": consumer_uuid, "project_id": project_id or "", "user_id": user_id or "",
                                     "generation": 1, "consumer_type": consumer_type, "created_at": stamp,
                                     "updated_at": stamp})
    else:
        values: dict[str, Any] = {"generation": consumers.c.generation + 1, "updated_at": stamp}
        if project_id:
            values["project_id"] = project_id
        if user_id:
            values["user_id"] = user_id
        if consumer_type:
            values["consumer_type"] = consumer_type
        conn.execute(consumers.update().where(consumers.c.id == consumer["id"]).values(**values))


def _exceeded(rc: str, rp_uuid: str) -> ApiError:
    return ApiError(
        409,
        f"Unable to allocate inventory: Unable to create allocation for '{rc}' on resource "
        f"provider '{rp_uuid}'. The requested amount would exceed the capacity.",
    )


def _check_fits(conn: Connection, wanted: Allocs, freed: dict[tuple[str, str], int]) -> dict[str, dict[str, Any]]:
    """Load every (provider, class) inventory in one query and check the new amounts fit."""
    if not wanted:
        return {}
    classes = {rc for res in wanted.values() for rc in res}
    out: dict[str, dict[str, Any]] = {}
    for row in conn.execute(_PROVIDER_INVENTORIES, {"uuids": list(wanted), "classes": sorted(classes)}):
        rp_id, rp_uuid, generation, rc = row[0], row[1], row[2], row[3]
        held = out.setdefault(rp_uuid, {"__rp__": {"id": rp_id, "uuid": rp_uuid, "generation": generation}})
        if rc is not None:
            held[rc] = dict(zip(_INVENTORY_COLUMNS, row[4:], strict=True))
    for rp_uuid in wanted:
        if rp_uuid not in out:
            raise ApiError(400, f"Allocation for resource provider '{rp_uuid}' that does not exist.")
    if any(rc not in out[rp_uuid] for rp_uuid, res in wanted.items() for rc in res):
        # an inventory implies its class exists (a class in use can be neither deleted nor renamed):
        # the class list is read only when some provider lacks one, to say which error it is
        unknown = sorted(classes - db.resource_class_names(conn))
        if unknown:
            raise ApiError(400, f"Unable to allocate inventory: No such resource class {unknown[0]}.")
    for rp_uuid, res in wanted.items():
        for rc, n in res.items():
            have = out[rp_uuid].get(rc)
            if have is None:
                raise ApiError(
                    409, f"Unable to allocate inventory: Inventory for '{rc}' on resource provider '{rp_uuid}' invalid."
                )
            if n < have["min_unit"] or n > have["max_unit"] or n % have["step_size"]:
                raise ApiError(
                    400,
                    f"Unable to allocate inventory: Allocation for resource provider '{rp_uuid}' "
                    f"violated min_unit, max_unit, or step_size. Requested: {n}, min_unit: "
                    f"{have['min_unit']}, max_unit: {have['max_unit']}, step_size: {have['step_size']}",
                )
            if have["used"] - freed.get((rp_uuid, rc), 0) + n > db.capacity(have):
                raise _exceeded(rc, rp_uuid)
    return out


def move_allocations(cloud: Cloud, conn: Connection, source: str, target: str) -> None:
    """Hand every allocation of ``source`` to ``target`` (replacing target's), as Nova's resize does."""
    src = get_consumer(conn, source)
    rows = consumer_allocations(conn, source)
    set_allocations(cloud, conn, source, {}, None, None)
    tgt = get_consumer(conn, target)
    set_allocations(
        cloud,
        conn,
        target,
        as_dict(rows),
        (tgt or src or {}).get("project_id", ""),
        (tgt or src or {}).get("user_id", ""),
    )


def provider_usages(conn: Connection, provider_id: int) -> dict[str, int]:
    return {r.resource_class: r.used for r in conn.execute(_USAGES, {"rp": provider_id})}


def provider_allocations(conn: Connection, provider_id: int) -> dict[str, dict[str, int]]:
    rows = conn.execute(
        sa.select(allocations.c.consumer_id, allocations.c.resource_class, allocations.c.used)
        .where(allocations.c.provider_id == provider_id)
        .order_by(allocations.c.id)
    )
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r.consumer_id, {})[r.resource_class] = r.used
    return out


def project_usages(
    conn: Connection, project_id: str, user_id: str | None, consumer_type: str | None = None
) -> list[dict[str, Any]]:
    """(consumer_type, resource_class, used, consumer count) rows for one project (and user)."""
    q = (
        sa.select(
            consumers.c.consumer_type,
            allocations.c.resource_class,
            sa.func.sum(allocations.c.used).label("used"),
            sa.func.count(sa.distinct(consumers.c.uuid)).label("consumers"),
        )
        .join(consumers, consumers.c.uuid == allocations.c.consumer_id)
        .where(consumers.c.project_id == project_id)
        .group_by(consumers.c.consumer_type, allocations.c.resource_class)
    )
    if user_id:
        q = q.where(consumers.c.user_id == user_id)
    return [dict(r._mapping) for r in conn.execute(q)]


def project_consumer_counts(conn: Connection, project_id: str, user_id: str | None) -> dict[str | None, int]:
    q = (
        sa.select(consumers.c.consumer_type, sa.func.count().label("n"))
        .where(consumers.c.project_id == project_id)
        .group_by(consumers.c.consumer_type)
    )
    if user_id:
        q = q.where(consumers.c.user_id == user_id)
    return {r.consumer_type: r.n for r in conn.execute(q)}
