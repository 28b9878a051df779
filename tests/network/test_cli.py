"""The quick start's network part with the real ``openstack`` CLI, and a teardown that leaves nothing."""

from __future__ import annotations

from tests.conftest import openstack_cli


def test_quick_start_network_flow_and_teardown(cloud, demo) -> None:
    def cli(*args: str):
        return openstack_cli(cloud, *args, user="twinstack")

    before_ports = {p.id for p in demo.network.ports()}
    net = cli("network", "create", "qs-net", "-f", "json")
    assert net["name"] == "qs-net" and net["status"] == "ACTIVE"
    sub = cli("subnet", "create", "qs-subnet", "--network", "qs-net", "--subnet-range", "192.168.100.0/24",
              "--dns-nameserver", "8.8.8.8", "-f", "json")
    assert sub["cidr"] == "192.168.100.0/24" and sub["gateway_ip"] == "192.168.100.1"
    router = cli("router", "create", "qs-router", "-f", "json")
    cli("router", "set", "qs-router", "--external-gateway", "public")
    cli("router", "add", "subnet", "qs-router", "qs-subnet")
    shown = demo.network.get_router(router["id"])  # the sdk is cheaper than another CLI call
    assert shown.external_gateway_info["network_id"] == demo.network.find_network("public").id
    sg = cli("security", "group", "create", "qs-sg", "-f", "json")
    rule = cli("security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "22", "qs-sg", "-f", "json")
    assert rule["port_range_min"] == 22 and rule["protocol"] == "tcp"
    port = cli("port", "create", "--network", "qs-net", "--security-group", "qs-sg", "qs-port", "-f", "json")
    fip = cli("floating", "ip", "create", "public", "-f", "json")
    assert fip["floating_ip_address"].startswith("172.24.4.")
    cli("floating", "ip", "set", "--port", "qs-port", fip["floating_ip_address"])
    associated = demo.network.get_ip(fip["id"])
    assert associated.port_id == port["id"] and associated.fixed_ip_address.startswith("192.168.100.")

    # teardown, in the quick start's order (deleting the router takes its gateway with it)
    cli("floating", "ip", "delete", fip["floating_ip_address"])
    cli("port", "delete", "qs-port")
    cli("security", "group", "delete", "qs-sg")
    cli("router", "remove", "subnet", "qs-router", "qs-subnet")
    cli("router", "delete", "qs-router")
    cli("network", "delete", "qs-net")
    assert {p.id for p in demo.network.ports()} == before_ports
    assert not list(demo.network.ips())
    assert demo.network.find_network("qs-net") is None and demo.network.find_router(router["id"]) is None
    assert sg["id"] not in {g.id for g in demo.network.security_groups()}
    # no address is still held on the external network by the gone router or floating IP
    public = demo.network.find_network("public")
    admin_ports = cloud.connect("twinstack-admin").network.ports(network_id=public.id)
    assert [p.device_owner for p in admin_ports] == ["network:router_gateway"]  # router1's only
