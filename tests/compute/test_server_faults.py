"""The fault engine's compute outcomes: a build that ends in ERROR, one rescheduled elsewhere,
NoValidHost on demand, and a host that goes down (its servers SHUTOFF, evacuation possible)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.compute.helpers import action, boot, nova, usages, wait_status


@pytest.fixture
def faults(cloud: Any) -> Iterator[Any]:
    def add(rule: dict[str, Any]) -> dict[str, Any]:
        response = httpx.post(f"{cloud.url}/_twinstack/faults", json=rule, timeout=10)
        assert response.status_code == 201, response.text
        return dict(response.json()["fault"])

    yield add
    httpx.delete(f"{cloud.url}/_twinstack/faults", timeout=10)


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def test_server_error_outcome(conn: Any, faults: Any) -> None:
    faults({"match": {"name": "^doomed"}, "action": {"outcome": "server_error", "message": "disk on fire"}})
    failed = boot(conn, "doomed-1", wait="ERROR")
    assert failed["fault"]["message"] == "disk on fire"
    assert all(not u for u in usages(conn).values())
    assert boot(conn, "fine")["status"] == "ACTIVE"


def test_reschedule_and_no_valid_host_outcomes(conn: Any, faults: Any) -> None:
    faults({"match": {"name": "^moving$"}, "action": {"outcome": "reschedule"}})
    server = boot(conn, "moving")
    actions = nova(conn, "GET", f"/servers/{server['id']}/os-instance-actions", "2.84").json()["instanceActions"]
    events = nova(conn, "GET", f"/servers/{server['id']}/os-instance-actions/{actions[0]['request_id']}",
                  "2.84").json()["instanceAction"]["events"]
    assert [e["result"] for e in events] == ["Error", "Success"]
    assert events[0]["host"] != events[1]["host"] == server["OS-EXT-SRV-ATTR:host"]
    faults({"match": {"service": "compute", "name": "^nohost$"}, "action": {"outcome": "no_valid_host"},
            "fail_first": 1})
    failed = boot(conn, "nohost", wait="ERROR")
    assert failed["fault"]["message"] == "No valid host was found. There are not enough hosts available."
    assert boot(conn, "nohost")["status"] == "ACTIVE"  # fail_first: only the first


def test_host_down_then_evacuate_then_up(conn: Any, faults: Any) -> None:
    server = boot(conn, "victim")
    host = server["OS-EXT-SRV-ATTR:host"]
    faults({"action": {"outcome": "host_down", "params": {"host": host}}})
    shown = nova(conn, "GET", f"/servers/{server['id']}", "2.16").json()["server"]
    assert shown["status"] == "SHUTOFF" and shown["host_status"] == "DOWN"
    services = nova(conn, "GET", f"/os-services?host={host}&binary=nova-compute", "2.53").json()["services"]
    assert services[0]["state"] == "down"
    assert action(conn, server["id"], {"evacuate": {}}, "2.29").status_code == 200
    moved = wait_status(conn, server["id"], "SHUTOFF")
    assert moved["OS-EXT-SRV-ATTR:host"] != host
    faults({"action": {"outcome": "host_up", "params": {"host": host}}})
    services = nova(conn, "GET", f"/os-services?host={host}&binary=nova-compute", "2.53").json()["services"]
    assert services[0]["state"] == "up"


def test_build_whose_ports_fail_leaves_nothing_behind(conn: Any) -> None:
    """Two servers pass the API's port check (one port each, one left in the quota); the second build
    cannot allocate its port: ERROR with Nova's 'aborted' fault, no host, no port, no claim left."""
    net = conn.network.create_network(name="scarce")
    conn.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.77.0.0/24", name="scarce-sub")
    project = conn.current_project_id
    ports = len(list(conn.network.ports(project_id=project)))
    before = usages(conn)
    conn.network.update_quota(project, port=ports + 1)
    try:
        image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
        flavor = conn.compute.find_flavor("m1.tiny", ignore_missing=False)
        body = {"server": {"name": "scarce", "imageRef": image.id, "flavorRef": flavor.id,
                           "networks": [{"uuid": net.id}], "min_count": 2, "max_count": 2,
                           "return_reservation_id": True}}
        response = nova(conn, "POST", "/servers", "2.96", json=body)
        assert response.status_code == 202, response.text
        reservation = response.json()["reservation_id"]
        listed = nova(conn, "GET", f"/servers?reservation_id={reservation}", "2.96").json()["servers"]
        states = sorted((wait_state(conn, s["id"]), s["id"]) for s in listed)
        assert [st for st, _ in states] == ["ACTIVE", "ERROR"], states
        failed = nova(conn, "GET", f"/servers/{states[1][1]}", "2.96").json()["server"]
        assert failed["fault"]["message"].startswith(f"Build of instance {failed['id']} aborted:"), failed["fault"]
        assert failed["OS-EXT-SRV-ATTR:host"] is None and failed["addresses"] == {}
        assert list(conn.network.ports(device_id=failed["id"])) == []
        after = usages(conn)
        grown = {h: u for h, u in after.items() if u != before.get(h, {})}
        assert len(grown) == 1 and next(iter(grown.values())).get("VCPU", 0) - before.get(
            next(iter(grown)), {}).get("VCPU", 0) == flavor.vcpus  # one claim kept, the failed one's given back
    finally:
        for server in nova(conn, "GET", "/servers?name=^scarce", "2.96").json()["servers"]:
            nova(conn, "DELETE", f"/servers/{server['id']}")
        conn.network.update_quota(project, port=-1)


def wait_state(conn: Any, server_id: str) -> str:
    """ACTIVE or ERROR, whichever the build ends in."""
    for _ in range(200):
        body = nova(conn, "GET", f"/servers/{server_id}", "2.96").json()["server"]
        if body["status"] in ("ACTIVE", "ERROR") and body.get("OS-EXT-STS:task_state") is None:
            return str(body["status"])
        time.sleep(0.05)
    raise AssertionError(f"server {server_id} never settled")
