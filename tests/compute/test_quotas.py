"""Quota sets, quota classes and their enforcement on boot (Nova's 403 messages)."""

from __future__ import annotations

import httpx

from tests.compute.resources_helpers import boot_id, nova_headers
from tests.conftest import openstack_cli

NETWORK_KEYS = {"fixed_ips", "floating_ips", "security_groups", "security_group_rules"}
INJECTED_KEYS = {"injected_files", "injected_file_content_bytes", "injected_file_path_bytes"}


def test_sdk_show_usage_update_revert(cloud, openstack_connection, demo_connection) -> None:
    conn = openstack_connection
    project = demo_connection.current_project_id
    quotas = conn.compute.get_quota_set(project)
    assert quotas.instances == 10 and quotas.cores == 20 and quotas.ram == 51200
    conn.compute.update_quota_set(project, instances=3, cores=7)
    assert conn.compute.get_quota_set(project).instances == 3
    boot_id(demo_connection, "q1")
    detail = conn.compute.get_quota_set(project, usage=True)
    assert detail.usage["instances"] == 1 and detail.usage["cores"] == 1 and detail.usage["ram"] == 512
    assert detail.instances == 3
    conn.compute.revert_quota_set(project)
    assert conn.compute.get_quota_set(project).instances == 10
    defaults = conn.compute.get_quota_set_defaults(project)
    assert defaults.cores == 20


def test_boot_over_quota_is_403_with_novas_message(
    cloud, http: httpx.Client, admin_token: str, demo_connection
) -> None:
    project = demo_connection.current_project_id
    assert (
        http.put(
            f"/compute/v2.1/os-quota-sets/{project}",
            json={"quota_set": {"cores": 2}},
            headers=nova_headers(admin_token),
        ).status_code
        == 200
    )
    image = demo_connection.image.find_image("cirros-0.6.3-x86_64-disk")
    token = demo_connection.session.get_token()
    body = {"server": {"name": "big", "imageRef": image.id, "flavorRef": "3", "networks": "none"}}  # 2 vcpus
    assert http.post("/compute/v2.1/servers", json=body, headers=nova_headers(token, "2.37")).status_code == 202
    over = http.post("/compute/v2.1/servers", json=body, headers=nova_headers(token, "2.37"))
    assert over.status_code == 403
    assert over.json()["forbidden"]["message"] == (
        "Quota exceeded for cores: Requested 2, but already used 2 of 2 cores"
    )
    # nothing half-written: still one server
    servers = http.get("/compute/v2.1/servers", headers=nova_headers(token)).json()["servers"]
    assert len(servers) == 1


def test_microversion_keys(http: httpx.Client, admin_token: str, demo_token: str, demo_connection) -> None:
    project = demo_connection.current_project_id
    old = http.get(f"/compute/v2.1/os-quota-sets/{project}", headers=nova_headers(demo_token)).json()["quota_set"]
    assert old["id"] == project and set(old) >= NETWORK_KEYS and old["floating_ips"] == -1
    mid = http.get(f"/compute/v2.1/os-quota-sets/{project}", headers=nova_headers(demo_token, "2.36")).json()[
        "quota_set"
    ]
    assert not NETWORK_KEYS & set(mid) and set(mid) >= INJECTED_KEYS
    new = http.get(f"/compute/v2.1/os-quota-sets/{project}/detail", headers=nova_headers(demo_token, "2.57")).json()[
        "quota_set"
    ]
    assert not (NETWORK_KEYS | INJECTED_KEYS) & set(new)
    assert new["instances"] == {"limit": 10, "in_use": 0, "reserved": 0} or "in_use" in new["instances"]
    refused = http.put(
        f"/compute/v2.1/os-quota-sets/{project}",
        json={"quota_set": {"floating_ips": 5}},
        headers=nova_headers(admin_token, "2.36"),
    )
    assert refused.status_code == 400


