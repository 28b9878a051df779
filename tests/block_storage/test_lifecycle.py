"""Lifecycles on a timer: with the model's delays the statuses are seen moving, as on a real backend."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.block_storage.conftest import Cinder, _login
from twinstack.testing import Cloud


@pytest.fixture(scope="module")
def slow_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    model = tmp_path_factory.mktemp("slow") / "slow.yaml"
    model.write_text("block_storage:\n  lifecycle: {create_seconds: 0.5, delete_seconds: 0.5, extend_seconds: 0.5}\n"
                     "  backends:\n    - {name: lvmdriver-1, capacity_gb: 1000}\n"
                     "    - {name: lvmdriver-2, capacity_gb: 50, availability_zone: nova}\n"
                     "  volume_types:\n    - {name: lvmdriver-2, extra_specs: {volume_backend_name: lvmdriver-2}}\n"
                     "    - {name: private-fast, is_public: false, projects: [demo]}\n"
                     "  project_quotas: {alt_demo: {volumes: 1}}\n")
    with Cloud(model=str(model)) as cloud:
        yield cloud


def _wait(demo: Cinder, volume_id: str, status: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = demo.get(f"/volumes/{volume_id}")
        if status == "deleted" and response.status_code == 404:
            return
        if response.status_code == 200 and response.json()["volume"]["status"] == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"volume {volume_id} never reached {status}")


def test_statuses_advance_on_the_timer(slow_cloud: Cloud) -> None:
    with httpx.Client(base_url=slow_cloud.url, timeout=30) as client:
        demo = Cinder(client, *_login(client, "demo", "demo", "demo"))
        vid = demo.create_volume(1)["id"]
        assert demo.volume(vid)["status"] == "creating"
        _wait(demo, vid, "available")
        assert demo.action(vid, {"os-extend": {"new_size": 2}}).status_code == 202
        assert demo.volume(vid)["status"] == "extending"
        _wait(demo, vid, "available")
        assert demo.volume(vid)["size"] == 2
        assert demo.delete(f"/volumes/{vid}").status_code == 202
        assert demo.volume(vid)["status"] == "deleting"
        _wait(demo, vid, "deleted")


def test_retype_with_migration_moves_the_space(slow_cloud: Cloud) -> None:
    with httpx.Client(base_url=slow_cloud.url, timeout=30) as client:
        demo = Cinder(client, *_login(client, "demo", "demo", "demo"))
        admin = Cinder(client, *_login(client, "admin", "admin", "admin"))
        vid = demo.create_volume(10, volume_type="lvmdriver-1")["id"]
        _wait(demo, vid, "available")
        assert demo.action(vid, {"os-retype": {"new_type": "lvmdriver-2"}}).status_code == 400  # policy never
        assert demo.action(vid, {"os-retype": {"new_type": "lvmdriver-2", "migration_policy": "on-demand"}}
                           ).status_code == 202
        shown = admin.volume(vid)
        assert shown["os-vol-host-attr:host"] == "twinstack@lvmdriver-2#lvmdriver-2"
        assert shown["migration_status"] == "success" and shown["volume_type"] == "lvmdriver-2"
        pools = {p["name"]: p["capabilities"]["allocated_capacity_gb"]
                 for p in admin.get("/scheduler-stats/get_pools?detail=True").json()["pools"]}
        assert pools == {"twinstack@lvmdriver-1#lvmdriver-1": 0, "twinstack@lvmdriver-2#lvmdriver-2": 10}
        big = demo.create_volume(60, volume_type="lvmdriver-2")  # more than lvmdriver-2 holds
        assert demo.volume(big["id"])["status"] == "error"


def test_admin_migrates_a_volume_between_backends(slow_cloud: Cloud) -> None:
    with httpx.Client(base_url=slow_cloud.url, timeout=30) as client:
        demo = Cinder(client, *_login(client, "demo", "demo", "demo"))
        admin = Cinder(client, *_login(client, "admin", "admin", "admin"))
        vid = demo.create_volume(5, volume_type="lvmdriver-1")["id"]
        _wait(demo, vid, "available")
        target = "twinstack@lvmdriver-2#lvmdriver-2"
        assert demo.action(vid, {"os-migrate_volume": {"host": target}}).status_code == 403
        assert admin.action(vid, {"os-migrate_volume": {"host": "nowhere@x"}}).status_code == 400
        assert admin.action(vid, {"os-migrate_volume": {"host": target, "force_host_copy": False}}).status_code == 202
        shown = admin.volume(vid)
        assert shown["os-vol-host-attr:host"] == target and shown["migration_status"] == "success"
        assert admin.action(vid, {"os-migrate_volume": {"host": target}}).status_code == 400  # already there


def test_model_private_type_and_project_quotas(slow_cloud: Cloud) -> None:
    with httpx.Client(base_url=slow_cloud.url, timeout=30) as client:
        demo = Cinder(client, *_login(client, "demo", "demo", "demo"))
        alt = Cinder(client, *_login(client, "alt_demo", "alt_demo", "alt_demo"))
        assert "private-fast" in [t["name"] for t in demo.get("/types").json()["volume_types"]]
        assert "private-fast" not in [t["name"] for t in alt.get("/types").json()["volume_types"]]
        assert alt.get(f"/os-quota-sets/{alt.project_id}").json()["quota_set"]["volumes"] == 1
        alt.create_volume(1)
        assert alt.post("/volumes", {"volume": {"size": 1}}).status_code == 413
