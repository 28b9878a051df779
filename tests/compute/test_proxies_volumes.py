"""Nova's os-volumes and os-snapshots proxies over Cinder (compute/api/volumes.py), end to end with
raw calls at 2.1 (openstacksdk does not use them), and their 404 from 2.36."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import boot, nova


@pytest.fixture
def conn(cloud: Any, demo_connection: Any) -> Any:
    return demo_connection


def _create(conn: Any, **volume: Any) -> dict[str, Any]:
    r = nova(conn, "POST", "/os-volumes", "2.1", json={"volume": {"size": 1, **volume}})
    assert r.status_code == 200, r.text
    return dict(r.json()["volume"])


def test_volume_create_has_a_location(conn: Any) -> None:
    r = nova(conn, "POST", "/os-volumes", "2.1", json={"volume": {"size": 1}})
    assert r.headers["Location"].endswith(f"/os-volumes/{r.json()['volume']['id']}")


def test_volume_create_show_list_delete(conn: Any) -> None:
    volume = _create(conn, display_name="pv", display_description="proxied", metadata={"k": "v"})
    assert volume["displayName"] == "pv" and volume["displayDescription"] == "proxied"
    assert volume["size"] == 1 and volume["metadata"] == {"k": "v"} and volume["attachments"] == [{}]
    assert set(volume) == {"id", "status", "size", "availabilityZone", "createdAt", "attachments", "displayName",
                           "displayDescription", "volumeType", "snapshotId", "metadata"}
    assert conn.block_storage.get_volume(volume["id"]).name == "pv"
    shown = nova(conn, "GET", f"/os-volumes/{volume['id']}", "2.1").json()["volume"]
    assert shown["id"] == volume["id"] and shown["status"] == "available"
    for path in ("/os-volumes", "/os-volumes/detail"):
        listed = nova(conn, "GET", path, "2.1").json()["volumes"]
        assert volume["id"] in [v["id"] for v in listed]
    assert nova(conn, "DELETE", f"/os-volumes/{volume['id']}", "2.1").status_code == 202
    gone = nova(conn, "GET", f"/os-volumes/{volume['id']}", "2.1")
    assert gone.status_code == 404 and "itemNotFound" in gone.json()


def test_volume_list_limit_and_offset(conn: Any) -> None:
    ids = [_create(conn, display_name=f"lim{i}")["id"] for i in range(3)]
    everything = [v["id"] for v in nova(conn, "GET", "/os-volumes", "2.1").json()["volumes"]]
    assert set(ids) <= set(everything)
    limited = nova(conn, "GET", "/os-volumes/detail?limit=2", "2.1").json()["volumes"]
    assert len(limited) == 2
    offset = nova(conn, "GET", "/os-volumes?offset=1&limit=1", "2.1").json()["volumes"]
    assert [v["id"] for v in offset] == everything[1:2]


@pytest.mark.parametrize("size", [0, "#$%", None])
def test_volume_create_bad_size_is_400(conn: Any, size: Any) -> None:
    body: dict[str, Any] = {"display_name": "bad"} if size is None else {"size": size}
    r = nova(conn, "POST", "/os-volumes", "2.1", json={"volume": body})
    assert r.status_code == 400 and "badRequest" in r.json(), r.text


def test_attached_volume_shows_its_server(conn: Any) -> None:
    server = boot(conn, "pvs")
    volume = _create(conn)
    r = nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments", "2.1",
             json={"volumeAttachment": {"volumeId": volume["id"]}})
    assert r.status_code == 200, r.text
    shown = nova(conn, "GET", f"/os-volumes/{volume['id']}", "2.1").json()["volume"]
    assert shown["status"] == "in-use"
    [attachment] = shown["attachments"]
    assert attachment["volumeId"] == volume["id"] and attachment["serverId"] == server["id"]
    assert attachment["device"] == "/dev/vdb"
    refused = nova(conn, "DELETE", f"/os-volumes/{volume['id']}", "2.1")
    assert refused.status_code == 400, refused.text


def test_attachment_summary_id_is_the_volume_id(conn: Any) -> None:
    server = boot(conn, "pvs2")
    volume = _create(conn)
    nova(conn, "POST", f"/servers/{server['id']}/os-volume_attachments", "2.1",
         json={"volumeAttachment": {"volumeId": volume["id"]}})
    shown = nova(conn, "GET", f"/os-volumes/{volume['id']}", "2.1").json()["volume"]
    assert shown["attachments"][0]["id"] == volume["id"]


def test_snapshot_create_get_list_delete(conn: Any) -> None:
    volume = _create(conn)
    r = nova(conn, "POST", "/os-snapshots", "2.1", json={"snapshot": {
        "volume_id": volume["id"], "display_name": "ps", "display_description": "snap", "force": False}})
    assert r.status_code == 200, r.text
    snap = r.json()["snapshot"]
    assert set(snap) == {"id", "volumeId", "status", "size", "createdAt", "displayName", "displayDescription"}
    assert snap["volumeId"] == volume["id"] and snap["displayName"] == "ps" and snap["displayDescription"] == "snap"
    assert nova(conn, "GET", f"/os-snapshots/{snap['id']}", "2.1").json()["snapshot"]["status"] == "available"
    for path in ("/os-snapshots", "/os-snapshots/detail"):
        assert snap["id"] in [s["id"] for s in nova(conn, "GET", path, "2.1").json()["snapshots"]]
    assert nova(conn, "DELETE", f"/os-snapshots/{snap['id']}", "2.1").status_code == 202
    assert nova(conn, "GET", f"/os-snapshots/{snap['id']}", "2.1").status_code == 404
    missing = nova(conn, "POST", "/os-snapshots", "2.1", json={"snapshot": {"volume_id": "nope"}})
    assert missing.status_code == 404


def test_gone_from_2_36(conn: Any) -> None:
    for path in ("/os-volumes", "/os-volumes/detail", "/os-snapshots"):
        r = nova(conn, "GET", path, "2.36")
        assert r.status_code == 404 and r.json() == {"itemNotFound": {
            "code": 404, "message": "The resource could not be found."}}
    assert nova(conn, "GET", "/os-volumes", "2.35").status_code == 200


def test_other_projects_volume_is_not_found(conn: Any, openstack_connection: Any) -> None:
    volume = _create(conn)
    admin_volume = openstack_connection.block_storage.create_volume(size=1, name="adminvol")
    assert nova(conn, "GET", f"/os-volumes/{admin_volume.id}", "2.1").status_code == 404
    assert nova(openstack_connection, "GET", f"/os-volumes/{volume['id']}", "2.1").status_code == 200
