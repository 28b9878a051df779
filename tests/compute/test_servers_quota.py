"""Quotas on servers: over quota is Nova's 403, multi-create shrinks to what fits, resize counts
the difference, and a refused request leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import action, boot, nova, wait_status


@pytest.fixture
def conn(cloud: Any, demo_connection: Any) -> Any:
    return demo_connection


def test_instances_quota(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    body = {"server": {"name": "q", "imageRef": image.id, "flavorRef": "c1", "networks": "none",
                       "min_count": 1, "max_count": 12}}
    r = nova(conn, "POST", "/servers", "2.96", json=body)
    assert r.status_code == 202
    assert len(nova(conn, "GET", "/servers", "2.96").json()["servers"]) == 10  # shrunk to the quota
    body["server"].update(min_count=1, max_count=1)
    r = nova(conn, "POST", "/servers", "2.96", json=body)
    assert r.status_code == 403
    assert r.json() == {"forbidden": {"code": 403, "message":
                        "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances"}}
    assert len(nova(conn, "GET", "/servers", "2.96").json()["servers"]) == 10


def test_cores_quota_on_create_and_resize(conn: Any) -> None:
    first = boot(conn, "big", "m1.xlarge")  # 8 of 20 cores
    boot(conn, "big2", "m1.xlarge")  # 16 of 20
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    r = nova(conn, "POST", "/servers", "2.96", json={"server": {
        "name": "big3", "imageRef": image.id, "flavorRef": "5", "networks": "none"}})
    assert r.status_code == 403
    assert r.json()["forbidden"]["message"] == "Quota exceeded for cores: Requested 8, but already used 16 of 20 cores"
    small = boot(conn, "small", "m1.medium")  # 18 of 20
    r = action(conn, small["id"], {"resize": {"flavorRef": "4"}})  # +2 cores: 20 of 20 is fine
    assert r.status_code == 202
    wait_status(conn, small["id"], "VERIFY_RESIZE")
    assert first["status"] == "ACTIVE"


def test_metadata_items_quota(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    r = nova(conn, "POST", "/servers", "2.96", json={"server": {
        "name": "m", "imageRef": image.id, "flavorRef": "c1", "networks": "none",
        "metadata": {f"k{i}": "v" for i in range(129)}}})
    assert r.status_code == 403 and "metadata items" in r.json()["forbidden"]["message"]
