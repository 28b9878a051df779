"""The deprecated os-hosts API (2.1 to 2.42), which ``openstack host list/show/set`` still use."""

from __future__ import annotations

import httpx

from tests.compute.resources_helpers import boot_id, nova_headers
from tests.conftest import openstack_cli


def test_list_show_and_gone_at_243(cloud, http: httpx.Client, admin_token: str, demo_connection) -> None:
    hosts = http.get("/compute/v2.1/os-hosts", headers=nova_headers(admin_token)).json()["hosts"]
    services = {h["service"] for h in hosts}
    assert {"compute", "conductor", "scheduler"} <= services
    compute = [h for h in hosts if h["service"] == "compute"]
    assert all(h["zone"] == "nova" for h in compute)
    internal = http.get("/compute/v2.1/os-hosts", params={"zone": "internal"}, headers=nova_headers(admin_token)).json()
    assert {h["service"] for h in internal["hosts"]} == {"conductor", "scheduler"}
    server_id = boot_id(demo_connection, "on-host", "2")
    server = http.get(f"/compute/v2.1/servers/{server_id}", headers=nova_headers(admin_token)).json()["server"]
    host = server["OS-EXT-SRV-ATTR:host"]
    shown = http.get(f"/compute/v2.1/os-hosts/{host}", headers=nova_headers(admin_token)).json()["host"]
    by_project = {r["resource"]["project"]: r["resource"] for r in shown}
    assert by_project["(total)"]["cpu"] >= 1
    assert by_project["(used_max)"] == {"host": host, "project": "(used_max)", "cpu": 1, "memory_mb": 2048,
                                        "disk_gb": 20}
    assert by_project[demo_connection.current_project_id]["memory_mb"] == 2048
    assert by_project["(used_now)"]["memory_mb"] >= 2048
    missing = http.get("/compute/v2.1/os-hosts/nope", headers=nova_headers(admin_token))
    assert missing.status_code == 404 and missing.json()["itemNotFound"]["message"] == (
        "Compute host nope could not be found.")
    assert http.get("/compute/v2.1/os-hosts", headers=nova_headers(admin_token, "2.43")).status_code == 404
    assert (
        http.get("/compute/v2.1/os-hosts", headers=nova_headers(demo_connection.session.get_token())).status_code == 403
    )


def test_update_and_power_actions(cloud, http: httpx.Client, admin_token: str) -> None:
    host = next(
        h["host_name"]
        for h in http.get("/compute/v2.1/os-hosts", headers=nova_headers(admin_token)).json()["hosts"]
        if h["service"] == "compute"
    )
    response = http.put(
        f"/compute/v2.1/os-hosts/{host}",
        json={"status": "disable", "maintenance_mode": "enable"},
        headers=nova_headers(admin_token),
    )
    assert response.json() == {"host": host, "status": "disabled", "maintenance_mode": "on_maintenance"}
    service = http.get("/compute/v2.1/os-services", params={"host": host, "binary": "nova-compute"},
                       headers=nova_headers(admin_token)).json()
    assert service["services"][0]["status"] == "disabled"
    assert http.put(
        f"/compute/v2.1/os-hosts/{host}", json={"status": "enable"}, headers=nova_headers(admin_token)
    ).json() == {"host": host, "status": "enabled"}
    assert http.put(f"/compute/v2.1/os-hosts/{host}", json={}, headers=nova_headers(admin_token)).status_code == 400
    assert (
        http.put(
            f"/compute/v2.1/os-hosts/{host}", json={"status": "maybe"}, headers=nova_headers(admin_token)
        ).status_code
        == 400
    )
    assert (
        http.put(
            "/compute/v2.1/os-hosts/nope", json={"status": "enable"}, headers=nova_headers(admin_token)
        ).status_code
        == 404
    )
    for action in ("reboot", "shutdown", "startup"):
        response = http.get(f"/compute/v2.1/os-hosts/{host}/{action}", headers=nova_headers(admin_token))
        assert response.json() == {"host": host, "power_action": action}


def test_cli_host_list(cloud, twinstack_cloud) -> None:
    listed = openstack_cli(twinstack_cloud, "host", "list", "-f", "json")
    assert {"compute", "conductor", "scheduler"} <= {h["Service"] for h in listed}
