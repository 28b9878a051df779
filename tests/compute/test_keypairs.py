"""Keypairs: generate and import, ssh and x509, per user, pagination, through openstacksdk, the CLI
and raw HTTP for microversion differences."""

from __future__ import annotations

import uuid

import httpx
import openstack.exceptions
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.compute.resources_helpers import nova_headers
from tests.conftest import openstack_cli


def _name() -> str:
    return f"kp-{uuid.uuid4().hex[:8]}"


def _public_key() -> str:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def test_sdk_generate_show_list_delete(demo_connection) -> None:
    conn = demo_connection
    name = _name()
    keypair = conn.compute.create_keypair(name=name)
    assert keypair.private_key.startswith("-----BEGIN")
    assert keypair.public_key.startswith("ssh-rsa ") and keypair.type == "ssh"
    assert len(keypair.fingerprint.split(":")) == 16
    got = conn.compute.get_keypair(name)
    assert got.fingerprint == keypair.fingerprint and got.private_key is None
    assert name in [k.name for k in conn.compute.keypairs()]
    conn.compute.delete_keypair(name, ignore_missing=False)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_keypair(name)


def test_import_fingerprint_matches_md5_of_key(demo_connection) -> None:
    import base64
    import hashlib

    public = _public_key()
    keypair = demo_connection.compute.create_keypair(name=_name(), public_key=public)
    digest = hashlib.md5(base64.b64decode(public.split()[1])).hexdigest()
    assert keypair.fingerprint == ":".join(digest[i:i + 2] for i in range(0, 32, 2))
    assert keypair.public_key == public and keypair.private_key is None


def test_errors(http: httpx.Client, demo_token: str) -> None:
    name = _name()
    body = {"keypair": {"name": name, "public_key": _public_key()}}
    assert http.post("/compute/v2.1/os-keypairs", json=body, headers=nova_headers(demo_token)).status_code == 200
    dup = http.post("/compute/v2.1/os-keypairs", json=body, headers=nova_headers(demo_token))
    assert dup.status_code == 409
    assert dup.json() == {"conflictingRequest": {"code": 409, "message": f"Key pair '{name}' already exists."}}
    bad = http.post("/compute/v2.1/os-keypairs", json={"keypair": {"name": _name(), "public_key": "ssh-rsa nope"}},
                    headers=nova_headers(demo_token))
    assert bad.status_code == 400
    assert bad.json()["badRequest"]["message"] == "Keypair data is invalid: failed to generate fingerprint"
    for invalid in ("bad/name", "", "x" * 256, " leading"):
        response = http.post(
            "/compute/v2.1/os-keypairs", json={"keypair": {"name": invalid}}, headers=nova_headers(demo_token)
        )
        assert response.status_code == 400, invalid
    # '@' and '.' become valid names at 2.92, where generating a key is no longer offered
    at_name = {"keypair": {"name": "me@host.x", "public_key": _public_key()}}
    assert http.post("/compute/v2.1/os-keypairs", json=at_name, headers=nova_headers(demo_token)).status_code == 400
    assert (
        http.post("/compute/v2.1/os-keypairs", json=at_name, headers=nova_headers(demo_token, "2.92")).status_code
        == 201
    )
    gen = http.post(
        "/compute/v2.1/os-keypairs", json={"keypair": {"name": _name()}}, headers=nova_headers(demo_token, "2.92")
    )
    assert gen.status_code == 400
    missing = http.get("/compute/v2.1/os-keypairs/nope", headers=nova_headers(demo_token))
    assert missing.status_code == 404 and missing.json()["itemNotFound"]["message"].startswith("Keypair nope not found")


def test_microversion_status_codes_and_fields(http: httpx.Client, demo_token: str) -> None:
    name = _name()
    created = http.post(
        "/compute/v2.1/os-keypairs",
        json={"keypair": {"name": name, "type": "x509"}},
        headers=nova_headers(demo_token, "2.2"),
    )
    assert created.status_code == 201
    body = created.json()["keypair"]
    assert body["type"] == "x509" and "BEGIN CERTIFICATE" in body["public_key"]
    assert len(body["fingerprint"].split(":")) == 20
    # type is refused before 2.2
    old = http.post(
        "/compute/v2.1/os-keypairs",
        json={"keypair": {"name": _name(), "type": "ssh"}},
        headers=nova_headers(demo_token),
    )
    assert old.status_code == 400
    shown = http.get(f"/compute/v2.1/os-keypairs/{name}", headers=nova_headers(demo_token)).json()["keypair"]
    assert "type" not in shown and shown["deleted"] is False and isinstance(shown["id"], int)
    assert http.delete(f"/compute/v2.1/os-keypairs/{name}", headers=nova_headers(demo_token, "2.2")).status_code == 204
    name2 = _name()
    http.post(
        "/compute/v2.1/os-keypairs",
        json={"keypair": {"name": name2, "public_key": _public_key()}},
        headers=nova_headers(demo_token),
    )
    assert http.delete(f"/compute/v2.1/os-keypairs/{name2}", headers=nova_headers(demo_token)).status_code == 202


