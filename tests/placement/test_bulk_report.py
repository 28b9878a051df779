"""``local.report_providers`` (compute hosts at model load): the same end state, generations included,
as the per-provider calls, in a number of statements that does not grow with the providers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from twinstack.cloud import Cloud
from twinstack.config import Settings
from twinstack.core.errors import ApiError
from twinstack.placement import local
from twinstack.placement.manager import db
from twinstack.placement.tables import providers


@pytest.fixture
def inprocess() -> Iterator[Cloud]:
    cloud = Cloud(Settings())
    cloud.open()
    yield cloud
    cloud.close()


def _record(name: str, aggregates: list[str] = (), traits: list[str] = ("COMPUTE_NODE",)) -> dict:
    return {"uuid": str(uuid.uuid4()), "name": name, "traits": list(traits), "aggregates": list(aggregates),
            "inventories": {"VCPU": {"total": 8, "allocation_ratio": 16.0, "max_unit": 8},
                            "MEMORY_MB": {"total": 16384, "reserved": 512, "allocation_ratio": 1.5},
                            "DISK_GB": {"total": 200}, "PCI_DEVICE": {"total": 0}}}


def _state(cloud: Cloud, conn, uuid_: str) -> dict:
    rp = db.require_provider(conn, uuid_)
    invs = {
        rc: {f: rec[f] for f in (*db.INVENTORY_FIELDS, "used")}
        for rc, rec in db.get_inventories(conn, rp["id"]).items()
    }
    return {
        "name": rp["name"],
        "generation": rp["generation"],
        "root": rp["root_id"] == rp["id"],
        "parent": rp["parent_id"],
        "inventories": invs,
        "traits": db.provider_trait_names(conn, rp["id"]),
        "aggregates": db.provider_aggregate_uuids(conn, rp["id"]),
        "usages": local.usages(cloud, conn, uuid_),
    }


def test_bulk_matches_one_at_a_time(inprocess: Cloud) -> None:
    agg = str(uuid.uuid4())
    bulk = [_record("bulk-a"), _record("bulk-b", [agg], ["COMPUTE_NODE", "CUSTOM_SSD"]), _record("bulk-c", traits=[])]
    single = [dict(r, uuid=str(uuid.uuid4()), name=r["name"].replace("bulk", "single")) for r in bulk]
    with inprocess.store.begin() as conn:
        local.report_providers(inprocess, conn, bulk)
        for r in single:
            local.ensure_provider(inprocess, conn, r["uuid"], r["name"])
            local.set_inventory(inprocess, conn, r["uuid"], r["inventories"])
            local.set_traits(inprocess, conn, r["uuid"], r["traits"])
            if r["aggregates"]:
                local.set_aggregates(inprocess, conn, r["uuid"], r["aggregates"])
    with inprocess.store.read() as conn:
        for b, s in zip(bulk, single, strict=False):
            got, want = _state(inprocess, conn, b["uuid"]), _state(inprocess, conn, s["uuid"])
            assert got["name"].replace("bulk", "single") == want["name"]
            assert {**got, "name": None} == {**want, "name": None}
        found = local.allocation_candidates(inprocess, conn, {"VCPU": 1}, required=["CUSTOM_SSD"], member_of=[[agg]])
        assert sorted(c["provider_uuid"] for c in found) == sorted([bulk[1]["uuid"], single[1]["uuid"]])


def test_existing_providers_are_updated(inprocess: Cloud) -> None:
    first = _record("again")
    with inprocess.store.begin() as conn:
        local.report_providers(inprocess, conn, [first])
        local.report_providers(inprocess, conn, [dict(first, traits=["COMPUTE_NODE", "CUSTOM_X"])])
    with inprocess.store.read() as conn:
        state = _state(inprocess, conn, first["uuid"])
    assert state["traits"] == ["COMPUTE_NODE", "CUSTOM_X"]
    assert state["generation"] == 3


def test_a_name_in_use_is_refused_and_nothing_is_written(inprocess: Cloud) -> None:
    with inprocess.store.begin() as conn:
        local.report_providers(inprocess, conn, [_record("taken")])
    with pytest.raises(ApiError) as err, inprocess.store.begin() as conn:
        local.report_providers(inprocess, conn, [_record("free"), _record("taken")])
    assert err.value.status == 409
    with inprocess.store.read() as conn:
        assert conn.execute(sa.select(providers.c.name).where(providers.c.name == "free")).first() is None


def test_statements_do_not_grow_with_providers(inprocess: Cloud) -> None:
    counts = []
    for n in (20, 400):
        seen: list[str] = []

        def record(conn, cursor, statement, params, context, many, seen=seen) -> None:
            seen.append(statement)

        sa.event.listen(inprocess.store.engine, "before_cursor_execute", record)
        try:
            with inprocess.store.begin() as conn:
                local.report_providers(inprocess, conn, [_record(f"n{n}-{i}") for i in range(n)])
        finally:
            sa.event.remove(inprocess.store.engine, "before_cursor_execute", record)
        counts.append(len(seen))
    assert counts[0] == counts[1]
