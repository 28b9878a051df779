"""Neutron's dns-integration with Designate: a port's ``dns_name`` on a network whose ``dns_domain`` is a zone
of the project becomes an A recordset there (and goes with the port), all through openstacksdk."""

from __future__ import annotations

from typing import Any

from twinstack.testing import Cloud


def _a_records(conn: Any, zone: Any) -> dict[str, list[str]]:
    return {r.name: r.records for r in conn.dns.recordsets(zone) if r.type == "A"}


def test_port_dns_name_becomes_a_recordset(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    assert conn.network.find_extension("dns-integration") is not None
    zone = conn.dns.create_zone(name="corp.example.", email="ops@corp.example")
    net = conn.network.create_network(name="dns-net", dns_domain="corp.example.")
    conn.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.77.0.0/24")
    port = conn.network.create_port(network_id=net.id, dns_name="web")
    ip = port.fixed_ips[0]["ip_address"]
    assert _a_records(conn, zone) == {"web.corp.example.": [ip]}
    assert conn.dns.get_zone(zone.id).status == "ACTIVE"
    quiet = conn.network.create_port(network_id=net.id)  # no dns_name: no record
    assert list(_a_records(conn, zone)) == ["web.corp.example."]
    conn.network.update_port(port, dns_name="www")  # renamed: the old record goes, the new one comes
    assert _a_records(conn, zone) == {"www.corp.example.": [ip]}
    conn.network.update_port(quiet, dns_name="api")
    assert set(_a_records(conn, zone)) == {"www.corp.example.", "api.corp.example."}
    conn.network.delete_port(port)
    conn.network.delete_port(quiet)
    assert _a_records(conn, zone) == {}


def test_network_without_a_zone_is_left_alone(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    net = conn.network.create_network(name="nozone-net", dns_domain="nowhere.example.")
    conn.network.create_subnet(network_id=net.id, ip_version=4, cidr="10.78.0.0/24")
    port = conn.network.create_port(network_id=net.id, dns_name="db")
    assert port.dns_name == "db"
    conn.network.delete_port(port)


def test_floating_ip_dns_name_becomes_a_recordset(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    zone = conn.dns.create_zone(name="float.example.", email="ops@float.example")
    public = conn.network.find_network("public")
    fip = conn.network.create_ip(floating_network_id=public.id, dns_name="gw", dns_domain="float.example.")
    assert (fip.dns_name, fip.dns_domain) == ("gw", "float.example.")
    assert _a_records(conn, zone) == {"gw.float.example.": [fip.floating_ip_address]}
    conn.network.delete_ip(fip)
    assert _a_records(conn, zone) == {}
