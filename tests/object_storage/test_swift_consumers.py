"""Swift behind other services, through object_storage/local.py: Cinder's Swift backup driver writes each
backup's objects to the project's ``volumebackups`` container (and deletes them with it), and Glance's swift
store keeps image data as objects of the service project's ``glance`` container."""

from __future__ import annotations

import json
from typing import Any

import pytest

from twinstack.testing import Cloud

MODEL = "models/swift_backends.yaml"


@pytest.mark.twinstack_model(MODEL)
def test_cinder_backup_objects_in_the_projects_account(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    vol = conn.block_storage.create_volume(size=1, name="data")
    conn.block_storage.wait_for_status(vol, "available", wait=20)
    backup = conn.block_storage.create_backup(volume_id=vol.id, name="nightly")
    backup = conn.block_storage.wait_for_status(backup, "available", wait=20)
    assert backup.container == "volumebackups" and backup.object_count == 4
    names = [o.name for o in conn.object_store.objects("volumebackups")]
    prefix = names[0].rsplit("-", 1)[0]
    assert prefix.startswith(f"volume_{vol.id}/") and prefix.endswith(f"/az_nova_backup_{backup.id}")
    assert sorted(names) == sorted([f"{prefix}-0000{i}" for i in range(1, 5)] + [
        f"{prefix}_metadata", f"{prefix}_sha256file"])
    meta = json.loads(conn.object_store.download_object(f"{prefix}_metadata", "volumebackups"))
    assert meta["backup_id"] == backup.id and len(meta["objects"]) == 4
    incremental = conn.block_storage.create_backup(volume_id=vol.id, is_incremental=True)
    incremental = conn.block_storage.wait_for_status(incremental, "available", wait=20)
    assert len(list(conn.object_store.objects("volumebackups"))) == 8  # its metadata and sha256 file only
    restored = conn.block_storage.restore_backup(backup, name="restored")
    conn.block_storage.wait_for_status(conn.block_storage.get_volume(restored.volume_id), "available", wait=20)
    conn.block_storage.delete_backup(incremental)
    conn.block_storage.wait_for_delete(incremental, wait=20)
    conn.block_storage.delete_backup(backup)
    conn.block_storage.wait_for_delete(backup, wait=20)
    assert list(conn.object_store.objects("volumebackups")) == []


@pytest.mark.twinstack_model(MODEL)
def test_restore_fails_when_the_backup_objects_are_gone(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    vol = conn.block_storage.create_volume(size=1)
    conn.block_storage.wait_for_status(vol, "available", wait=20)
    backup = conn.block_storage.wait_for_status(conn.block_storage.create_backup(volume_id=vol.id), "available",
                                                wait=20)
    for obj in list(conn.object_store.objects("volumebackups")):
        conn.object_store.delete_object(obj, container="volumebackups")
    restored = conn.block_storage.restore_backup(backup, name="from-nothing")
    target = conn.block_storage.get_volume(restored.volume_id)
    assert conn.block_storage.wait_for_status(target, "error_restoring", failures=[], wait=20).status \
        == "error_restoring"
    assert conn.block_storage.get_backup(backup.id).status == "available"


@pytest.mark.twinstack_model(MODEL)
def test_glance_keeps_image_data_in_swift(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    admin: Any = cloud.connect("twinstack-admin")
    stores = conn.image.get("/info/stores").json()["stores"]
    assert stores == [{"id": "swift", "description": stores[0]["description"], "default": "true"}]
    data = b"swift image " * 10_000
    image = conn.image.create_image(name="in-swift", disk_format="raw", container_format="bare", data=data)
    shown = conn.image.get(f"/images/{image.id}").json()
    assert shown["status"] == "active" and shown["stores"] == "swift"
    assert conn.image.download_image(image).content == data
    service = admin.connect_as_project("service")
    obj = service.object_store.get_object_metadata(image.id, "glance")
    assert obj.content_length == len(data) and obj.etag == image.checksum
    locations = admin.image.get(f"/images/{image.id}/locations",
                                headers={"OpenStack-API-Version": "image 2.17"}).json()
    assert locations == [{"url": f"swift+config://ref1/glance/{image.id}", "metadata": {"store": "swift"}}]
    conn.image.delete_image(image)
    assert [o.name for o in service.object_store.objects("glance")] == []
