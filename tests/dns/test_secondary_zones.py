"""SECONDARY zones (Designate's ``type``/``masters``): created through openstacksdk and python-designateclient's
``openstack zone`` commands, refused in Designate's words where its ``Zone.validate`` refuses, and kept from
members' recordset writes as Designate's recordset policies keep them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import openstack_cli
from twinstack.testing import Cloud


def test_secondary_zone_through_the_sdk(conn: Any) -> None:
    zone = conn.dns.create_zone(name="copy.org.", type="SECONDARY",
                                masters=["192.0.2.1", "192.0.2.2:5354", "ns1.example.net.:53"])
    assert (zone.status, zone.action, zone.type) == ("PENDING", "CREATE", "SECONDARY")
    assert zone.masters == ["192.0.2.1", "192.0.2.2:5354", "ns1.example.net."]  # port 53 left out, as Designate
    assert (zone.email, zone.serial) == ("hostmaster@example.com", 1)
    shown = conn.dns.get_zone(zone.id)
    assert (shown.status, shown.action) == ("ACTIVE", "NONE")
    assert conn.dns.get(f"/zones/{zone.id}").json()["transferred_at"]  # the SDK's Zone leaves it out
    assert [r.type for r in conn.dns.recordsets(zone)] == ["SOA"]  # no NS: central makes those for PRIMARY only
    assert [z.name for z in conn.dns.zones(type="SECONDARY")] == ["copy.org."]


def test_zone_type_rules_in_designates_words(dns: httpx.Client) -> None:
    refusals = [
        ({"name": "a.org.", "type": "SECONDARY"}, "'masters' is a required property"),
        ({"name": "a.org.", "type": "SECONDARY", "masters": []}, "'masters' is a required property"),
        ({"name": "a.org.", "type": "SECONDARY", "masters": ["192.0.2.1"], "email": "a@a.org"},
         "'email' can't be specified when type is SECONDARY"),
        ({"name": "a.org.", "type": "SECONDARY", "masters": ["192.0.2.1"], "ttl": 300},
         "'ttl' can't be specified when type is SECONDARY"),
        ({"name": "a.org.", "email": "a@a.org", "masters": ["192.0.2.1"]}, "'masters' has more items than allowed"),
        ({"name": "a.org."}, "'email' is a required property"),
        ({"name": "a.org.", "type": "SECONDARY", "masters": ["192.0.2.1:70000"]}, "between 1 and 65535"),
        ({"name": "a.org.", "type": "CATALOG", "masters": ["192.0.2.1"]}, "CATALOG"),
    ]
    for body, words in refusals:
        answer = dns.post("/zones", json=body)
        assert answer.status_code == 400 and answer.json()["type"] == "invalid_object", (body, answer.text)
        assert words in answer.json()["message"], (body, answer.text)
    assert dns.get("/zones").json()["zones"] == []  # nothing half made


def test_masters_change_transfers_again(dns: httpx.Client) -> None:
    zone = dns.post("/zones", json={"name": "b.org.", "type": "SECONDARY", "masters": ["192.0.2.1"]}).json()
    first = dns.get(f"/zones/{zone['id']}").json()["transferred_at"]
    moved = dns.patch(f"/zones/{zone['id']}", json={"masters": ["192.0.2.9:5353"], "description": "moved"})
    assert moved.status_code == 202 and moved.json()["action"] == "UPDATE"
    assert moved.json()["masters"] == ["192.0.2.9:5353"] and moved.json()["transferred_at"] is None
    again = dns.get(f"/zones/{zone['id']}").json()
    assert again["status"] == "ACTIVE" and again["transferred_at"] >= first
    refused = dns.patch(f"/zones/{zone['id']}", json={"email": "x@b.org"})
    assert refused.status_code == 400 and "can't be specified" in refused.json()["message"]
    primary = dns.post("/zones", json={"name": "c.org.", "email": "a@c.org"}).json()
    refused = dns.patch(f"/zones/{primary['id']}", json={"masters": ["192.0.2.1"]})
    assert refused.status_code == 400 and "more items than allowed" in refused.json()["message"]


def test_manual_transfer(dns: httpx.Client) -> None:
    zone = dns.post("/zones", json={"name": "d.org.", "type": "SECONDARY", "masters": ["192.0.2.1"]}).json()
    answer = dns.post(f"/zones/{zone['id']}/tasks/xfr")
    assert answer.status_code == 202 and answer.content == b""
    primary = dns.post("/zones", json={"name": "e.org.", "email": "a@e.org"}).json()
    refused = dns.post(f"/zones/{primary['id']}/tasks/xfr")
    assert refused.status_code == 400 and refused.json()["type"] == "bad_request"
    assert refused.json()["message"] == "Can't XFR a non Secondary zone."


def test_recordsets_of_a_secondary_zone_are_the_admins(cloud: Cloud, conn: Any, dns: httpx.Client) -> None:
    zone = dns.post("/zones", json={"name": "f.org.", "type": "SECONDARY", "masters": ["192.0.2.1"]}).json()
    www = {"name": "www.f.org.", "type": "A", "records": ["192.0.2.10"]}
    refused = dns.post(f"/zones/{zone['id']}/recordsets", json=www)
    assert refused.status_code == 403 and refused.json()["type"] == "forbidden"
    admin = cloud.connect("twinstack-admin")
    as_admin = {"X-Auth-Token": admin.auth_token, "X-Auth-Sudo-Project-ID": conn.current_project_id}
    made = dns.post(f"/zones/{zone['id']}/recordsets", json=www, headers=as_admin)
    assert made.status_code == 202, made.text
    gone = dns.delete(f"/zones/{zone['id']}/recordsets/{made.json()['id']}")
    assert gone.status_code == 403
    primary = dns.post("/zones", json={"name": "g.org.", "email": "a@g.org"}).json()
    assert dns.post(f"/zones/{primary['id']}/recordsets", json={**www, "name": "www.g.org."}).status_code == 202


def test_secondary_zone_cli(cloud: Cloud) -> None:
    made = openstack_cli(cloud, "zone", "create", "cli-copy.org.", "--type", "SECONDARY", "-f", "json",
                         "--masters", "192.0.2.1", "192.0.2.2:5354", user="twinstack")
    assert made["type"] == "SECONDARY" and made["status"] == "PENDING"
    shown = openstack_cli(cloud, "zone", "show", "cli-copy.org.", "-f", "json", user="twinstack")
    assert shown["status"] == "ACTIVE" and "192.0.2.2:5354" in str(shown["masters"])
    openstack_cli(cloud, "zone", "axfr", "cli-copy.org.", user="twinstack")


def test_secondary_zone_in_the_model(tmp_path: Path) -> None:
    model = tmp_path / "secondary.yaml"
    model.write_text("dns:\n  zones:\n    - {name: model-copy.org., type: SECONDARY, masters: ['192.0.2.53:53']}\n")
    with Cloud(model=str(model)) as own:
        zone = own.connect("twinstack-admin").dns.find_zone("model-copy.org.")
        assert zone is not None and (zone.type, zone.status, zone.masters) == ("SECONDARY", "ACTIVE", ["192.0.2.53"])
    model.write_text("dns:\n  zones:\n    - {name: bad-copy.org., type: SECONDARY, email: a@b.org, masters: [x]}\n")
    with pytest.raises(RuntimeError, match="can't be specified when type is SECONDARY"):
        Cloud(model=str(model)).start()
