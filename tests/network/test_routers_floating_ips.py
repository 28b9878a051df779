"""Routers (gateway, SNAT, interfaces by subnet and port, overlaps, extra routes) and floating IPs
(allocation, association through a router, reachability, disassociation)."""

from __future__ import annotations

import pytest
from openstack import exceptions as sdk_exc


def _topology(demo, cidr: str = "10.30.0.0/24", name: str = "rt"):
    net = demo.network.create_network(name=name)
    sub = demo.network.create_subnet(network_id=net.id, ip_version=4, cidr=cidr, name=f"{name}-sub")
    router = demo.network.create_router(name=f"{name}-router")
    return net, sub, router


def test_gateway_and_interfaces(demo_api, demo) -> None:
    net, sub, router = _topology(demo)
    assert router.external_gateway_info is None and router.status == "ACTIVE"
    public = demo.network.find_network("public")
    router = demo.network.update_router(router, external_gateway_info={"network_id": public.id})
    info = router.external_gateway_info
    assert info["network_id"] == public.id and info["enable_snat"] is True
    assert info["external_fixed_ips"][0]["ip_address"].startswith("172.24.4.")
    response = demo_api("PUT", f"/routers/{router.id}", {"router": {"external_gateway_info": {
        "network_id": public.id, "enable_snat": False}}})
    assert response.status_code == 403  # enable_snat is for admins
    result = demo.network.add_interface_to_router(router, subnet_id=sub.id)
    assert result["subnet_id"] == sub.id and result["network_id"] == net.id
    port = demo.network.get_port(result["port_id"])
    assert port.device_owner == "network:router_interface" and port.device_id == router.id
    assert port.fixed_ips == [{"subnet_id": sub.id, "ip_address": "10.30.0.1"}] and port.status == "ACTIVE"
    response = demo_api("PUT", f"/routers/{router.id}/add_router_interface", {"subnet_id": sub.id})
    assert response.status_code == 400
    response = demo_api("DELETE", f"/routers/{router.id}")
    assert response.status_code == 409 and demo_api.error(response)["type"] == "RouterInUse"
    demo.network.remove_interface_from_router(router, subnet_id=sub.id)
    with pytest.raises(sdk_exc.NotFoundException):
        demo.network.get_port(result["port_id"])
    demo.network.update_router(router, external_gateway_info=None)
    assert demo.network.get_router(router.id).external_gateway_info is None
    demo.network.delete_router(router)


