"""Nova's network proxies end to end: os-floating-ips (and pools, addFloatingIp/removeFloatingIp:
compute/api/floating_ips.py), os-networks, os-tenant-networks, os-volumes_boot, the gone nova-network
calls, and their 404 from 2.36."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import boot, nova


@pytest.fixture
def conn(cloud: Any, demo_connection: Any) -> Any:
    return demo_connection


def _allocate(conn: Any, pool: str | None = "public") -> dict[str, Any]:
    r = nova(conn, "POST", "/os-floating-ips", "2.1", json={"pool": pool} if pool else None)
    assert r.status_code == 200, r.text
    return dict(r.json()["floating_ip"])


def test_floating_ip_allocate_show_list_delete(conn: Any) -> None:
    fip = _allocate(conn)
    assert set(fip) == {"id", "ip", "fixed_ip", "instance_id", "pool"}
    assert fip["pool"] == "public" and fip["fixed_ip"] is None and fip["instance_id"] is None
    assert conn.network.get_ip(fip["id"]).floating_ip_address == fip["ip"]
    assert nova(conn, "GET", f"/os-floating-ips/{fip['id']}", "2.1").json()["floating_ip"] == fip
    assert fip in nova(conn, "GET", "/os-floating-ips", "2.1").json()["floating_ips"]
    assert nova(conn, "DELETE", f"/os-floating-ips/{fip['id']}", "2.1").status_code == 202
    gone = nova(conn, "GET", f"/os-floating-ips/{fip['id']}", "2.1")
    assert gone.status_code == 404 and "itemNotFound" in gone.json()
    assert nova(conn, "DELETE", f"/os-floating-ips/{fip['id']}", "2.1").status_code == 404


def test_floating_ip_bad_id_is_400(conn: Any) -> None:
    """Nova's InvalidID: a floating IP id that is no uuid is a 400 (show and delete)."""
    for method in ("GET", "DELETE"):
        r = nova(conn, method, "/os-floating-ips/not-a-uuid", "2.1")
        assert r.status_code == 400 and r.json()["badRequest"]["message"] == "Invalid ID received not-a-uuid.", r.text


def test_default_pool_and_unknown_pool(conn: Any) -> None:
    assert _allocate(conn, None)["pool"] == "public"
    r = nova(conn, "POST", "/os-floating-ips", "2.1", json={"pool": "no-such-pool"})
    assert r.status_code == 404 and r.json()["itemNotFound"]["message"] == "Floating IP pool not found."


def test_pools(conn: Any) -> None:
    r = nova(conn, "GET", "/os-floating-ip-pools", "2.1")
    assert r.status_code == 200 and {"name": "public"} in r.json()["floating_ip_pools"]


def test_associate_and_disassociate(conn: Any) -> None:
    private = conn.network.find_network("private")
    server = boot(conn, "fipserver", networks=[{"uuid": private.id}])
    other = boot(conn, "fipserver2", networks=[{"uuid": private.id}])
    fip = _allocate(conn)
    add = {"addFloatingIp": {"address": fip["ip"]}}
    assert nova(conn, "POST", f"/servers/{server['id']}/action", "2.1", json=add).status_code == 202
    shown = nova(conn, "GET", f"/os-floating-ips/{fip['id']}", "2.1").json()["floating_ip"]
    assert shown["instance_id"] == server["id"] and shown["fixed_ip"]
    addresses = nova(conn, "GET", f"/servers/{server['id']}", "2.1").json()["server"]["addresses"]["private"]
    assert fip["ip"] in [a["addr"] for a in addresses if a["OS-EXT-IPS:type"] == "floating"]
    # an associated address moves to another server, as Nova lets it
    assert nova(conn, "POST", f"/servers/{other['id']}/action", "2.1", json=add).status_code == 202
    assert nova(conn, "GET", f"/os-floating-ips/{fip['id']}", "2.1").json()["floating_ip"]["instance_id"] == other["id"]
    remove = {"removeFloatingIp": {"address": fip["ip"]}}
    assert nova(conn, "POST", f"/servers/{server['id']}/action", "2.1", json=remove).status_code == 409
    assert nova(conn, "POST", f"/servers/{other['id']}/action", "2.1", json=remove).status_code == 202
    assert nova(conn, "GET", f"/os-floating-ips/{fip['id']}", "2.1").json()["floating_ip"]["instance_id"] is None
    assert nova(conn, "POST", f"/servers/{other['id']}/action", "2.1", json=remove).status_code == 409
    missing = nova(conn, "POST", f"/servers/{server['id']}/action", "2.1",
                   json={"addFloatingIp": {"address": "203.0.113.250"}})
    assert missing.status_code == 404


