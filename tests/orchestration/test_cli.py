"""The ``openstack stack`` CLI of python-heatclient (few calls: each costs over a second): the issue's flow
of a server on a new network with a volume and a floating IP, created, resized and deleted with --wait."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import openstack_cli
from tests.orchestration.test_stacks import FULL
from twinstack.testing import Cloud


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


def test_stack_create_update_delete_with_wait(cloud: Cloud, conn: Any, tmp_path: Path) -> None:
    template = tmp_path / "full.yaml"
    template.write_text(FULL)
    networks = {n.id for n in conn.network.networks()}
    # --wait prints the stack's events as they come, then the stack
    created = openstack_cli(cloud, "stack", "create", "-t", str(template), "--wait", "--poll", "1", "-f", "value", "-c",
                            "stack_status", "full", user="twinstack")
    assert "Stack CREATE completed successfully" in created.stdout
    assert created.stdout.strip().splitlines()[-1] == "CREATE_COMPLETE"
    servers = list(conn.compute.servers())
    assert [s.status for s in servers] == ["ACTIVE"]
    assert [v.status for v in conn.block_storage.volumes()] == ["in-use"]
    assert len(list(conn.network.ips())) == 1

    updated = openstack_cli(cloud, "stack", "update", "-t", str(template), "--parameter", "flavor=m1.small",
                            "--wait", "-f", "value", "-c", "stack_status", "full", user="twinstack")
    assert updated.stdout.strip().splitlines()[-1] == "UPDATE_COMPLETE"
    assert conn.compute.get_server(servers[0].id).flavor.original_name == "m1.small"

    openstack_cli(cloud, "stack", "delete", "--yes", "--wait", "full", user="twinstack")
    assert list(conn.compute.servers()) == [] and list(conn.block_storage.volumes()) == []
    assert list(conn.network.ips()) == [] and list(conn.network.ports(device_owner="compute:nova")) == []
    assert {n.id for n in conn.network.networks()} == networks
    assert [r.name for r in conn.network.routers()] == ["router1"]
    assert list(conn.orchestration.stacks()) == []
