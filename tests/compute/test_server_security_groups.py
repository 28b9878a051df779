"""Nova's security group proxy (below 2.36) over the Network API: groups and rules in Nova's shape."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import boot, nova


@pytest.fixture
def conn(cloud: Any, demo_connection: Any) -> Any:
    if demo_connection.session.get_endpoint(service_type="network", interface="public") is None:
        pytest.skip("no network service in this cloud")
    return demo_connection


def test_groups_and_rules(conn: Any) -> None:
    r = nova(conn, "POST", "/os-security-groups", "2.35",
             json={"security_group": {"name": "web", "description": "http"}})
    assert r.status_code == 200, r.text
    group = r.json()["security_group"]
    assert group["name"] == "web" and group["rules"] == [] and group["tenant_id"] == conn.current_project_id
    rule = nova(conn, "POST", "/os-security-group-rules", "2.35", json={"security_group_rule": {
        "parent_group_id": group["id"], "ip_protocol": "tcp", "from_port": 80, "to_port": 80,
        "cidr": "10.0.0.0/8"}})
    assert rule.status_code == 200, rule.text
    body = rule.json()["security_group_rule"]
    assert body["ip_range"] == {"cidr": "10.0.0.0/8"} and body["from_port"] == 80
    dup = nova(conn, "POST", "/os-security-group-rules", "2.35", json={"security_group_rule": {
        "parent_group_id": group["id"], "ip_protocol": "tcp", "from_port": 80, "to_port": 80, "cidr": "10.0.0.0/8"}})
    assert dup.status_code == 400
    bad = nova(conn, "POST", "/os-security-group-rules", "2.35", json={"security_group_rule": {
        "parent_group_id": group["id"], "ip_protocol": "tcp", "from_port": 90, "to_port": 80}})
    assert bad.status_code == 400
    shown = nova(conn, "GET", f"/os-security-groups/{group['id']}", "2.35").json()["security_group"]
    assert [r["id"] for r in shown["rules"]] == [body["id"]]
    listed = nova(conn, "GET", "/os-security-groups", "2.35").json()["security_groups"]
    assert {"default", "web"} <= {g["name"] for g in listed}
    default = next(g for g in listed if g["name"] == "default")
    assert nova(conn, "DELETE", f"/os-security-groups/{default['id']}", "2.35").status_code == 400
    assert nova(conn, "DELETE", f"/os-security-group-rules/{body['id']}", "2.35").status_code == 202
    assert nova(conn, "DELETE", f"/os-security-groups/{group['id']}", "2.35").status_code == 202
    assert nova(conn, "GET", f"/os-security-groups/{group['id']}", "2.35").status_code == 404
    assert nova(conn, "GET", "/os-security-groups", "2.36").status_code == 404
    server = boot(conn, "sg", networks="auto")
    by_server = nova(conn, "GET", f"/servers/{server['id']}/os-security-groups", "2.35").json()["security_groups"]
    assert [g["name"] for g in by_server] == ["default"]  # its port's
    bare = boot(conn, "bare")  # no port, no group: Nova asks Neutron for the ports' groups
    assert nova(conn, "GET", f"/servers/{bare['id']}/os-security-groups", "2.35").json()["security_groups"] == []
    assert "security_groups" not in nova(conn, "GET", f"/servers/{bare['id']}").json()["server"]
    busy = conn.network.create_security_group(name="busy")
    boot(conn, "busy", networks="auto", security_groups=[{"name": "busy"}])
    assert nova(conn, "DELETE", f"/os-security-groups/{busy.id}", "2.35").status_code == 400  # on a port


def test_floating_ip_proxy(conn: Any) -> None:
    pools = nova(conn, "GET", "/os-floating-ip-pools", "2.35").json()["floating_ip_pools"]
    if not pools:
        pytest.skip("no external network")
    fip = nova(conn, "POST", "/os-floating-ips", "2.35", json={"pool": pools[0]["name"]})
    assert fip.status_code == 200, fip.text
    address = fip.json()["floating_ip"]["ip"]
    net = conn.network.find_network("private")
    server = boot(conn, "f", networks=[{"uuid": net.id}])
    from tests.compute.helpers import action

    assert action(conn, server["id"], {"addFloatingIp": {"address": address}}, "2.43").status_code == 202
    shown = nova(conn, "GET", f"/os-floating-ips/{fip.json()['floating_ip']['id']}", "2.35").json()["floating_ip"]
    assert shown["instance_id"] == server["id"]
    addrs = nova(conn, "GET", f"/servers/{server['id']}", "2.96").json()["server"]["addresses"]["private"]
    assert any(a["OS-EXT-IPS:type"] == "floating" and a["addr"] == address for a in addrs)
    assert action(conn, server["id"], {"removeFloatingIp": {"address": address}}, "2.43").status_code == 202
    assert action(conn, server["id"], {"removeFloatingIp": {"address": address}}, "2.43").status_code == 409
    assert nova(conn, "DELETE", f"/os-floating-ips/{shown['id']}", "2.35").status_code == 202


def test_network_proxies(conn: Any) -> None:
    nets = nova(conn, "GET", "/os-tenant-networks", "2.35").json()["networks"]
    private = next(n for n in nets if n["label"] == "private")
    assert nova(conn, "GET", f"/os-tenant-networks/{private['id']}", "2.35").json()["network"]["label"] == "private"
    assert nova(conn, "GET", f"/os-networks/{private['id']}", "2.35").json()["network"]["id"] == private["id"]
    assert nova(conn, "GET", "/os-networks/11111111-2222-3333-4444-555555555555", "2.35").status_code == 404
    assert nova(conn, "GET", "/os-networks", "2.36").status_code == 404
