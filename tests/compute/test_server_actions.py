"""Server actions through openstacksdk and raw calls: each moves the state machine as Nova does,
refuses the wrong state with Nova's 409, and leaves an instance action with its events."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import action, boot, nova, wait_status


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def test_power_actions_through_the_sdk(conn: Any) -> None:
    server = conn.compute.get_server(boot(conn, "p")["id"])
    steps = [
        (conn.compute.stop_server, "SHUTOFF", 4), (conn.compute.start_server, "ACTIVE", 1),
        (lambda s: conn.compute.reboot_server(s, "SOFT"), "ACTIVE", 1),
        (lambda s: conn.compute.reboot_server(s, "HARD"), "ACTIVE", 1),
        (conn.compute.pause_server, "PAUSED", 3), (conn.compute.unpause_server, "ACTIVE", 1),
        (conn.compute.suspend_server, "SUSPENDED", 7), (conn.compute.resume_server, "ACTIVE", 1),
        (conn.compute.rescue_server, "RESCUE", 1), (conn.compute.unrescue_server, "ACTIVE", 1),
    ]
    for call, status, power in steps:
        call(server)
        body = wait_status(conn, server.id, status)
        assert body["OS-EXT-STS:power_state"] == power, (status, body["OS-EXT-STS:power_state"])
    actions = [a.action for a in conn.compute.server_actions(server)]
    assert actions[-1] == "create" and actions[0] == "unrescue"
    assert actions.count("reboot") == 2


def test_invalid_state_is_409_with_novas_message(conn: Any) -> None:
    sid = boot(conn, "s")["id"]
    r = action(conn, sid, {"os-start": None})
    assert r.status_code == 409
    assert r.json() == {"conflictingRequest": {"code": 409, "message":
                        f"Cannot 'start' instance {sid} while it is in vm_state active"}}
    assert action(conn, sid, {"unpause": None}).status_code == 409
    assert action(conn, sid, {"confirmResize": None}).status_code == 409
    assert action(conn, sid, {"unshelve": None}).status_code == 409
    r = action(conn, sid, {"reboot": {"type": "sideways"}})
    assert r.status_code == 400 and "badRequest" in r.json()
    r = action(conn, sid, {"dance": None})
    assert r.status_code == 400


def test_lock_unlock_and_locked_by_admin(conn: Any, demo_connection: Any) -> None:
    sid = boot(demo_connection, "mine")["id"]
    assert action(conn, sid, {"lock": {"locked_reason": "maintenance"}}, "2.73").status_code == 202
    body = nova(demo_connection, "GET", f"/servers/{sid}", "2.73").json()["server"]
    assert body["locked"] is True and body["locked_reason"] == "maintenance"
    assert "locked" not in nova(demo_connection, "GET", f"/servers/{sid}", "2.8").json()["server"]
    r = action(demo_connection, sid, {"os-stop": None})
    assert r.status_code == 409 and r.json()["conflictingRequest"]["message"] == f"Instance {sid} is locked"
    assert nova(demo_connection, "DELETE", f"/servers/{sid}").status_code == 409
    assert action(demo_connection, sid, {"unlock": None}).status_code == 403  # the admin's lock
    assert action(conn, sid, {"unlock": None}).status_code == 202
    assert action(demo_connection, sid, {"os-stop": None}).status_code == 202
    wait_status(demo_connection, sid, "SHUTOFF")
    locked = nova(demo_connection, "GET", "/servers/detail?locked=false", "2.73").json()["servers"]
    assert [s["id"] for s in locked] == [sid]


def test_rebuild_keeps_id_and_takes_new_image_and_name(conn: Any) -> None:
    sid = boot(conn, "old")["id"]
    other = conn.image.find_image("cirros-alt") or conn.image.find_image("cirros-0.6.3-x86_64-disk")
    r = action(conn, sid, {"rebuild": {"imageRef": other.id, "name": "new", "metadata": {"k": "v"}}})
    assert r.status_code == 202
    assert r.json()["server"]["status"] == "REBUILD" and r.json()["server"]["adminPass"]
    body = wait_status(conn, sid, "ACTIVE")
    assert body["name"] == "new" and body["image"]["id"] == other.id and body["metadata"] == {"k": "v"}
    r = action(conn, sid, {"rebuild": {"imageRef": "11111111-2222-3333-4444-555555555555"}})
    assert r.status_code == 400


def test_create_image_makes_a_glance_snapshot(conn: Any) -> None:
    sid = boot(conn, "snap")["id"]
    r = action(conn, sid, {"createImage": {"name": "snap-1", "metadata": {"purpose": "test"}}})
    assert r.status_code == 202
    image_id = r.json()["image_id"]
    wait_status(conn, sid, "ACTIVE")
    image = conn.image.get_image(image_id)
    assert image.name == "snap-1" and image.status == "active"
    old = action(conn, sid, {"createImage": {"name": "snap-2"}}, "2.44")
    assert old.status_code == 202 and "/images/" in old.headers["Location"]


def test_shelve_offload_and_unshelve(conn: Any) -> None:
    sid = boot(conn, "sh")["id"]
    assert action(conn, sid, {"shelve": None}).status_code == 202
    body = wait_status(conn, sid, "SHELVED_OFFLOADED")
    assert body["OS-EXT-SRV-ATTR:host"] is None
    assert action(conn, sid, {"unshelve": None}).status_code == 202
    body = wait_status(conn, sid, "ACTIVE")
    assert body["OS-EXT-SRV-ATTR:host"].startswith("compute-")


def test_reset_state_force_delete_and_console(conn: Any) -> None:
    sid = boot(conn, "r")["id"]
    out = action(conn, sid, {"os-getConsoleOutput": {"length": 2}})
    assert out.status_code == 200 and len(out.json()["output"].splitlines()) == 2
    console = nova(conn, "POST", f"/servers/{sid}/remote-consoles", "2.6",
                   json={"remote_console": {"protocol": "vnc", "type": "novnc"}})
    assert console.status_code == 200
    assert console.json()["remote_console"]["url"].startswith("http://")
    legacy = action(conn, sid, {"os-getVNCConsole": {"type": "novnc"}}, "2.1")
    assert legacy.json()["console"]["type"] == "novnc"
    assert conn.compute.get_server_console_output(sid)["output"]
    diagnostics = nova(conn, "GET", f"/servers/{sid}/diagnostics", "2.48").json()
    assert diagnostics["driver"] == "libvirt" and diagnostics["num_cpus"] == 1  # as nova/virt/fake.py says
    assert action(conn, sid, {"os-resetState": {"state": "error"}}).status_code == 202
    assert nova(conn, "GET", f"/servers/{sid}").json()["server"]["status"] == "ERROR"
    assert action(conn, sid, {"forceDelete": None}).status_code == 202
    from tests.compute.helpers import wait_gone

    wait_gone(conn, sid)


def test_instance_actions_and_events(conn: Any, demo_connection: Any) -> None:
    sid = boot(demo_connection, "ia")["id"]
    action(demo_connection, sid, {"os-stop": None})
    wait_status(demo_connection, sid, "SHUTOFF")
    listed = nova(demo_connection, "GET", f"/servers/{sid}/os-instance-actions", "2.84").json()["instanceActions"]
    assert [a["action"] for a in listed] == ["stop", "create"]
    request_id = listed[0]["request_id"]
    shown = nova(conn, "GET", f"/servers/{sid}/os-instance-actions/{request_id}", "2.84").json()["instanceAction"]
    assert [e["event"] for e in shown["events"]] == ["compute_stop_instance"]
    assert shown["events"][0]["result"] == "Success" and shown["events"][0]["host"].startswith("compute-")
    mine = nova(demo_connection, "GET", f"/servers/{sid}/os-instance-actions/{request_id}", "2.84").json()
    assert "host" not in mine["instanceAction"]["events"][0] and "traceback" not in mine["instanceAction"]["events"][0]
    assert nova(conn, "GET", f"/servers/{sid}/os-instance-actions/req-nope").status_code == 404
    # each event is appended to its action, which the last one closes
    created = nova(conn, "GET", f"/servers/{sid}/os-instance-actions/{listed[1]['request_id']}",
                   "2.84").json()["instanceAction"]
    assert [e["event"] for e in created["events"]] == ["compute__do_build_and_run_instance"]
    assert created["message"] is None and created["updated_at"] is not None
    finished = nova(conn, "GET", f"/servers/{sid}/os-instance-actions", "2.84").json()["instanceActions"]
    assert all(a["updated_at"] for a in finished)
    assert shown["events"][0]["start_time"] == shown["events"][0]["finish_time"]


def test_attachment_routes_exist(conn: Any) -> None:
    sid = boot(conn, "v")["id"]
    assert nova(conn, "GET", f"/servers/{sid}/os-volume_attachments").json() == {"volumeAttachments": []}
    assert nova(conn, "GET", f"/servers/{sid}/os-interface").json() == {"interfaceAttachments": []}
    assert nova(conn, "GET", f"/servers/{sid}/ips").json() == {"addresses": {}}
    r = nova(conn, "POST", f"/servers/{sid}/os-volume_attachments",
             json={"volumeAttachment": {"volumeId": "11111111-2222-3333-4444-555555555555"}})
    assert r.status_code == 404


@pytest.mark.cli
def test_cli_lifecycle(cloud: Any, openstack_connection: Any) -> None:
    from tests.conftest import openstack_cli

    conn = openstack_connection
    openstack_cli(cloud, "server", "create", "--image", "cirros-0.6.3-x86_64-disk", "--flavor", "m1.small",
                  "--nic", "none",
                  "--wait", "s1")
    sid = conn.compute.find_server("s1").id
    openstack_cli(cloud, "server", "stop", "s1")
    wait_status(conn, sid, "SHUTOFF")
    openstack_cli(cloud, "server", "start", "s1")
    wait_status(conn, sid, "ACTIVE")
    openstack_cli(cloud, "server", "resize", "--flavor", "m1.medium", "--wait", "s1")
    assert wait_status(conn, sid, "VERIFY_RESIZE")["flavor"]["original_name"] == "m1.medium"
    openstack_cli(cloud, "server", "resize", "confirm", "s1")
    before = wait_status(conn, sid, "ACTIVE")["OS-EXT-SRV-ATTR:host"]
    openstack_cli(cloud, "server", "migrate", "--wait", "s1")
    after = wait_status(conn, sid, "VERIFY_RESIZE")["OS-EXT-SRV-ATTR:host"]
    assert after != before
    openstack_cli(cloud, "server", "migrate", "confirm", "s1")
    wait_status(conn, sid, "ACTIVE")
    shown = openstack_cli(cloud, "server", "show", "s1", "-f", "json")
    assert shown["status"] == "ACTIVE" and shown["flavor"]["name"] == "m1.medium"
    openstack_cli(cloud, "server", "delete", "--wait", "s1")
    assert openstack_cli(cloud, "server", "list", "-f", "json") == []


def test_security_group_crash_dump_and_password_actions(conn: Any) -> None:
    """add/removeSecurityGroup change the server's ports in Neutron, as Nova does: a server without a
    port has nothing to change (404); a group already there is refused as Neutron refuses a duplicate."""
    portless = boot(conn, "bare")["id"]
    missing = action(conn, portless, {"addSecurityGroup": {"name": "default"}})
    assert missing.status_code == 404 and "could not be found as device id on any ports" in missing.text
    conn.network.create_security_group(name="web")
    sid = boot(conn, "sg", networks="auto")["id"]
    assert action(conn, sid, {"addSecurityGroup": {"name": "nope"}}).status_code == 404
    assert action(conn, sid, {"addSecurityGroup": {"name": "web"}}).status_code == 202
    assert "web" in {conn.network.get_security_group(g).name
                     for p in conn.network.ports(device_id=sid) for g in p.security_group_ids}
    groups = nova(conn, "GET", f"/servers/{sid}").json()["server"]["security_groups"]
    assert {"name": "web"} in groups
    assert action(conn, sid, {"addSecurityGroup": {"name": "web"}}).status_code == 400
    assert action(conn, sid, {"removeSecurityGroup": {"name": "web"}}).status_code == 202
    assert action(conn, sid, {"removeSecurityGroup": {"name": "web"}}).status_code == 400
    assert action(conn, sid, {"trigger_crash_dump": None}, "2.17").status_code == 202
    assert action(conn, sid, {"trigger_crash_dump": None}, "2.16").status_code == 400
    assert action(conn, sid, {"changePassword": {"adminPass": "s3cret"}}).status_code == 202


def test_malformed_action_bodies_are_400_never_500(conn: Any) -> None:
    sid = boot(conn, "b")["id"]
    bodies = [{"resize": None}, {"resize": {"flavorRef": ""}}, {"rebuild": None}, {"createImage": {}},
              {"os-migrateLive": None}, {"os-resetState": {"state": "bogus"}}, {"reboot": None},
              {"os-getConsoleOutput": {"length": "lots"}}, {"os-getVNCConsole": None}, {"unshelve": "x"},
              {"addSecurityGroup": None}, {"lock": {"locked_reason": 5}}, {"evacuate": {"host": 5}},
              {"resize": {"flavorRef": "1"}, "reboot": {"type": "HARD"}}, [], "reboot"]
    for body in bodies:
        r = nova(conn, "POST", f"/servers/{sid}/action", "2.96", json=body)
        assert r.status_code in (400, 409), (body, r.status_code, r.text)
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    for extra in ({"min_count": "0"}, {"max_count": 0}, {"min_count": "x"}, {"user_data": "not base64!"},
                  {"metadata": {"k": 1}}, {"availability_zone": ""}, {"flavorRef": None}):
        server = {"name": "x", "imageRef": image.id, "flavorRef": "1", "networks": "none", **extra}
        r = nova(conn, "POST", "/servers", "2.96", json={"server": server})
        assert r.status_code == 400, (extra, r.status_code, r.text)
    for query in ("limit=-1", "limit=x", "changes-since=yesterday", "sort_dir=sideways&sort_key=uuid",
                  "marker=missing", "status=NOPE"):
        assert nova(conn, "GET", f"/servers/detail?{query}", "2.96").status_code == 400, query
    assert nova(conn, "PUT", f"/servers/{sid}", "2.96", json={"server": None}).status_code == 400
    assert nova(conn, "PUT", f"/servers/{sid}/tags/{'x' * 61}", "2.96").status_code == 400
    assert [s["id"] for s in nova(conn, "GET", "/servers", "2.96").json()["servers"]] == [sid]


def test_tempest_shaped_details(conn: Any) -> None:
    """Details tempest checks: reduced update bodies before 2.75, console tails, compact IPv6,
    the shelved image, backups, restore's 409, server password, external events, extensions."""
    sid = boot(conn, "t", accessIPv6="0000:0000:0000:0000:0000:babe:220.12.22.2")["id"]
    assert nova(conn, "GET", f"/servers/{sid}").json()["server"]["accessIPv6"] == "::babe:dc0c:1602"
    old = nova(conn, "PUT", f"/servers/{sid}", "2.74", json={"server": {"name": "t2"}}).json()["server"]
    assert "OS-EXT-STS:vm_state" not in old and "key_name" not in old and old["name"] == "t2"
    new = nova(conn, "PUT", f"/servers/{sid}", "2.75", json={"server": {"name": "t3"}}).json()["server"]
    assert new["OS-EXT-STS:vm_state"] == "active"
    output = action(conn, sid, {"os-getConsoleOutput": {"length": 3}}).json()["output"]
    assert len(output.split("\n")) == 3
    backup = action(conn, sid, {"createBackup": {"name": "b1", "backup_type": "daily", "rotation": 1}})
    assert backup.status_code == 202
    wait_status(conn, sid, "ACTIVE")
    r = action(conn, sid, {"restore": None})
    assert r.status_code == 409 and "vm_state active" in r.json()["conflictingRequest"]["message"]
    assert action(conn, sid, {"injectNetworkInfo": None}).status_code == 202
    assert nova(conn, "GET", f"/servers/{sid}/os-server-password").json() == {"password": ""}
    assert nova(conn, "DELETE", f"/servers/{sid}/os-server-password").status_code == 204
    events = nova(conn, "POST", "/os-server-external-events", json={"events": [
        {"server_uuid": sid, "name": "network-changed"},
        {"server_uuid": "11111111-2222-3333-4444-555555555555", "name": "network-changed"}]})
    assert events.status_code == 207 and [e["code"] for e in events.json()["events"]] == [200, 404]
    assert any(e["alias"] == "os-consoles" for e in nova(conn, "GET", "/extensions").json()["extensions"])
    assert nova(conn, "GET", "/extensions/os-consoles").status_code == 200
    listed = nova(conn, "GET", "/extensions").json()["extensions"]
    assert {"ImageSize", "DiskConfig", "Keypairs", "ServerGroups"} <= {e["name"] for e in listed}
    assert len(listed) == 99  # Nova 34's fixed list
    action(conn, sid, {"shelve": None})
    wait_status(conn, sid, "SHELVED_OFFLOADED")
    assert [i.name for i in conn.image.images(name="t3-shelved")] == ["t3-shelved"]


