"""Glance's import executor runs on the cloud's clock: in manual mode an import from staging is
accepted (the image ``importing``, its task ``pending``) and holds until the clock advances."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

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
