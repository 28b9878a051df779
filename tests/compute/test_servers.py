"""Servers end to end: boot and delete through openstacksdk and the CLI, list filters, sort and pages,
show/update, multi-create, another project's server, and bad input answered as Nova answers it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import action, boot, nova, wait_gone, wait_status
from tests.conftest import openstack_cli


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def test_sdk_boots_to_active_and_deletes(conn: Any) -> None:
    server = conn.create_server("s1", image="cirros-0.6.3-x86_64-disk", flavor="m1.small", auto_ip=False, wait=True,
                                timeout=30)
    assert server.status == "ACTIVE"
    assert server.flavor.original_name == "m1.small" and server.flavor.ram == 2048
    assert server.compute_host.startswith("compute-")
    assert server.hypervisor_hostname == server.compute_host
    assert server.vm_state == "active" and server.power_state == 1 and server.task_state is None
    assert server.availability_zone == "nova"
    assert server.launched_at and server.host_id
    assert [s.name for s in conn.compute.servers()] == ["s1"]
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, interval=0.1, wait=20)
    assert list(conn.compute.servers()) == []


@pytest.mark.cli
def test_cli_server_create_wait_list_delete(cloud: Any) -> None:
    created = openstack_cli(cloud, "server", "create", "--image", "cirros-0.6.3-x86_64-disk", "--flavor", "m1.small",
                            "--wait",
                            "-f", "json", "s1")
    assert created["status"] == "ACTIVE" and created["name"] == "s1"
    listed = openstack_cli(cloud, "server", "list", "-f", "json")
    assert [(s["Name"], s["Status"]) for s in listed] == [("s1", "ACTIVE")]
    openstack_cli(cloud, "server", "delete", "--wait", "s1")
    assert openstack_cli(cloud, "server", "list", "-f", "json") == []


def test_create_answers_nova_shape_and_location(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    response = nova(conn, "POST", "/servers", "2.96", json={"server": {
        "name": "x", "imageRef": image.id, "flavorRef": "1", "networks": "none"}})
    assert response.status_code == 202
    body = response.json()["server"]
    assert set(body) == {"id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass"}
    assert response.headers["Location"] == body["links"][0]["href"]
    assert body["links"][0]["href"].endswith(f"/compute/v2.1/servers/{body['id']}")
    assert response.headers["OpenStack-API-Version"] == "compute 2.96"
    wait_status(conn, body["id"], "ACTIVE")


def test_multi_create_with_reservation_id(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    response = nova(conn, "POST", "/servers", "2.96", json={"server": {
        "name": "web", "imageRef": image.id, "flavorRef": "1", "networks": "none", "min_count": 2,
        "max_count": 3, "return_reservation_id": True}})
    assert response.status_code == 202, response.text
    reservation = response.json()["reservation_id"]
    assert reservation.startswith("r-")
    listed = nova(conn, "GET", f"/servers/detail?reservation_id={reservation}", "2.96").json()["servers"]
    assert sorted(s["name"] for s in listed) == ["web-1", "web-2", "web-3"]
    for s in listed:
        wait_status(conn, s["id"], "ACTIVE")
    assert sorted(s["OS-EXT-SRV-ATTR:launch_index"] for s in listed) == [0, 1, 2]


def test_list_filters_sort_and_pages(conn: Any) -> None:
    ids = {}
    for name, flavor in (("alpha", "m1.tiny"), ("beta", "m1.small"), ("alphabet", "m1.tiny")):
        ids[name] = boot(conn, name, flavor)["id"]
    action(conn, ids["beta"], {"os-stop": None})
    wait_status(conn, ids["beta"], "SHUTOFF")

    def names(query: str, version: str = "2.96") -> list[str]:
        response = nova(conn, "GET", "/servers/detail" + query, version)
        assert response.status_code == 200, response.text
        return [s["name"] for s in response.json()["servers"]]

    assert names("?sort_key=display_name&sort_dir=asc") == ["alpha", "alphabet", "beta"]
    assert names("") == ["alphabet", "beta", "alpha"]  # newest first
    assert sorted(names("?name=^alpha")) == ["alpha", "alphabet"]
    assert names("?name=bet$") == ["alphabet"]
    assert names("?status=SHUTOFF") == ["beta"]
    assert sorted(names("?flavor=1")) == ["alpha", "alphabet"]
    assert names("?host=compute-1&sort_key=display_name&sort_dir=asc") == sorted(
        n
        for n, i in ids.items()
        if nova(conn, "GET", f"/servers/{i}", "2.96").json()["server"]["OS-EXT-SRV-ATTR:host"] == "compute-1"
    )
    page = nova(conn, "GET", "/servers?limit=2&sort_key=display_name&sort_dir=asc", "2.96").json()
    assert [s["name"] for s in page["servers"]] == ["alpha", "alphabet"]
    next_href = page["servers_links"][0]["href"]
    assert "marker=" in next_href and "limit=2" in next_href
    rest = nova(conn, "GET", "/servers" + next_href.split("/servers", 1)[1], "2.96").json()
    assert [s["name"] for s in rest["servers"]] == ["beta"] and "servers_links" not in rest
    assert nova(conn, "GET", "/servers?marker=nope").status_code == 400
    assert nova(conn, "GET", "/servers?sort_key=bogus").status_code == 400
    # the sdk pages through the same links
    assert len(list(conn.compute.servers(limit=1))) == 3


def test_tags_and_changes_since_filters(conn: Any) -> None:
    a = boot(conn, "a", tags=["red", "big"])["id"]
    b = boot(conn, "b", tags=["red"])["id"]
    assert nova(conn, "GET", f"/servers/{a}/tags", "2.26").json() == {"tags": ["red", "big"]}

    def names(query: str) -> list[str]:
        return sorted(s["name"] for s in nova(conn, "GET", "/servers" + query, "2.96").json()["servers"])

    assert names("?tags=red,big") == ["a"]
    assert names("?tags-any=big,red") == ["a", "b"]
    assert names("?not-tags=big") == ["b"]
    stamp = nova(conn, "GET", f"/servers/{b}", "2.96").json()["server"]["updated"]
    nova(conn, "DELETE", f"/servers/{a}")
    wait_gone(conn, a)
    changed = nova(conn, "GET", f"/servers/detail?changes-since={stamp}", "2.96").json()["servers"]
    assert {s["name"]: s["status"] for s in changed}.get("a") == "DELETED"


def test_show_update_and_another_projects_server(conn: Any, demo_connection: Any) -> None:
    server = boot(conn, "mine")
    response = nova(
        conn, "PUT", f"/servers/{server['id']}", "2.96", json={"server": {"name": "renamed", "description": "hello"}}
    )
    assert response.status_code == 200
    assert response.json()["server"]["name"] == "renamed"
    assert response.json()["server"]["description"] == "hello"
    hidden = nova(demo_connection, "GET", f"/servers/{server['id']}")
    assert hidden.status_code == 404
    assert hidden.json() == {"itemNotFound": {"code": 404, "message": f"Instance {server['id']} could not be found."}}
    assert nova(demo_connection, "DELETE", f"/servers/{server['id']}").status_code == 404
    assert nova(demo_connection, "GET", "/servers").json() == {"servers": []}
    # an admin sees it with all_tenants; a member may not ask for all_tenants
    everyone = nova(conn, "GET", "/servers?all_tenants=1").json()["servers"]
    assert [s["name"] for s in everyone] == ["renamed"]
    assert nova(demo_connection, "GET", "/servers?all_tenants=1").status_code == 403


def test_demo_user_sees_no_admin_fields(demo_connection: Any, cloud: Any) -> None:
    server = boot(demo_connection, "d")
    assert "OS-EXT-SRV-ATTR:host" not in server and "host_status" not in server
    assert server["OS-EXT-SRV-ATTR:hostname"] == "d"  # 2.90+: the hostname for everyone
    assert server["tenant_id"] == demo_connection.current_project_id


def test_bad_input(conn: Any) -> None:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")

    def create(server: dict[str, Any], version: str = "2.96") -> Any:
        return nova(conn, "POST", "/servers", version, json={"server": server})

    r = create({"name": "x", "imageRef": image.id, "flavorRef": "999", "networks": "none"})
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == "Flavor 999 could not be found."
    missing = "11111111-2222-3333-4444-555555555555"
    r = create({"name": "x", "imageRef": missing, "flavorRef": "1", "networks": "none"})
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == f"Image {missing} could not be found."
    r = create({"name": "x", "imageRef": image.id, "flavorRef": "1"})  # networks required from 2.37
    assert r.status_code == 400 and "networks" in r.json()["badRequest"]["message"]
    assert create({"name": "x", "imageRef": image.id, "flavorRef": "1"}, "2.1").status_code == 202
    r = create({"name": "x", "imageRef": image.id, "flavorRef": "1", "networks": "none", "bogus": 1})
    assert r.status_code == 400 and "bogus" in r.json()["badRequest"]["message"]
    r = create({"name": "", "imageRef": image.id, "flavorRef": "1", "networks": "none"})
    assert r.status_code == 400
    r = create({"name": "x", "imageRef": image.id, "flavorRef": "1", "networks": "none", "key_name": "nokey"})
    assert r.status_code == 400 and r.json()["badRequest"]["message"] == "Invalid key_name provided."
    r = create({"name": "x", "imageRef": image.id, "flavorRef": "1", "networks": "none", "availability_zone": "mars"})
    assert r.status_code == 400 and "availability zone" in r.json()["badRequest"]["message"]
    r = create(
        {"name": "x", "imageRef": image.id, "flavorRef": "1", "networks": "none", "min_count": 3, "max_count": 2}
    )
    assert r.status_code == 400
    r = nova(conn, "POST", "/servers", "2.96", content=b"{oops", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "badRequest" in r.json()
    assert nova(conn, "GET", "/servers/nope").status_code == 404
    assert nova(conn, "GET", "/servers", "2.200").status_code == 406
    # only the one 2.1 server above exists: nothing half-built was left behind
    assert len(nova(conn, "GET", "/servers").json()["servers"]) == 1


def test_metadata_routes(conn: Any) -> None:
    sid = boot(conn, "m", metadata={"a": "1"})["id"]
    assert nova(conn, "GET", f"/servers/{sid}/metadata").json() == {"metadata": {"a": "1"}}
    assert nova(conn, "POST", f"/servers/{sid}/metadata", json={"metadata": {"b": "2"}}).json() == {
        "metadata": {"a": "1", "b": "2"}
    }
    assert nova(conn, "PUT", f"/servers/{sid}/metadata/c", json={"meta": {"c": "3"}}).json() == {"meta": {"c": "3"}}
    assert nova(conn, "GET", f"/servers/{sid}/metadata/c").json() == {"meta": {"c": "3"}}
    assert nova(conn, "DELETE", f"/servers/{sid}/metadata/a").status_code == 204
    assert nova(conn, "GET", f"/servers/{sid}/metadata/a").status_code == 404
    assert nova(conn, "PUT", f"/servers/{sid}/metadata", json={"metadata": {"z": "9"}}).json() == {
        "metadata": {"z": "9"}
    }
    conn.compute.set_server_metadata(sid, k="v")
    assert conn.compute.get_server_metadata(sid).metadata == {"z": "9", "k": "v"}
    r = nova(conn, "PUT", f"/servers/{sid}/metadata/c", json={"meta": {"d": "3"}})
    assert r.status_code == 400


def test_tag_routes(conn: Any) -> None:
    sid = boot(conn, "t")["id"]
    assert nova(conn, "PUT", f"/servers/{sid}/tags/one", "2.26").status_code == 201
    assert nova(conn, "PUT", f"/servers/{sid}/tags/one", "2.26").status_code == 204
    assert nova(conn, "GET", f"/servers/{sid}/tags/one", "2.26").status_code == 204
    assert nova(conn, "GET", f"/servers/{sid}/tags/two", "2.26").status_code == 404
    assert nova(conn, "PUT", f"/servers/{sid}/tags", "2.26", json={"tags": ["x", "y"]}).json() == {"tags": ["x", "y"]}
    assert nova(conn, "DELETE", f"/servers/{sid}/tags/x", "2.26").status_code == 204
    assert nova(conn, "GET", f"/servers/{sid}", "2.26").json()["server"]["tags"] == ["y"]
    assert nova(conn, "DELETE", f"/servers/{sid}/tags", "2.26").status_code == 204
    assert nova(conn, "GET", f"/servers/{sid}/tags", "2.25").status_code == 404


def test_project_id_in_path_and_legacy_root(conn: Any) -> None:
    sid = boot(conn, "p")["id"]
    project = conn.current_project_id
    response = nova(conn, "GET", f"/{project}/servers/{sid}")
    assert response.status_code == 200
    assert response.json()["server"]["links"][0]["href"].endswith(f"/v2.1/{project}/servers/{sid}")
    root = conn.compute.get_endpoint().rstrip("/").rsplit("/", 1)[0]
    import httpx

    legacy = httpx.get(f"{root}/v2/{project}/servers", headers={"X-Auth-Token": conn.session.get_token()})
    assert legacy.status_code == 200 and [s["id"] for s in legacy.json()["servers"]] == [sid]


def test_networks_give_addresses_and_ports_go_with_the_server(cloud: Any, demo_connection: Any) -> None:
    conn = demo_connection
    net = conn.network.find_network("private")
    if net is None:
        pytest.skip("no network service in this cloud")
    server = boot(conn, "n", networks=[{"uuid": net.id}])
    addrs = server["addresses"]["private"]
    assert addrs[0]["OS-EXT-IPS:type"] == "fixed" and addrs[0]["version"] in (4, 6)
    ports = list(conn.network.ports(device_id=server["id"]))
    assert len(ports) == 1 and ports[0].mac_address == addrs[0]["OS-EXT-IPS-MAC:mac_addr"]
    listed = nova(conn, "GET", f"/servers/detail?ip={addrs[0]['addr']}", "2.96").json()["servers"]
    assert [s["id"] for s in listed] == [server["id"]]
    interfaces = nova(conn, "GET", f"/servers/{server['id']}/os-interface").json()["interfaceAttachments"]
    assert [i["port_id"] for i in interfaces] == [p.id for p in ports]
    bad = nova(
        conn,
        "POST",
        "/servers",
        "2.96",
        json={
            "server": {
                "name": "x",
                "imageRef": conn.image.find_image("cirros-0.6.3-x86_64-disk").id,
                "flavorRef": "1",
                "networks": [{"uuid": "11111111-2222-3333-4444-555555555555"}],
            }
        },
    )
    assert bad.status_code == 400, bad.text
    nova(conn, "DELETE", f"/servers/{server['id']}")
    wait_gone(conn, server["id"])
    assert list(conn.network.ports(device_id=server["id"])) == []


def test_unknown_list_parameters(conn: Any) -> None:
    assert nova(conn, "GET", "/servers?bogus=1", "2.74").status_code == 200
    r = nova(conn, "GET", "/servers?bogus=1", "2.75")
    assert r.status_code == 400 and "bogus" in r.json()["badRequest"]["message"]


@pytest.mark.cli
def test_devstack_style_boot_without_a_network(cloud: Any) -> None:
    """What works on DevStack works here: the demo user boots with no network named (the CLI sends
    none, the SDK's cloud layer sends networks=auto) and Nova picks demo's one network, private."""
    created = openstack_cli(cloud, "server", "create", "--image", "cirros-0.6.3-x86_64-disk", "--flavor", "m1.tiny",
                            "--wait", "-f", "json", "s1", user="devstack")
    assert created["status"] == "ACTIVE" and "private" in str(created["addresses"])
    conn = cloud.connect("devstack")
    server = conn.create_server("s2", image="cirros-0.6.3-x86_64-disk", flavor="m1.tiny", wait=True, timeout=30)
    assert server.status == "ACTIVE" and list(server.addresses) == ["private"]


def test_image_with_a_blank_boot_volume_and_disk_config_default(cloud: Any, openstack_connection: Any) -> None:
    """As openstacksdk's functional TestServerAdmin boots: an image plus a new, non-bootable volume at
    boot_index 0 (Nova checks bootability only when no image is given); OS-DCF:diskConfig not asked
    for is MANUAL unless the image says auto_disk_config."""
    conn = openstack_connection
    volume = conn.block_storage.create_volume(size=1)
    conn.block_storage.wait_for_status(volume, wait=30, interval=0.05)
    server = conn.compute.create_server(
        name="bdm", flavor_id="1", image_id=conn.image.find_image("cirros-0.6.3-x86_64-disk").id, networks="none",
        block_device_mapping=[{"uuid": volume.id, "source_type": "volume", "boot_index": 0,
                               "destination_type": "volume", "delete_on_termination": True, "volume_size": 1}])
    server = conn.compute.wait_for_server(server, interval=0.05, wait=30)
    assert server.status == "ACTIVE" and server.disk_config == "MANUAL"
    no_image = nova(conn, "POST", "/servers", "2.96", json={"server": {
        "name": "v", "flavorRef": "1", "networks": "none", "block_device_mapping_v2": [
            {"uuid": conn.block_storage.create_volume(size=1).id, "source_type": "volume", "boot_index": 0,
             "destination_type": "volume"}]}})
    assert no_image.status_code == 400 and "is not bootable" in no_image.json()["badRequest"]["message"]


@pytest.mark.cli
def test_admin_boots_on_another_projects_network(cloud: Any) -> None:
    """An admin's token sees every network, so Nova lets an admin boot on demo's `private` (OSC's
    functional tests do, as devstack-admin); the control services share the first compute host, as on
    DevStack, so `host list`'s first host can join an aggregate."""
    created = openstack_cli(cloud, "server", "create", "--image", "cirros-0.6.3-x86_64-disk", "--flavor", "m1.tiny",
                            "--network", "private", "--wait", "-f", "json", "adm")
    assert created["status"] == "ACTIVE" and "private" in str(created["addresses"])
    host = openstack_cli(cloud, "host", "list", "-f", "json")[0]["Host Name"]
    openstack_cli(cloud, "aggregate", "create", "agg1")
    added = openstack_cli(cloud, "aggregate", "add", "host", "agg1", host, "-f", "json")
    assert host in added["hosts"]


def test_changes_before_and_since_compare_whole_seconds(cloud: Any, openstack_connection: Any) -> None:
    """Nova keeps whole seconds: a server updated at 12:00:01.9 is 'before' 12:00:01 (its own `updated`,
    as OSC's functional test passes it) and 'since' 12:00:01, not since 12:00:01.5."""
    conn = openstack_connection
    server = boot(conn, "sec", version="2.66")
    updated = nova(conn, "GET", f"/servers/{server['id']}", "2.66").json()["server"]["updated"]
    before = nova(conn, "GET", f"/servers?changes-before={updated}", "2.66").json()["servers"]
    since = nova(conn, "GET", f"/servers?changes-since={updated}", "2.66").json()["servers"]
    assert server["id"] in [s["id"] for s in before] and server["id"] in [s["id"] for s in since]
    later = updated.replace("Z", ".999999Z")
    assert server["id"] not in [s["id"] for s in nova(conn, "GET", f"/servers?changes-since={later}", "2.66")
                                .json()["servers"]]
