"""Glance's import executor runs on the cloud's clock: in manual mode an import from staging is
accepted (the image ``importing``, its task ``pending``) and holds until the clock advances; two
clouds in one process keep their executors apart."""

from __future__ import annotations

import asyncio
import os
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


def _task_statuses(conn: Any, image_id: str) -> list[str]:
    return [str(task.status) for task in conn.image.image_tasks(image_id)]


def test_manual_clock_holds_a_glance_direct_import(manual: Cloud, demo_connection: Any) -> None:
    conn = demo_connection
    payload = os.urandom(64 * 1024)
    image = conn.image.create_image("held-import", data=payload, disk_format="raw", container_format="bare",
                                    use_import=True, wait=False)  # create, stage, import glance-direct
    time.sleep(0.3)  # real time passes; cloud time does not
    held = conn.image.get_image(image.id)
    assert held.status == "importing"
    assert _task_statuses(conn, image.id) == ["pending"]
    manual.advance_clock(0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and conn.image.get_image(image.id).status != "active":
        time.sleep(0.05)
    done = conn.image.get_image(image.id)
    assert done.status == "active" and done.size == len(payload)
    assert _task_statuses(conn, image.id) == ["success"]


def test_real_clock_imports_on_its_own(cloud: Cloud, demo_connection: Any) -> None:
    conn = demo_connection
    image = conn.image.create_image("free-import", data=b"x" * 1024, disk_format="raw", container_format="bare",
                                    use_import=True, wait=False)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and conn.image.get_image(image.id).status != "active":
        time.sleep(0.05)
    assert conn.image.get_image(image.id).status == "active"


# -- two clouds in one process -------------------------------------------------------------------

async def _glance(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"))
    assert response.status_code == 201, response.text
    return {"X-Auth-Token": response.headers["X-Subject-Token"]}


async def _staged_import(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    created = await client.post("/image/v2/images", headers=headers,
                                json={"name": "held", "disk_format": "raw", "container_format": "bare"})
    assert created.status_code == 201, created.text
    image_id = str(created.json()["id"])
    staged = await client.put(f"/image/v2/images/{image_id}/stage", content=b"z" * 4096,
                              headers={**headers, "Content-Type": "application/octet-stream"})
    assert staged.status_code == 204, staged.text
    imported = await client.post(f"/image/v2/images/{image_id}/import", headers=headers,
                                 json={"method": {"name": "glance-direct"}})
    assert imported.status_code == 202, imported.text
    return image_id


async def _image_status(client: httpx.AsyncClient, headers: dict[str, str], image_id: str) -> str:
    for _ in range(200):  # the executor hashes in a worker thread: give it a moment once woken
        status = str((await client.get(f"/image/v2/images/{image_id}", headers=headers)).json()["status"])
        if status != "importing":
            return status
        await asyncio.sleep(0.01)
    return status


def test_two_clouds_keep_their_imports_apart(tmp_path: Path) -> None:
    model = tmp_path / "manual.yaml"
    model.write_text("clock: {mode: manual}\n")
    clouds = [InProcessCloud(Settings(models=[str(model)], state_dir=str(tmp_path / name))) for name in "ab"]

    async def scenario() -> None:
        for c in clouds:
            c.open()
            await c.start()
        clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=build_app(c)), base_url="http://twin")
                   for c in clouds]
        try:
            headers = [await _glance(client) for client in clients]
            images = [await _staged_import(client, h) for client, h in zip(clients, headers, strict=False)]
            _a, b = clouds
            assert (await clients[0].post("/_twinstack/clock/advance", json={"seconds": 0})).status_code == 200
            assert await _image_status(clients[0], headers[0], images[0]) == "active"
            assert (await clients[1].get(f"/image/v2/images/{images[1]}", headers=headers[1])).json()[
                "status"] == "importing"
            assert len(group_of(b, "image")) == 1
            assert (await clients[0].post("/_twinstack/reset")).status_code == 200
            assert len(group_of(b, "image")) == 1  # a's reset leaves b's executor waiting
            assert (await clients[1].post("/_twinstack/clock/advance", json={"seconds": 0})).status_code == 200
            assert await _image_status(clients[1], headers[1], images[1]) == "active"
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
