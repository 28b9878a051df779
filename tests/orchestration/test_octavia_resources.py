"""OS::Octavia::* end to end: a load balancer with a listener, a pool, two members, a health monitor, an L7
policy and rule built by a stack (each child waiting out Octavia's PENDING_* immutability), the load balancer
ACTIVE/ONLINE through Octavia's API, its VIP in the outputs, a pool's algorithm changed in place, and a
stack delete that leaves no load balancer, no VIP port and no amphora server."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.orchestration.test_stacks import wait
from twinstack.testing import Cloud

TEMPLATE = """
heat_template_version: 2018-08-31
parameters:
  algorithm: {type: string, default: ROUND_ROBIN}
resources:
  lb:
    type: OS::Octavia::LoadBalancer
    properties: {vip_subnet: private-subnet, name: web-lb}
  listener:
    type: OS::Octavia::Listener
    properties: {loadbalancer: {get_resource: lb}, protocol: HTTP, protocol_port: 80}
  pool:
    type: OS::Octavia::Pool
    properties: {listener: {get_resource: listener}, lb_algorithm: {get_param: algorithm}, protocol: HTTP}
  member1:
    type: OS::Octavia::PoolMember
    properties: {pool: {get_resource: pool}, address: 10.0.0.21, protocol_port: 8080}
  member2:
    type: OS::Octavia::PoolMember
    properties: {pool: {get_resource: pool}, address: 10.0.0.22, protocol_port: 8080, weight: 5}
  monitor:
    type: OS::Octavia::HealthMonitor
    properties: {pool: {get_resource: pool}, type: HTTP, delay: 3, timeout: 2, max_retries: 3, url_path: /health}
  policy:
    type: OS::Octavia::L7Policy
    properties: {listener: {get_resource: listener}, action: REDIRECT_TO_POOL, redirect_pool: {get_resource: pool}}
  rule:
    type: OS::Octavia::L7Rule
    properties: {l7policy: {get_resource: policy}, type: PATH, compare_type: STARTS_WITH, value: /api}
outputs:
  vip: {value: {get_attr: [lb, vip_address]}}
  vip_port: {value: {get_attr: [lb, vip_port_id]}}
  pools: {value: {get_attr: [lb, pools]}}
  members: {value: {get_attr: [pool, members]}}
  rules: {value: {get_attr: [policy, rules]}}
