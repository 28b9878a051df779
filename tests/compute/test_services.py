"""os-services: list and filters, enable/disable with a reason, forced down, 2.53 uuids, delete."""

from __future__ import annotations

import uuid

import httpx

from tests.compute.resources_helpers import nova_headers
from tests.conftest import openstack_cli


def test_sdk_list_disable_enable_force_down(cloud, openstack_connection) -> None:
    conn = openstack_connection
    services = list(conn.compute.services())
    assert {s.binary for s in services} >= {"nova-compute", "nova-conductor", "nova-scheduler"}
    compute = next(s for s in services if s.binary == "nova-compute")
    assert compute.status == "enabled" and compute.state == "up" and compute.availability_zone == "nova"
    disabled = conn.compute.disable_service(compute, disabled_reason="maintenance")
    assert disabled.status == "disabled" and disabled.disabled_reason == "maintenance"
    conn.compute.update_service_forced_down(compute, forced=True)
    again = next(conn.compute.services(host=compute.host, binary="nova-compute"))
    assert again.is_forced_down is True and again.state == "down"
    conn.compute.update_service_forced_down(compute, forced=False)
    enabled = conn.compute.enable_service(compute)
    assert enabled.status == "enabled" and enabled.disabled_reason is None


def test_legacy_actions_and_filters(cloud, http: httpx.Client, admin_token: str) -> None:
    listed = http.get(
        "/compute/v2.1/os-services", params={"binary": "nova-compute"}, headers=nova_headers(admin_token)
    ).json()
    host = listed["services"][0]["host"]
    assert all(s["binary"] == "nova-compute" for s in listed["services"])
    assert isinstance(listed["services"][0]["id"], int) and "forced_down" not in listed["services"][0]
    body = {"host": host, "binary": "nova-compute", "disabled_reason": "broken disk"}
    response = http.put("/compute/v2.1/os-services/disable-log-reason", json=body, headers=nova_headers(admin_token))
    assert response.json() == {
        "service": {"host": host, "binary": "nova-compute", "status": "disabled", "disabled_reason": "broken disk"}
    }
    response = http.put(
        "/compute/v2.1/os-services/enable",
        json={"host": host, "binary": "nova-compute"},
        headers=nova_headers(admin_token),
    )
    assert response.json() == {"service": {"host": host, "binary": "nova-compute", "status": "enabled"}}
    down = {"host": host, "binary": "nova-compute", "forced_down": True}
    assert (
        http.put("/compute/v2.1/os-services/force-down", json=down, headers=nova_headers(admin_token)).status_code
        == 400
    )
    response = http.put("/compute/v2.1/os-services/force-down", json=down, headers=nova_headers(admin_token, "2.11"))
    assert response.json() == {"service": {"host": host, "binary": "nova-compute", "forced_down": True}}
    shown = http.get(
        "/compute/v2.1/os-services", params={"host": host, "binary": "nova-compute"},
        headers=nova_headers(admin_token, "2.11"),
    ).json()
    assert shown["services"][0]["forced_down"] is True and shown["services"][0]["state"] == "down"
    unknown = http.put(
        "/compute/v2.1/os-services/disable",
        json={"host": "nope", "binary": "nova-compute"},
        headers=nova_headers(admin_token),
    )
    assert unknown.status_code == 404
    conductor = http.put(
        "/compute/v2.1/os-services/disable",
        json={"host": "x", "binary": "nova-conductor"},
        headers=nova_headers(admin_token),
    )
    assert conductor.status_code == 400 and "Only nova-compute services can be updated" in conductor.text
    assert (
        http.put(
            "/compute/v2.1/os-services/reboot",
            json={"host": host, "binary": "nova-compute"},
            headers=nova_headers(admin_token),
        ).status_code
        == 404
    )


