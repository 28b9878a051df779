"""The attach/detach state machine: the attachments API (3.27+) and the legacy volume actions."""

from __future__ import annotations

import uuid
from typing import Any

from tests.block_storage.conftest import Cinder

CONNECTOR = {"host": "compute-1", "initiator": "iqn.1993-08.org.debian:01:abc", "ip": "10.0.0.5",
             "platform": "x86_64", "os_type": "linux", "multipath": False, "mountpoint": "/dev/vdb"}


def test_attachments_api_state_machine(demo: Cinder) -> None:
    vid = demo.create_volume(1)["id"]
    server = str(uuid.uuid4())
    response = demo.post("/attachments", {"attachment": {"volume_uuid": vid, "instance_uuid": server}}, version="3.44")
    assert response.status_code == 200, response.text
    att = response.json()["attachment"]
    assert att["status"] == "reserved" and att["instance"] == server
    assert demo.volume(vid)["status"] == "reserved"
    response = demo.put(f"/attachments/{att['id']}", {"attachment": {"connector": CONNECTOR}}, version="3.44")
    assert response.status_code == 200, response.text
    updated = response.json()["attachment"]
    assert updated["connection_info"]["driver_volume_type"] == "iscsi"
    assert updated["status"] == "attaching" and demo.volume(vid)["status"] == "attaching"
    assert demo.post(f"/attachments/{att['id']}/action", {"os-complete": None}, version="3.44").status_code == 204
    volume = demo.volume(vid)
    assert volume["status"] == "in-use"
    assert volume["attachments"][0]["server_id"] == server
    assert volume["attachments"][0]["attachment_id"] == att["id"]
    listed = demo.get(f"/attachments?volume_id={vid}", version="3.44").json()["attachments"]
    assert [a["id"] for a in listed] == [att["id"]] and listed[0]["status"] == "attached"
    # an in-use volume cannot be deleted
    response = demo.delete(f"/volumes/{vid}")
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"].startswith("Invalid volume: Volume status must be available")
    # a second attachment of a non-multiattach volume is refused
    response = demo.post("/attachments", {"attachment": {"volume_uuid": vid, "instance_uuid": str(uuid.uuid4())}},
                         version="3.44")
    assert response.status_code == 400
    assert demo.delete(f"/attachments/{att['id']}", version="3.44").json() == {"attachments": []}
    assert demo.volume(vid)["status"] == "available" and demo.volume(vid)["attachments"] == []
    assert demo.get("/attachments", version="3.26").status_code == 404


def test_sdk_attachment_create_with_connector_and_complete(demo_connection: Any, cloud: Any) -> None:
    conn = demo_connection
    volume = conn.create_volume(size=1, wait=True)
    server = str(uuid.uuid4())
    att = conn.block_storage.create_attachment(volume.id, connector=CONNECTOR, instance=server)
    assert att.connection_info["data"]["target_iqn"].endswith(volume.id)
    conn.block_storage.complete_attachment(att)
    assert conn.block_storage.get_volume(volume.id).status == "in-use"
    conn.block_storage.delete_attachment(att)
    assert conn.block_storage.get_volume(volume.id).status == "available"


def test_legacy_actions(demo: Cinder) -> None:
    vid = demo.create_volume(1)["id"]
    server = str(uuid.uuid4())
    assert demo.action(vid, {"os-reserve": None}).status_code == 202
    assert demo.volume(vid)["status"] == "attaching"
    assert demo.action(vid, {"os-unreserve": None}).status_code == 202
    assert demo.volume(vid)["status"] == "available"
    demo.action(vid, {"os-reserve": None})
    info = demo.action(vid, {"os-initialize_connection": {"connector": CONNECTOR}}).json()["connection_info"]
    assert info["driver_volume_type"] == "iscsi" and info["data"]["volume_id"] == vid
    response = demo.action(vid, {"os-attach": {"instance_uuid": server, "mountpoint": "/dev/vdb", "mode": "rw"}})
    assert response.status_code == 202, response.text
    volume = demo.volume(vid)
    assert volume["status"] == "in-use" and volume["attachments"][0]["device"] == "/dev/vdb"
    assert demo.action(vid, {"os-reserve": None}).status_code == 400
    assert demo.action(vid, {"os-begin_detaching": None}).status_code == 202
    assert demo.volume(vid)["status"] == "detaching"
    assert demo.action(vid, {"os-roll_detaching": None}).status_code == 202
    assert demo.volume(vid)["status"] == "in-use"
    demo.action(vid, {"os-begin_detaching": None})
    assert demo.action(vid, {"os-terminate_connection": {"connector": CONNECTOR}}).status_code == 202
    attachment_id = volume["attachments"][0]["attachment_id"]
    assert demo.action(vid, {"os-detach": {"attachment_id": attachment_id}}).status_code == 202
    assert demo.volume(vid)["status"] == "available"
    assert demo.action(vid, {"os-begin_detaching": None}).status_code == 400
    assert demo.action(vid, {"os-nothing": {}}).json()["badRequest"]["message"] == "There is no such action: os-nothing"


