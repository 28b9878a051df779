"""Barbican's secrets through openstacksdk (``conn.key_manager``), the ``openstack secret`` CLI of
python-barbicanclient, and raw HTTP where a client reads headers or error bodies."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from twinstack.testing import Cloud


def test_version_documents(cloud: Cloud) -> None:
    with httpx.Client(base_url=cloud.url) as http:
        root = http.get("/key-manager/")
        assert root.status_code == 300
        (v1,) = root.json()["versions"]["values"]  # microversion 1.0's form
        assert v1["id"] == "v1" and v1["status"] == "stable" and v1["links"][0]["href"].endswith("/key-manager/v1/")
        assert "media-types" in v1 and "max_version" not in v1
        latest = http.get("/key-manager/", headers={"OpenStack-API-Version": "key-manager latest"})
        (current,) = latest.json()["versions"]
        assert current["status"] == "CURRENT" and current["max_version"] == "1.2"
        assert latest.headers["OpenStack-API-Version"] == "key-manager 1.2"
        assert http.get("/key-manager/v1").json()["version"]["id"] == "v1"
        too_new = http.get("/key-manager/", headers={"OpenStack-API-Version": "key-manager 1.9"})
        assert too_new.status_code == 406


def test_text_and_binary_secrets_through_the_sdk(conn: Any) -> None:
    km = conn.key_manager
    text = km.create_secret(name="db-password", payload="s3cret", payload_content_type="text/plain",
                            secret_type="passphrase")
    assert text.secret_ref.startswith(km.get_endpoint().rstrip("/"))
    got = km.get_secret(text.secret_id)
    assert got.payload == "s3cret" and got.name == "db-password" and got.secret_type == "passphrase"
    assert got.content_types == {"default": "text/plain"} and got.status == "ACTIVE"
    key = bytes(range(32))
    binary = km.create_secret(name="aes", payload=base64.b64encode(key).decode(), algorithm="aes", bit_length=256,
                              mode="cbc", payload_content_type="application/octet-stream",
                              payload_content_encoding="base64", secret_type="symmetric")
    assert km.get_secret(binary.secret_id).payload == key
    names = [s.name for s in km.secrets()]
    assert "db-password" in names and "aes" in names
    assert [s.name for s in km.secrets(algorithm="aes")] == ["aes"]
    km.delete_secret(text.secret_id)
    assert "db-password" not in [s.name for s in km.secrets()]


def test_payload_later_paging_and_errors(km: httpx.Client) -> None:
    made = km.post("/secrets", json={"name": "empty"})
    assert made.status_code == 201 and made.headers["location"] == made.json()["secret_ref"]
    sid = made.json()["secret_ref"].rsplit("/", 1)[1]
    assert km.get(f"/secrets/{sid}/payload", headers={"Accept": "text/plain"}).status_code == 404
    put = km.put(f"/secrets/{sid}", content=b"\xff\x01", headers={"Content-Type": "application/octet-stream"})
    assert put.status_code == 204
    again = km.put(f"/secrets/{sid}", content=b"x", headers={"Content-Type": "text/plain"})
    assert again.status_code == 409
    assert km.get(f"/secrets/{sid}", headers={"Accept": "application/octet-stream"}).content == b"\xff\x01"
    assert km.get(f"/secrets/{sid}/payload", headers={"Accept": "*/*"}).status_code == 406  # not a payload type
    assert km.get(f"/secrets/{sid}/payload", headers={"Accept": "text/plain"}).status_code == 406  # not UTF-8
    for n in range(3):
        km.post("/secrets", json={"name": f"page-{n}"})
    page = km.get("/secrets", params={"limit": 2, "offset": 1}).json()
    assert len(page["secrets"]) == 2 and page["total"] == 4 and "offset=0" in page["previous"]
    assert "offset=3" in page["next"]
    filtered = km.get("/secrets", params={"name": "page-%", "limit": 1}).json()
    assert filtered["total"] == 3 and filtered["next"].endswith("offset=1&name=page-%25")
    ordered = km.get("/secrets", params={"sort": "name:desc", "name": "page-%"}).json()["secrets"]
    assert [s["name"] for s in ordered] == ["page-2", "page-1", "page-0"]
    assert km.get("/secrets", params={"sort": "color"}).status_code == 400
    assert km.get("/secrets", params={"created": "gt:2000-01-01T00:00:00,gte:2000-01-01"}).status_code == 400
    assert km.get("/secrets", params={"created": "gt:2000-01-01T00:00:00"}).json()["total"] == 4
    assert km.get("/secrets", params={"offset": 10}).json() == {"secrets": [], "total": 4}
    as_text = km.post("/secrets", content=b"{}", headers={"Content-Type": "text/plain"})
    assert as_text.status_code == 415 and "application/json" in as_text.json()["description"]
    assert km.put(f"/secrets/{sid}", content=b"x", headers={"Content-Type": "application/json"}).status_code == 415
    huge = km.post("/secrets", json={"payload": "x" * 20001, "payload_content_type": "text/plain"})
    assert huge.status_code == 413 and "too large" in huge.json()["description"]
    bad = km.post("/secrets", json={"payload": "x"})
    assert bad.status_code == 400 and set(bad.json()) == {"code", "title", "description"}
    assert km.post("/secrets", json={"payload": "x", "payload_content_type": "application/octet-stream"}
                   ).status_code == 400
    assert km.post("/secrets", json={"secret_type": "nope"}).status_code == 400
    missing = km.get("/secrets/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.json()["code"] == 404


def test_expiration_on_the_cloud_clock(cloud: Cloud, km: httpx.Client) -> None:
    cloud.set_clock("manual")
    soon = (datetime.now(UTC) + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S")
    made = km.post("/secrets", json={"name": "short", "payload": "p", "payload_content_type": "text/plain",
                                     "expiration": soon})
    assert made.status_code == 201, made.text
    ref = made.json()["secret_ref"].rsplit("/", 1)[1]
    assert km.get(f"/secrets/{ref}").json()["expiration"].startswith(soon)
    past = km.post("/secrets", json={"name": "old", "expiration": "2000-01-01T00:00:00"})
    assert past.status_code == 400
    cloud.advance_clock(1200)  # past the expiration, within the token's hour
    assert km.get(f"/secrets/{ref}/payload").status_code == 404


def test_metadata(km: httpx.Client) -> None:
    sid = km.post("/secrets", json={"name": "m"}).json()["secret_ref"].rsplit("/", 1)[1]
    assert km.put(f"/secrets/{sid}/metadata", json={"metadata": {"Color": "red"}}).status_code == 201
    assert km.get(f"/secrets/{sid}/metadata").json() == {"metadata": {"color": "red"}}
    assert km.post(f"/secrets/{sid}/metadata", json={"key": "size", "value": "L"}).status_code == 201
    assert km.post(f"/secrets/{sid}/metadata", json={"key": "size", "value": "L"}).status_code == 409
    assert km.put(f"/secrets/{sid}/metadata/size", json={"key": "size", "value": "M"}).json()["value"] == "M"
    assert km.get(f"/secrets/{sid}/metadata/size").json() == {"key": "size", "value": "M"}
    assert km.delete(f"/secrets/{sid}/metadata/size").status_code == 204
    assert km.get(f"/secrets/{sid}/metadata/size").status_code == 404
