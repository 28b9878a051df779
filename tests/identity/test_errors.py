"""Bad input against Identity through raw HTTP: Keystone's error bodies and status codes for
malformed or invalid bodies, unknown ids, duplicates, policy, foreign, expired and revoked tokens."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from tests.conftest import password_auth
from twinstack.testing import Cloud

V3 = "/identity/v3"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def error_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status and error["title"]
    return str(error["message"])


@pytest.fixture
def admin(http: httpx.Client, admin_token: str) -> dict[str, str]:
    return {"X-Auth-Token": admin_token}


def test_malformed_json_and_schema_errors(http: httpx.Client, admin: dict[str, str]) -> None:
    response = http.post(f"{V3}/users", content=b"{nope", headers={**admin, "Content-Type": "application/json"})
    assert "Malformed request body" in error_of(response, 400)
    assert "user" in error_of(http.post(f"{V3}/users", json={}, headers=admin), 400)
    message = error_of(http.post(f"{V3}/projects", json={"project": {"description": "no name"}}, headers=admin), 400)
    assert "'name' is a required property" in message
    message = error_of(http.post(f"{V3}/projects", json={"project": {"name": 5}}, headers=admin), 400)
    assert message.startswith("Invalid input for field 'name'")
    message = error_of(http.post(f"{V3}/roles", json={"role": {"name": "r", "domain_id": 7}}, headers=admin), 400)
    assert "domain_id" in message
    message = error_of(http.patch(f"{V3}/projects/{uuid.uuid4().hex}", json={"project": {}}, headers=admin), 400)
    assert "non-empty" in message or "enough properties" in message


def test_extra_fields_are_refused_where_keystone_refuses_them(http: httpx.Client, admin: dict[str, str]) -> None:
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": "admin"}}}}}
    token = http.post(f"{V3}/auth/tokens", json=body).headers["X-Subject-Token"]
    user_id = http.get(f"{V3}/auth/tokens", headers={"X-Auth-Token": token, "X-Subject-Token": token}
                       ).json()["token"]["user"]["id"]
    response = http.post(f"{V3}/users/{user_id}/application_credentials", headers=admin,
                         json={"application_credential": {"name": unique("a"), "bogus": 1}})
    assert "Additional properties are not allowed" in error_of(response, 400)
    response = http.put(f"{V3}/projects/{uuid.uuid4().hex}/tags", headers=admin, json={"tags": ["a"], "x": 1})
    assert response.status_code == 400


def test_patch_body_id_must_match_the_url(http: httpx.Client, admin: dict[str, str]) -> None:
    """Keystone's _require_matching_id: a body naming its own id changes nothing (it answered 500
    while the hand-written handlers had no column to write), another id is a 400."""
    region = http.post(f"{V3}/regions", json={"region": {"description": "r"}}, headers=admin).json()["region"]
    response = http.patch(f"{V3}/regions/{region['id']}", json={"region": {"id": region["id"]}}, headers=admin)
    assert response.status_code == 200 and response.json()["region"]["description"] == "r"
    message = error_of(http.patch(f"{V3}/regions/{region['id']}", json={"region": {"id": "x"}}, headers=admin), 400)
    assert message == "Cannot change ID"
    policy = http.post(f"{V3}/policies", json={"policy": {"type": "t", "blob": "b"}}, headers=admin).json()["policy"]
    response = http.patch(f"{V3}/policies/{policy['id']}", json={"policy": {"id": "x"}}, headers=admin)
    assert error_of(response, 400) == "Cannot change policy ID"
    service = http.post(f"{V3}/services", json={"service": {"type": unique("t")}}, headers=admin).json()["service"]
    response = http.patch(f"{V3}/services/{service['id']}", json={"service": {"id": service["id"]}}, headers=admin)
    assert response.status_code == 200 and response.json()["service"]["type"] == service["type"]


def test_unknown_ids_are_404_with_keystone_messages(http: httpx.Client, admin: dict[str, str]) -> None:
    missing = uuid.uuid4().hex
    for kind in ("user", "project", "domain", "group", "role", "region", "service", "endpoint", "credential"):
        message = error_of(http.get(f"{V3}/{kind}s/{missing}", headers=admin), 404)
        assert message == f"Could not find {kind}: {missing}."
    response = http.put(f"{V3}/groups/{missing}/users/{missing}", headers=admin)
    assert error_of(response, 404) == f"Could not find group: {missing}."


def test_duplicates_are_409(http: httpx.Client, admin: dict[str, str]) -> None:
    name = unique("dup")
    assert http.post(f"{V3}/users", json={"user": {"name": name}}, headers=admin).status_code == 201
    message = error_of(http.post(f"{V3}/users", json={"user": {"name": name}}, headers=admin), 409)
    assert (
        message
        == f"Conflict occurred attempting to store user - Duplicate entry found with name {name} at domain ID default."
    )
    for kind in ("project", "group", "role"):
        assert http.post(f"{V3}/{kind}s", json={kind: {"name": name}}, headers=admin).status_code == 201
        assert http.post(f"{V3}/{kind}s", json={kind: {"name": name}}, headers=admin).status_code == 409
    assert http.post(f"{V3}/domains", json={"domain": {"name": name}}, headers=admin).status_code == 201
    assert http.post(f"{V3}/domains", json={"domain": {"name": name}}, headers=admin).status_code == 409


def test_member_calling_admin_apis_is_403(http: httpx.Client, demo_token: str) -> None:
    demo = {"X-Auth-Token": demo_token}
    message = error_of(http.get(f"{V3}/users", headers=demo), 403)
    assert message == "You are not authorized to perform the requested action: identity:list_users."
    for method, path, body in (
        ("POST", "/projects", {"project": {"name": "x"}}),
        ("GET", "/domains", None),
        ("POST", "/roles", {"role": {"name": "x"}}),
        ("GET", "/role_assignments", None),
        ("POST", "/services", {"service": {"type": "x"}}),
        ("GET", "/projects", None),
    ):
        assert http.request(method, f"{V3}{path}", json=body, headers=demo).status_code == 403, path
    # a global role's domain_id is None, as is a project token's: None must not match None
    role_id = http.get(f"{V3}/auth/tokens", headers={**demo, "X-Subject-Token": demo_token}).json()["token"]["roles"][
        0
    ]["id"]
    assert http.get(f"{V3}/roles/{role_id}", headers=demo).status_code == 403
    # but a user may read itself and list its own projects
    me = http.get(f"{V3}/auth/tokens", headers={**demo, "X-Subject-Token": demo_token}).json()["token"]["user"]["id"]
    assert http.get(f"{V3}/users/{me}", headers=demo).status_code == 200
    projects = http.get(f"{V3}/users/{me}/projects", headers=demo).json()["projects"]
    assert {p["name"] for p in projects} == {"demo", "invisible_to_admin"}


def test_token_from_another_project(http: httpx.Client, demo_token: str, admin: dict[str, str]) -> None:
    """demo's token (scoped to demo) reads demo but not alt_demo."""
    projects = http.get(f"{V3}/projects?name=alt_demo", headers=admin).json()["projects"]
    demo_project = http.get(f"{V3}/projects?name=demo", headers=admin).json()["projects"][0]["id"]
    demo = {"X-Auth-Token": demo_token}
    assert http.get(f"{V3}/projects/{demo_project}", headers=demo).status_code == 200
    assert error_of(http.get(f"{V3}/projects/{projects[0]['id']}", headers=demo), 403).endswith("identity:get_project.")


