"""Server groups: policies before 2.64, policy + rules from it, visibility, quota."""

from __future__ import annotations

import uuid

import httpx
import openstack.exceptions
import pytest

from tests.compute.resources_helpers import nova_headers


def _name() -> str:
    return f"sg-{uuid.uuid4().hex[:8]}"


def test_sdk_create_show_list_delete(demo_connection) -> None:
    conn = demo_connection
    group = conn.compute.create_server_group(name=_name(), policy="anti-affinity",
                                             rules={"max_server_per_host": 2})
    assert group.policy == "anti-affinity" and group.rules == {"max_server_per_host": 2}
    assert group.member_ids == [] and group.project_id == conn.current_project_id
    got = conn.compute.get_server_group(group.id)
    assert got.name == group.name
    assert group.id in [g.id for g in conn.compute.server_groups()]
    conn.compute.delete_server_group(group, ignore_missing=False)
    with pytest.raises(openstack.exceptions.NotFoundException):
        conn.compute.get_server_group(group.id)


def test_microversion_shapes_and_validation(http: httpx.Client, demo_token: str) -> None:
    old = http.post("/compute/v2.1/os-server-groups", headers=nova_headers(demo_token),
                    json={"server_group": {"name": _name(), "policies": ["affinity"]}})
    assert old.status_code == 200
    body = old.json()["server_group"]
    assert body["policies"] == ["affinity"] and body["metadata"] == {} and "project_id" not in body
    soft = {"server_group": {"name": _name(), "policies": ["soft-affinity"]}}
    assert http.post("/compute/v2.1/os-server-groups", json=soft, headers=nova_headers(demo_token)).status_code == 400
    assert (
        http.post("/compute/v2.1/os-server-groups", json=soft, headers=nova_headers(demo_token, "2.15")).status_code
        == 200
    )
    new = http.get(f"/compute/v2.1/os-server-groups/{body['id']}", headers=nova_headers(demo_token, "2.64")).json()
    assert new["server_group"]["policy"] == "affinity" and new["server_group"]["rules"] == {}
    rules = {"server_group": {"name": _name(), "policy": "affinity", "rules": {"max_server_per_host": 2}}}
    response = http.post("/compute/v2.1/os-server-groups", json=rules, headers=nova_headers(demo_token, "2.64"))
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"] == "Only anti-affinity policy supports rules."
    for bad in (
        {"name": _name(), "policies": ["affinity", "anti-affinity"]},
        {"name": _name(), "policies": []},
        {"name": _name(), "policies": ["bogus"]},
        {"policies": ["affinity"]},
    ):
        assert (
            http.post(
                "/compute/v2.1/os-server-groups", json={"server_group": bad}, headers=nova_headers(demo_token)
            ).status_code
            == 400
        )
    policies_at_264 = {"server_group": {"name": _name(), "policies": ["affinity"]}}
    assert (
        http.post(
            "/compute/v2.1/os-server-groups", json=policies_at_264, headers=nova_headers(demo_token, "2.64")
        ).status_code
        == 400
    )


def test_other_projects_groups(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    created = http.post(
        "/compute/v2.1/os-server-groups",
        headers=nova_headers(demo_token),
        json={"server_group": {"name": _name(), "policies": ["affinity"]}},
    ).json()["server_group"]
    mine = http.get("/compute/v2.1/os-server-groups", headers=nova_headers(admin_token)).json()["server_groups"]
    assert created["id"] not in [g["id"] for g in mine]
    every = http.get(
        "/compute/v2.1/os-server-groups", params={"all_projects": "True"}, headers=nova_headers(admin_token)
    ).json()["server_groups"]
    assert created["id"] in [g["id"] for g in every]
    assert (
        http.get(f"/compute/v2.1/os-server-groups/{created['id']}", headers=nova_headers(admin_token)).status_code
        == 200
    )
    missing = http.get(f"/compute/v2.1/os-server-groups/{uuid.uuid4()}", headers=nova_headers(demo_token))
    assert missing.status_code == 404 and "could not be found" in missing.json()["itemNotFound"]["message"]
    page = http.get(
        "/compute/v2.1/os-server-groups", params={"all_projects": "1", "limit": 1}, headers=nova_headers(admin_token)
    ).json()
    assert len(page["server_groups"]) == 1


def test_server_groups_quota(cloud, http: httpx.Client, admin_token: str, demo_token: str, demo_connection) -> None:
    project = demo_connection.current_project_id
    response = http.put(
        f"/compute/v2.1/os-quota-sets/{project}",
        json={"quota_set": {"server_groups": 1}},
        headers=nova_headers(admin_token),
    )
    assert response.status_code == 200, response.text
    body = {"server_group": {"name": _name(), "policies": ["affinity"]}}
    assert http.post("/compute/v2.1/os-server-groups", json=body, headers=nova_headers(demo_token)).status_code == 200
    over = http.post("/compute/v2.1/os-server-groups", json=body, headers=nova_headers(demo_token))
    assert over.status_code == 403
    assert over.json() == {"forbidden": {"code": 403, "message": "Quota exceeded, too many server groups."}}
