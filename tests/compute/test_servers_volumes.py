"""Servers with Cinder volumes: attach and detach through os-volume_attachments, boot from volume,
and a delete that detaches (and deletes what it should)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.compute.helpers import boot, nova, wait_gone, wait_status


@pytest.fixture
def conn(cloud: Any, demo_connection: Any) -> Any:
    if demo_connection.session.get_endpoint(service_type="block-storage", interface="public") is None:
        pytest.skip("no block storage service in this cloud")
    return demo_connection


def _volume(conn: Any, size: int = 1) -> Any:
    volume = conn.block_storage.create_volume(size=size, name="v")
    return conn.block_storage.wait_for_status(volume, "available", interval=0.1, wait=20)


def test_attach_and_detach_a_volume(conn: Any) -> None:
    server = boot(conn, "s")
    volume = _volume(conn)
    r = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments", "2.89",
             json={"volumeAttachment": {"volumeId": volume.id}})
    assert r.status_code == 200, r.text
    attachment = r.json()["volumeAttachment"]
    assert attachment["volumeId"] == volume.id and attachment["device"] == "/dev/vdb"
    assert conn.block_storage.get_volume(volume.id).status == "in-use"
    shown = nova(conn, "GET", f"/servers/{server['id']}", "2.96").json()["server"]
    assert shown["os-extended-volumes:volumes_attached"] == [{"id": volume.id, "delete_on_termination": False}]
    again = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments",
                 json={"volumeAttachment": {"volumeId": volume.id}})
    assert again.status_code in (400, 409)
    assert nova(conn, "DELETE", f"/servers/{server['id']}/os-volume_attachments/{volume.id}").status_code == 202
    assert conn.block_storage.get_volume(volume.id).status == "available"
    # attached again, then the server is deleted: the volume comes back available
    nova(
        conn,
        "POST",
        f"/servers/{server['id']}/os-volume_attachments",
        json={"volumeAttachment": {"volumeId": volume.id}},
    )
    nova(conn, "DELETE", f"/servers/{server['id']}")
    wait_gone(conn, server["id"])
    assert conn.block_storage.get_volume(volume.id).status == "available"


def test_a_device_in_use_is_refused(conn: Any) -> None:
    """Two volumes asking for one device: the second is Nova's DevicePathInUse (409), not a twin."""
    server = boot(conn, "s")
    first, second = _volume(conn), _volume(conn)
    r = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments",
             json={"volumeAttachment": {"volumeId": first.id, "device": "/dev/vdc"}})
    assert r.status_code == 200 and r.json()["volumeAttachment"]["device"] == "/dev/vdc", r.text
    r = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments",
             json={"volumeAttachment": {"volumeId": second.id, "device": "/dev/vdc"}})
    assert r.status_code == 409, r.text
    assert r.json()["conflictingRequest"]["message"] == "The supplied device path (/dev/vdc) is in use."
    assert conn.block_storage.get_volume(second.id).status == "available"


def test_boot_from_volume_and_delete_on_termination(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    r = nova(
        conn,
        "POST",
        "/servers",
        "2.96",
        json={
            "server": {
                "name": "bfv",
                "flavorRef": "1",
                "networks": "none",
                "block_device_mapping_v2": [
                    {
                        "uuid": image.id,
                        "source_type": "image",
                        "destination_type": "volume",
                        "boot_index": 0,
                        "volume_size": 1,
                        "delete_on_termination": True,
                    }
                ],
            }
        },
    )
    assert r.status_code == 202, r.text
    server = wait_status(conn, r.json()["server"]["id"], "ACTIVE")
    assert server["image"] == ""
    attached = server["os-extended-volumes:volumes_attached"]
    assert len(attached) == 1 and attached[0]["delete_on_termination"] is True
    volume_id = attached[0]["id"]
    volume = conn.block_storage.get_volume(volume_id)
    assert volume.status == "in-use"
    assert (volume.name, volume.description) == ("", "")  # Nova creates it with name '' and description ''
    nova(conn, "DELETE", f"/servers/{server['id']}")
    wait_gone(conn, server["id"])
    deadline = time.monotonic() + 10
    while conn.block_storage.find_volume(volume_id) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert conn.block_storage.find_volume(volume_id) is None
    bad = nova(
        conn,
        "POST",
        "/servers",
        "2.96",
        json={
            "server": {
                "name": "x",
                "flavorRef": "1",
                "networks": "none",
                "block_device_mapping_v2": [
                    {
                        "uuid": "11111111-2222-3333-4444-555555555555",
                        "source_type": "volume",
                        "destination_type": "volume",
                        "boot_index": 0,
                    }
                ],
            }
        },
    )
    assert bad.status_code == 400


def test_nova_volume_proxy(conn: Any) -> None:
    r = nova(conn, "POST", "/os-volumes", "2.35", json={"volume": {"size": 1, "display_name": "nv"}})
    assert r.status_code == 200, r.text
    volume = r.json()["volume"]
    assert volume["displayName"] == "nv" and volume["size"] == 1
    deadline = time.monotonic() + 10
    while nova(conn, "GET", f"/os-volumes/{volume['id']}", "2.35").json()["volume"]["status"] != "available":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert volume["id"] in [v["id"] for v in nova(conn, "GET", "/os-volumes/detail", "2.35").json()["volumes"]]
    assert nova(conn, "GET", "/os-volumes", "2.36").status_code == 404
    assert nova(conn, "DELETE", f"/os-volumes/{volume['id']}", "2.35").status_code == 202
    assert nova(conn, "GET", "/os-volumes/11111111-2222-3333-4444-555555555555", "2.35").status_code == 404
