"""/limits: absolute limits with usage, per microversion, and for another project (admin)."""

from __future__ import annotations

import httpx

from tests.compute.resources_helpers import boot_id, nova_headers


def test_sdk_limits_with_usage(cloud, demo_connection) -> None:
    conn = demo_connection
    boot_id(conn, "l1", "2")
    absolute = conn.compute.get_limits().absolute
    assert absolute.instances == 10 and absolute.total_cores == 20
    assert absolute.instances_used == 1 and absolute.total_cores_used == 1 and absolute.total_ram_used == 2048


def test_microversion_keys(http: httpx.Client, demo_token: str) -> None:
    old = http.get("/compute/v2.1/limits", headers=nova_headers(demo_token)).json()["limits"]
    assert old["rate"] == []
    assert {"maxTotalFloatingIps", "maxSecurityGroups", "maxImageMeta", "totalFloatingIpsUsed"} <= set(old["absolute"])
    v236 = http.get("/compute/v2.1/limits", headers=nova_headers(demo_token, "2.36")).json()["limits"]["absolute"]
    assert "maxSecurityGroups" not in v236 and "maxImageMeta" in v236 and "maxPersonality" in v236
    v239 = http.get("/compute/v2.1/limits", headers=nova_headers(demo_token, "2.39")).json()["limits"]["absolute"]
    assert "maxImageMeta" not in v239
    v257 = http.get("/compute/v2.1/limits", headers=nova_headers(demo_token, "2.57")).json()["limits"]["absolute"]
    assert set(v257) == {"maxServerMeta", "maxTotalCores", "maxTotalInstances", "maxTotalKeypairs", "maxTotalRAMSize",
                         "maxServerGroups", "maxServerGroupMembers", "totalCoresUsed", "totalInstancesUsed",
                         "totalRAMUsed", "totalServerGroupsUsed"}


def test_other_project(cloud, http: httpx.Client, admin_token: str, demo_token: str, demo_connection) -> None:
    project = demo_connection.current_project_id
    http.put(
        f"/compute/v2.1/os-quota-sets/{project}", json={"quota_set": {"cores": 7}}, headers=nova_headers(admin_token)
    )
    theirs = http.get("/compute/v2.1/limits", params={"tenant_id": project}, headers=nova_headers(admin_token)).json()
    assert theirs["limits"]["absolute"]["maxTotalCores"] == 7
    assert (
        http.get("/compute/v2.1/limits", params={"tenant_id": project}, headers=nova_headers(demo_token)).status_code
        == 403
    )
    assert (
        http.get("/compute/v2.1/limits", headers=nova_headers(demo_token)).json()["limits"]["absolute"]["maxTotalCores"]
        == 7
    )
