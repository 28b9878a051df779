"""Orders: a key order makes a symmetric secret of the asked size, an asymmetric one an RSA key pair in an
rsa container; both through openstacksdk, checked with ``cryptography``."""

from __future__ import annotations

from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization


def test_key_order_through_the_sdk(conn: Any) -> None:
    km = conn.key_manager
    order = km.create_order(type="key", meta={"name": "disk", "algorithm": "aes", "bit_length": 256,
                                              "mode": "cbc", "payload_content_type": "application/octet-stream"})
    got = km.get_order(order.order_id)
    assert got.status == "ACTIVE" and got.type == "key" and got.meta["name"] == "disk"
    secret = km.get_secret(got.secret_id)
    assert secret.secret_type == "symmetric" and secret.bit_length == 256 and secret.algorithm == "aes"
    assert isinstance(secret.payload, bytes) and len(secret.payload) == 32
    assert [o.order_id for o in km.orders()] == [order.order_id]
    km.delete_order(order.order_id)
    assert list(km.orders()) == []


def test_asymmetric_order_makes_an_rsa_container(km: httpx.Client) -> None:
    made = km.post("/orders", json={"type": "asymmetric", "meta": {"name": "kp", "algorithm": "rsa",
                                                                   "bit_length": 2048, "passphrase": "pw"}})
    assert made.status_code == 202, made.text
    order = km.get(made.json()["order_ref"].split("/v1", 1)[1]).json()
    assert order["status"] == "ACTIVE" and "container_ref" in order
    container = km.get(order["container_ref"].split("/v1", 1)[1]).json()
    assert container["type"] == "rsa"
    refs = {r["name"]: r["secret_ref"].split("/v1", 1)[1] for r in container["secret_refs"]}
    assert set(refs) == {"private_key", "public_key", "private_key_passphrase"}
    private = km.get(refs["private_key"] + "/payload", headers={"Accept": "application/octet-stream"}).content
    key = serialization.load_pem_private_key(private, password=b"pw")
    public = km.get(refs["public_key"] + "/payload", headers={"Accept": "application/octet-stream"}).content
    assert serialization.load_pem_public_key(public).public_numbers() == key.public_key().public_numbers()


def test_bad_orders(km: httpx.Client) -> None:
    assert km.post("/orders", json={"type": "key", "meta": {"algorithm": "aes", "bit_length": 7}}).status_code == 400
    assert km.post("/orders", json={"type": "key", "meta": {"algorithm": "rot13", "bit_length": 8}}).status_code == 400
    assert km.post("/orders", json={"type": "certificate", "meta": {}}).status_code == 400
    assert km.post("/orders", json={"type": "asymmetric", "meta": {"algorithm": "rsa", "bit_length": 100}}
                   ).status_code == 400
    assert km.get("/orders/00000000-0000-0000-0000-000000000000").status_code == 404