def test_interface_by_port_and_overlap(demo_api, demo) -> None:
    net, sub, router = _topology(demo, "10.31.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    result = demo.network.add_interface_to_router(router, port_id=port.id)
    assert result["port_id"] == port.id and result["subnet_ids"] == [sub.id]
    assert demo.network.get_port(port.id).device_owner == "network:router_interface"
    other = demo.network.create_network(name="overlap")
    clash = demo.network.create_subnet(network_id=other.id, ip_version=4, cidr="10.31.0.0/25")
    response = demo_api("PUT", f"/routers/{router.id}/add_router_interface", {"subnet_id": clash.id})
    assert response.status_code == 400 and "overlaps" in demo_api.error(response)["message"]
    response = demo_api("PUT", f"/routers/{router.id}/remove_router_interface", {"subnet_id": clash.id})
    assert response.status_code == 404
    demo.network.remove_interface_from_router(router, port_id=port.id)


def test_gateway_must_be_external(demo_api, demo) -> None:
    net, _, router = _topology(demo, "10.32.0.0/24")
    response = demo_api("PUT", f"/routers/{router.id}", {"router": {"external_gateway_info": {"network_id": net.id}}})
    assert response.status_code == 400 and "not an external network" in demo_api.error(response)["message"]


def test_extra_routes(demo_api, demo) -> None:
    _, sub, router = _topology(demo, "10.33.0.0/24")
    demo.network.add_interface_to_router(router, subnet_id=sub.id)
    route = {"destination": "192.168.50.0/24", "nexthop": "10.33.0.10"}
    router = demo.network.update_router(router, routes=[route])
    assert router.routes == [route]
    response = demo_api("PUT", f"/routers/{router.id}", {"router": {"routes": [
        {"destination": "192.168.51.0/24", "nexthop": "10.99.0.1"}]}})
    assert response.status_code == 400 and demo_api.error(response)["type"] == "InvalidRoutes"
    extra = {"destination": "192.168.52.0/24", "nexthop": "10.33.0.11"}
    body = demo_api("PUT", f"/routers/{router.id}/add_extraroutes", {"router": {"routes": [extra]}}).json()
    assert body["router"]["routes"] == [route, extra]
    body = demo_api("PUT", f"/routers/{router.id}/remove_extraroutes", {"router": {"routes": [route]}}).json()
    assert body["router"]["routes"] == [extra]


def test_floating_ip_lifecycle(demo_api, demo) -> None:
    public = demo.network.find_network("public")
    private = demo.network.find_network("private")
    port = demo.network.create_port(network_id=private.id)
    fixed = next(ip["ip_address"] for ip in port.fixed_ips if "." in ip["ip_address"])
    fip = demo.network.create_ip(floating_network_id=public.id)
    assert fip.floating_ip_address.startswith("172.24.4.") and fip.status == "DOWN" and fip.port_id is None
    fip = demo.network.update_ip(fip, port_id=port.id)
    assert fip.port_id == port.id and fip.fixed_ip_address == fixed and fip.status == "ACTIVE"
    assert fip.router_id == demo.network.find_router("router1").id
    assert fip.port_details["network_id"] == private.id
    assert [f.id for f in demo.network.ips(port_id=port.id)] == [fip.id]
    second = demo.network.create_ip(floating_network_id=public.id)
    response = demo_api("PUT", f"/floatingips/{second.id}", {"floatingip": {"port_id": port.id}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "FloatingIPPortAlreadyAssociated"
    # the gateway cannot go while a floating IP needs it
    response = demo_api("PUT", f"/routers/{fip.router_id}", {"router": {"external_gateway_info": {}}})
    assert response.status_code == 409
    fip = demo.network.update_ip(fip, port_id=None)
    assert fip.port_id is None and fip.fixed_ip_address is None and fip.status == "DOWN"
    demo.network.delete_ip(fip)
    demo.network.delete_ip(second)
    assert not list(demo.network.ips())
    assert not list(demo.network.ports(device_owner="network:floatingip"))


def test_floating_ip_needs_a_router_to_the_port(demo_api, demo) -> None:
    net = demo.network.create_network(name="island")
    demo.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.34.0.0/24")
    port = demo.network.create_port(network_id=net.id)
    public = demo.network.find_network("public")
    response = demo_api("POST", "/floatingips", {"floatingip": {"floating_network_id": public.id, "port_id": port.id}})
    assert response.status_code == 404
    assert demo_api.error(response)["type"] == "ExternalGatewayForFloatingIPNotFound"
    assert not list(demo.network.ips())  # nothing half-written
    response = demo_api("POST", "/floatingips", {"floatingip": {"floating_network_id": net.id}})
    assert response.status_code == 400
    response = demo_api("POST", "/floatingips", {"floatingip": {"floating_network_id": public.id,
                                                                "floating_ip_address": "172.24.4.99"}})
    assert response.status_code == 403  # choosing the address is for admins


def test_floating_ip_follows_port_delete_and_admin_address(admin, demo) -> None:
    public = admin.network.find_network("public")
    private = demo.network.find_network("private")
    port = demo.network.create_port(network_id=private.id)
    fip = admin.network.create_ip(floating_network_id=public.id, floating_ip_address="172.24.4.99",
                                  project_id=demo.current_project_id, port_id=port.id)
    assert fip.floating_ip_address == "172.24.4.99" and fip.port_id == port.id
    demo.network.delete_port(port)
    fip = demo.network.get_ip(fip.id)
    assert fip.port_id is None and fip.status == "DOWN"


def test_floating_ip_exhaustion(admin, demo_api) -> None:
    net = admin.network.create_network(name="tiny-ext", is_router_external=True)
    admin.network.create_subnet(network_id=net.id, ip_version=4, cidr="203.0.113.0/30")
    assert demo_api("POST", "/floatingips", {"floatingip": {"floating_network_id": net.id}}).status_code == 201
    response = demo_api("POST", "/floatingips", {"floatingip": {"floating_network_id": net.id}})
    assert response.status_code == 409 and demo_api.error(response)["type"] == "IpAddressGenerationFailure"


def test_floating_ip_port_forwarding(demo_api, demo) -> None:
    public = demo.network.find_network("public")
    private = demo.network.find_network("private")
    port = demo.network.create_port(network_id=private.id)
    fixed = next(ip["ip_address"] for ip in port.fixed_ips if "." in ip["ip_address"])
    fip = demo.network.create_ip(floating_network_id=public.id)
    pf = demo.network.create_port_forwarding(floatingip_id=fip.id, internal_port_id=port.id,
                                             internal_ip_address=fixed, internal_port=22, external_port=2222,
                                             protocol="tcp")
    assert pf.external_port == 2222 and pf.internal_ip_address == fixed
    shown = demo.network.get_ip(fip.id)
    assert shown.port_forwardings[0]["external_port"] == 2222 and shown.router_id is not None
    body = {"port_forwarding": {"internal_port_id": port.id, "internal_ip_address": fixed, "internal_port": 80,
                                "external_port": 2222, "protocol": "tcp"}}
    response = demo_api("POST", f"/floatingips/{fip.id}/port_forwardings", body)
    assert response.status_code == 409
    body["port_forwarding"]["internal_ip_address"] = "10.99.99.99"
    body["port_forwarding"]["external_port"] = 8080
    assert demo_api("POST", f"/floatingips/{fip.id}/port_forwardings", body).status_code == 400
    response = demo_api("PUT", f"/floatingips/{fip.id}", {"floatingip": {"port_id": port.id}})
    assert response.status_code == 409  # forwarding ports and a port association do not mix
    updated = demo.network.update_port_forwarding(pf, fip.id, external_port=2200)
    assert updated.external_port == 2200
    assert [p.id for p in demo.network.port_forwardings(fip.id)] == [pf.id]
    demo.network.delete_port_forwarding(pf, fip.id)
    assert demo.network.get_ip(fip.id).port_forwardings == []


def test_floatingip_pools(demo_api, admin, demo) -> None:
    """floatingip-pools: each IPv4 subnet of the external networks the caller sees (the subnets themselves it
    may not list: they are the admin's), with the caller's project."""
    assert demo.network.find_extension("floatingip-pools") is not None
    public = demo.network.find_network("public")
    expected = sorted((s.id, s.name, s.cidr) for s in admin.network.subnets(network_id=public.id) if s.ip_version == 4)
    assert expected
    pools = demo_api("GET", "/floatingip_pools").json()["floatingip_pools"]
    assert sorted((p["subnet_id"], p["subnet_name"], p["cidr"]) for p in pools) == expected
    assert {p["network_id"] for p in pools} == {public.id}
    assert {p["project_id"] for p in pools} == {demo.current_project_id}
    private = demo.network.create_network(name="not-a-pool")
    demo.network.create_subnet(network_id=private.id, ip_version=4, cidr="10.77.0.0/24")
    again = demo_api("GET", "/floatingip_pools").json()["floatingip_pools"]
    assert private.id not in {p["network_id"] for p in again}
