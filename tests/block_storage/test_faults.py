"""Fault-engine outcomes block storage applies: a volume that ends in error, one stuck attaching."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.block_storage.conftest import Cinder


@pytest.fixture
def faults(raw: httpx.Client) -> Iterator[httpx.Client]:
    yield raw
    raw.delete("/_twinstack/faults")


def test_volume_error_outcome(faults: httpx.Client, demo: Cinder, admin: Cinder) -> None:
    rule = faults.post("/_twinstack/faults", json={"match": {"name": "^doomed"}, "action": {"outcome": "volume_error"}})
    assert rule.status_code in (200, 201), rule.text
    doomed = demo.create_volume(5, name="doomed-1")
    fine = demo.create_volume(5, name="fine")
    assert demo.volume(doomed["id"])["status"] == "error"
    assert demo.volume(fine["id"])["status"] == "available"
    pool = admin.get("/scheduler-stats/get_pools?detail=True").json()["pools"][0]["capabilities"]
    assert pool["allocated_capacity_gb"] == 5  # the failed volume gave its space back
    messages = demo.get("/messages").json()["messages"]
    assert [m["resource_uuid"] for m in messages] == [doomed["id"]]
    assert demo.delete(f"/volumes/{doomed['id']}").status_code == 202


def test_volume_stuck_attaching_outcome(faults: httpx.Client, demo: Cinder) -> None:
    faults.post("/_twinstack/faults", json={"action": {"outcome": "volume_stuck_attaching"}})
    vid = demo.create_volume(1)["id"]
    att = demo.post("/attachments", {"attachment": {"volume_uuid": vid, "instance_uuid": str(uuid.uuid4()),
                                                    "connector": {"host": "compute-1"}}}).json()["attachment"]
    assert demo.post(f"/attachments/{att['id']}/action", {"os-complete": None}).status_code == 204
    assert demo.volume(vid)["status"] == "attaching"
    faults.delete("/_twinstack/faults")
    demo.delete(f"/attachments/{att['id']}")
    assert demo.volume(vid)["status"] == "available"

