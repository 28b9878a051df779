"""Containers (generic, rsa, certificate) and consumers, through openstacksdk and raw HTTP."""

from __future__ import annotations

from typing import Any

import httpx


def _secret(km: httpx.Client, name: str) -> str:
    made = km.post("/secrets", json={"name": name, "payload": name, "payload_content_type": "text/plain"})
    assert made.status_code == 201, made.text
    return str(made.json()["secret_ref"])


def test_generic_container_through_the_sdk(conn: Any, km: httpx.Client) -> None:
    ref = _secret(km, "one")
    made = conn.key_manager.create_container(name="bag", type="generic", secret_refs=[{"name": "a", "secret_ref": ref}])
    got = conn.key_manager.get_container(made.container_id)
    assert got.name == "bag" and got.type == "generic" and got.status == "ACTIVE"
    assert got.secret_refs == [{"name": "a", "secret_ref": ref}] and got.consumers == []
    assert [c.name for c in conn.key_manager.containers()] == ["bag"]
    conn.key_manager.delete_container(made.container_id)
    assert list(conn.key_manager.containers()) == []


def test_typed_containers_are_checked(km: httpx.Client) -> None:
    pub, priv = _secret(km, "pub"), _secret(km, "priv")
    rsa = km.post("/containers", json={"type": "rsa", "name": "kp", "secret_refs": [
        {"name": "public_key", "secret_ref": pub}, {"name": "private_key", "secret_ref": priv}]})
    assert rsa.status_code == 201
    half = km.post("/containers", json={"type": "rsa", "secret_refs": [{"name": "public_key", "secret_ref": pub}]})
    assert half.status_code == 400 and half.json()["code"] == 400
    assert km.post("/containers", json={"type": "certificate", "secret_refs": [
        {"name": "certificate", "secret_ref": pub}]}).status_code == 201
    assert km.post("/containers", json={"type": "box"}).status_code == 400
    gone = km.post("/containers", json={"type": "generic", "secret_refs": [
        {"name": "x", "secret_ref": pub.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"}]})
    assert gone.status_code == 404
    assert km.get("/containers", params={"type": "rsa"}).json()["total"] == 1


def test_container_and_secret_consumers(km: httpx.Client) -> None:
    ref = _secret(km, "cert")
    cref = km.post("/containers", json={"type": "generic", "secret_refs": [{"name": "c", "secret_ref": ref}]}
                   ).json()["container_ref"]
    cid = cref.rsplit("/", 1)[1]
    consumer = {"name": "lbaas", "URL": "http://lb/1"}
    added = km.post(f"/containers/{cid}/consumers", json=consumer)
    assert added.status_code == 200 and added.json()["consumers"] == [consumer]
    km.post(f"/containers/{cid}/consumers", json=consumer)  # again: once
    listed = km.get(f"/containers/{cid}/consumers").json()
    assert listed["total"] == 1 and listed["consumers"][0]["name"] == "lbaas"
    assert km.request("DELETE", f"/containers/{cid}/consumers", json=consumer).json()["consumers"] == []
    assert km.request("DELETE", f"/containers/{cid}/consumers", json=consumer).status_code == 404
    sid = ref.rsplit("/", 1)[1]
    use = {"service": "image", "resource_type": "image", "resource_id": "abc"}
    assert km.post(f"/secrets/{sid}/consumers", json=use).json()["consumers"] == [use]
    assert km.get(f"/secrets/{sid}/consumers").json()["total"] == 1
    assert km.request("DELETE", f"/secrets/{sid}/consumers", json=use).status_code == 200
    assert km.post(f"/secrets/{sid}/consumers", json={"service": "x"}).status_code == 400


def test_secret_consumers_by_microversion(km: httpx.Client) -> None:
    """Secrets show consumers from 1.1; from 1.2 one with consumers is only deleted with ?force=true."""
    sid = _secret(km, "used").rsplit("/", 1)[1]
    km.post(f"/secrets/{sid}/consumers", json={"service": "image", "resource_type": "image", "resource_id": "i"})
    assert "consumers" not in km.get(f"/secrets/{sid}").json()
    v11 = {"OpenStack-API-Version": "key-manager 1.1"}
    assert km.get(f"/secrets/{sid}", headers=v11).json()["consumers"][0]["service"] == "image"
    v12 = {"OpenStack-API-Version": "key-manager 1.2"}
    kept = km.delete(f"/secrets/{sid}", headers=v12)
    assert kept.status_code == 400 and "consumers" in kept.json()["description"]
    assert km.delete(f"/secrets/{sid}", headers=v12, params={"force": "true"}).status_code == 204
