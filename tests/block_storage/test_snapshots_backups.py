"""Snapshots, backups (create, restore), transfers, and volumes from and to images."""

from __future__ import annotations

from typing import Any

from tests.block_storage.conftest import Cinder


def test_snapshot_crud_and_metadata(demo_connection: Any, demo: Cinder, cloud: Any) -> None:
    conn = demo_connection
    volume = conn.create_volume(size=1, wait=True)
    snap = conn.block_storage.create_snapshot(volume_id=volume.id, name="s1", description="first",
                                              metadata={"k": "v"})
    snap = conn.block_storage.wait_for_status(snap, "available")
    assert snap.size == 1 and snap.metadata == {"k": "v"}
    assert [s.name for s in conn.block_storage.snapshots()] == ["s1"]
    conn.block_storage.update_snapshot(snap, name="renamed")
    assert conn.block_storage.get_snapshot(snap.id).name == "renamed"
    assert demo.post(f"/snapshots/{snap.id}/metadata", {"metadata": {"x": "y"}}).json()["metadata"] == {
        "k": "v",
        "x": "y",
    }
    # a volume with snapshots cannot be deleted; with cascade it can
    assert demo.delete(f"/volumes/{volume.id}").status_code == 400
    assert demo.delete(f"/volumes/{volume.id}?cascade=true").status_code == 202
    assert demo.get(f"/snapshots/{snap.id}").status_code == 404


def test_snapshot_of_in_use_volume_needs_force_before_366(demo: Cinder, admin: Cinder) -> None:
    vid = demo.create_volume(1)["id"]
    admin.action(vid, {"os-reset_status": {"status": "in-use"}})
    response = demo.post("/snapshots", {"snapshot": {"volume_id": vid}}, version="3.65")
    assert response.status_code == 400
    assert demo.post("/snapshots", {"snapshot": {"volume_id": vid, "force": True}}, version="3.65").status_code == 202
    assert demo.post("/snapshots", {"snapshot": {"volume_id": vid}}, version="3.66").status_code == 202
    assert demo.post("/snapshots", {"snapshot": {"volume_id": vid, "force": False}}, version="3.66").status_code == 400


def test_backup_create_restore_new_and_existing(demo_connection: Any, demo: Cinder, cloud: Any) -> None:
    conn = demo_connection
    volume = conn.create_volume(size=1, name="orig", wait=True)
    backup = conn.block_storage.create_backup(volume_id=volume.id, name="b1")
    backup = conn.block_storage.wait_for_status(backup, "available")
    assert backup.volume_id == volume.id and backup.size == 1
    assert conn.block_storage.get_volume(volume.id).status == "available"
    assert [b.name for b in conn.block_storage.backups()] == ["b1"]
    restored = demo.post(f"/backups/{backup.id}/restore", {"restore": {"name": "restored"}}).json()["restore"]
    new_volume = demo.volume(restored["volume_id"])
    assert new_volume["status"] == "available" and new_volume["name"] == "restored"
    target = demo.create_volume(2)["id"]
    response = demo.post(f"/backups/{backup.id}/restore", {"restore": {"volume_id": target}})
    assert response.status_code == 202 and response.json()["restore"]["volume_id"] == target
    assert demo.volume(target)["status"] == "available"
    assert demo.get("/limits").json()["limits"]["absolute"]["totalBackupsUsed"] == 1
    conn.block_storage.delete_backup(backup)
    assert list(conn.block_storage.backups()) == []


def test_backup_of_in_use_volume_needs_force(demo: Cinder, admin: Cinder) -> None:
    vid = demo.create_volume(1)["id"]
    admin.action(vid, {"os-reset_status": {"status": "in-use"}})
    assert demo.post("/backups", {"backup": {"volume_id": vid}}).status_code == 400
    response = demo.post("/backups", {"backup": {"volume_id": vid, "force": True}})
    assert response.status_code == 202
    assert demo.volume(vid)["status"] == "in-use"


