"""Ports and IPAM: fixed IPs from the pools, explicit addresses, exhaustion, races for the last
address, MAC allocation and clashes, bindings, security groups, address pairs, port security."""

from __future__ import annotations

import threading

import httpx
import pytest
from openstack import exceptions as sdk_exc


def _net(demo, cidr: str, name: str = "n", **subnet):
    net = demo.network.create_network(name=name)
    sub = demo.network.create_subnet(network_id=net.id, ip_version=4, cidr=cidr, **subnet)
    return net, sub


def test_port_gets_ip_mac_default_group_and_status(demo) -> None:
    net, sub = _net(demo, "10.5.0.0/24")
    port = demo.network.create_port(network_id=net.id, name="p1")
    assert port.fixed_ips == [{"subnet_id": sub.id, "ip_address": "10.5.0.2"}]
    assert port.mac_address.startswith("fa:16:3e:") and len(port.mac_address) == 17
    assert port.status == "DOWN" and port.device_owner == "" and port.is_port_security_enabled
    default = demo.network.find_security_group("default", project_id=demo.current_project_id)
    assert port.security_group_ids == [default.id]
    assert port.binding_vnic_type == "normal"
    assert port.binding_vif_type is None  # admin-only: hidden from the owner
    second = demo.network.create_port(network_id=net.id)
    assert second.fixed_ips[0]["ip_address"] == "10.5.0.3" and second.mac_address != port.mac_address
    assert {p.id for p in demo.network.ports(fixed_ips="ip_address=10.5.0.3")} == {second.id}
    assert {p.id for p in demo.network.ports(network_id=net.id)} == {port.id, second.id}


def test_binding_for_admins(admin, demo) -> None:
    net, _ = _net(demo, "10.6.0.0/24")
    port = admin.network.create_port(network_id=net.id, project_id=demo.current_project_id,
                                     binding_host_id="compute1", device_owner="compute:nova", device_id="vm-1",
                                     binding_profile={"foo": "bar"})
    assert port.binding_host_id == "compute1" and port.binding_vif_type == "ovs" and port.status == "ACTIVE"
    assert port.binding_vif_details["port_filter"] is True and port.binding_profile == {"foo": "bar"}
    unbound = admin.network.update_port(port, binding_host_id="")
    assert unbound.binding_vif_type == "unbound" and unbound.status == "DOWN"
    assert demo.network.get_port(port.id).device_id == "vm-1"


def test_explicit_ips_outside_and_in_use(demo_api, demo) -> None:
    net, sub = _net(demo, "10.7.0.0/24")
    port = demo.network.create_port(network_id=net.id, fixed_ips=[{"subnet_id": sub.id, "ip_address": "10.7.0.50"}])
    assert port.fixed_ips[0]["ip_address"] == "10.7.0.50"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "fixed_ips": [
        {"subnet_id": sub.id, "ip_address": "10.7.0.50"}]}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "IpAddressAlreadyAllocated"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "fixed_ips": [
        {"subnet_id": sub.id, "ip_address": "10.8.0.5"}]}})
    assert response.status_code == 400 and demo_api.error(response)["type"] == "InvalidIpForSubnet"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "fixed_ips": [
        {"subnet_id": sub.id, "ip_address": "10.7.0.255"}]}})  # broadcast
    assert response.status_code == 400
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "fixed_ips": [{"ip_address": "10.99.0.5"}]}})
    assert response.status_code == 400 and demo_api.error(response)["type"] == "InvalidIpForNetwork"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "fixed_ips": [{"ip_address": "nonsense"}]}})
    assert response.status_code == 400
    # the failures wrote nothing
    assert [p.id for p in demo.network.ports(network_id=net.id)] == [port.id]
    moved = demo.network.update_port(port, fixed_ips=[{"subnet_id": sub.id, "ip_address": "10.7.0.60"}])
    assert moved.fixed_ips == [{"subnet_id": sub.id, "ip_address": "10.7.0.60"}]
    again = demo.network.create_port(network_id=net.id, fixed_ips=[{"ip_address": "10.7.0.50"}])
    assert again.fixed_ips[0]["ip_address"] == "10.7.0.50"


