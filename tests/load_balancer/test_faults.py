"""Faults through the fault engine: an amphora that never boots (the load balancer ERROR), Nova failing the
amphora's build, members the health manager sees OFFLINE or ERROR."""

from __future__ import annotations

from typing import Any

import pytest
from openstack import exceptions

from tests.load_balancer.conftest import wait_active


def test_amphora_boot_failure(conn: Any, admin: Any, subnet: Any, twinstack_faults: Any) -> None:
    twinstack_faults.add({"action": {"outcome": "amphora_boot_failure"}})
    lb = conn.load_balancer.create_load_balancer(vip_subnet_id=subnet.id)
    with pytest.raises(exceptions.ResourceFailure):
        wait_active(conn, lb.id)
    assert conn.load_balancer.get_load_balancer(lb.id).provisioning_status == "ERROR"
    assert [a.status for a in admin.load_balancer.amphorae(loadbalancer_id=lb.id)] == ["ERROR"]
    conn.load_balancer.delete_load_balancer(lb.id)  # an ERROR load balancer may be deleted
    conn.load_balancer.wait_for_delete(lb, interval=0.05, wait=30)


def test_nova_failing_the_amphora_build(conn: Any, subnet: Any, twinstack_faults: Any) -> None:
    twinstack_faults.add({"match": {"name": "^amphora-"}, "action": {"outcome": "server_error",
                                                                     "params": {"message": "disk full"}}})
    lb = conn.load_balancer.create_load_balancer(vip_subnet_id=subnet.id)
    with pytest.raises(exceptions.ResourceFailure):
        wait_active(conn, lb.id)


def test_members_offline_and_error(conn: Any, lb: Any, twinstack_faults: Any) -> None:
    twinstack_faults.add({"match": {"name": "^sick$"}, "action": {"outcome": "member_error"}})
    twinstack_faults.add({"match": {"name": "^10\\.0\\.0\\.52$"}, "action": {"outcome": "member_offline"}})
    listener = conn.load_balancer.create_listener(protocol="HTTP", protocol_port=80, load_balancer_id=lb.id)
    pool = conn.load_balancer.create_pool(protocol="HTTP", lb_algorithm="ROUND_ROBIN", listener_id=listener.id)
    conn.load_balancer.create_health_monitor(pool_id=pool.id, type="TCP", delay=2, timeout=1, max_retries=1)
    sick = conn.load_balancer.create_member(pool, address="10.0.0.50", protocol_port=80, name="sick")
    well = conn.load_balancer.create_member(pool, address="10.0.0.51", protocol_port=80, name="well")
    gone = conn.load_balancer.create_member(pool, address="10.0.0.52", protocol_port=80)
    states = {m.id: m.operating_status for m in conn.load_balancer.members(pool)}
    assert (states[sick.id], states[well.id], states[gone.id]) == ("ERROR", "ONLINE", "OFFLINE")
    assert conn.load_balancer.get_pool(pool.id).operating_status == "DEGRADED"
    assert conn.load_balancer.get_load_balancer(lb.id).operating_status == "DEGRADED"
