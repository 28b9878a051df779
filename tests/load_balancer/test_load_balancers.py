"""A load balancer's life through openstacksdk: PENDING_CREATE -> ACTIVE/ONLINE with its VIP port in
Neutron and its amphora a Nova server in the service project; listeners, pools, members and monitors
settling ACTIVE with Octavia's operating statuses; the status tree; immutability while PENDING_*;
cascade delete leaving nothing behind."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from openstack import exceptions

from tests.load_balancer.conftest import wait_active


def test_versions_and_catalog(cloud: Any, conn: Any) -> None:
    assert conn.load_balancer.get_endpoint().rstrip("/").endswith("/load-balancer/v2.0")
    versions = httpx.get(cloud.url + "/load-balancer/").json()["versions"]
    assert versions[0]["id"] == "v2.0" and versions[-1]["status"] == "CURRENT"
    assert versions[-1]["links"][0]["href"].endswith("/load-balancer/v2")


def test_create_boots_an_amphora_in_the_service_project(conn: Any, admin: Any, subnet: Any) -> None:
    created = conn.load_balancer.create_load_balancer(name="web", vip_subnet_id=subnet.id, description="d",
                                                      tags=["a", "b"])
    assert (created.provisioning_status, created.operating_status) == ("PENDING_CREATE", "OFFLINE")
    assert created.vip_network_id == subnet.network_id and created.provider == "amphora"
    lb = wait_active(conn, created.id)
    assert (lb.operating_status, lb.tags) == ("ONLINE", ["a", "b"])
    port = admin.network.get_port(lb.vip_port_id)
    assert (port.device_owner, port.name, port.device_id) == ("Octavia", f"octavia-lb-{lb.id}", f"lb-{lb.id}")
    assert port.fixed_ips[0]["ip_address"] == lb.vip_address
    amphorae = list(admin.load_balancer.amphorae(loadbalancer_id=lb.id))
    assert [(a.status, a.role) for a in amphorae] == [("ALLOCATED", "STANDALONE")]
    server = admin.compute.get_server(amphorae[0].compute_id)
    service = admin.identity.find_project("service")
    assert (server.status, server.project_id, server.name) == ("ACTIVE", service.id, f"amphora-{amphorae[0].id}")
    assert server.flavor.name == "amphora"
    assert amphorae[0].lb_network_ip is not None and amphorae[0].ha_ip == lb.vip_address
    with pytest.raises(exceptions.ForbiddenException):
        list(conn.load_balancer.amphorae())  # admin only


def test_the_tree_settles_active_online(conn: Any, lb: Any, subnet: Any) -> None:
    lb_api = conn.load_balancer
    listener = lb_api.create_listener(name="http", protocol="HTTP", protocol_port=80, load_balancer_id=lb.id)
    assert listener.provisioning_status == "PENDING_CREATE"
    assert listener.timeout_client_data == 50000 and listener.connection_limit == -1
    pool = lb_api.create_pool(name="p", protocol="HTTP", lb_algorithm="ROUND_ROBIN", listener_id=listener.id,
                              session_persistence={"type": "HTTP_COOKIE"})
    assert lb_api.get_listener(listener.id).default_pool_id == pool.id
    unwatched = lb_api.create_member(pool, address="10.0.0.20", protocol_port=8080, subnet_id=subnet.id)
    assert lb_api.get_member(unwatched, pool).operating_status == "NO_MONITOR"
    monitor = lb_api.create_health_monitor(pool_id=pool.id, type="HTTP", delay=5, timeout=3, max_retries=3)
    assert (monitor.http_method, monitor.url_path, monitor.expected_codes) == ("GET", "/", "200")
    member = lb_api.create_member(pool, address="10.0.0.21", protocol_port=8080, weight=5)
    for got in (lb_api.get_listener(listener.id), lb_api.get_pool(pool.id), lb_api.get_health_monitor(monitor.id),
                lb_api.get_member(member, pool), lb_api.get_member(unwatched, pool)):
        assert (got.provisioning_status, got.operating_status) == ("ACTIVE", "ONLINE")
    shown = lb_api.get_load_balancer(lb.id)
    assert (shown.provisioning_status, shown.operating_status) == ("ACTIVE", "ONLINE")
    assert [x["id"] for x in shown.listeners] == [listener.id] and [x["id"] for x in shown.pools] == [pool.id]
    assert {m.address for m in lb_api.members(pool)} == {"10.0.0.20", "10.0.0.21"}
    tree = conn.session.get(lb_api.get_endpoint() + f"/lbaas/loadbalancers/{lb.id}/status").json()["statuses"]
    node = tree["loadbalancer"]["listeners"][0]["pools"][0]
    assert node["health_monitor"]["type"] == "HTTP" and len(node["members"]) == 2
    assert lb_api.get_load_balancer_statistics(lb.id).bytes_in == 0
    lb_api.update_member(member, pool, admin_state_up=False)
    assert lb_api.get_member(member, pool).operating_status == "OFFLINE"


def test_immutable_while_pending(conn: Any, subnet: Any, lbaas: httpx.Client) -> None:
    created = conn.load_balancer.create_load_balancer(vip_subnet_id=subnet.id)
    answer = lbaas.post("/lbaas/listeners", json={"listener": {"loadbalancer_id": created.id, "protocol": "TCP",
                                                               "protocol_port": 22}})
    if conn.load_balancer.get_load_balancer(created.id).provisioning_status == "PENDING_CREATE":
        assert answer.status_code == 409
        assert answer.json() == {"faultcode": "Client", "debuginfo": None,
                                 "faultstring": f"Load Balancer {created.id} is immutable and cannot be updated."}
    wait_active(conn, created.id)


def test_cascade_delete_leaves_nothing(conn: Any, admin: Any, lb: Any, lbaas: httpx.Client) -> None:
    listener = conn.load_balancer.create_listener(protocol="TCP", protocol_port=443, load_balancer_id=lb.id)
    conn.load_balancer.create_pool(protocol="TCP", lb_algorithm="LEAST_CONNECTIONS", listener_id=listener.id)
    refused = lbaas.delete(f"/lbaas/loadbalancers/{lb.id}")
    assert refused.status_code == 400 and "it has children" in refused.json()["faultstring"]
    server_id = next(iter(admin.load_balancer.amphorae(loadbalancer_id=lb.id))).compute_id
    conn.load_balancer.delete_load_balancer(lb.id, cascade=True)
    conn.load_balancer.wait_for_delete(lb, interval=0.05, wait=30)
    assert admin.network.find_port(lb.vip_port_id) is None
    assert list(conn.load_balancer.listeners()) == [] and list(conn.load_balancer.pools()) == []
    assert list(admin.load_balancer.amphorae()) == []
    assert admin.compute.find_server(server_id, all_projects=True) is None or \
        admin.compute.get_server(server_id).status == "DELETED"


def test_single_call_create(conn: Any, subnet: Any) -> None:
    body = {"name": "graph", "vip_subnet_id": subnet.id,
            "listeners": [{"name": "l", "protocol": "HTTP", "protocol_port": 80,
                           "default_pool": {"name": "p", "protocol": "HTTP", "lb_algorithm": "ROUND_ROBIN",
                                            "healthmonitor": {"type": "PING", "delay": 3, "timeout": 1,
                                                              "max_retries": 2},
                                            "members": [{"address": "10.0.0.30", "protocol_port": 80}]},
                           "l7policies": [{"action": "REJECT", "rules": [{"type": "PATH", "compare_type":
                                                                          "STARTS_WITH", "value": "/admin"}]}]}]}
    answer = conn.session.post(conn.load_balancer.get_endpoint() + "/lbaas/loadbalancers",
                               json={"loadbalancer": body}).json()["loadbalancer"]
    pool = answer["listeners"][0]["default_pool_id"]
    assert answer["pools"][0]["id"] == pool and answer["pools"][0]["members"][0]["address"] == "10.0.0.30"
    assert answer["listeners"][0]["l7policies"][0]["rules"][0]["value"] == "/admin"
    wait_active(conn, answer["id"])
    policy = next(iter(conn.load_balancer.l7_policies()))
    assert (policy.provisioning_status, policy.position) == ("ACTIVE", 1)
    assert conn.load_balancer.get_pool(pool).operating_status == "ONLINE"


def test_members_batch_update(conn: Any, lb: Any, lbaas: httpx.Client) -> None:
    pool = conn.load_balancer.create_pool(protocol="TCP", lb_algorithm="SOURCE_IP", loadbalancer_id=lb.id)
    first = conn.load_balancer.create_member(pool, address="10.0.0.40", protocol_port=80)
    conn.load_balancer.create_member(pool, address="10.0.0.41", protocol_port=80)
    answer = lbaas.put(f"/lbaas/pools/{pool.id}/members", json={"members": [
        {"address": "10.0.0.40", "protocol_port": 80, "weight": 9}, {"address": "10.0.0.42", "protocol_port": 80}]})
    assert answer.status_code == 202
    members = {m.address: m for m in conn.load_balancer.members(pool)}
    assert set(members) == {"10.0.0.40", "10.0.0.42"} and members["10.0.0.40"].id == first.id
    assert members["10.0.0.40"].weight == 9
    lbaas.put(f"/lbaas/pools/{pool.id}/members?additive_only=true",
              json={"members": [{"address": "10.0.0.43", "protocol_port": 80}]})
    assert len(list(conn.load_balancer.members(pool))) == 3


def test_failover_replaces_the_amphora(conn: Any, admin: Any, lb: Any) -> None:
    before = next(iter(admin.load_balancer.amphorae(loadbalancer_id=lb.id)))
    admin.load_balancer.failover_load_balancer(lb.id)
    wait_active(admin, lb.id)
    after = list(admin.load_balancer.amphorae(loadbalancer_id=lb.id))
    assert len(after) == 1 and after[0].id != before.id and after[0].compute_id != before.compute_id
    assert admin.compute.get_server(after[0].compute_id).status == "ACTIVE"
    admin.load_balancer.failover_amphora(after[0].id)
    wait_active(admin, lb.id)
    assert next(iter(admin.load_balancer.amphorae(loadbalancer_id=lb.id))).id != after[0].id


def test_changes_wait_for_the_manual_clock(cloud: Any, conn: Any, lb: Any, lbaas: httpx.Client) -> None:
    cloud.set_clock("manual")
    listener = conn.load_balancer.create_listener(protocol="HTTP", protocol_port=80, load_balancer_id=lb.id)
    assert conn.load_balancer.get_load_balancer(lb.id).provisioning_status == "PENDING_UPDATE"
    assert conn.load_balancer.get_listener(listener.id).provisioning_status == "PENDING_CREATE"
    again = lbaas.put(f"/lbaas/listeners/{listener.id}", json={"listener": {"name": "x"}})
    assert again.status_code == 409 and again.json()["faultstring"] == \
        f"Load Balancer {lb.id} is immutable and cannot be updated."
    cloud.advance_clock(0)
    assert conn.load_balancer.get_listener(listener.id).provisioning_status == "ACTIVE"
    conn.load_balancer.delete_listener(listener.id)
    assert conn.load_balancer.get_listener(listener.id).provisioning_status == "PENDING_DELETE"
    cloud.advance_clock(0)
    assert conn.load_balancer.find_listener(listener.id) is None
    assert conn.load_balancer.get_load_balancer(lb.id).provisioning_status == "ACTIVE"