def test_ipam_exhaustion_on_a_slash_29(demo_api, demo) -> None:
    net, _sub = _net(demo, "10.20.0.0/29")  # .1 gateway, .2-.6 pool
    ips = [demo.network.create_port(network_id=net.id).fixed_ips[0]["ip_address"] for _ in range(5)]
    assert ips == [f"10.20.0.{i}" for i in range(2, 7)]
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id}})
    assert response.status_code == 409
    assert demo_api.error(response) == {"type": "IpAddressGenerationFailure", "detail": "",
                                        "message": f"No more IP addresses available on network {net.id}."}
    assert len(list(demo.network.ports(network_id=net.id))) == 5
    # a freed address is handed out again
    victim = next(p for p in demo.network.ports(network_id=net.id) if p.fixed_ips[0]["ip_address"] == "10.20.0.4")
    demo.network.delete_port(victim)
    assert demo.network.create_port(network_id=net.id).fixed_ips[0]["ip_address"] == "10.20.0.4"


def test_concurrent_requests_for_the_last_ips_never_double_allocate(cloud, demo, demo_token) -> None:
    net, _sub = _net(demo, "10.21.0.0/29")
    demo.network.create_port(network_id=net.id)
    demo.network.create_port(network_id=net.id)  # 3 addresses left
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def grab() -> None:
        with httpx.Client(base_url=cloud.url, timeout=30) as client:
            response = client.post("/network/v2.0/ports", json={"port": {"network_id": net.id}},
                                   headers={"X-Auth-Token": demo_token})
        with lock:
            results.append(response)

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = [r for r in results if r.status_code == 201]
    assert len(ok) == 3
    assert all(r.status_code == 409 and r.json()["NeutronError"]["type"] == "IpAddressGenerationFailure"
               for r in results if r.status_code != 201)
    addresses = [ip["ip_address"] for p in demo.network.ports(network_id=net.id) for ip in p.fixed_ips]
    assert len(addresses) == len(set(addresses)) == 5


def test_mac_address_clash_and_validation(demo_api, demo) -> None:
    net, _ = _net(demo, "10.22.0.0/24")
    port = demo.network.create_port(network_id=net.id, mac_address="fa:16:3e:00:00:01")
    assert port.mac_address == "fa:16:3e:00:00:01"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "mac_address": "fa:16:3e:00:00:01"}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "MacAddressInUse"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "mac_address": "zz:16:3e:00:00:01"}})
    assert response.status_code == 400
    other, _ = _net(demo, "10.23.0.0/24", name="other")
    assert demo.network.create_port(network_id=other.id, mac_address="fa:16:3e:00:00:01").mac_address


def test_port_security_groups_and_address_pairs(demo_api, demo) -> None:
    net, _ = _net(demo, "10.24.0.0/24")
    sg = demo.network.create_security_group(name="web")
    port = demo.network.create_port(network_id=net.id, security_group_ids=[sg.id],
                                    allowed_address_pairs=[{"ip_address": "10.24.0.200"}])
    assert port.security_group_ids == [sg.id]
    assert port.allowed_address_pairs == [{"ip_address": "10.24.0.200", "mac_address": port.mac_address}]
    response = demo_api("PUT", f"/ports/{port.id}", {"port": {"port_security_enabled": False}})
    assert response.status_code == 409
    plain = demo.network.update_port(port, security_group_ids=[], allowed_address_pairs=[],
                                     is_port_security_enabled=False)
    assert plain.security_group_ids == [] and not plain.is_port_security_enabled
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id,
                                                    "security_groups": ["6b2fbd3f-7b0b-4c50-9b63-2f7b1d1f1f1f"]}})
    assert response.status_code == 404 and demo_api.error(response)["type"] == "SecurityGroupNotFound"
    response = demo_api("DELETE", f"/security-groups/{sg.id}")
    assert response.status_code == 204  # no port uses it any more
    unsecured = demo.network.create_port(network_id=net.id, is_port_security_enabled=False)
    assert unsecured.security_group_ids == []