"""


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def admin(cloud: Cloud) -> Any:
    return cloud.connect("twinstack-admin")


def test_load_balancer_stack_create_update_delete(conn: Any, admin: Any) -> None:
    stack = wait(conn, conn.orchestration.create_stack(name="web", template=TEMPLATE).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    ids = {r.name: r.physical_resource_id for r in conn.orchestration.resources(stack)}
    out = {o["output_key"]: o["output_value"] for o in stack.outputs}
    lb = conn.load_balancer.get_load_balancer(ids["lb"])
    assert (lb.name, lb.provisioning_status, lb.operating_status) == ("web-lb", "ACTIVE", "ONLINE")
    assert out["vip"] == lb.vip_address and out["vip_port"] == lb.vip_port_id
    assert lb.vip_subnet_id == conn.network.find_subnet("private-subnet").id
    assert out["pools"] == [ids["pool"]] and sorted(out["members"]) == sorted([ids["member1"], ids["member2"]])
    listener = conn.load_balancer.get_listener(ids["listener"])
    assert (listener.protocol, listener.protocol_port, listener.default_pool_id) == ("HTTP", 80, ids["pool"])
    assert conn.load_balancer.get_pool(ids["pool"]).lb_algorithm == "ROUND_ROBIN"
    members = {m.address: m for m in conn.load_balancer.members(ids["pool"])}
    assert sorted(members) == ["10.0.0.21", "10.0.0.22"] and members["10.0.0.22"].weight == 5
    monitor = conn.load_balancer.get_health_monitor(ids["monitor"])
    assert (monitor.type, monitor.url_path, monitor.pools[0]["id"]) == ("HTTP", "/health", ids["pool"])
    policy = conn.load_balancer.get_l7_policy(ids["policy"])
    assert (policy.action, policy.redirect_pool_id, out["rules"]) == ("REDIRECT_TO_POOL", ids["pool"], [ids["rule"]])
    assert conn.load_balancer.get_l7_rule(ids["rule"], ids["policy"]).rule_value == "/api"
    amphora_servers = [a.compute_id for a in admin.load_balancer.amphorae(loadbalancer_id=lb.id)]
    assert amphora_servers and all(admin.compute.find_server(s, all_projects=True) for s in amphora_servers)

    conn.orchestration.update_stack(stack, template=TEMPLATE, parameters={"algorithm": "LEAST_CONNECTIONS"})
    stack = wait(conn, stack.id)
    assert stack.status == "UPDATE_COMPLETE", stack.status_reason
    after = {r.name: r.physical_resource_id for r in conn.orchestration.resources(stack)}
    assert after == ids  # in place: nothing replaced
    assert conn.load_balancer.get_pool(ids["pool"]).lb_algorithm == "LEAST_CONNECTIONS"
    assert conn.load_balancer.get_load_balancer(ids["lb"]).provisioning_status == "ACTIVE"

    conn.orchestration.delete_stack(stack)
    assert wait(conn, stack.id) is None
    assert list(conn.load_balancer.load_balancers()) == []
    assert conn.network.find_port(lb.vip_port_id) is None
    assert all(admin.compute.find_server(s, all_projects=True) is None for s in amphora_servers)


def test_octavia_types_listed_with_schemas(cloud: Cloud, conn: Any) -> None:
    heat = httpx.Client(base_url=f"{cloud.url}/heat-api/v1/{conn.current_project_id}",
                        headers={"X-Auth-Token": conn.auth_token}, timeout=30)
    types = heat.get("/resource_types").json()["resource_types"]
    for name in ("LoadBalancer", "Listener", "Pool", "PoolMember", "HealthMonitor", "L7Policy", "L7Rule"):
        assert f"OS::Octavia::{name}" in types
    pool = heat.get("/resource_types/OS::Octavia::Pool").json()
    assert pool["properties"]["lb_algorithm"]["update_allowed"] is True
    assert pool["properties"]["protocol"]["required"] is True and "members" in pool["attributes"]
    lb = heat.get("/resource_types/OS::Octavia::LoadBalancer").json()
    assert lb["properties"]["vip_subnet"]["required"] is True and "vip_address" in lb["attributes"]


def test_bad_property_fails_validation(conn: Any) -> None:
    bad = TEMPLATE.replace("protocol: HTTP, protocol_port: 80", "protocol: GOPHER, protocol_port: 80")
    with pytest.raises(Exception, match="GOPHER"):
        conn.orchestration.create_stack(name="bad", template=bad)


def test_listener_waits_out_a_pending_load_balancer(conn: Any) -> None:
    """A listener on a load balancer still PENDING_CREATE (named, not made by the stack): Octavia's 409
    immutable is retried until the load balancer is ACTIVE, as Heat's octavia plugin does."""
    subnet = conn.network.find_subnet("private-subnet")
    lb = conn.load_balancer.create_load_balancer(name="outside-lb", vip_subnet_id=subnet.id)
    assert lb.provisioning_status == "PENDING_CREATE"
    template = """
heat_template_version: 2018-08-31
resources:
  listener:
    type: OS::Octavia::Listener
    properties: {loadbalancer: outside-lb, protocol: TCP, protocol_port: 22}
"""
    stack = wait(conn, conn.orchestration.create_stack(name="late", template=template).id)
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    listener_id = next(iter(conn.orchestration.resources(stack))).physical_resource_id
    assert conn.load_balancer.get_listener(listener_id).load_balancers == [{"id": lb.id}]
    conn.orchestration.delete_stack(stack)
    assert wait(conn, stack.id) is None
    assert conn.load_balancer.find_listener(listener_id) is None
    conn.load_balancer.wait_for_load_balancer(lb.id, interval=0.05, wait=30)
    conn.load_balancer.delete_load_balancer(lb.id)
    conn.load_balancer.wait_for_delete(lb, interval=0.05, wait=30)
