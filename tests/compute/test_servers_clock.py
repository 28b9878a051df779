"""With the cloud's clock in manual mode, servers move only when a test advances time: BUILD stays
BUILD, a stop stays powering-off, until ``/_twinstack/clock/advance``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.compute.helpers import action, boot, nova, wait_status


@pytest.fixture
def manual(cloud: Any) -> Iterator[Any]:
    assert httpx.put(f"{cloud.url}/_twinstack/clock", json={"mode": "manual"}, timeout=10).status_code == 200

    def advance(seconds: float = 0) -> None:
        response = httpx.post(f"{cloud.url}/_twinstack/clock/advance", json={"seconds": seconds}, timeout=10)
        assert response.status_code == 200, response.text

    yield advance
    httpx.put(f"{cloud.url}/_twinstack/clock", json={"mode": "real"}, timeout=10)


def test_build_and_stop_wait_for_the_clock(cloud: Any, openstack_connection: Any, manual: Any) -> None:
    conn = openstack_connection
    created = boot(conn, "slow", wait=None)
    import time

    time.sleep(0.2)
    body = nova(conn, "GET", f"/servers/{created['id']}", "2.96").json()["server"]
    assert body["status"] == "BUILD" and body["OS-EXT-STS:task_state"] == "spawning"
    manual(0)
    wait_status(conn, created["id"], "ACTIVE")
    assert action(conn, created["id"], {"os-stop": None}).status_code == 202
    time.sleep(0.2)
    body = nova(conn, "GET", f"/servers/{created['id']}", "2.96").json()["server"]
    assert body["OS-EXT-STS:task_state"] == "powering-off"
    manual(0)
    wait_status(conn, created["id"], "SHUTOFF")
