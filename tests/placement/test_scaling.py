"""The shape that keeps allocation candidates flat as providers grow (measured in ``make bench``, never
timed here): a constant number of statements, each an index search, never a scan of a provider table."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from twinstack.cloud import Cloud
from twinstack.config import Settings
from twinstack.placement import local

REQUEST = {"VCPU": 2, "MEMORY_MB": 2048, "DISK_GB": 20}


@pytest.fixture
def inprocess() -> Iterator[Cloud]:
    cloud = Cloud(Settings())
    cloud.open()
    yield cloud
    cloud.close()


def _add_hosts(cloud: Cloud, count: int, nested_every: int = 0) -> None:
    with cloud.store.begin() as conn:
        for i in range(count):
            rp = str(uuid.uuid4())
            local.ensure_provider(cloud, conn, rp, f"scale-{uuid.uuid4().hex[:8]}")
            local.set_inventory(cloud, conn, rp, {"VCPU": {"total": 16, "allocation_ratio": 4.0},
                                                  "MEMORY_MB": {"total": 65536}, "DISK_GB": {"total": 1000}})
            local.set_traits(cloud, conn, rp, ["COMPUTE_NODE"])
            if nested_every and i % nested_every == 0:
                child = str(uuid.uuid4())
                local.ensure_provider(cloud, conn, child, f"scale-gpu-{child[:8]}", parent_uuid=rp)
                local.set_inventory(cloud, conn, child, {"VGPU": {"total": 4}})


def _statements(cloud: Cloud, **kwargs) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []

    def record(conn, cursor, statement, params, context, many) -> None:
        seen.append((statement, params))

    sa.event.listen(cloud.store.engine, "before_cursor_execute", record)
    try:
        with cloud.store.read() as conn:
            found = local.allocation_candidates(cloud, conn, REQUEST, required=["COMPUTE_NODE"], **kwargs)
    finally:
        sa.event.remove(cloud.store.engine, "before_cursor_execute", record)
    assert found
    return seen


def test_statement_count_does_not_grow_with_providers(inprocess: Cloud) -> None:
    _add_hosts(inprocess, 10)
    small = len(_statements(inprocess, limit=5))
    _add_hosts(inprocess, 400)
    assert len(_statements(inprocess, limit=5)) == small
    assert len(_statements(inprocess, limit=200)) == small  # no per-candidate query (no N+1)


def test_every_statement_searches_an_index(inprocess: Cloud) -> None:
    _add_hosts(inprocess, 200, nested_every=50)
    statements = _statements(inprocess, limit=10)
    with inprocess.store.read() as conn:
        for statement, params in statements:
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
            # CONSTANT ROW: the probe's SELECT with no FROM (its subqueries are index searches, listed apart)
            scans = [step for step in plan if step.startswith("SCAN") and step != "SCAN CONSTANT ROW"]
            assert not scans, (statement, plan)
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (statement, plan)


def test_limit_stops_the_search(inprocess: Cloud) -> None:
    _add_hosts(inprocess, 50)
    with inprocess.store.read() as conn:
        assert len(local.allocation_candidates(inprocess, conn, REQUEST, limit=7)) == 7
        everything = local.allocation_candidates(inprocess, conn, REQUEST)
    assert len(everything) >= 50


def test_claims_keep_maintained_usage_exact(inprocess: Cloud) -> None:
    _add_hosts(inprocess, 2)
    with inprocess.store.begin() as conn:
        host = local.allocation_candidates(inprocess, conn, {"VCPU": 64}, limit=1)[0]["provider_uuid"]
        assert local.claim(inprocess, conn, "c-1", {host: {"VCPU": 60}}, "p", "u")
        assert not local.claim(inprocess, conn, "c-2", {host: {"VCPU": 5}}, "p", "u")
        assert local.get_allocations(inprocess, conn, "c-2") == {}
        local.move_allocations(inprocess, conn, "c-1", "c-3")
        assert local.usages(inprocess, conn, host)["VCPU"] == 60
        local.delete_allocations(inprocess, conn, "c-3")
        assert local.usages(inprocess, conn, host)["VCPU"] == 0


def test_a_started_window_searches_an_index_and_wraps_around(inprocess: Cloud) -> None:
    """``start`` (the scheduler's random window): still index searches with no sort, a constant number of
    statements, and a window near the end wraps around to the first providers."""
    _add_hosts(inprocess, 200, nested_every=50)
    statements = _statements(inprocess, limit=10, start=0.999)
    with inprocess.store.read() as conn:
        for statement, params in statements:
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
            scans = [step for step in plan if step.startswith("SCAN") and step != "SCAN CONSTANT ROW"]
            assert not scans, (statement, plan)
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (statement, plan)
        first = local.allocation_candidates(inprocess, conn, REQUEST, limit=10)
        late = local.allocation_candidates(inprocess, conn, REQUEST, limit=10, start=0.999)
        middle = local.allocation_candidates(inprocess, conn, REQUEST, limit=10, start=0.5)
        everything = local.allocation_candidates(inprocess, conn, REQUEST)
    assert len(late) == len(middle) == 10
    assert {c["provider_uuid"] for c in late} & {c["provider_uuid"] for c in first}  # wrapped around
    assert not {c["provider_uuid"] for c in middle} & {c["provider_uuid"] for c in first}
    assert {c["provider_uuid"] for c in middle} <= {c["provider_uuid"] for c in everything}
    _add_hosts(inprocess, 300)
    assert len(_statements(inprocess, limit=10, start=0.999)) == len(statements)