def test_update_errors_and_policy(
    cloud, http: httpx.Client, admin_token: str, demo_token: str, demo_connection
) -> None:
    project = demo_connection.current_project_id
    url = f"/compute/v2.1/os-quota-sets/{project}"
    assert http.put(url, json={"quota_set": {"instances": 5}}, headers=nova_headers(demo_token)).status_code == 403
    assert http.put(url, json={"quota_set": {"instances": -2}}, headers=nova_headers(admin_token)).status_code == 400
    assert http.put(url, json={"quota_set": {"bogus": 1}}, headers=nova_headers(admin_token)).status_code == 400
    assert http.put(url, json={"quota_set": {"instances": "x"}}, headers=nova_headers(admin_token)).status_code == 400
    unknown = http.get("/compute/v2.1/os-quota-sets/no-such-project", headers=nova_headers(admin_token))
    assert unknown.status_code == 400 and "not a valid project" in unknown.json()["badRequest"]["message"]
    other = http.get(
        f"/compute/v2.1/os-quota-sets/{admin_project(http, admin_token)}", headers=nova_headers(demo_token)
    )
    assert other.status_code == 403
    # per-user limits: never above the project's
    user = demo_connection.current_user_id
    too_big = http.put(
        url, params={"user_id": user}, json={"quota_set": {"instances": 50}}, headers=nova_headers(admin_token)
    )
    assert too_big.status_code == 400
    assert too_big.json()["badRequest"]["message"] == "Quota limit 50 for instances must be less than or equal to 10."
    ok = http.put(
        url, params={"user_id": user}, json={"quota_set": {"instances": 2}}, headers=nova_headers(admin_token)
    )
    assert ok.status_code == 200 and ok.json()["quota_set"]["instances"] == 2 and "id" not in ok.json()["quota_set"]
    mine = http.get(url, params={"user_id": user}, headers=nova_headers(demo_token)).json()["quota_set"]
    assert mine["instances"] == 2
    # the project cannot drop below what its users' own limits add up to
    below = http.put(url, json={"quota_set": {"instances": 1}}, headers=nova_headers(admin_token))
    assert below.status_code == 400
    assert below.json()["badRequest"]["message"] == (
        "Quota limit 1 for instances must be greater than or equal to already used and reserved 2."
    )
    assert (
        http.put(
            url, json={"quota_set": {"instances": 1, "force": True}}, headers=nova_headers(admin_token)
        ).status_code
        == 200
    )
    http.put(url, json={"quota_set": {"instances": 10}}, headers=nova_headers(admin_token))
    assert http.get(url, headers=nova_headers(demo_token)).json()["quota_set"]["instances"] == 10
    assert http.delete(url, params={"user_id": user}, headers=nova_headers(admin_token)).status_code == 202
    assert (
        http.get(url, params={"user_id": user}, headers=nova_headers(demo_token)).json()["quota_set"]["instances"] == 10
    )


def admin_project(http: httpx.Client, token: str) -> str:
    return http.get("/identity/v3/auth/tokens", headers={"X-Auth-Token": token, "X-Subject-Token": token}).json()[
        "token"
    ]["project"]["id"]


def test_quota_classes(cloud, http: httpx.Client, admin_token: str, demo_token: str, demo_connection) -> None:
    old = http.get("/compute/v2.1/os-quota-class-sets/default", headers=nova_headers(admin_token)).json()[
        "quota_class_set"
    ]
    assert old["id"] == "default" and "server_groups" not in old and "floating_ips" in old
    new = http.get("/compute/v2.1/os-quota-class-sets/default", headers=nova_headers(admin_token, "2.57")).json()
    assert "server_groups" in new["quota_class_set"] and "injected_files" not in new["quota_class_set"]
    response = http.put(
        "/compute/v2.1/os-quota-class-sets/default",
        json={"quota_class_set": {"instances": 33}},
        headers=nova_headers(admin_token),
    )
    assert response.status_code == 200 and response.json()["quota_class_set"]["instances"] == 33
    project = demo_connection.current_project_id
    assert (
        http.get(f"/compute/v2.1/os-quota-sets/{project}", headers=nova_headers(demo_token)).json()["quota_set"][
            "instances"
        ]
        == 33
    )
    assert http.get("/compute/v2.1/os-quota-class-sets/default", headers=nova_headers(demo_token)).status_code == 403


def test_cli_quota_show(cloud, twinstack_cloud) -> None:
    shown = openstack_cli(twinstack_cloud, "quota", "show", "--compute", "demo", "-f", "json")
    values = {row["Resource"]: row["Limit"] for row in shown} if isinstance(shown, list) else shown
    assert values.get("instances") == 10 and values.get("cores") == 20
