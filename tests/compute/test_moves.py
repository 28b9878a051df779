"""Resize, cold and live migration, evacuation: the server moves between fake hosts and Placement
follows as in Nova (the migration holds the source during a resize until confirm or revert)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import action, boot, nova, usages, wait_gone, wait_status


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def _host_usage(conn: Any) -> dict[str, tuple[int, int]]:
    """host -> (VCPU, MEMORY_MB) in use, hosts without usage left out."""
    out = {}
    for name, used in usages(conn).items():
        if used:
            out[name] = (used.get("VCPU", 0), used.get("MEMORY_MB", 0))
    return out


def test_resize_confirm_moves_usage(conn: Any) -> None:
    server = boot(conn, "r", "m1.tiny")
    source = server["OS-EXT-SRV-ATTR:host"]
    assert _host_usage(conn) == {source: (1, 512)}
    assert action(conn, server["id"], {"resize": {"flavorRef": "3"}}).status_code == 202
    body = wait_status(conn, server["id"], "VERIFY_RESIZE")
    dest = body["OS-EXT-SRV-ATTR:host"]
    assert dest != source and body["flavor"]["original_name"] == "m1.medium"
    # the migration consumer still holds the old flavor on the source until confirm
    assert _host_usage(conn) == {source: (1, 512), dest: (2, 4096)}
    migrations = nova(conn, "GET", "/os-migrations", "2.80").json()["migrations"]
    assert [(m["migration_type"], m["status"]) for m in migrations] == [("resize", "finished")]
    assert action(conn, server["id"], {"confirmResize": None}).status_code == 204
    wait_status(conn, server["id"], "ACTIVE")
    assert _host_usage(conn) == {dest: (2, 4096)}


def test_resize_revert_goes_back(conn: Any) -> None:
    server = conn.compute.get_server(boot(conn, "r", "m1.tiny")["id"])
    source = server.compute_host
    conn.compute.resize_server(server, "2")
    wait_status(conn, server.id, "VERIFY_RESIZE")
    conn.compute.revert_server_resize(server)
    body = wait_status(conn, server.id, "ACTIVE")
    assert body["OS-EXT-SRV-ATTR:host"] == source and body["flavor"]["original_name"] == "m1.tiny"
    assert _host_usage(conn) == {source: (1, 512)}


def test_resize_bad_input(conn: Any) -> None:
    sid = boot(conn, "r", "m1.small")["id"]
    r = action(conn, sid, {"resize": {"flavorRef": "2"}})
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == "When resizing, instances must change flavor!"
    r = action(conn, sid, {"resize": {"flavorRef": "999"}})
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == "Flavor 999 could not be found."
    r = action(conn, sid, {"resize": {"flavorRef": "1"}})  # 20 GB disk down to 1 GB
    assert r.status_code == 400
    too_big = action(conn, sid, {"resize": {"flavorRef": "5"}})  # m1.xlarge fits nowhere next to it? it does
    assert too_big.status_code == 202
    wait_status(conn, sid, "VERIFY_RESIZE")


def test_resize_to_a_flavor_nowhere_fits_rolls_back(conn: Any) -> None:
    flavor = conn.compute.create_flavor(name="huge", ram=512, vcpus=1, disk=1000)
    sid = boot(conn, "r", "m1.tiny")["id"]
    assert action(conn, sid, {"resize": {"flavorRef": flavor.id}}).status_code == 202
    body = wait_status(conn, sid, "ACTIVE")
    assert body["flavor"]["original_name"] == "m1.tiny"
    assert _host_usage(conn) == {body["OS-EXT-SRV-ATTR:host"]: (1, 512)}
    events = nova(conn, "GET", f"/servers/{sid}/os-instance-actions", "2.84").json()["instanceActions"]
    assert events[0]["action"] == "resize" and events[0]["message"] == "Error"


def test_cold_migrate_then_confirm(conn: Any) -> None:
    server = boot(conn, "m", "m1.small")
    source = server["OS-EXT-SRV-ATTR:host"]
    assert action(conn, server["id"], {"migrate": None}).status_code == 202
    body = wait_status(conn, server["id"], "VERIFY_RESIZE")
    dest = body["OS-EXT-SRV-ATTR:host"]
    assert dest != source
    assert _host_usage(conn) == {source: (1, 2048), dest: (1, 2048)}
    conn.compute.confirm_server_resize(server["id"])
    wait_status(conn, server["id"], "ACTIVE")
    assert _host_usage(conn) == {dest: (1, 2048)}


def test_migrate_to_a_named_host(conn: Any) -> None:
    sid = boot(conn, "m")["id"]
    target = (
        "compute-3"
        if nova(conn, "GET", f"/servers/{sid}", "2.96").json()["server"]["OS-EXT-SRV-ATTR:host"] != "compute-3"
        else "compute-2"
    )
    assert action(conn, sid, {"migrate": {"host": target}}, "2.56").status_code == 202
    assert wait_status(conn, sid, "VERIFY_RESIZE")["OS-EXT-SRV-ATTR:host"] == target
    r = action(conn, sid, {"migrate": {"host": "nowhere"}}, "2.56")
    assert r.status_code in (400, 409)


def test_live_migrate(conn: Any) -> None:
    server = boot(conn, "l", "m1.small")
    source = server["OS-EXT-SRV-ATTR:host"]
    r = action(conn, server["id"], {"os-migrateLive": {"host": None, "block_migration": "auto"}})
    assert r.status_code == 202
    body = wait_status(conn, server["id"], "ACTIVE")
    assert body["OS-EXT-SRV-ATTR:host"] != source
    assert _host_usage(conn) == {body["OS-EXT-SRV-ATTR:host"]: (1, 2048)}
    migrations = nova(conn, "GET", "/os-migrations", "2.80").json()["migrations"]
    assert [(m["migration_type"], m["status"]) for m in migrations] == [("live-migration", "completed")]


def test_evacuate_from_a_down_host(conn: Any) -> None:
    server = boot(conn, "e", "m1.small")
    source = server["OS-EXT-SRV-ATTR:host"]
    r = action(conn, server["id"], {"evacuate": {}}, "2.29")
    assert r.status_code == 400
    assert r.json()["badRequest"]["message"] == f"Compute service of {source} is still in use."
    services = nova(conn, "GET", f"/os-services?host={source}&binary=nova-compute", "2.53").json()["services"]
    down = nova(conn, "PUT", f"/os-services/{services[0]['id']}", "2.53", json={"forced_down": True})
    assert down.status_code == 200, down.text
    shown = nova(conn, "GET", f"/servers/{server['id']}", "2.16").json()["server"]
    assert shown["host_status"] == "DOWN"
    assert action(conn, server["id"], {"evacuate": {}}, "2.29").status_code == 200
    body = wait_status(conn, server["id"], "ACTIVE")  # before 2.95 it arrives running
    assert body["OS-EXT-SRV-ATTR:host"] != source
    assert _host_usage(conn) == {body["OS-EXT-SRV-ATTR:host"]: (1, 2048)}
    # a down host gets nothing new
    for i in range(4):
        assert boot(conn, f"n{i}")["OS-EXT-SRV-ATTR:host"] != source


def test_usage_equals_servers_after_everything(conn: Any) -> None:
    ids = [boot(conn, f"s{i}", flavor)["id"] for i, flavor in enumerate(["m1.tiny", "m1.small", "m1.medium"])]
    action(conn, ids[0], {"resize": {"flavorRef": "2"}})
    wait_status(conn, ids[0], "VERIFY_RESIZE")
    action(conn, ids[0], {"confirmResize": None})
    action(conn, ids[1], {"os-migrateLive": {"host": None, "block_migration": "auto"}})
    nova(conn, "DELETE", f"/servers/{ids[2]}")
    wait_status(conn, ids[0], "ACTIVE")
    wait_status(conn, ids[1], "ACTIVE")
    expected: dict[str, list[int]] = {}
    for sid in ids[:2]:
        body = nova(conn, "GET", f"/servers/{sid}", "2.96").json()["server"]
        used = expected.setdefault(body["OS-EXT-SRV-ATTR:host"], [0, 0])
        used[0] += body["flavor"]["vcpus"]
        used[1] += body["flavor"]["ram"]
    assert _host_usage(conn) == {h: tuple(v) for h, v in expected.items()}


def test_server_migrations_resource(conn: Any) -> None:
    sid = boot(conn, "m")["id"]
    assert nova(conn, "GET", f"/servers/{sid}/migrations", "2.80").json() == {"migrations": []}
    assert nova(conn, "GET", f"/servers/{sid}/migrations/1", "2.80").status_code == 404
    assert nova(conn, "GET", f"/servers/{sid}/migrations", "2.22").status_code == 404
    r = nova(conn, "POST", f"/servers/{sid}/migrations/1/action", "2.22", json={"force_complete": None})
    assert r.status_code == 400


def test_evacuate_at_2_95_arrives_stopped(conn: Any) -> None:
    server = boot(conn, "e")
    services = nova(
        conn, "GET", f"/os-services?host={server['OS-EXT-SRV-ATTR:host']}&binary=nova-compute", "2.53"
    ).json()["services"]
    nova(conn, "PUT", f"/os-services/{services[0]['id']}", "2.53", json={"forced_down": True})
    assert action(conn, server["id"], {"evacuate": {}}, "2.95").status_code == 200
    body = wait_status(conn, server["id"], "SHUTOFF")
    assert body["OS-EXT-SRV-ATTR:host"] != server["OS-EXT-SRV-ATTR:host"]


def test_delete_in_verify_resize_gives_back_both_claims(conn: Any) -> None:
    """A server deleted with its resize unconfirmed: its own claim and its migration's both go, and the
    migration ends in error (destroy_record's open-move branch)."""
    sid = boot(conn, "resized-away")["id"]
    action(conn, sid, {"resize": {"flavorRef": "2"}})
    wait_status(conn, sid, "VERIFY_RESIZE")
    assert nova(conn, "DELETE", f"/servers/{sid}").status_code == 204
    wait_gone(conn, sid)
    assert all(not used for used in usages(conn).values())
    migrations = nova(conn, "GET", f"/os-migrations?instance_uuid={sid}", "2.80").json()["migrations"]
    assert [m["status"] for m in migrations] == ["error"]
