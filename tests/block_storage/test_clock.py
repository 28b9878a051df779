"""Cinder's lifecycles run on the cloud's clock: in manual mode a volume stays ``creating`` (an
extended one ``extending``, a deleted one ``deleting``) until the clock advances, even with the
default zero delay; and two clouds in one process keep their lifecycles apart (advancing or
resetting one leaves the other alone)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import password_auth
from twinstack.app import build_app
from twinstack.cloud import Cloud as InProcessCloud
from twinstack.config import Settings
from twinstack.core.tasks import group_of
from twinstack.testing import Cloud


@pytest.fixture
def manual(cloud: Cloud) -> Iterator[Cloud]:
    cloud.set_clock("manual")
    yield cloud
    cloud.set_clock("real")


def _status(conn: Any, volume_id: str) -> str | None:
    found = conn.block_storage.find_volume(volume_id, ignore_missing=True)
    return None if found is None else str(found.status)


def _wait(conn: Any, volume_id: str, wanted: str | None, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _status(conn, volume_id) == wanted:
            return
        time.sleep(0.05)
    raise AssertionError(f"volume {volume_id} is {_status(conn, volume_id)}, never {wanted}")


def test_manual_clock_holds_a_volume_in_creating(manual: Cloud, demo_connection: Any) -> None:
    conn = demo_connection
    volume = conn.block_storage.create_volume(size=1, name="held")
    assert volume.status == "creating"
    time.sleep(0.3)  # real time passes; cloud time does not
    assert _status(conn, volume.id) == "creating"
    manual.advance_clock(0)
    _wait(conn, volume.id, "available")
    conn.block_storage.extend_volume(volume.id, 2)
    time.sleep(0.2)
    assert _status(conn, volume.id) == "extending"
    manual.advance_clock(0)
    _wait(conn, volume.id, "available")
    assert conn.block_storage.get_volume(volume.id).size == 2
    conn.block_storage.delete_volume(volume.id)
    assert _status(conn, volume.id) == "deleting"
    time.sleep(0.2)
    assert _status(conn, volume.id) == "deleting"
    manual.advance_clock(0)
    _wait(conn, volume.id, None)


def test_manual_clock_holds_snapshot_and_backup(manual: Cloud, demo_connection: Any) -> None:
    conn = demo_connection
    volume = conn.block_storage.create_volume(size=1, name="src")
    manual.advance_clock(0)
    _wait(conn, volume.id, "available")
    snapshot = conn.block_storage.create_snapshot(volume_id=volume.id, name="snap")
    time.sleep(0.2)
    assert conn.block_storage.get_snapshot(snapshot.id).status == "creating"
    backup = conn.block_storage.create_backup(volume_id=volume.id, name="bk")
    time.sleep(0.2)
    assert conn.block_storage.get_backup(backup.id).status == "creating"
    manual.advance_clock(0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (conn.block_storage.get_snapshot(snapshot.id).status != "available"
                                           or conn.block_storage.get_backup(backup.id).status != "available"):
        time.sleep(0.05)
    assert conn.block_storage.get_snapshot(snapshot.id).status == "available"
    assert conn.block_storage.get_backup(backup.id).status == "available"


def test_real_clock_and_zero_delay_answer_available(cloud: Cloud, demo_connection: Any) -> None:
    volume = demo_connection.block_storage.create_volume(size=1)
    assert _status(demo_connection, volume.id) == "available"  # finished before the response, as before


# -- two clouds in one process -------------------------------------------------------------------

MODEL = "clock: {mode: manual}\n"


async def _volume_api(client: httpx.AsyncClient) -> tuple[dict[str, str], str]:
    response = await client.post("/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"))
    assert response.status_code == 201, response.text
    headers = {"X-Auth-Token": response.headers["X-Subject-Token"], "OpenStack-API-Version": "volume 3.71"}
    return headers, f"/volume/v3/{response.json()['token']['project']['id']}"


async def _status_of(client: httpx.AsyncClient, headers: dict[str, str], base: str, volume_id: str) -> str:
    for _ in range(50):  # a woken step runs within a few turns of the loop
        response = await client.get(f"{base}/volumes/{volume_id}", headers=headers)
        if response.json()["volume"]["status"] != "creating":
            break
        await asyncio.sleep(0.01)
    return str(response.json()["volume"]["status"])


def test_two_clouds_in_one_process_keep_their_lifecycles_apart(tmp_path: Path) -> None:
    model = tmp_path / "manual.yaml"
    model.write_text(MODEL)
    clouds = [InProcessCloud(Settings(models=[str(model)], state_dir=str(tmp_path / name))) for name in "ab"]

    async def scenario() -> None:
        for c in clouds:
            c.open()
            await c.start()
        clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=build_app(c)), base_url="http://twin")
                   for c in clouds]
        try:
            apis = [await _volume_api(client) for client in clients]
            made = []
            for client, (headers, base) in zip(clients, apis, strict=False):
                response = await client.post(f"{base}/volumes", json={"volume": {"size": 1}}, headers=headers)
                assert response.status_code == 202, response.text
                made.append(response.json()["volume"]["id"])
            a, b = clouds
            assert a.clock.manual and b.clock.manual and a.clock is not b.clock
            # advancing a's clock finishes a's volume only
            assert (await clients[0].post("/_twinstack/clock/advance", json={"seconds": 0})).status_code == 200
            assert await _status_of(clients[0], *apis[0], made[0]) == "available"
            assert await _status_of(clients[1], *apis[1], made[1]) == "creating"
            # a second volume in a, then resetting a: its waiting step is gone, b's is still waiting
            response = await clients[0].post(f"{apis[0][1]}/volumes", json={"volume": {"size": 1}}, headers=apis[0][0])
            assert response.status_code == 202
            assert len(group_of(a, "block_storage")) == 1 and len(group_of(b, "block_storage")) == 1
            waiting_in_b = b.clock.pending()
            assert (await clients[0].post("/_twinstack/reset")).status_code == 200
            assert len(group_of(a, "block_storage")) == 0
            assert len(group_of(b, "block_storage")) == 1 and b.clock.pending() == waiting_in_b
            assert (await clients[1].post("/_twinstack/clock/advance", json={"seconds": 0})).status_code == 200
            assert await _status_of(clients[1], *apis[1], made[1]) == "available"
        finally:
            for client in clients:
                await client.aclose()
            for c in clouds:
                await c.stop()

    try:
        asyncio.run(scenario())
    finally:
        for c in clouds:
            c.close()
