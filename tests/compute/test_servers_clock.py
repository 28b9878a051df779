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


@pytest.mark.twinstack_model("models/schedule_seconds.yaml")
def test_schedule_seconds_holds_a_build_before_it_has_ports(cloud: Any) -> None:
    """compute.settings.schedule_seconds: in manual clock mode a build stays BUILD, hostless and portless,
    until the clock passes it; then it goes on as any build does."""
    conn = cloud.connect("twinstack")
    cloud.set_clock("manual")
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    net = conn.network.find_network("private")
    server = conn.compute.create_server(name="paced", image_id=image.id, flavor_id="c1", networks=[{"uuid": net.id}])
    shown = conn.compute.get_server(server.id)
    assert shown.status == "BUILD" and not shown.addresses
    assert list(conn.network.ports(device_id=server.id)) == []
    cloud.advance_clock(1.5)
    cloud.set_clock("real")  # the rest of the build (the fake driver's steps) on real time
    conn.compute.wait_for_server(conn.compute.get_server(server.id), status="ACTIVE", wait=30)
    assert list(conn.network.ports(device_id=server.id))
