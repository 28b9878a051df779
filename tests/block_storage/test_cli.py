"""One end-to-end flow through the real ``openstack`` CLI (each call costs over a second)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import openstack_cli


@pytest.mark.cli
def test_cli_volume_snapshot_backup_flow(cloud: Any) -> None:
    created = openstack_cli(cloud, "volume", "create", "--size", "1", "v1", "-f", "json", user="twinstack")
    assert created["name"] == "v1" and created["size"] == 1
    listed = openstack_cli(cloud, "volume", "list", "-f", "json", user="twinstack")
    assert [(v["Name"], v["Status"]) for v in listed] == [("v1", "available")]
    snap = openstack_cli(cloud, "volume", "snapshot", "create", "--volume", "v1", "s1", "-f", "json", user="twinstack")
    assert snap["name"] == "s1"
    backup = openstack_cli(cloud, "volume", "backup", "create", "--name", "b1", "v1", "-f", "json", user="twinstack")
    assert backup["name"] == "b1"
    openstack_cli(cloud, "volume", "snapshot", "delete", "s1", user="twinstack")
    openstack_cli(cloud, "volume", "delete", "v1", user="twinstack")
    assert openstack_cli(cloud, "volume", "list", "-f", "json", user="twinstack") == []
