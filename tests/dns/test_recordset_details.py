"""Designate's recordset details that designate-tempest-plugin checks: ``/v2/recordsets/{id}`` answers 301
to the recordset under its zone, the ``data`` filter, the managed recordsets refused before the body is
read against the schema, and a zone file only for an Accept that admits ``text/dns``."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud


def _client(cloud: Cloud, user: str) -> httpx.Client:
    conn = cloud.connect(user)
    return httpx.Client(base_url=cloud.url + "/dns/v2", headers={"X-Auth-Token": conn.auth_token}, timeout=30)


@pytest.fixture
def demo(cloud: Cloud) -> httpx.Client:
    return _client(cloud, "twinstack")


@pytest.fixture
def zone(demo: httpx.Client) -> dict[str, Any]:
    made = demo.post("/zones", json={"name": "details.example.", "email": "a@details.example."})
    assert made.status_code == 202, made.text
    return dict(made.json())


def _recordset(demo: httpx.Client, zone: dict[str, Any], name: str, records: list[str]) -> dict[str, Any]:
    made = demo.post(f"/zones/{zone['id']}/recordsets",
                     json={"name": f"{name}.{zone['name']}", "type": "A", "records": records})
    assert made.status_code == 202, made.text
    return dict(made.json())


def test_a_recordset_by_id_alone_redirects_to_its_zone(cloud: Cloud, demo: httpx.Client,
                                                       zone: dict[str, Any]) -> None:
    rrset = _recordset(demo, zone, "www", ["10.0.1.2"])
    moved = demo.get(f"/recordsets/{rrset['id']}")
    assert moved.status_code == 301
    assert moved.headers["location"] == f"{cloud.url}/dns/v2/zones/{zone['id']}/recordsets/{rrset['id']}"
    assert demo.get(moved.headers["location"]).json()["id"] == rrset["id"]
    missing = demo.get("/recordsets/8ee2b6d6-0b2c-4b8c-9d0a-2b6b1e6b7a01")
    assert (missing.status_code, missing.json()["type"]) == (404, "recordset_not_found")
    assert _client(cloud, "twinstack-alt").get(f"/recordsets/{rrset['id']}").status_code == 404  # another project


def test_the_data_filter_finds_recordsets_by_a_record(demo: httpx.Client, zone: dict[str, Any]) -> None:
    first = _recordset(demo, zone, "a", ["10.0.1.2", "192.168.0.1"])
    second = _recordset(demo, zone, "b", ["10.0.1.3"])
    other = _recordset(demo, zone, "c", ["172.16.0.1"])
    found = {r["id"] for r in demo.get("/recordsets", params={"data": "10.0.*"}).json()["recordsets"]}
    assert {first["id"], second["id"]} <= found and other["id"] not in found
    exact = demo.get(f"/zones/{zone['id']}/recordsets", params={"data": "192.168.0.1"}).json()["recordsets"]
    assert [r["id"] for r in exact] == [first["id"]]
    assert demo.get("/recordsets", params={"data": "10.0.1_2"}).json()["recordsets"] == []  # _ is no wildcard


def test_managed_recordsets_are_refused_whatever_the_body(cloud: Cloud, demo: httpx.Client,
                                                          zone: dict[str, Any]) -> None:
    admin = _client(cloud, "twinstack-admin")
    headers = {"X-Auth-All-Projects": "true", "X-Designate-Edit-Managed-Records": "true"}
    managed = {r["type"]: r for r in admin.get(f"/zones/{zone['id']}/recordsets", headers=headers)
               .json()["recordsets"] if r["type"] in ("SOA", "NS")}
    for kind, message in (("SOA", "Updating SOA recordsets is not allowed"),
                          ("NS", "Updating a root zone NS record is not allowed")):
        answer = admin.put(f"/zones/{zone['id']}/recordsets/{managed[kind]['id']}", headers=headers,
                           json=[{"hostname": "ns1.example.org.", "priority": 1}])  # not even an object
        assert (answer.status_code, answer.json()["type"], answer.json()["message"]) == (400, "bad_request", message)
    plain = demo.put(f"/zones/{zone['id']}/recordsets/{managed['NS']['id']}", json={"ttl": 300})
    assert plain.json()["message"] == "Managed records may not be updated"
    as_member = demo.put(f"/zones/{zone['id']}/recordsets/{managed['NS']['id']}", json={"ttl": 300},
                         headers={"X-Designate-Edit-Managed-Records": "true"})
    assert as_member.status_code == 403


def test_a_zone_file_only_for_an_accept_that_admits_it(demo: httpx.Client, zone: dict[str, Any]) -> None:
    export = demo.post(f"/zones/{zone['id']}/tasks/export", json={})
    assert export.status_code == 202, export.text
    for _ in range(100):
        if demo.get(f"/zones/tasks/exports/{export.json()['id']}").json()["status"] == "COMPLETE":
            break
        time.sleep(0.05)
    path = f"/zones/tasks/exports/{export.json()['id']}/export"
    for accept in ("text/dns", "*/*", "text/*, application/json;q=0.5"):
        text = demo.get(path, headers={"Accept": accept})
        assert text.status_code == 200 and text.headers["content-type"].startswith("text/dns"), accept
    for accept in ("image/jpeg", "application/json", "text/dns;q=0"):
        assert demo.get(path, headers={"Accept": accept}).status_code == 406, accept
