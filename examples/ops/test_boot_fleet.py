"""The fleet code's tests, run under the twinstack pytest plugin: each unhappy path is a fault rule,
each assertion is about what the code did (its servers, its volumes, its requests)."""

from __future__ import annotations

import pytest

from examples.ops.boot_fleet import Fleet, FleetError

pytestmark = pytest.mark.twinstack_model("model.yaml")


def _fleet(conn, admin=None, **kwargs) -> Fleet:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    flavor = conn.compute.find_flavor("cirros256")
    network = conn.network.find_network("private")
    return Fleet(conn, image.id, flavor.id, network.id, poll=0.05, timeout=30, sleep=lambda s: None,
                 admin_conn=admin, **kwargs)


def _leftovers(conn, prefix: str) -> list[str]:
    servers = [s.name for s in conn.compute.servers() if s.name.startswith(prefix)]
    volumes = [v.name for v in conn.block_storage.volumes() if (v.name or "").startswith(prefix)]
    return servers + volumes


def test_happy_path(cloud, demo_connection) -> None:
    fleet = _fleet(demo_connection, volume_size=1)
    servers = fleet.boot("web", 3)
    assert [s.status for s in servers] == ["ACTIVE"] * 3
    assert all(v.status == "in-use" for v in demo_connection.block_storage.volumes() if v.name.startswith("web"))
    fleet.cleanup()
    assert _leftovers(demo_connection, "web") == []


def test_a_host_failure_mid_run_is_retried(cloud, demo_connection, twinstack_faults) -> None:
    rule = twinstack_faults.add(match={"name": "^db-1$"}, action={"outcome": "server_error",
                                "params": {"message": "hypervisor lost the domain"}}, fail_first=1)
    servers = _fleet(demo_connection).boot("db", 3)
    assert [s.status for s in servers] == ["ACTIVE"] * 3
    assert twinstack_faults.fired(rule["id"]) == 1
    creates = cloud.journal(service="compute", operation="POST /v2.1/servers", status="202")
    assert len(creates) == 4  # three servers, one retried


def test_no_valid_host_gives_up_and_cleans_up(cloud, demo_connection, twinstack_faults) -> None:
    twinstack_faults.add(match={"name": "^batch-2$"}, action={"outcome": "no_valid_host"})
    with pytest.raises(FleetError, match="no capacity"):
        _fleet(demo_connection).boot("batch", 4)
    assert _leftovers(demo_connection, "batch") == []


def test_api_503_with_retry_after_is_honoured(cloud, demo_connection, twinstack_faults) -> None:
    waits: list[float] = []
    twinstack_faults.add(match={"service": "compute", "operation": "POST /v2.1/servers"},
                         action={"status": 503, "retry_after": 2, "message": "nova-api is restarting"}, fail_first=2)
    fleet = _fleet(demo_connection)
    fleet.sleep = waits.append
    assert len(fleet.boot("api", 2)) == 2
    assert waits == [2.0, 2.0]
    statuses = [e["status"] for e in cloud.journal(service="compute", operation="POST /v2.1/servers")]
    assert statuses == [503, 503, 202, 202]


def test_volume_stuck_attaching_times_out_and_cleans_up(cloud, demo_connection, openstack_connection,
                                                         twinstack_faults) -> None:
    twinstack_faults.add(action={"outcome": "volume_stuck_attaching"})
    fleet = _fleet(demo_connection, admin=openstack_connection, volume_size=1)
    fleet.timeout = 2
    with pytest.raises(FleetError, match="never attached"):
        fleet.boot("vol", 1)
    assert _leftovers(demo_connection, "vol") == []
