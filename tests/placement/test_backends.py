"""Placement's queries on PostgreSQL and MariaDB (bound IN lists, modulo, float capacity, LIMIT
parameters): the same answers as on SQLite. Skips where no server answers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.test_store_backends import MYSQL_ADMIN, PG_ADMIN, _database
from twinstack.cloud import Cloud
from twinstack.config import Settings
from twinstack.placement import local


@pytest.fixture(params=["postgresql", "mysql"])
def server_cloud(request: pytest.FixtureRequest) -> Iterator[Cloud]:
    urls = _database(PG_ADMIN, "PostgreSQL") if request.param == "postgresql" else _database(MYSQL_ADMIN, "MariaDB")
    url = next(urls)
    cloud = Cloud(Settings(db=url))
    cloud.open()
    try:
        yield cloud
    finally:
        cloud.close()
        for _ in urls:
            pass


def test_candidates_and_claims(server_cloud: Cloud) -> None:
    cloud = server_cloud
    agg = str(uuid.uuid4())
    hosts = [str(uuid.uuid4()) for _ in range(3)]
    with cloud.store.begin() as conn:
        for i, rp in enumerate(hosts):
            local.ensure_provider(cloud, conn, rp, f"pg-host-{i}")
            local.set_inventory(cloud, conn, rp, {"VCPU": {"total": 4, "allocation_ratio": 1.5, "step_size": 1},
                                                  "MEMORY_MB": {"total": 2048, "reserved": 512}})
            local.set_traits(cloud, conn, rp, ["COMPUTE_NODE", "CUSTOM_PG"] if i else ["COMPUTE_NODE"])
            local.set_aggregates(cloud, conn, rp, [agg] if i < 2 else [])
        gpu = str(uuid.uuid4())
        local.ensure_provider(cloud, conn, gpu, "pg-gpu", parent_uuid=hosts[0])
        local.set_inventory(cloud, conn, gpu, {"VGPU": {"total": 1}})
    with cloud.store.begin() as conn:
        found = local.allocation_candidates(cloud, conn, {"VCPU": 6, "MEMORY_MB": 1536}, required=["CUSTOM_PG"],
                                            member_of=[[agg]], limit=5)
        assert [c["provider_uuid"] for c in found] == [hosts[1]]
        assert local.claim(cloud, conn, "vm-1", {hosts[1]: {"VCPU": 6, "MEMORY_MB": 1536}}, "p", "u")
        assert not local.claim(cloud, conn, "vm-2", {hosts[1]: {"VCPU": 1}}, "p", "u")
        assert local.usages(cloud, conn, hosts[1]) == {"VCPU": 6, "MEMORY_MB": 1536}
        nested = local.allocation_candidates(cloud, conn, {"VCPU": 1, "VGPU": 1})
        assert nested[0]["allocations"] == {hosts[0]: {"resources": {"VCPU": 1}}, gpu: {"resources": {"VGPU": 1}}}
        assert len(local.allocation_candidates(cloud, conn, {"VCPU": 1}, forbidden=["CUSTOM_PG"], limit=1)) == 1


def test_bulk_report_and_a_started_window(server_cloud: Cloud) -> None:
    cloud = server_cloud
    records = [
        {
            "uuid": str(uuid.uuid4()),
            "name": f"bulk-{uuid.uuid4().hex[:8]}",
            "traits": ["COMPUTE_NODE", "CUSTOM_BULK"],
            "aggregates": [],
            "inventories": {"VCPU": {"total": 4}, "MEMORY_MB": {"total": 2048}},
        }
        for _ in range(6)
    ]
    with cloud.store.begin() as conn:
        local.report_providers(cloud, conn, records)
    with cloud.store.read() as conn:
        mine = {r["uuid"] for r in records}
        for start in (None, 0.0, 0.5, 0.99):
            found = local.allocation_candidates(
                cloud, conn, {"VCPU": 2}, required=["CUSTOM_BULK"], limit=6, start=start
            )
            assert {c["provider_uuid"] for c in found} == mine
        assert (
            len(local.allocation_candidates(cloud, conn, {"VCPU": 2}, required=["CUSTOM_BULK"], limit=3, start=0.7))
            == 3
        )