def test_add_floating_ip_bad_address_is_400(conn: Any) -> None:
    server = boot(conn, "fipbad")
    bad = nova(conn, "POST", f"/servers/{server['id']}/action", "2.1", json={"addFloatingIp": {"address": "x"}})
    assert bad.status_code == 400


def test_add_floating_ip_is_gone_from_2_44(conn: Any) -> None:
    server = boot(conn, "fip244")
    r = nova(conn, "POST", f"/servers/{server['id']}/action", "2.44",
             json={"addFloatingIp": {"address": "172.24.4.10"}})
    assert r.status_code == 404


def test_no_fixed_ip_to_associate(conn: Any) -> None:
    server = boot(conn, "nonet", version="2.37")
    fip = _allocate(conn)
    r = nova(conn, "POST", f"/servers/{server['id']}/action", "2.1", json={"addFloatingIp": {"address": fip["ip"]}})
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == "Instance network is not ready yet"


def test_os_networks(conn: Any, openstack_connection: Any) -> None:
    private = conn.network.find_network("private")
    listed = nova(openstack_connection, "GET", "/os-networks", "2.1").json()["networks"]
    mine = next(n for n in listed if n["id"] == private.id)
    assert mine["label"] == "private" and "bridge" in mine and mine["cidr"] is None
    shown = nova(openstack_connection, "GET", f"/os-networks/{private.id}", "2.1").json()["network"]
    assert shown == mine
    member = nova(conn, "GET", f"/os-networks/{private.id}", "2.1").json()["network"]
    assert "bridge" not in member and member["label"] == "private"
    assert nova(conn, "GET", "/os-networks/nope", "2.1").status_code == 404
    assert nova(openstack_connection, "POST", "/os-networks", "2.1", json={"network": {}}).status_code == 410


def test_os_tenant_networks(conn: Any) -> None:
    private = conn.network.find_network("private")
    listed = nova(conn, "GET", "/os-tenant-networks", "2.1").json()["networks"]
    assert {"id": private.id, "label": "private", "cidr": "None"} in listed
    shown = nova(conn, "GET", f"/os-tenant-networks/{private.id}", "2.1").json()["network"]
    assert shown == {"id": private.id, "label": "private", "cidr": "None"}


def test_default_rules_are_gone(conn: Any) -> None:
    for version in ("2.1", "2.36"):
        r = nova(conn, "GET", "/os-security-group-default-rules", version)
        assert r.status_code == 410 and r.json()["computeFault"]["code"] == 410


@pytest.mark.parametrize("path", ["/os-floating-ips", "/os-floating-ip-pools", "/os-networks",
                                  "/os-tenant-networks"])
def test_gone_from_2_36(conn: Any, path: str) -> None:
    r = nova(conn, "GET", path, "2.36")
    assert r.status_code == 404 and r.json()["itemNotFound"]["message"] == "The resource could not be found."


def test_volumes_boot_is_servers_create(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    flavor = conn.compute.find_flavor("m1.tiny")
    private = conn.network.find_network("private")
    r = nova(conn, "POST", "/os-volumes_boot", "2.1", json={"server": {
        "name": "vb", "imageRef": image.id, "flavorRef": flavor.id, "networks": [{"uuid": private.id}]}})
    assert r.status_code == 202, r.text
    server_id = r.json()["server"]["id"]
    assert nova(conn, "GET", f"/servers/{server_id}", "2.1").status_code == 200
    assert nova(conn, "GET", f"/os-volumes_boot/{server_id}", "2.1").json()["server"]["id"] == server_id
    assert server_id in [s["id"] for s in nova(conn, "GET", "/os-volumes_boot/detail", "2.1").json()["servers"]]
    assert nova(conn, "GET", "/os-volumes_boot", "2.96").status_code == 200
    assert nova(conn, "DELETE", f"/os-volumes_boot/{server_id}", "2.1").status_code == 204