def test_nova_image_proxy_shows_a_snapshot(conn: Any) -> None:
    sid = boot(conn, "img")["id"]
    image_id = action(conn, sid, {"createImage": {"name": "snap", "metadata": {"k": "v"}}}).json()["image_id"]
    wait_status(conn, sid, "ACTIVE")
    shown = nova(conn, "GET", f"/images/{image_id}", "2.35").json()["image"]
    assert shown["status"] == "ACTIVE" and shown["name"] == "snap" and shown["server"]["id"] == sid
    assert nova(conn, "GET", f"/images/{image_id}/metadata/k", "2.35").json() == {"meta": {"k": "v"}}
    r = nova(conn, "POST", f"/images/{image_id}/metadata", "2.35", json={"metadata": {"extra": "1"}})
    assert r.status_code == 200 and r.json()["metadata"]["extra"] == "1"
    assert nova(conn, "DELETE", f"/images/{image_id}/metadata/extra", "2.35").status_code == 204
    assert "extra" not in nova(conn, "GET", f"/images/{image_id}/metadata", "2.35").json()["metadata"]
    listed = nova(conn, "GET", f"/images/detail?server={sid}", "2.35").json()["images"]
    assert [i["id"] for i in listed] == [image_id]
    names = [i["name"] for i in nova(conn, "GET", "/images", "2.35").json()["images"]]
    assert "snap" in names and "cirros-0.6.3-x86_64-disk" in names
    assert nova(conn, "GET", f"/images/{image_id}", "2.36").status_code == 404
    assert nova(conn, "GET", "/images/11111111-2222-3333-4444-555555555555", "2.1").status_code == 404
    assert nova(conn, "DELETE", f"/images/{image_id}", "2.35").status_code == 204
    assert nova(conn, "GET", f"/images/{image_id}", "2.35").status_code == 404


def test_backup_rotation_and_unshelve_drops_the_shelved_image(conn: Any) -> None:
    sid = boot(conn, "rot")["id"]
    for n in range(3):
        r = action(conn, sid, {"createBackup": {"name": f"b{n}", "backup_type": "daily", "rotation": 2}})
        assert r.status_code == 202, r.text
        wait_status(conn, sid, "ACTIVE")
    names = sorted(i.name for i in conn.image.images() if i.name in ("b0", "b1", "b2"))
    assert names == ["b1", "b2"]
    action(conn, sid, {"shelve": None})
    wait_status(conn, sid, "SHELVED_OFFLOADED")
    assert [i.name for i in conn.image.images(name="rot-shelved")] == ["rot-shelved"]
    action(conn, sid, {"unshelve": None})
    wait_status(conn, sid, "ACTIVE")
    assert list(conn.image.images(name="rot-shelved")) == []
