"""Bulk create, roles (reader), sharing across projects, subnet updates and IPv6 addressing."""

from __future__ import annotations

import netaddr
import pytest
from openstack import exceptions as sdk_exc


def test_bulk_create_is_all_or_nothing(demo_api) -> None:
    response = demo_api("POST", "/networks", {"networks": [{"name": "bulk-1"}, {"name": "bulk-2"}]})
    assert response.status_code == 201
    assert [n["name"] for n in response.json()["networks"]] == ["bulk-1", "bulk-2"]
    response = demo_api("POST", "/networks", {"networks": [{"name": "bulk-3"}, {"mtu": "huge"}]})
    assert response.status_code == 400
    names = {n["name"] for n in demo_api("GET", "/networks").json()["networks"]}
    assert "bulk-3" not in names and {"bulk-1", "bulk-2"} <= names


def test_reader_may_look_but_not_write(cloud) -> None:
    reader = cloud.connect("twinstack-reader")
    assert reader.network.find_network("private") is not None
    with pytest.raises(sdk_exc.ForbiddenException):
        reader.network.create_network(name="nope")


def test_admin_shares_a_network_with_every_project(admin, alt, demo_api) -> None:
    net = admin.network.create_network(name="team", is_shared=True)
    admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.60.0.0/24")
    assert alt.network.get_network(net.id).is_shared
    port = alt.network.create_port(network_id=net.id)
    assert port.project_id == alt.current_project_id
    response = demo_api("PUT", f"/networks/{net.id}", {"network": {"name": "mine-now"}})
    assert response.status_code == 403  # visible, but not the caller's
    with pytest.raises(sdk_exc.ConflictException):
        admin.network.update_network(net, is_shared=False)
    alt.network.delete_port(port)
    assert not admin.network.update_network(net, is_shared=False).is_shared
    with pytest.raises(sdk_exc.NotFoundException):
        alt.network.get_network(net.id)
    external = admin.network.update_network(net, is_router_external=True)
    assert external.is_router_external and alt.network.get_network(net.id).is_router_external