def test_other_projects_cannot_see_or_use_ports(demo, alt, admin) -> None:
    net, _ = _net(demo, "10.25.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    with pytest.raises(sdk_exc.NotFoundException):
        alt.network.get_port(port.id)
    with pytest.raises(sdk_exc.NotFoundException):
        alt.network.create_port(network_id=net.id)
    shared = admin.network.create_network(name="shared", shared=True)
    admin.network.create_subnet(network_id=shared.id, ip_version=4, cidr="10.26.0.0/24")
    assert alt.network.create_port(network_id=shared.id).fixed_ips


def test_router_ports_cannot_be_deleted_directly(demo_api, demo) -> None:
    router = demo.network.find_router("router1")
    port = next(demo.network.ports(device_id=router.id, device_owner="network:router_interface"))
    response = demo_api("DELETE", f"/ports/{port.id}")
    assert response.status_code == 409


def test_fixed_ips_update_keeps_matching_addresses(demo) -> None:
    net, sub = _net(demo, "10.26.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    original = port.fixed_ips[0]["ip_address"]
    same = demo.network.update_port(port, fixed_ips=[{"subnet_id": sub.id}])
    assert same.fixed_ips == [{"subnet_id": sub.id, "ip_address": original}]
    two = demo.network.update_port(port, fixed_ips=[{"subnet_id": sub.id, "ip_address": original},
                                                    {"subnet_id": sub.id}])
    assert len(two.fixed_ips) == 2 and original in {i["ip_address"] for i in two.fixed_ips}
    none = demo.network.update_port(port, fixed_ips=[])
    assert none.fixed_ips == []


def test_dns_integration(demo_api, demo) -> None:
    net = demo.network.create_network(name="dns", dns_domain="example.org")
    assert net.dns_domain == "example.org."
    demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.27.0.0/24")
    port = demo.network.create_port(network_id=net.id, dns_name="Web-1")
    assert port.dns_name == "web-1"
    assert port.dns_assignment == [{"hostname": "web-1", "ip_address": "10.27.0.2",
                                    "fqdn": "web-1.openstacklocal."}]
    plain = demo.network.create_port(network_id=net.id)
    assert plain.dns_assignment[0]["hostname"] == "host-10-27-0-3"
    response = demo_api("POST", "/ports", {"port": {"network_id": net.id, "dns_name": "bad_name!"}})
    assert response.status_code == 400


def test_extra_dhcp_opts(demo_api, demo) -> None:
    net, _ = _net(demo, "10.28.0.0/24")
    port = demo.network.create_port(network_id=net.id, extra_dhcp_opts=[
        {"opt_name": "bootfile-name", "opt_value": "pxelinux.0"},
        {"opt_name": "tftp-server", "opt_value": "10.28.0.9"}])
    assert {o["opt_name"]: o["opt_value"] for o in port.extra_dhcp_opts} == {
        "bootfile-name": "pxelinux.0", "tftp-server": "10.28.0.9"}
    port = demo.network.update_port(port, extra_dhcp_opts=[{"opt_name": "tftp-server", "opt_value": None},
                                                           {"opt_name": "bootfile-name", "opt_value": "ipxe.efi"}])
    assert port.extra_dhcp_opts == [{"opt_name": "bootfile-name", "opt_value": "ipxe.efi", "ip_version": 4}]
    response = demo_api("PUT", f"/ports/{port.id}", {"port": {"extra_dhcp_opts": [{"opt_value": "x"}]}})
    assert response.status_code == 400


def test_port_status_follows_binding_and_admin_state(admin, demo) -> None:
    net, _ = _net(demo, "10.29.0.0/24")
    port = admin.network.create_port(network_id=net.id, binding_host_id="compute-1")
    assert port.status == "ACTIVE"
    assert admin.network.update_port(port, is_admin_state_up=False).status == "DOWN"
    assert admin.network.update_port(port, is_admin_state_up=True).status == "ACTIVE"


def test_trunk_details_only_on_a_trunk_parent(demo) -> None:
    """Neutron's trunk extension adds ``trunk_details`` to a trunk's parent port alone: other ports'
    bodies have no such key (not a null), in a show and in a list, read as openstacksdk reads them."""
    net, _ = _net(demo, "10.36.0.0/24")
    parent, child, plain = (demo.network.create_port(network_id=net.id) for _ in range(3))
    trunk = demo.network.create_trunk(port_id=parent.id, sub_ports=[
        {"port_id": child.id, "segmentation_type": "vlan", "segmentation_id": 100}])

    def body(port_id: str) -> dict:
        return demo.network.get(f"/ports/{port_id}").json()["port"]

    assert body(parent.id)["trunk_details"] == {"trunk_id": trunk.id, "sub_ports": [
        {"port_id": child.id, "segmentation_type": "vlan", "segmentation_id": 100,
         "mac_address": child.mac_address}]}
    assert "trunk_details" not in body(plain.id) and "trunk_details" not in body(child.id)
    listed = {p["id"]: p for p in demo.network.get(f"/ports?network_id={net.id}").json()["ports"]}
    assert [i for i, p in listed.items() if "trunk_details" in p] == [parent.id]
    asked = demo.network.get(f"/ports/{plain.id}?fields=id&fields=trunk_details").json()["port"]
    assert asked == {"id": plain.id}
    assert demo.network.get_port(parent.id).trunk_details["trunk_id"] == trunk.id


def test_trunks(admin, demo_api, demo) -> None:
    net, _ = _net(demo, "10.35.0.0/24")
    parent, child, other = (demo.network.create_port(network_id=net.id) for _ in range(3))
    trunk = demo.network.create_trunk(port_id=parent.id, name="t1", sub_ports=[
        {"port_id": child.id, "segmentation_type": "vlan", "segmentation_id": 100}])
    assert trunk.status == "DOWN" and trunk.sub_ports == [
        {"port_id": child.id, "segmentation_type": "vlan", "segmentation_id": 100}]
    details = demo.network.get_port(parent.id).trunk_details
    assert details["trunk_id"] == trunk.id and details["sub_ports"][0]["mac_address"] == child.mac_address
    response = demo_api("PUT", f"/trunks/{trunk.id}/add_subports", {"sub_ports": [
        {"port_id": other.id, "segmentation_type": "vlan", "segmentation_id": 100}]})
    assert response.status_code == 409
    demo.network.add_trunk_subports(trunk, [{"port_id": other.id, "segmentation_type": "vlan",
                                             "segmentation_id": 101}])
    assert len(demo.network.get_trunk_subports(trunk)["sub_ports"]) == 2
    assert demo_api("DELETE", f"/ports/{parent.id}").status_code == 409
    assert demo_api("DELETE", f"/ports/{child.id}").status_code == 409
    response = demo_api("POST", "/trunks", {"trunk": {"port_id": child.id}})
    assert response.status_code == 409
    admin.network.update_port(parent, binding_host_id="compute-1")
    assert demo.network.get_trunk(trunk.id).status == "ACTIVE"
    assert demo_api("DELETE", f"/trunks/{trunk.id}").status_code == 409  # bound: in use
    admin.network.update_port(parent, binding_host_id="")
    demo.network.delete_trunk_subports(trunk, [{"port_id": other.id}])
    demo.network.delete_trunk(trunk)
    demo.network.delete_port(child)


def test_mac_address_regenerate(demo_api, demo) -> None:
    net, _ = _net(demo, "10.36.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    body = demo_api("PUT", f"/ports/{port.id}", {"port": {"mac_address": None}}).json()["port"]
    assert body["mac_address"] != port.mac_address and body["mac_address"].startswith("fa:16:3e:")


def test_port_numa_device_profile_and_uplink_status(demo_api, demo) -> None:
    net, _ = _net(demo, "10.38.0.0/24")
    port = demo.network.create_port(network_id=net.id, numa_affinity_policy="preferred",
                                    propagate_uplink_status=True, device_profile="gpu-profile")
    assert port.numa_affinity_policy == "preferred" and port.propagate_uplink_status is True
    assert port.device_profile == "gpu-profile"
    response = demo_api("PUT", f"/ports/{port.id}", {"port": {"numa_affinity_policy": "sometimes"}})
    assert response.status_code == 400
