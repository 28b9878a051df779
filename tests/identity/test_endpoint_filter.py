"""OS-EP-FILTER associations through the ``openstack`` CLI, openstacksdk and raw HTTP, and the token
catalog they narrow (Keystone 30's default sql catalog filters by them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import openstack_cli, password_auth
from twinstack.testing import Cloud

V3 = "/identity/v3"
EPF = f"{V3}/OS-EP-FILTER"


@pytest.fixture
def admin(admin_token: str) -> dict[str, str]:
    return {"X-Auth-Token": admin_token}


@pytest.fixture
def project(http: httpx.Client, admin: dict[str, str]) -> Iterator[dict[str, Any]]:
    """A fresh project the admin user holds the admin role on, deleted afterwards."""
    name = f"epf-{uuid.uuid4().hex[:8]}"
    created = http.post(f"{V3}/projects", json={"project": {"name": name}}, headers=admin).json()["project"]
    user = http.get(f"{V3}/users?name=admin", headers=admin).json()["users"][0]
    role = http.get(f"{V3}/roles?name=admin", headers=admin).json()["roles"][0]
    http.put(f"{V3}/projects/{created['id']}/users/{user['id']}/roles/{role['id']}", headers=admin)
    yield created
    http.delete(f"{V3}/projects/{created['id']}", headers=admin)


def _identity_endpoint(http: httpx.Client, admin: dict[str, str]) -> dict[str, Any]:
    service = http.get(f"{V3}/services?type=identity", headers=admin).json()["services"][0]
    endpoints = http.get(f"{V3}/endpoints?service_id={service['id']}&interface=public", headers=admin).json()
    return dict(endpoints["endpoints"][0])


def _catalog(http: httpx.Client, project_name: str) -> list[dict[str, Any]]:
    response = http.post(f"{V3}/auth/tokens", json=password_auth("admin", "admin", project_name))
    assert response.status_code == 201, response.text
    return list(response.json()["token"]["catalog"])


def test_cli_endpoint_and_group_associations(cloud: Cloud, http: httpx.Client, admin: dict[str, str],
                                             project: dict[str, Any], tmp_path: Path) -> None:
    endpoint = _identity_endpoint(http, admin)
    openstack_cli(cloud, "endpoint", "add", "project", endpoint["id"], project["id"])
    listed = openstack_cli(cloud, "endpoint", "list", "--project", project["id"], "-f", "json")
    assert [e["ID"] for e in listed] == [endpoint["id"]]
    projects = openstack_cli(cloud, "endpoint", "list", "--endpoint", endpoint["id"], "-f", "json")
    assert project["id"] in {p["ID"] for p in projects}
    openstack_cli(cloud, "endpoint", "remove", "project", endpoint["id"], project["id"])
    filters = tmp_path / "filters.json"
    filters.write_text('{"interface": "admin"}')
    group = openstack_cli(cloud, "endpoint", "group", "create", f"eg-{project['name']}", str(filters), "-f", "json")
    openstack_cli(cloud, "endpoint", "group", "add", "project", group["id"], project["id"])
    groups = openstack_cli(cloud, "endpoint", "group", "list", "--project", project["id"], "-f", "json")
    assert [g["ID"] for g in groups] == [group["id"]]
    openstack_cli(cloud, "endpoint", "group", "delete", group["id"])


def test_project_endpoint_association(openstack_connection, http: httpx.Client, admin: dict[str, str],
                                      project: dict[str, Any]) -> None:
    ident = openstack_connection.identity
    endpoint = _identity_endpoint(http, admin)
    url = f"{EPF}/projects/{project['id']}/endpoints/{endpoint['id']}"
    absent = http.head(url, headers=admin)
    assert absent.status_code == 404
    missing = http.get(url, headers=admin).json()["error"]
    assert missing == {"code": 404, "title": "Not Found",
                       "message": f"Endpoint {endpoint['id']} not found in project {project['id']}"}
    ident.associate_endpoint_with_project(project["id"], endpoint["id"])
    assert http.head(url, headers=admin).status_code == 204
    assert http.put(url, headers=admin).status_code == 409
    assert [e.id for e in ident.project_endpoints(project["id"])] == [endpoint["id"]]
    assert project["id"] in {p.id for p in ident.endpoint_projects(endpoint["id"])}
    no_project = http.put(f"{EPF}/projects/nope/endpoints/{endpoint['id']}", headers=admin).json()["error"]
    assert no_project["message"] == "Could not find project: nope."
    no_endpoint = http.put(f"{EPF}/projects/{project['id']}/endpoints/nope", headers=admin).json()["error"]
    assert no_endpoint["message"] == "Could not find endpoint: nope."
    ident.disassociate_endpoint_from_project(project["id"], endpoint["id"])
    assert http.delete(url, headers=admin).status_code == 404


def test_associations_narrow_the_catalog(http: httpx.Client, admin: dict[str, str], project: dict[str, Any]) -> None:
    full = _catalog(http, project["name"])
    assert len(full) > 1
    endpoint = _identity_endpoint(http, admin)
    url = f"{EPF}/projects/{project['id']}/endpoints/{endpoint['id']}"
    assert http.put(url, headers=admin).status_code == 204
    narrowed = _catalog(http, project["name"])
    assert [(s["type"], [e["id"] for e in s["endpoints"]]) for s in narrowed] == [("identity", [endpoint["id"]])]
    # an endpoint group adds what its filters select
    group = http.post(f"{EPF}/endpoint_groups", headers=admin, json={"endpoint_group": {
        "name": "eg", "filters": {"service_id": endpoint["service_id"]}}}).json()["endpoint_group"]
    group_url = f"{EPF}/endpoint_groups/{group['id']}/projects/{project['id']}"
    assert http.put(group_url, headers=admin).status_code == 204
    association = http.get(group_url, headers=admin).json()["project_endpoint_group"]
    assert association["links"]["self"] == f"/OS-EP-FILTER/endpoint_groups/{group['id']}/projects/{project['id']}"
    selected = http.get(f"{EPF}/endpoint_groups/{group['id']}/endpoints", headers=admin).json()["endpoints"]
    listed = http.get(f"{EPF}/projects/{project['id']}/endpoints", headers=admin).json()["endpoints"]
    assert {e["id"] for e in listed} == {e["id"] for e in selected} | {endpoint["id"]}
    projects = http.get(f"{EPF}/endpoint_groups/{group['id']}/projects", headers=admin).json()["projects"]
    assert [p["id"] for p in projects] == [project["id"]]
    assert http.delete(url, headers=admin).status_code == 204
    assert {e["id"] for s in _catalog(http, project["name"]) for e in s["endpoints"]} == {
        e["id"] for e in selected if e["enabled"]}
    assert http.delete(f"{EPF}/endpoint_groups/{group['id']}", headers=admin).status_code == 204
    assert http.get(f"{EPF}/endpoint_groups/{group['id']}/projects", headers=admin).json()["projects"] == []
    # no association left: the whole catalog again
    assert len(_catalog(http, project["name"])) == len(full)


def test_group_association_errors(http: httpx.Client, admin: dict[str, str], project: dict[str, Any],
                                  demo_token: str) -> None:
    missing_group = http.put(f"{EPF}/endpoint_groups/nope/projects/{project['id']}", headers=admin)
    assert missing_group.json()["error"]["message"] == "Could not find Endpoint Group: nope."
    group = http.post(f"{EPF}/endpoint_groups", headers=admin, json={"endpoint_group": {
        "name": "eg2", "filters": {"interface": "internal"}}}).json()["endpoint_group"]
    url = f"{EPF}/endpoint_groups/{group['id']}/projects/{project['id']}"
    assert http.get(url, headers=admin).json()["error"]["message"] == "Endpoint Group Project Association not found"
    assert http.get(f"{EPF}/projects/nope/endpoint_groups", headers=admin).status_code == 404
    denied = http.put(url, headers={"X-Auth-Token": demo_token})
    assert denied.status_code == 403 and "identity:add_endpoint_group_to_project" in denied.json()["error"]["message"]
    assert http.delete(f"{EPF}/endpoint_groups/{group['id']}", headers=admin).status_code == 204