def test_subnet_updates(demo_api, demo) -> None:
    net = demo.network.create_network(name="upd")
    sub = demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.61.0.0/24")
    sub = demo.network.update_subnet(sub, gateway_ip="10.61.0.254",
                                     allocation_pools=[{"start": "10.61.0.100", "end": "10.61.0.110"}],
                                     dns_nameservers=["10.61.0.2"], name="renamed",
                                     host_routes=[{"destination": "10.62.0.0/16", "nexthop": "10.61.0.9"}])
    assert sub.gateway_ip == "10.61.0.254" and sub.name == "renamed" and sub.revision_number == 1
    assert sub.allocation_pools == [{"start": "10.61.0.100", "end": "10.61.0.110"}]
    assert sub.host_routes == [{"destination": "10.62.0.0/16", "nexthop": "10.61.0.9"}]
    assert demo.network.create_port(network_id=net.id).fixed_ips[0]["ip_address"] == "10.61.0.100"
    response = demo_api("PUT", f"/subnets/{sub.id}", {"subnet": {"gateway_ip": "10.61.0.105"}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "GatewayConflictWithAllocationPools"
    response = demo_api("PUT", f"/subnets/{sub.id}", {"subnet": {"cidr": "10.70.0.0/24"}})
    assert response.status_code == 400
    assert demo.network.update_subnet(sub, gateway_ip=None).gateway_ip is None


def test_ipv6_addresses(demo) -> None:
    net = demo.network.create_network(name="v6")
    slaac = demo.network.create_subnet(network_id=net.id, ip_version=6, cidr="fd10::/64",
                                       ipv6_ra_mode="slaac", ipv6_address_mode="slaac")
    port = demo.network.create_port(network_id=net.id)
    (ip,) = port.fixed_ips
    expected = netaddr.EUI(port.mac_address).ipv6(netaddr.IPNetwork("fd10::/64").network)
    assert ip == {"subnet_id": slaac.id, "ip_address": str(expected)}
    stateful = demo.network.create_subnet(network_id=net.id, ip_version=6, cidr="fd11::/64",
                                          ipv6_address_mode="dhcpv6-stateful", ipv6_ra_mode="dhcpv6-stateful")
    assert stateful.allocation_pools == [{"start": "fd11::2", "end": "fd11::ffff:ffff:ffff:ffff"}]
    second = demo.network.create_port(network_id=net.id)
    assert {i["subnet_id"] for i in second.fixed_ips} == {slaac.id, stateful.id}
    assert "fd11::2" in {i["ip_address"] for i in second.fixed_ips}


def test_rbac_shares_a_network_with_one_project(demo, alt, demo_api) -> None:
    net = demo.network.create_network(name="to-alt")
    demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.63.0.0/24")
    with pytest.raises(sdk_exc.NotFoundException):
        alt.network.get_network(net.id)
    policy = demo.network.create_rbac_policy(object_type="network", object_id=net.id, action="access_as_shared",
                                             target_project_id=alt.current_project_id)
    assert policy.target_project_id == alt.current_project_id and policy.action == "access_as_shared"
    seen = alt.network.get_network(net.id)
    assert seen.is_shared and len(seen.subnet_ids) == 1
    assert alt.network.get_subnet(seen.subnet_ids[0]).cidr == "10.63.0.0/24"
    port = alt.network.create_port(network_id=net.id)
    response = demo_api("POST", "/rbac-policies", {"rbac_policy": {
        "object_type": "network", "object_id": net.id, "action": "access_as_shared",
        "target_tenant": alt.current_project_id}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "DuplicateRbacPolicy"
    response = demo_api("DELETE", f"/rbac-policies/{policy.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "RbacPolicyInUse"
    alt.network.delete_port(port)
    demo.network.delete_rbac_policy(policy)
    with pytest.raises(sdk_exc.NotFoundException):
        alt.network.get_network(net.id)
    wildcard = demo_api("POST", "/rbac-policies", {"rbac_policy": {
        "object_type": "network", "object_id": net.id, "action": "access_as_shared", "target_tenant": "*"}})
    assert wildcard.status_code == 201 and demo.network.get_network(net.id).is_shared
    assert [p.id for p in demo.network.rbac_policies(object_id=net.id)] == [wildcard.json()["rbac_policy"]["id"]]
    other = alt.network.create_network(name="alts-own")
    response = demo_api("POST", "/rbac-policies", {"rbac_policy": {
        "object_type": "network", "object_id": other.id, "action": "access_as_shared", "target_tenant": "*"}})
    assert response.status_code == 404


@pytest.mark.twinstack_model("models/segments.yaml")
def test_segments(admin, demo_api, demo) -> None:
    net = admin.network.create_network(name="routed", provider_network_type="vlan",
                                       provider_physical_network="physnet1", provider_segmentation_id=300)
    (first,) = list(admin.network.segments(network_id=net.id))
    assert (first.network_type, first.physical_network, first.segmentation_id) == ("vlan", "physnet1", 300)
    second = admin.network.create_segment(network_id=net.id, network_type="vlan", physical_network="physnet2",
                                          segmentation_id=301, name="rack2")
    subnet = admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.64.0.0/24",
                                         segment_id=second.id)
    assert subnet.segment_id == second.id
    assert demo_api("GET", "/segments").json()["segments"] == []  # admin-only
    with pytest.raises(sdk_exc.ConflictException):
        admin.network.delete_segment(second)
    admin.network.delete_subnet(subnet)
    admin.network.delete_segment(second)
    admin.network.delete_network(net)
    assert list(admin.network.segments(network_id=net.id)) == []


def test_subnet_service_types_steer_ipam(admin, admin_api) -> None:
    net = admin.network.create_network(name="svc", is_router_external=True)
    fip_subnet = admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="198.51.100.0/24",
                                             service_types=["network:floatingip"])
    gw_subnet = admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="203.0.113.0/24",
                                            service_types=["network:router_gateway"])
    plain = admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="192.0.2.0/24")
    fip = admin.network.create_ip(floating_network_id=net.id)
    assert fip.floating_ip_address.startswith("198.51.100.")
    router = admin.network.create_router(name="svc-r", external_gateway_info={"network_id": net.id})
    assert router.external_gateway_info["external_fixed_ips"][0]["subnet_id"] == gw_subnet.id
    port = admin.network.create_port(network_id=net.id)
    assert port.fixed_ips[0]["subnet_id"] == plain.id and fip_subnet.id != plain.id
    response = admin_api("POST", "/subnets", {"subnet": {"network_id": net.id, "ip_version": 4,
                                                         "cidr": "10.65.0.0/24", "service_types": ["bogus"]}})
    assert response.status_code == 400
