"""Cinder's encrypted volume types and Nova's encrypted attach through the key manager's local.py: a volume
of an encrypted type gets its own Barbican key (``encryption_key_id``), the key goes with the volume, and
Nova's attach fetches it; with the secret gone the attach fails on the compute side, as Nova's does."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.compute.helpers import boot, nova
from twinstack.testing import Cloud


def _volume(conn: Any, volume_id: str) -> dict[str, Any]:
    url = conn.block_storage.get_endpoint().rstrip("/")
    r = httpx.get(f"{url}/volumes/{volume_id}", headers={"X-Auth-Token": conn.auth_token,
                                                          "OpenStack-API-Version": "volume 3.64"}, timeout=30)
    assert r.status_code == 200, r.text
    return dict(r.json()["volume"])


def _encrypted_type(cloud: Cloud) -> Any:
    admin = cloud.connect("twinstack-admin")
    vtype = admin.block_storage.create_type(name=f"luks-{uuid.uuid4().hex[:6]}")
    admin.block_storage.create_type_encryption(vtype, provider="luks", cipher="aes-xts-plain64", key_size=256,
                                               control_location="front-end")
    return vtype


def _encrypted_volume(conn: Any, vtype: Any) -> dict[str, Any]:
    vol = conn.block_storage.create_volume(size=1, volume_type=vtype.name)
    conn.block_storage.wait_for_status(vol, "available", wait=20)
    return {**_volume(conn, vol.id), "sdk": vol}


def test_encrypted_volume_has_a_barbican_key_deleted_with_it(cloud: Cloud) -> None:
    vtype = _encrypted_type(cloud)
    conn: Any = cloud.connect("twinstack")
    vol = _encrypted_volume(conn, vtype)
    assert vol["encrypted"] is True and vol["encryption_key_id"]
    key = conn.key_manager.get_secret(vol["encryption_key_id"])
    assert (key.secret_type, key.algorithm, key.bit_length) == ("symmetric", "aes", 256)
    assert len(conn.key_manager.get(f"/secrets/{vol['encryption_key_id']}/payload",
                                    headers={"Accept": "application/octet-stream"}).content) == 32
    plain = conn.block_storage.create_volume(size=1)
    assert "encryption_key_id" not in _volume(conn, plain.id)  # Cinder shows it only when set
    conn.block_storage.delete_volume(vol["id"])
    conn.block_storage.wait_for_delete(vol["sdk"], wait=20)
    assert conn.key_manager.get(f"/secrets/{vol['encryption_key_id']}").status_code == 404


def test_nova_attach_fetches_the_key_and_fails_without_it(cloud: Cloud) -> None:
    vtype = _encrypted_type(cloud)
    conn: Any = cloud.connect("twinstack")
    server = boot(conn, "enc")
    good, orphan = _encrypted_volume(conn, vtype), _encrypted_volume(conn, vtype)
    r = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments", "2.79",
             json={"volumeAttachment": {"volumeId": good["id"]}})
    assert r.status_code == 200, r.text
    assert _volume(conn, good["id"])["status"] == "in-use"
    conn.key_manager.delete_secret(orphan["encryption_key_id"])
    r = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments", "2.79",
             json={"volumeAttachment": {"volumeId": orphan["id"]}})
    assert r.status_code == 200, r.text  # accepted: the failure is the compute host's
    assert _volume(conn, orphan["id"])["status"] == "available"
    attached = nova(conn, "GET", f"/servers/{server['id']}/os-volume_attachments", "2.79").json()
    assert [a["volumeId"] for a in attached["volumeAttachments"]] == [good["id"]]
    actions = nova(conn, "GET", f"/servers/{server['id']}/os-instance-actions", "2.79").json()["instanceActions"]
    failed = next(a for a in actions if a["action"] == "attach_volume" and a["request_id"] == r.headers[
        "x-openstack-request-id"])
    assert failed["message"] == "Error"