def test_transfer_to_another_project(demo: Cinder, alt: Cinder) -> None:
    vid = demo.create_volume(1, name="gift")["id"]
    response = demo.post("/os-volume-transfer", {"transfer": {"volume_id": vid, "name": "t"}})
    assert response.status_code == 202
    transfer = response.json()["transfer"]
    assert transfer["auth_key"] and demo.volume(vid)["status"] == "awaiting-transfer"
    assert [t["id"] for t in demo.get("/os-volume-transfer").json()["transfers"]] == [transfer["id"]]
    wrong = alt.post(f"/os-volume-transfer/{transfer['id']}/accept", {"accept": {"auth_key": "nope"}})
    assert wrong.status_code == 400
    accepted = alt.post(f"/os-volume-transfer/{transfer['id']}/accept", {"accept": {"auth_key": transfer["auth_key"]}})
    assert accepted.status_code == 202, accepted.text
    assert alt.volume(vid)["status"] == "available"
    assert demo.get(f"/volumes/{vid}").status_code == 404
    # a transfer can also be cancelled
    other = demo.create_volume(1)["id"]
    t2 = demo.post("/os-volume-transfer", {"transfer": {"volume_id": other}}).json()["transfer"]
    assert demo.delete(f"/os-volume-transfer/{t2['id']}").status_code == 202
    assert demo.volume(other)["status"] == "available"


def test_volume_from_image_and_upload_to_image(demo_connection: Any, demo: Cinder, cloud: Any) -> None:
    conn = demo_connection
    image = next(i for i in conn.image.images() if i.name == "cirros-0.6.3-x86_64-disk")
    volume = conn.create_volume(size=1, image=image.id, wait=True)
    body = demo.volume(volume.id)
    assert body["bootable"] == "true"
    assert body["volume_image_metadata"]["image_id"] == image.id
    assert body["volume_image_metadata"]["image_name"] == "cirros-0.6.3-x86_64-disk"
    response = demo.action(
        volume.id, {"os-volume_upload_image": {"image_name": "from-volume", "disk_format": "raw"}}, version="3.1"
    )
    assert response.status_code == 202, response.text
    uploaded = response.json()["os-volume_upload_image"]
    glance = conn.image.get_image(uploaded["image_id"])
    assert glance.name == "from-volume" and glance.disk_format == "raw"
    assert demo.volume(volume.id)["status"] == "available"
    missing = demo.post("/volumes", {"volume": {"size": 1, "imageRef": "00000000-0000-0000-0000-000000000000"}})
    assert missing.status_code == 400


def test_backup_export_and_import_record(demo: Cinder, admin: Cinder) -> None:
    import base64
    import json
    import uuid

    vid = demo.create_volume(1)["id"]
    bid = demo.post("/backups", {"backup": {"volume_id": vid, "name": "exported"}}).json()["backup"]["id"]
    assert demo.get(f"/backups/{bid}/export_record").status_code == 403
    record = admin.get(f"/backups/{bid}/export_record").json()["backup-record"]
    assert record["backup_service"].startswith("cinder.backup.drivers")
    data = json.loads(base64.b64decode(record["backup_url"]))
    data["id"] = new_id = str(uuid.uuid4())
    url = base64.b64encode(json.dumps(data).encode()).decode()
    response = admin.post(
        "/backups/import_record", {"backup-record": {"backup_service": record["backup_service"], "backup_url": url}}
    )
    assert response.status_code == 201 and response.json()["backup"]["id"] == new_id
    assert admin.get(f"/backups/{new_id}").json()["backup"]["status"] == "available"
    bad = admin.post(
        "/backups/import_record", {"backup-record": {"backup_service": record["backup_service"], "backup_url": "%%%"}}
    )
    assert bad.status_code == 400


def test_reimage_and_time_filters(demo_connection: Any, demo: Cinder, cloud: Any) -> None:
    image = next(i for i in demo_connection.image.images() if i.name == "cirros-0.6.3-x86_64-disk")
    vid = demo.create_volume(1)["id"]
    assert demo.action(vid, {"os-reimage": {"image_id": image.id}}, version="3.67").status_code == 400
    assert demo.action(vid, {"os-reimage": {"image_id": image.id}}, version="3.68").status_code == 202
    volume = demo.volume(vid)
    assert volume["status"] == "available" and volume["bootable"] == "true"
    assert volume["volume_image_metadata"]["image_name"] == "cirros-0.6.3-x86_64-disk"
    created = volume["created_at"]
    assert [v["id"] for v in demo.get(f"/volumes?created_at=gte:{created}", version="3.60").json()["volumes"]] == [vid]
    assert demo.get(f"/volumes?created_at=gt:{created}", version="3.60").json()["volumes"] == []
    assert demo.get("/volumes?created_at=soon:x", version="3.60").status_code == 400
    filters = demo.get("/resource_filters?resource=volume", version="3.33").json()["resource_filters"]
    assert filters[0]["resource"] == "volume" and "metadata" in filters[0]["filters"]