def test_multiattach_type_allows_two_servers(admin: Cinder, demo: Cinder) -> None:
    response = admin.post("/types", {"volume_type": {"name": "multi", "extra_specs": {"multiattach": "<is> True"}}})
    assert response.status_code == 200, response.text
    volume = demo.create_volume(1, volume_type="multi")
    assert volume["multiattach"] is True
    for _ in range(2):
        att = demo.post("/attachments", {"attachment": {"volume_uuid": volume["id"], "instance_uuid": str(uuid.uuid4()),
                                                        "connector": CONNECTOR}}, version="3.54").json()["attachment"]
        demo.post(f"/attachments/{att['id']}/action", {"os-complete": None})
    body = demo.volume(volume["id"])
    assert body["status"] == "in-use" and len(body["attachments"]) == 2


def test_admin_reset_status_and_force_delete(demo: Cinder, admin: Cinder) -> None:
    vid = demo.create_volume(1)["id"]
    assert demo.action(vid, {"os-reset_status": {"status": "error"}}).status_code == 403
    assert admin.action(vid, {"os-reset_status": {"status": "bogus"}}).status_code == 400
    assert admin.action(vid, {"os-reset_status": {"status": "attaching"}}).status_code == 202
    assert demo.volume(vid)["status"] == "attaching"
    assert demo.delete(f"/volumes/{vid}").status_code == 400
    assert admin.action(vid, {"os-force_delete": None}).status_code == 202
    assert demo.get(f"/volumes/{vid}").status_code == 404


def test_extend_retype_bootable_readonly(demo: Cinder, admin: Cinder) -> None:
    vid = demo.create_volume(1)["id"]
    assert demo.action(vid, {"os-extend": {"new_size": 3}}).status_code == 202
    assert demo.volume(vid)["size"] == 3
    response = demo.action(vid, {"os-extend": {"new_size": 2}})
    assert response.status_code == 400 and "New size for extend must be greater" in response.text
    assert demo.action(vid, {"os-set_bootable": {"bootable": True}}).status_code == 200
    assert demo.volume(vid)["bootable"] == "true"
    assert demo.action(vid, {"os-update_readonly_flag": {"readonly": True}}).status_code == 202
    assert demo.action(vid, {"os-retype": {"new_type": "__DEFAULT__", "migration_policy": "never"}}).status_code == 202
    assert demo.volume(vid)["volume_type"] == "__DEFAULT__"
    assert demo.action(vid, {"os-retype": {"new_type": "nope"}}).status_code == 400
    # extending an in-use volume needs 3.42
    att = demo.post("/attachments", {"attachment": {"volume_uuid": vid, "instance_uuid": str(uuid.uuid4()),
                                                    "connector": CONNECTOR}}).json()["attachment"]
    demo.post(f"/attachments/{att['id']}/action", {"os-complete": None})
    assert demo.action(vid, {"os-extend": {"new_size": 4}}, version="3.41").status_code == 400
    assert demo.action(vid, {"os-extend": {"new_size": 4}}, version="3.42").status_code == 202
    assert demo.volume(vid)["size"] == 4 and demo.volume(vid)["status"] == "in-use"


def test_admin_unmanage_forgets_the_volume(demo: Cinder, admin: Cinder) -> None:
    vid = demo.create_volume(3)["id"]
    assert demo.action(vid, {"os-unmanage": None}).status_code == 403
    assert admin.action(vid, {"os-unmanage": None}).status_code == 202
    assert demo.get(f"/volumes/{vid}").status_code == 404
    assert demo.get("/limits").json()["limits"]["absolute"]["totalGigabytesUsed"] == 0