def test_wrong_original_password_is_401(http: httpx.Client, admin: dict[str, str]) -> None:
    name = unique("pw")
    user = http.post(f"{V3}/users", json={"user": {"name": name, "password": "right"}}, headers=admin).json()["user"]
    body = {"user": {"original_password": "wrong", "password": "new"}}
    assert error_of(http.post(f"{V3}/users/{user['id']}/password", json=body), 401)
    body["user"]["original_password"] = "right"
    assert http.post(f"{V3}/users/{user['id']}/password", json=body).status_code == 204
    assert http.post(f"{V3}/auth/tokens", json=password_auth(name, "new")).status_code == 201
    assert http.post(f"{V3}/auth/tokens", json=password_auth(name, "right")).status_code == 401


def test_disabling_or_deleting_revokes(http: httpx.Client, admin: dict[str, str]) -> None:
    name = unique("rev")
    user = http.post(f"{V3}/users", json={"user": {"name": name, "password": "p"}}, headers=admin).json()["user"]
    project = http.post(f"{V3}/projects", json={"project": {"name": name}}, headers=admin).json()["project"]
    member = http.get(f"{V3}/roles?name=member", headers=admin).json()["roles"][0]["id"]
    assert (
        http.put(f"{V3}/projects/{project['id']}/users/{user['id']}/roles/{member}", headers=admin).status_code == 204
    )
    token = http.post(f"{V3}/auth/tokens", json=password_auth(name, "p", name)).headers["X-Subject-Token"]
    check = {**admin, "X-Subject-Token": token}
    assert http.get(f"{V3}/auth/tokens", headers=check).status_code == 200
    http.patch(f"{V3}/projects/{project['id']}", json={"project": {"enabled": False}}, headers=admin)
    assert http.get(f"{V3}/auth/tokens", headers=check).status_code == 404
    http.patch(f"{V3}/projects/{project['id']}", json={"project": {"enabled": True}}, headers=admin)
    assert http.get(f"{V3}/auth/tokens", headers=check).status_code == 404  # revoked, not merely disabled
    token = http.post(f"{V3}/auth/tokens", json=password_auth(name, "p", name)).headers["X-Subject-Token"]
    http.patch(f"{V3}/users/{user['id']}", json={"user": {"enabled": False}}, headers=admin)
    response = http.get(f"{V3}/auth/projects", headers={"X-Auth-Token": token})
    assert error_of(response, 401)
    assert http.delete(f"{V3}/users/{user['id']}", headers=admin).status_code == 204


def test_expired_token_is_401() -> None:
    """A cloud whose tokens live two seconds (``--token-ttl 2``; expiry is truncated to the second)."""
    with Cloud(extra_args=["--token-ttl", "2"]) as short, httpx.Client(base_url=short.url, timeout=30) as client:
        response = client.post(f"{V3}/auth/tokens", json=password_auth("admin", "admin", "admin"))
        token = response.headers["X-Subject-Token"]
        expires = datetime.fromisoformat(response.json()["token"]["expires_at"].replace("Z", "+00:00"))
        assert client.get(f"{V3}/auth/projects", headers={"X-Auth-Token": token}).status_code == 200
        time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.2)
        assert error_of(client.get(f"{V3}/auth/projects", headers={"X-Auth-Token": token}), 401)
        fresh = client.post(f"{V3}/auth/tokens", json=password_auth("admin", "admin", "admin"))
        check = client.get(
            f"{V3}/auth/tokens", headers={"X-Auth-Token": fresh.headers["X-Subject-Token"], "X-Subject-Token": token}
        )
        assert error_of(check, 404) == f"Could not find token: {token}."
        # keystonemiddleware's allow_expired, for services finishing a long operation
        late = client.get(f"{V3}/auth/tokens?allow_expired=1", headers=check.request.headers)
        assert late.status_code == 200 and late.json()["token"]["user"]["name"] == "admin"
