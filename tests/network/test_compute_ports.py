"""Ports made for servers through network/local.py, as Nova makes them: bound to the host, shown in
``addresses`` (floating IPs too), deleted with the server; a pre-made port is unbound instead."""

from __future__ import annotations

import importlib.util

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("twinstack.compute.provider") is None,
                                reason="compute is not part of this build")


def _boot(demo, name: str, networks):
    flavor = demo.compute.find_flavor("m1.tiny")
    image = next(demo.image.images())
    server = demo.compute.create_server(name=name, flavor_id=flavor.id, image_id=image.id, networks=networks)
    return demo.compute.wait_for_server(server, wait=60)


def test_server_port_binding_addresses_and_cleanup(admin, demo) -> None:
    private = demo.network.find_network("private")
    server = _boot(demo, "vm-net", [{"uuid": private.id}])
    (port,) = list(demo.network.ports(device_id=server.id))
    assert port.device_owner.startswith("compute:") and port.status == "ACTIVE"
    default = next(demo.network.security_groups(name="default"))
    assert port.security_group_ids == [default.id]
    bound = admin.network.get_port(port.id)
    assert bound.binding_host_id == admin.compute.get_server(server.id).compute_host
    assert bound.binding_vif_type == "ovs"
    v4 = next(ip["ip_address"] for ip in port.fixed_ips if "." in ip["ip_address"])
    addresses = demo.compute.get_server(server.id).addresses["private"]
    assert {"fixed"} == {a["OS-EXT-IPS:type"] for a in addresses}
    assert v4 in {a["addr"] for a in addresses} and addresses[0]["OS-EXT-IPS-MAC:mac_addr"] == port.mac_address
    fip = demo.network.create_ip(floating_network_id=demo.network.find_network("public").id, port_id=port.id)
    addresses = demo.compute.get_server(server.id).addresses["private"]
    assert {"addr": fip.floating_ip_address, "version": 4, "OS-EXT-IPS:type": "floating",
            "OS-EXT-IPS-MAC:mac_addr": port.mac_address} in addresses
    demo.compute.delete_server(server)
    demo.compute.wait_for_delete(server, wait=60)
    assert not list(demo.network.ports(device_id=server.id))
    assert demo.network.get_ip(fip.id).port_id is None


def test_pre_made_port_is_unbound_not_deleted(demo) -> None:
    private = demo.network.find_network("private")
    port = demo.network.create_port(network_id=private.id, name="keep-me")
    server = _boot(demo, "vm-port", [{"port": port.id}])
    assert demo.network.get_port(port.id).device_id == server.id
    demo.compute.delete_server(server)
    demo.compute.wait_for_delete(server, wait=60)
    kept = demo.network.get_port(port.id)
    assert kept.device_id == "" and kept.device_owner == "" and kept.status == "DOWN"
