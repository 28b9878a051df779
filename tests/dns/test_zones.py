"""Designate's zones and recordsets through openstacksdk (``conn.dns``), raw HTTP where the error body or
the lifecycle is the point, and the ``openstack zone``/``recordset`` CLI of python-designateclient."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import openstack_cli
from twinstack.testing import Cloud


def test_versions_and_catalog(cloud: Cloud, conn: Any) -> None:
    assert conn.dns.get_endpoint().endswith("/dns/v2")
    body = httpx.get(cloud.url + "/dns/").json()
    assert [(v["id"], v["status"]) for v in body["versions"]] == [("v2", "SUPPORTED"), ("v2.0", "SUPPORTED"),
                                                                  ("v2.1", "CURRENT")]
    assert httpx.get(cloud.url + "/dns/v2/").json()["version"]["id"] == "v2.1"


def test_zone_lifecycle_through_the_sdk(conn: Any) -> None:
    zone = conn.dns.create_zone(name="example.org.", email="admin@example.org", ttl=600, description="d")
    assert (zone.status, zone.action, zone.ttl) == ("PENDING", "CREATE", 600)
    shown = conn.dns.get_zone(zone.id)
    assert (shown.status, shown.action) == ("ACTIVE", "NONE")  # real clock: settled before the answer
    sets = {(r.type, tuple(r.records)) for r in conn.dns.recordsets(zone)}
    assert ("NS", ("ns1.devstack.org.",)) in sets and any(kind == "SOA" for kind, _ in sets)
    serial = shown.serial
    updated = conn.dns.update_zone(zone, ttl=900, description="e")
    assert updated.serial > serial and conn.dns.get_zone(zone.id).ttl == 900
    assert [z.name for z in conn.dns.zones(name="example.org.")] == ["example.org."]
    conn.dns.delete_zone(zone)
    assert conn.dns.find_zone("example.org.") is None


def test_zone_errors_in_designates_form(dns: httpx.Client) -> None:
    missing = dns.get("/zones/00000000-0000-0000-0000-000000000000")
    body = missing.json()
    assert missing.status_code == 404 and body["type"] == "zone_not_found" and body["request_id"].startswith("req-")
    assert dns.post("/zones", json={"name": "nodot.org", "email": "a@b.c"}).status_code == 400
    assert dns.post("/zones", json={"name": "org.", "email": "a@b.c"}).json()["type"] == "invalid_zone_name"
    assert dns.post("/zones", json={"name": "dup.org.", "email": "a@b.c"}).status_code == 202
    again = dns.post("/zones", json={"name": "dup.org.", "email": "a@b.c"})
    assert again.status_code == 409 and again.json()["type"] == "duplicate_zone"


def test_zone_listing_pages(dns: httpx.Client) -> None:
    for i in range(3):
        assert dns.post("/zones", json={"name": f"page{i}.net.", "email": "a@b.c"}).status_code == 202
    answer = dns.get("/zones", params={"limit": 2, "sort_key": "name", "name": "page*"})
    first = answer.json()
    assert answer.status_code == 200, answer.text
    assert [z["name"] for z in first["zones"]] == ["page0.net.", "page1.net."]
    assert first["metadata"]["total_count"] == 3 and "next" in first["links"]
    rest = httpx.get(first["links"]["next"], headers=dns.headers).json()
    assert [z["name"] for z in rest["zones"]] == ["page2.net."] and "next" not in rest["links"]
    assert dns.get("/zones", params={"sort_key": "bogus"}).json()["type"] == "invalid_sort_key"


def test_manual_clock_holds_zones_pending(cloud: Cloud, dns: httpx.Client) -> None:
    cloud.set_clock("manual")
    try:
        zone = dns.post("/zones", json={"name": "slow.org.", "email": "a@b.c"}).json()
        assert dns.get(f"/zones/{zone['id']}").json()["status"] == "PENDING"
        cloud.advance_clock(1)
        assert dns.get(f"/zones/{zone['id']}").json()["status"] == "ACTIVE"
        assert dns.delete(f"/zones/{zone['id']}").json()["action"] == "DELETE"
        assert dns.get(f"/zones/{zone['id']}").json()["status"] == "PENDING"
        cloud.advance_clock(1)
        assert dns.get(f"/zones/{zone['id']}").status_code == 404
    finally:
        cloud.set_clock("real")


def test_recordsets_through_the_sdk(conn: Any) -> None:
    zone = conn.dns.create_zone(name="rs.org.", email="a@rs.org")
    www = conn.dns.create_recordset(zone, name="www.rs.org.", type="A", records=["192.0.2.1", "192.0.2.2"])
    conn.dns.create_recordset(zone, name="rs.org.", type="MX", records=["10 mail.rs.org."])
    conn.dns.create_recordset(zone, name="_sip._tcp.rs.org.", type="SRV", records=["10 60 5060 sip.rs.org."])
    assert conn.dns.get_recordset(www, zone).status == "ACTIVE"
    assert {r.type for r in conn.dns.recordsets(zone)} == {"SOA", "NS", "A", "MX", "SRV"}
    conn.dns.update_recordset(www, records=["192.0.2.3"], zone_id=zone.id)
    assert conn.dns.get_recordset(www, zone).records == ["192.0.2.3"]
    conn.dns.delete_recordset(www, zone)
    assert "A" not in {r.type for r in conn.dns.recordsets(zone)}


@pytest.mark.parametrize(("name", "kind", "records", "kind_of_error"), [
    ("a.cn.org.", "A", ["300.1.1.1"], "invalid_object"),
    ("a.cn.org.", "AAAA", ["192.0.2.1"], "invalid_object"),
    ("a.cn.org.", "MX", ["mail.cn.org."], "invalid_object"),
    ("a.cn.org.", "CNAME", ["nodot"], "invalid_object"),
    ("a.cn.org.", "CAA", ["0 bogus ca.org"], "invalid_object"),
    ("a.cn.org.", "SSHFP", ["1 1 xyz"], "invalid_object"),
    ("a.other.org.", "A", ["192.0.2.1"], "invalid_recordset_location"),
    ("cn.org.", "CNAME", ["x.cn.org."], "invalid_recordset_location"),
    ("taken.cn.org.", "CNAME", ["x.cn.org."], "invalid_recordset_location"),
    ("taken.cn.org.", "A", ["192.0.2.9"], "duplicate_recordset"),
])
def test_recordset_validation(dns: httpx.Client, name: str, kind: str, records: list[str],
                              kind_of_error: str) -> None:
    zone = dns.get("/zones", params={"name": "cn.org."}).json()["zones"]
    if not zone:
        zone = [dns.post("/zones", json={"name": "cn.org.", "email": "a@b.c"}).json()]
        dns.post(f"/zones/{zone[0]['id']}/recordsets",
                 json={"name": "taken.cn.org.", "type": "A", "records": ["192.0.2.8"]})
    answer = dns.post(f"/zones/{zone[0]['id']}/recordsets", json={"name": name, "type": kind, "records": records})
    assert answer.json()["type"] == kind_of_error, answer.text
    assert answer.status_code == (409 if kind_of_error.startswith("duplicate") else 400)


def test_other_projects_zone_is_not_found(cloud: Cloud, conn: Any) -> None:
    zone = conn.dns.create_zone(name="mine.org.", email="a@mine.org")
    admin = cloud.connect("twinstack-admin")
    headers = {"X-Auth-Token": admin.auth_token}
    assert httpx.get(f"{cloud.url}/dns/v2/zones/{zone.id}", headers=headers).status_code == 404
    everyone = httpx.get(f"{cloud.url}/dns/v2/zones/{zone.id}", headers={**headers, "X-Auth-All-Projects": "True"})
    assert everyone.status_code == 200 and everyone.json()["project_id"] == conn.current_project_id
    refused = httpx.get(f"{cloud.url}/dns/v2/zones", headers={"X-Auth-Token": conn.auth_token,
                                                             "X-Auth-All-Projects": "True"})
    assert refused.status_code == 403 and refused.json()["type"] == "forbidden"


def test_zone_and_recordset_cli(cloud: Cloud) -> None:
    made = openstack_cli(cloud, "zone", "create", "--email", "a@cli.org", "cli.org.", "-f", "json",
                         user="twinstack")
    assert made["name"] == "cli.org."
    listed = openstack_cli(cloud, "zone", "list", "-f", "json", user="twinstack")
    assert "cli.org." in [z["name"] for z in listed]
    openstack_cli(cloud, "recordset", "create", "--type", "A", "--record", "192.0.2.5", "cli.org.", "www",
                  "-f", "json", user="twinstack")
    sets = openstack_cli(cloud, "recordset", "list", "cli.org.", "-f", "json", user="twinstack")
    assert "www.cli.org." in [s["name"] for s in sets]
