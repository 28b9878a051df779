"""os-hypervisors: list, detail, show, servers, uptime, statistics, per microversion, usage from the
servers on each host."""

from __future__ import annotations

import uuid

import httpx

from tests.compute.resources_helpers import boot_id, nova_headers
from tests.conftest import openstack_cli


def test_sdk_list_detail_show_uptime(cloud, openstack_connection) -> None:
    conn = openstack_connection
    hypervisors = list(conn.compute.hypervisors(details=True))
    assert len(hypervisors) >= 4
    first = hypervisors[0]
    uuid.UUID(first.id)  # sdk speaks 2.88: uuids
    assert first.status == "enabled" and first.state == "up" and first.hypervisor_type == "fake"
    assert first.service_details["host"] == first.name
    got = conn.compute.get_hypervisor(first.id)
    assert got.name == first.name and got.uptime  # 2.88 moved uptime into the hypervisor itself


def test_usage_follows_servers(cloud, http: httpx.Client, admin_token: str, openstack_connection) -> None:
    server_id = boot_id(openstack_connection, "hyp-usage", "2")
    server = http.get(f"/compute/v2.1/servers/{server_id}", headers=nova_headers(admin_token)).json()["server"]
    host = server["OS-EXT-SRV-ATTR:hypervisor_hostname"]
    detail = http.get("/compute/v2.1/os-hypervisors/detail", headers=nova_headers(admin_token, "2.28")).json()[
        "hypervisors"
    ]
    mine = next(h for h in detail if h["hypervisor_hostname"] == host)
    assert mine["running_vms"] == 1 and mine["vcpus_used"] == 1
    assert mine["memory_mb_used"] == 512 + 2048 and mine["local_gb_used"] == 20
    assert mine["free_ram_mb"] == mine["memory_mb"] - mine["memory_mb_used"]
    assert isinstance(mine["cpu_info"], dict)
    old = http.get(f"/compute/v2.1/os-hypervisors/{mine['id']}", headers=nova_headers(admin_token)).json()["hypervisor"]
    assert isinstance(old["cpu_info"], str)
    stats = http.get("/compute/v2.1/os-hypervisors/statistics", headers=nova_headers(admin_token)).json()[
        "hypervisor_statistics"
    ]
    assert stats["count"] == len(detail) and stats["running_vms"] == 1 and stats["vcpus_used"] == 1
    with_servers = http.get(
        "/compute/v2.1/os-hypervisors", params={"with_servers": "true"}, headers=nova_headers(admin_token, "2.53")
    ).json()["hypervisors"]
    node = next(h for h in with_servers if h["hypervisor_hostname"] == host)
    assert node["servers"] == [{"name": "hyp-usage", "uuid": server_id}]
    empty = next(h for h in with_servers if h["hypervisor_hostname"] != host)
    assert "servers" not in empty
    at_275 = http.get(
        "/compute/v2.1/os-hypervisors", params={"with_servers": "true"}, headers=nova_headers(admin_token, "2.75")
    ).json()["hypervisors"]
    assert all("servers" in h for h in at_275)
    legacy = http.get(f"/compute/v2.1/os-hypervisors/{host}/servers", headers=nova_headers(admin_token)).json()
    assert legacy["hypervisors"][0]["servers"] == [{"name": "hyp-usage", "uuid": server_id}]


