"""Scheduling on small fake hosts: the weighers spread, capacity runs out into NoValidHost with no
allocation left behind, server groups, failing hosts reschedule, and Placement usage always equals
the flavors of the servers on each host, after boots, resizes, migrations and deletes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.compute.helpers import boot, nova, usages, wait_gone, wait_status
from twinstack.testing import Cloud

NO_VALID_HOST = "No valid host was found. There are not enough hosts available."

MODEL = {
    "compute": {
        "hosts": [
            # 12 m1.tiny fit on each of the first three, 13 on the fourth: 49 in all
            {"name": "small", "count": 3, "vcpus": 16, "memory_mb": 6144, "disk_gb": 100,
             "reserved_host_memory_mb": 0, "ram_allocation_ratio": 1.0, "cpu_allocation_ratio": 1.0},
            {"name": "small-4", "vcpus": 16, "memory_mb": 6656, "disk_gb": 100,
             "reserved_host_memory_mb": 0, "ram_allocation_ratio": 1.0, "cpu_allocation_ratio": 1.0},
            {"name": "flaky", "availability_zone": "flaky-az", "driver": {"boot_failure_rate": 1.0}},
            {"name": "steady", "availability_zone": "flaky-az"},
            {"name": "slow", "availability_zone": "slow-az", "driver": {"boot_seconds": 0.5}},
            {"name": "doomed", "count": 2, "availability_zone": "doomed-az", "driver": {"boot_failure_rate": 1.0}},
            {"name": "compute-1", "count": 1, "enabled": False},
            {"name": "compute-2", "enabled": False},
            {"name": "compute-3", "enabled": False},
            {"name": "compute-4", "enabled": False},
        ],
        "quotas": {"instances": 200, "cores": 400, "ram": 1024000, "server_group_members": 100},
    },
}


@pytest.fixture(scope="module")
def small_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    path = Path(tmp_path_factory.mktemp("model")) / "small.yaml"
    path.write_text(yaml.safe_dump(MODEL))
    with Cloud(model=str(path)) as cloud:
        yield cloud


@pytest.fixture
def conn(small_cloud: Cloud) -> Any:
    small_cloud.reset()
    return small_cloud.connect()


def _small_usage(conn: Any) -> dict[str, int]:
    return {name: u.get("MEMORY_MB", 0) // 512 for name, u in usages(conn).items() if name.startswith("small")}


def test_fifty_servers_spread_then_no_valid_host(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    body = {"server": {"name": "first", "imageRef": image.id, "flavorRef": "1", "networks": "none",
                       "availability_zone": "nova", "min_count": 8, "max_count": 8}}
    assert nova(conn, "POST", "/servers", "2.96", json=body).status_code == 202
    servers = nova(conn, "GET", "/servers", "2.96").json()["servers"]
    for s in servers:
        wait_status(conn, s["id"], "ACTIVE")
    assert _small_usage(conn) == {"small-1": 2, "small-2": 2, "small-3": 2, "small-4": 2}  # spread evenly

    body["server"].update(name="more", min_count=42, max_count=42)
    assert nova(conn, "POST", "/servers", "2.96", json=body).status_code == 202
    details = []
    for s in nova(conn, "GET", "/servers?limit=1000", "2.96").json()["servers"]:
        body_ = nova(conn, "GET", f"/servers/{s['id']}", "2.96").json()["server"]
        while body_["status"] == "BUILD":
            body_ = nova(conn, "GET", f"/servers/{s['id']}", "2.96").json()["server"]
        details.append(body_)
    statuses = Counter(d["status"] for d in details)
    assert statuses == {"ACTIVE": 49, "ERROR": 1}
    failed = next(d for d in details if d["status"] == "ERROR")
    assert failed["fault"]["message"] == NO_VALID_HOST and failed["fault"]["code"] == 500
    assert failed["OS-EXT-SRV-ATTR:host"] is None
    allocations = conn.session.get(f"/allocations/{failed['id']}", endpoint_filter={"service_type": "placement"})
    assert allocations.json()["allocations"] == {}
    hosts = Counter(d["OS-EXT-SRV-ATTR:host"] for d in details if d["status"] == "ACTIVE")
    assert hosts == {"small-1": 12, "small-2": 12, "small-3": 12, "small-4": 13}
    assert _small_usage(conn) == dict(hosts)
    # deleting the ERROR server and one ACTIVE frees exactly one slot
    nova(conn, "DELETE", f"/servers/{failed['id']}")
    victim = next(d for d in details if d["OS-EXT-SRV-ATTR:host"] == "small-2")
    nova(conn, "DELETE", f"/servers/{victim['id']}")
    wait_gone(conn, victim["id"])
    assert _small_usage(conn)["small-2"] == 11
    assert boot(conn, "last", availability_zone="nova")["OS-EXT-SRV-ATTR:host"] == "small-2"


def test_affinity_and_anti_affinity(conn: Any) -> None:
    def group(policy: str) -> str:
        r = nova(conn, "POST", "/os-server-groups", "2.64", json={"server_group": {"name": policy, "policy": policy}})
        assert r.status_code == 200, r.text
        return str(r.json()["server_group"]["id"])

    together = group("affinity")
    hosts = set()
    for i in range(3):
        created = _boot_in_group(conn, f"a{i}", together)
        hosts.add(created["OS-EXT-SRV-ATTR:host"])
    assert len(hosts) == 1

    apart = group("anti-affinity")
    spread = [_boot_in_group(conn, f"b{i}", apart)["OS-EXT-SRV-ATTR:host"] for i in range(4)]
    assert len(set(spread)) == 4
    fifth = _boot_in_group(conn, "b5", apart, wait="ERROR")
    assert fifth["fault"]["message"] == NO_VALID_HOST
    members = nova(conn, "GET", f"/os-server-groups/{apart}", "2.64").json()["server_group"]["members"]
    assert len(members) == 5
    show = nova(conn, "GET", f"/servers/{fifth['id']}", "2.71").json()["server"]
    assert show["server_groups"] == [apart]


def _boot_in_group(conn: Any, name: str, group: str, wait: str = "ACTIVE") -> dict[str, Any]:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    r = nova(conn, "POST", "/servers", "2.96", json={
        "server": {"name": name, "imageRef": image.id, "flavorRef": "1", "networks": "none",
                   "availability_zone": "nova"}, "os:scheduler_hints": {"group": group}})
    assert r.status_code == 202, r.text
    return wait_status(conn, r.json()["server"]["id"], wait)


def test_same_and_different_host_hints(conn: Any) -> None:
    first = boot(conn, "first", availability_zone="nova")
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")

    def with_hint(hint: str) -> str:
        r = nova(conn, "POST", "/servers", "2.96", json={
            "server": {"name": hint, "imageRef": image.id, "flavorRef": "1", "networks": "none",
                       "availability_zone": "nova"}, "os:scheduler_hints": {hint: [first["id"]]}})
        return str(wait_status(conn, r.json()["server"]["id"], "ACTIVE")["OS-EXT-SRV-ATTR:host"])

    assert with_hint("same_host") == first["OS-EXT-SRV-ATTR:host"]
    assert with_hint("different_host") != first["OS-EXT-SRV-ATTR:host"]


def test_failing_host_reschedules_to_another(conn: Any) -> None:
    server = boot(conn, "f", availability_zone="flaky-az")  # flaky is tried first (name order), then steady
    assert server["OS-EXT-SRV-ATTR:host"] == "steady"
    assert usages(conn).get("flaky", {}) == {}
    events = _create_events(conn, server["id"])
    assert [(e["event"], e["result"], e["host"]) for e in events] == [
        ("compute__do_build_and_run_instance", "Error", "flaky"),
        ("compute__do_build_and_run_instance", "Success", "steady")]


def test_failing_hosts_exhaust_the_retries(conn: Any) -> None:
    failed = boot(conn, "f", availability_zone="doomed-az", wait="ERROR")
    assert failed["fault"]["message"] == (
        f"Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures "
        f"for instance {failed['id']}.")
    assert failed["fault"]["details"] == "Fake driver: spawn failed"
    assert failed["OS-EXT-SRV-ATTR:host"] is None
    assert {name: u for name, u in usages(conn).items() if name.startswith("doomed") and u} == {}
    assert [(e["event"], e["host"]) for e in _create_events(conn, failed["id"])] == [
        ("compute__do_build_and_run_instance", "doomed-1"), ("compute__do_build_and_run_instance", "doomed-2"),
        ("conductor_schedule_and_build_instances", None)]


def _create_events(conn: Any, server_id: str) -> list[dict[str, Any]]:
    actions = nova(conn, "GET", f"/servers/{server_id}/os-instance-actions", "2.84").json()["instanceActions"]
    request_id = actions[-1]["request_id"]
    return list(nova(conn, "GET", f"/servers/{server_id}/os-instance-actions/{request_id}",
                     "2.84").json()["instanceAction"]["events"])


def test_delete_while_building_leaves_nothing(conn: Any) -> None:
    created = boot(conn, "slowpoke", availability_zone="slow-az", wait=None)
    assert nova(conn, "GET", f"/servers/{created['id']}", "2.96").json()["server"]["status"] == "BUILD"
    assert nova(conn, "DELETE", f"/servers/{created['id']}").status_code == 204
    wait_gone(conn, created["id"])
    import time

    time.sleep(0.7)  # let the slow spawn finish: its late success must not resurrect anything
    assert nova(conn, "GET", f"/servers/{created['id']}").status_code == 404
    assert usages(conn).get("slow", {}) == {}
    assert boot(conn, "after", availability_zone="slow-az")["status"] == "ACTIVE"
