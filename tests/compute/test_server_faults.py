"""The fault engine's compute outcomes: a build that ends in ERROR, one rescheduled elsewhere,
NoValidHost on demand, and a host that goes down (its servers SHUTOFF, evacuation possible)."""

from __future__ import annotations

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