def test_microversions(cloud, http: httpx.Client, admin_token: str) -> None:
    old = http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(admin_token)).json()["hypervisors"]
    assert isinstance(old[0]["id"], int) and set(old[0]) == {"id", "hypervisor_hostname", "state", "status"}
    new = http.get("/compute/v2.1/os-hypervisors/detail", headers=nova_headers(admin_token, "2.88")).json()[
        "hypervisors"
    ]
    assert "vcpus" not in new[0] and "uptime" in new[0] and "cpu_info" not in new[0]
    uuid.UUID(new[0]["service"]["id"])
    assert (
        http.get("/compute/v2.1/os-hypervisors/statistics", headers=nova_headers(admin_token, "2.88")).status_code
        == 404
    )
    assert (
        http.get(
            f"/compute/v2.1/os-hypervisors/{new[0]['id']}/uptime", headers=nova_headers(admin_token, "2.88")
        ).status_code
        == 404
    )
    uptime = http.get(f"/compute/v2.1/os-hypervisors/{old[0]['id']}/uptime", headers=nova_headers(admin_token)).json()
    assert "up" in uptime["hypervisor"]["uptime"]
    # legacy search, gone at 2.53 in favour of hypervisor_hostname_pattern
    name = old[0]["hypervisor_hostname"]
    found = http.get(f"/compute/v2.1/os-hypervisors/{name}/search", headers=nova_headers(admin_token)).json()
    assert [h["hypervisor_hostname"] for h in found["hypervisors"]] == [name]
    assert (
        http.get("/compute/v2.1/os-hypervisors/nothing-like-this/search", headers=nova_headers(admin_token)).status_code
        == 404
    )
    pattern = http.get(
        "/compute/v2.1/os-hypervisors",
        params={"hypervisor_hostname_pattern": name},
        headers=nova_headers(admin_token, "2.53"),
    ).json()["hypervisors"]
    assert [h["hypervisor_hostname"] for h in pattern] == [name]
    assert (
        http.get(
            "/compute/v2.1/os-hypervisors",
            params={"hypervisor_hostname_pattern": name, "limit": 1},
            headers=nova_headers(admin_token, "2.53"),
        ).status_code
        == 400
    )


def test_pagination_and_errors(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    page = http.get(
        "/compute/v2.1/os-hypervisors", params={"limit": 2}, headers=nova_headers(admin_token, "2.53")
    ).json()
    assert len(page["hypervisors"]) == 2
    href = page["hypervisors_links"][0]["href"]
    assert f"marker={page['hypervisors'][1]['id']}" in href
    rest = http.get("/compute" + href.split("/compute", 1)[1], headers=nova_headers(admin_token, "2.53")).json()
    assert rest["hypervisors"][0]["id"] not in [h["id"] for h in page["hypervisors"]]
    assert (
        http.get(
            "/compute/v2.1/os-hypervisors",
            params={"marker": str(uuid.uuid4())},
            headers=nova_headers(admin_token, "2.53"),
        ).status_code
        == 400
    )
    assert (
        http.get(f"/compute/v2.1/os-hypervisors/{uuid.uuid4()}", headers=nova_headers(admin_token, "2.53")).status_code
        == 404
    )
    assert (
        http.get("/compute/v2.1/os-hypervisors/not-a-uuid", headers=nova_headers(admin_token, "2.53")).status_code
        == 400
    )
    assert http.get("/compute/v2.1/os-hypervisors/9999", headers=nova_headers(admin_token)).status_code == 404
    assert http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(demo_token)).status_code == 403


def test_cli_hypervisor_list(cloud, twinstack_cloud) -> None:
    listed = openstack_cli(twinstack_cloud, "hypervisor", "list", "-f", "json")
    assert len(listed) >= 4 and all(h["State"] == "up" for h in listed)


def test_ids_past_the_integer_column_are_404(http: httpx.Client, admin_token: str) -> None:
    """An id SQLite's INTEGER cannot hold names no hypervisor (it overflowed the driver: a 500)."""
    huge = "99999999999999999999"
    for path in (huge, f"{huge}/uptime"):
        r = http.get(f"/compute/v2.1/os-hypervisors/{path}", headers=nova_headers(admin_token, "2.1"))
        assert r.status_code == 404 and "itemNotFound" in r.json(), r.text
    r = http.get(
        "/compute/v2.1/os-hypervisors", params={"marker": huge, "limit": 1}, headers=nova_headers(admin_token, "2.33")
    )
    assert r.status_code == 400, r.text
