"""Nova 34's microversions 2.97 to 2.104, each through the real server as a client sends them."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.compute.helpers import action, boot, nova, wait_status
from tests.conftest import openstack_cli

IMAGE = "cirros-0.6.3-x86_64-disk"


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def test_the_version_document_says_2_104(conn: Any) -> None:
    version = nova(conn, "GET", "/").json()["version"]
    assert version["version"] == "2.104"
    assert nova(conn, "GET", "/servers", "2.105").status_code == 406


def test_2_97_shares_without_manila(conn: Any) -> None:
    sid = boot(conn, "share")["id"]
    share = str(uuid.uuid4())
    assert nova(conn, "GET", f"/servers/{sid}/shares", "2.96").status_code == 404
    assert nova(conn, "GET", f"/servers/{sid}/shares", "2.97").json() == {"shares": []}
    missing = nova(conn, "GET", f"/servers/{sid}/shares/{share}", "2.97")
    assert missing.status_code == 404
    assert missing.json()["itemNotFound"]["message"] == f"Share {share} could not be found."
    running = nova(conn, "POST", f"/servers/{sid}/shares", "2.97", json={"share": {"share_id": share}})
    assert running.status_code == 409 and "vm_state active" in running.json()["conflictingRequest"]["message"]
    assert action(conn, sid, {"os-stop": None}).status_code == 202
    wait_status(conn, sid, "SHUTOFF")
    attach = nova(conn, "POST", f"/servers/{sid}/shares", "2.97", json={"share": {"share_id": share, "tag": "t1"}})
    assert attach.status_code == 404  # Manila is asked, and knows no such share
    assert nova(conn, "POST", f"/servers/{sid}/shares", "2.97", json={"share": {}}).status_code == 400
    not_uuid = nova(conn, "POST", f"/servers/{sid}/shares", "2.97", json={"share": {"share_id": "share-1"}})
    assert not_uuid.status_code == 400  # Nova's "uuid" format: oslo's is_uuid_like
    assert not_uuid.json()["badRequest"]["message"].endswith("'share-1' is not a 'uuid'")


def test_2_98_image_properties_and_2_100_scheduler_hints(conn: Any) -> None:
    image = conn.image.find_image(IMAGE)
    patch = [{"op": "add", "path": f"/{k}", "value": v}
             for k, v in (("hw_disk_bus", "virtio"), ("os_distro", "cirros"), ("owner_note", "not standard"))]
    conn.image.patch(f"/images/{image.id}", json=patch,
                     headers={"Content-Type": "application/openstack-images-v2.1-json-patch"}).raise_for_status()
    sid = nova(conn, "POST", "/servers", "2.100", json={
        "server": {"name": "h", "imageRef": image.id, "flavorRef": "1", "networks": "none"},
        "os:scheduler_hints": {"different_host": [], "build_near_host_ip": "10.0.0.1"}}).json()["server"]["id"]
    wait_status(conn, sid, "ACTIVE")
    at_97 = nova(conn, "GET", f"/servers/{sid}", "2.97").json()["server"]
    assert "properties" not in at_97["image"] and "scheduler_hints" not in at_97
    at_98 = nova(conn, "GET", f"/servers/{sid}", "2.98").json()["server"]
    assert at_98["image"]["properties"] == {"hw_disk_bus": "virtio", "os_distro": "cirros"}
    at_100 = nova(conn, "GET", f"/servers/{sid}", "2.100").json()["server"]
    # as Nova's RequestSpec keeps them: lists of strings
    assert at_100["scheduler_hints"] == {"different_host": [], "build_near_host_ip": ["10.0.0.1"]}
    listed = nova(conn, "GET", "/servers/detail", "2.100").json()["servers"]
    assert next(s for s in listed if s["id"] == sid)["scheduler_hints"]["different_host"] == []
    plain = boot(conn, "plain", version="2.100")["id"]
    assert nova(conn, "GET", f"/servers/{plain}", "2.100").json()["server"]["scheduler_hints"] == {}


def test_2_99_spice_direct(conn: Any) -> None:
    sid = boot(conn, "console")["id"]
    body = {"remote_console": {"protocol": "spice", "type": "spice-direct"}}
    assert nova(conn, "POST", f"/servers/{sid}/remote-consoles", "2.98", json=body).status_code == 400
    made = nova(conn, "POST", f"/servers/{sid}/remote-consoles", "2.99", json=body)
    assert made.status_code == 200 and made.json()["remote_console"]["type"] == "spice-direct"
    # the native SPICE proxy's URL (nova.conf spice_direct_proxy_base_url, http://host:13002/nova) plus the token
    assert re.fullmatch(r"http://[^/]+:13002/nova\?token=\w+", made.json()["remote_console"]["url"])
    rdp = {"remote_console": {"protocol": "rdp", "type": "rdp-html5"}}
    refused = nova(conn, "POST", f"/servers/{sid}/remote-consoles", "2.99", json=rdp)
    assert refused.status_code == 400 and refused.json()["badRequest"]["message"] == "Unavailable console type rdp."


def test_2_101_volume_attach_is_accepted_without_a_body(conn: Any) -> None:
    sid = boot(conn, "vol")["id"]
    volume = conn.block_storage.create_volume(size=1)
    conn.block_storage.wait_for_status(volume, interval=0.05, wait=30)
    attach = {"volumeAttachment": {"volumeId": volume.id}}
    answer = nova(conn, "POST", f"/servers/{sid}/os-volume_attachments", "2.101", json=attach)
    assert answer.status_code == 202 and answer.content == b""
    listed = nova(conn, "GET", f"/servers/{sid}/os-volume_attachments", "2.101").json()["volumeAttachments"]
    assert [a["volumeId"] for a in listed] == [volume.id]


def test_2_102_flavors_by_name_and_closed_queries(conn: Any) -> None:
    at_101 = nova(conn, "GET", "/flavors/1", "2.101").json()["flavor"]
    assert "rxtx_factor" in at_101 and "OS-FLV-DISABLED:disabled" in at_101
    at_102 = nova(conn, "GET", "/flavors/1", "2.102").json()["flavor"]
    assert "rxtx_factor" not in at_102 and "OS-FLV-DISABLED:disabled" not in at_102
    def named(query: str) -> list[str]:
        return sorted(f["name"] for f in nova(conn, "GET", f"/flavors/detail?{query}", "2.102").json()["flavors"])

    # Nova matches the last name given as an unanchored regular expression (the database's REGEXP)
    assert named("name=m1.tiny&name=ds1G") == ["ds1G"]
    assert named("name=%5Em1%5C.(tiny|small)%24") == ["m1.small", "m1.tiny"]
    assert named("name=s1") == ["ds1G"]
    bad = nova(conn, "GET", "/flavors?name=(", "2.102")
    assert bad.status_code == 400 and bad.json()["badRequest"]["message"] == "Invalid name filter [(]"
    assert nova(conn, "GET", "/flavors?name=m1.tiny", "2.101").status_code == 400  # closed since 2.75
    assert nova(conn, "GET", "/flavors?sort_key=rxtx_factor", "2.102").status_code == 400
    assert nova(conn, "GET", "/flavors/1?foo=1", "2.101").status_code == 200
    closed = nova(conn, "GET", "/flavors/1?foo=1", "2.102")
    assert closed.status_code == 400
    assert closed.json()["badRequest"]["message"] == "Additional properties are not allowed ('foo' was unexpected)"
    assert nova(conn, "GET", "/os-availability-zone?a=1&b=2", "2.102").json()["badRequest"]["message"] == (
        "Additional properties are not allowed ('a', 'b' were unexpected)")
    rxtx = {"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": 1, "rxtx_factor": 1.0}}
    assert nova(conn, "POST", "/flavors", "2.102", json=rxtx).status_code == 400


@pytest.mark.cli
def test_2_102_flavor_list_by_name_through_the_cli(cloud: Any) -> None:
    listed = openstack_cli(cloud, "--os-compute-api-version", "2.102", "flavor", "list", "-f", "json")
    assert {"m1.tiny", "cirros256"} <= {f["Name"] for f in listed}


def test_2_103_no_volumes_boot(conn: Any) -> None:
    assert nova(conn, "GET", "/os-volumes_boot", "2.102").status_code == 200
    assert nova(conn, "GET", "/os-volumes_boot", "2.103").status_code == 404


def test_2_104_pin_and_unpin(conn: Any) -> None:
    sid = boot(conn, "pin", version="2.104")["id"]
    shown = nova(conn, "GET", f"/servers/{sid}", "2.104").json()["server"]
    assert shown["pinned_availability_zone"] is None and shown["OS-EXT-AZ:availability_zone"] == "nova"

    def put(zone: Any, version: str = "2.104") -> Any:
        return nova(conn, "PUT", f"/servers/{sid}", version, json={"server": {"pinned_availability_zone": zone}})

    assert put("nova", "2.103").status_code == 400  # not a field before 2.104
    elsewhere = put("far")
    assert elsewhere.status_code == 409 and "can only be pinned to its current availability zone" in elsewhere.text
    pinned = put("nova")
    assert pinned.status_code == 200 and pinned.json()["server"]["pinned_availability_zone"] == "nova"
    assert put("other").status_code == 409  # unpin first
    assert put(None).json()["server"]["pinned_availability_zone"] is None


def test_topology_and_admin_interface_on_another_projects_network(conn: Any) -> None:
    sid = boot(conn, "topo")["id"]
    assert nova(conn, "GET", f"/servers/{sid}/topology", "2.77").status_code == 404
    assert nova(conn, "GET", f"/servers/{sid}/topology", "2.78").json() == {"nodes": [], "pagesize_kb": None}
    private = conn.network.find_network("private")  # demo's; the admin may attach to it
    attached = nova(conn, "POST", f"/servers/{sid}/os-interface", "2.78", json={"interfaceAttachment": {
        "net_id": private.id}})
    assert attached.status_code == 200 and attached.json()["interfaceAttachment"]["net_id"] == private.id