def test_pagination_from_2_35(http: httpx.Client, alt_user) -> None:
    token = alt_user
    names = sorted(_name() for _ in range(3))
    for name in names:
        http.post(
            "/compute/v2.1/os-keypairs",
            json={"keypair": {"name": name, "public_key": _public_key()}},
            headers=nova_headers(token),
        )
    page = http.get("/compute/v2.1/os-keypairs", params={"limit": 2}, headers=nova_headers(token, "2.35")).json()
    assert [k["keypair"]["name"] for k in page["keypairs"]] == names[:2]
    assert f"marker={names[1]}" in page["keypairs_links"][0]["href"]
    rest = http.get(
        "/compute/v2.1/os-keypairs", params={"limit": 2, "marker": names[1]}, headers=nova_headers(token, "2.35")
    ).json()
    assert [k["keypair"]["name"] for k in rest["keypairs"]] == names[2:] and "keypairs_links" not in rest
    # before 2.35 limit is ignored
    everything = http.get("/compute/v2.1/os-keypairs", params={"limit": 1}, headers=nova_headers(token)).json()
    assert len(everything["keypairs"]) >= 3
    bad = http.get("/compute/v2.1/os-keypairs", params={"marker": "nope"}, headers=nova_headers(token, "2.35"))
    assert bad.status_code == 400


def test_admin_manages_other_users_keys_from_2_10(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    demo_user = http.get(
        "/identity/v3/auth/tokens", headers={"X-Auth-Token": demo_token, "X-Subject-Token": demo_token}
    ).json()["token"]["user"]["id"]
    name = _name()
    body = {"keypair": {"name": name, "public_key": _public_key(), "user_id": demo_user}}
    created = http.post("/compute/v2.1/os-keypairs", json=body, headers=nova_headers(admin_token, "2.10"))
    assert created.status_code == 201 and created.json()["keypair"]["user_id"] == demo_user
    assert http.get(f"/compute/v2.1/os-keypairs/{name}", headers=nova_headers(demo_token)).status_code == 200
    listed = http.get(
        "/compute/v2.1/os-keypairs", params={"user_id": demo_user}, headers=nova_headers(admin_token, "2.10")
    )
    assert name in [k["keypair"]["name"] for k in listed.json()["keypairs"]]
    # a member may not act for another user
    admin_user = http.get(
        "/identity/v3/auth/tokens", headers={"X-Auth-Token": admin_token, "X-Subject-Token": admin_token}
    ).json()["token"]["user"]["id"]
    forbidden = http.get(
        "/compute/v2.1/os-keypairs", params={"user_id": admin_user}, headers=nova_headers(demo_token, "2.10")
    )
    assert forbidden.status_code == 403
    deleted = http.delete(
        f"/compute/v2.1/os-keypairs/{name}", params={"user_id": demo_user}, headers=nova_headers(admin_token, "2.10")
    )
    assert deleted.status_code == 204


def test_cli_keypair_create(twinstack_cloud) -> None:
    name = _name()
    result = openstack_cli(twinstack_cloud, "keypair", "create", name, user="twinstack")
    assert "PRIVATE KEY" in result.stdout
    listed = openstack_cli(twinstack_cloud, "keypair", "list", "-f", "json", user="twinstack")
    assert name in [k["Name"] for k in listed]


@pytest.fixture
def alt_user(http: httpx.Client) -> str:
    from tests.conftest import password_auth

    response = http.post("/identity/v3/auth/tokens", json=password_auth("alt_demo", "alt_demo", "alt_demo"))
    assert response.status_code == 201
    token = response.headers["X-Subject-Token"]
    for item in http.get("/compute/v2.1/os-keypairs", headers=nova_headers(token)).json()["keypairs"]:
        http.delete(f"/compute/v2.1/os-keypairs/{item['keypair']['name']}", headers=nova_headers(token))
    return token