def test_v253_update_by_uuid(cloud, http: httpx.Client, admin_token: str) -> None:
    service = next(
        s
        for s in http.get("/compute/v2.1/os-services", headers=nova_headers(admin_token, "2.53")).json()["services"]
        if s["binary"] == "nova-compute"
    )
    uuid.UUID(service["id"])
    url = f"/compute/v2.1/os-services/{service['id']}"
    response = http.put(
        url, json={"status": "disabled", "disabled_reason": "x"}, headers=nova_headers(admin_token, "2.53")
    )
    assert response.status_code == 200
    body = response.json()["service"]
    assert body["status"] == "disabled" and body["disabled_reason"] == "x" and body["id"] == service["id"]
    bad = http.put(url, json={"status": "enabled", "disabled_reason": "x"}, headers=nova_headers(admin_token, "2.53"))
    assert bad.status_code == 400
    assert http.put(url, json={}, headers=nova_headers(admin_token, "2.53")).status_code == 400
    assert (
        http.put(
            "/compute/v2.1/os-services/123", json={"status": "enabled"}, headers=nova_headers(admin_token, "2.53")
        ).status_code
        == 400
    )
    missing = http.put(
        f"/compute/v2.1/os-services/{uuid.uuid4()}",
        json={"status": "enabled"},
        headers=nova_headers(admin_token, "2.53"),
    )
    assert missing.status_code == 404


def test_delete_compute_service(cloud, http: httpx.Client, admin_token: str) -> None:
    services = http.get(
        "/compute/v2.1/os-services", params={"binary": "nova-compute"}, headers=nova_headers(admin_token, "2.53")
    ).json()["services"]
    victim = services[-1]
    assert http.delete("/compute/v2.1/os-services/1", headers=nova_headers(admin_token, "2.53")).status_code == 400
    assert (
        http.delete(f"/compute/v2.1/os-services/{uuid.uuid4()}", headers=nova_headers(admin_token, "2.53")).status_code
        == 404
    )
    response = http.delete(f"/compute/v2.1/os-services/{victim['id']}", headers=nova_headers(admin_token, "2.53"))
    assert response.status_code == 204
    hosts = [
        h["hypervisor_hostname"]
        for h in http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(admin_token)).json()["hypervisors"]
    ]
    assert victim["host"] not in hosts


def test_member_is_forbidden(http: httpx.Client, demo_token: str) -> None:
    assert http.get("/compute/v2.1/os-services", headers=nova_headers(demo_token)).status_code == 403


def test_cli_compute_service_list(cloud, twinstack_cloud) -> None:
    listed = openstack_cli(twinstack_cloud, "compute", "service", "list", "-f", "json")
    assert {"nova-compute", "nova-conductor", "nova-scheduler"} <= {s["Binary"] for s in listed}
    assert all(s["State"] == "up" for s in listed if s["Status"] == "enabled")


def test_state_follows_the_heartbeat(tmp_path) -> None:
    """A host whose heartbeat is older than service_down_time is down (the model sets 1 s here;
    the fake hosts still beat, so the clock is moved past them in manual mode)."""
    from twinstack.testing import Cloud

    model = tmp_path / "model.yaml"
    model.write_text("compute: {settings: {service_down_time: 1}}\n")
    with Cloud(model=str(model)) as cloud, httpx.Client(base_url=cloud.url, timeout=30) as http:
        from tests.conftest import password_auth

        assert http.put("/_twinstack/clock", json={"mode": "manual"}).status_code == 200
        http.post("/_twinstack/clock/advance", json={"seconds": 600})
        token = http.post("/identity/v3/auth/tokens", json=password_auth("admin", "admin", "admin")).headers[
            "X-Subject-Token"
        ]
        services = http.get("/compute/v2.1/os-services", headers=nova_headers(token)).json()["services"]
        hypervisors = http.get("/compute/v2.1/os-hypervisors", headers=nova_headers(token)).json()["hypervisors"]
        states = {s["state"] for s in services} | {h["state"] for h in hypervisors}
        assert "down" in states, (services, hypervisors)
