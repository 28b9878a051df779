"""Identity v3 authentication through real clients and raw HTTP."""

from __future__ import annotations

import httpx

from tests.conftest import openstack_cli, password_auth
from twinstack.testing import Cloud


def test_sdk_issues_a_project_scoped_token_with_catalog(openstack_connection) -> None:
    conn = openstack_connection
    token = conn.session.get_token()
    assert token
    access = conn.session.auth.get_access(conn.session)
    assert access.project_name == "admin"
    assert "admin" in access.role_names and "reader" in access.role_names  # implied roles
    assert access.service_catalog.url_for(service_type="identity", interface="public").endswith("/identity")


def test_wrong_password_is_401_in_keystone_format(http: httpx.Client) -> None:
    response = http.post("/identity/v3/auth/tokens", json=password_auth("admin", "nope", "admin"))
    assert response.status_code == 401
    error = response.json()["error"]
    assert error == {"code": 401, "title": "Unauthorized",
                     "message": "The request you have made requires authentication."}
    assert response.headers["x-openstack-request-id"].startswith("req-")


def test_malformed_json_is_400_naming_the_problem(http: httpx.Client) -> None:
    response = http.post("/identity/v3/auth/tokens", content=b"{not json",
                         headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "Malformed request body" in response.json()["error"]["message"]


def test_missing_identity_is_400(http: httpx.Client) -> None:
    response = http.post("/identity/v3/auth/tokens", json={"auth": {}})
    assert response.status_code == 400
    assert "identity" in response.json()["error"]["message"]


def test_validate_check_and_revoke(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    headers = {"X-Auth-Token": admin_token, "X-Subject-Token": demo_token}
    response = http.get("/identity/v3/auth/tokens", headers=headers)
    assert response.status_code == 200
    assert response.headers["X-Subject-Token"] == demo_token
    body = response.json()["token"]
    assert body["project"]["name"] == "demo" and body["user"]["name"] == "demo"
    assert [r["name"] for r in body["roles"]] == ["member", "reader"]
    assert http.head("/identity/v3/auth/tokens", headers=headers).status_code == 200
    assert http.delete("/identity/v3/auth/tokens", headers=headers).status_code == 204
    assert http.get("/identity/v3/auth/tokens", headers=headers).status_code == 404
    # the revoked token no longer opens anything
    response = http.get("/identity/v3/auth/projects", headers={"X-Auth-Token": demo_token})
    assert response.status_code == 401


def test_garbage_token_is_401(http: httpx.Client) -> None:
    response = http.get("/identity/v3/auth/projects", headers={"X-Auth-Token": "garbage"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == 401


def test_unscoped_then_rescoped(http: httpx.Client) -> None:
    # keystone-manage bootstrap gives admin no default project: a password auth without scope is unscoped
    unscoped = http.post("/identity/v3/auth/tokens", json=password_auth("admin", "admin"))
    assert unscoped.status_code == 201
    assert {"project", "catalog", "roles"}.isdisjoint(unscoped.json()["token"])
    token = unscoped.headers["X-Subject-Token"]
    rescope = {"auth": {"identity": {"methods": ["token"], "token": {"id": token}},
                        "scope": {"project": {"name": "demo", "domain": {"name": "Default"}}}}}
    response = http.post("/identity/v3/auth/tokens", json=rescope)
    assert response.status_code == 401  # admin has no role on demo
    rescope["auth"]["scope"] = {"system": {"all": True}}
    response = http.post("/identity/v3/auth/tokens", json=rescope)
    assert response.status_code == 201, response.text
    assert response.json()["token"]["system"] == {"all": True}
    assert response.json()["token"]["methods"] == ["password", "token"]


def test_scope_to_a_project_without_roles_is_401(http: httpx.Client) -> None:
    response = http.post("/identity/v3/auth/tokens", json=password_auth("demo", "demo", "alt_demo"))
    assert response.status_code == 401


def test_auth_projects_domains_system_and_catalog(http: httpx.Client, demo_token: str, admin_token: str) -> None:
    demo = {"X-Auth-Token": demo_token}
    names = {p["name"] for p in http.get("/identity/v3/auth/projects", headers=demo).json()["projects"]}
    assert names == {"demo", "invisible_to_admin"}
    assert http.get("/identity/v3/auth/domains", headers=demo).json()["domains"] == []
    assert http.get("/identity/v3/auth/system", headers=demo).json()["system"] == []
    admin = {"X-Auth-Token": admin_token}
    assert http.get("/identity/v3/auth/system", headers=admin).json()["system"] == [{"all": True}]
    catalog = http.get("/identity/v3/auth/catalog", headers=admin).json()["catalog"]
    assert "identity" in {entry["type"] for entry in catalog}


def test_version_discovery(http: httpx.Client) -> None:
    response = http.get("/identity")
    assert response.status_code == 300
    # Keystone 30's discovery lists v3 alone and points Location at it (keystone/api/discovery.py)
    values = response.json()["versions"]["values"]
    assert [v["id"][:2] for v in values] == ["v3"]
    assert response.headers["location"] == values[0]["links"][0]["href"]
    assert response.headers["vary"] == "X-Auth-Token"
    assert http.get("/identity/v3").json()["version"]["status"] == "stable"


def test_v2_tokens_for_legacy_clients(http: httpx.Client) -> None:
    body = {"auth": {"passwordCredentials": {"username": "demo", "password": "demo"}, "tenantName": "demo"}}
    response = http.post("/identity/v2.0/tokens", json=body)
    assert response.status_code == 200, response.text
    access = response.json()["access"]
    assert access["token"]["tenant"]["name"] == "demo"
    assert any(s["type"] == "identity" for s in access["serviceCatalog"])
    assert {"publicURL", "internalURL", "adminURL", "region"} <= set(access["serviceCatalog"][0]["endpoints"][0])
    tenants = http.get("/identity/v2.0/tenants", headers={"X-Auth-Token": access["token"]["id"]})
    assert {t["name"] for t in tenants.json()["tenants"]} == {"demo", "invisible_to_admin"}
    bad = dict(body, auth=dict(body["auth"], passwordCredentials={"username": "demo", "password": "x"}))
    assert http.post("/identity/v2.0/tokens", json=bad).status_code == 401


def test_health_and_unknown_paths(http: httpx.Client) -> None:
    health = http.get("/_twinstack/health")
    assert health.status_code == 200 and health.json()["services"]["identity"]["status"] == "ok"
    # no Flask route: Flask's own HTML page, not Keystone's error body (keystone/server/flask/application.py
    # registers handlers for Keystone's exceptions only)
    response = http.get("/identity/v3/no-such-thing")
    assert response.status_code == 404 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>404 Not Found</title>" in response.text
    response = http.put("/identity/v3/auth/catalog")
    assert response.status_code == 405


def test_oversize_body_is_413(http: httpx.Client) -> None:
    response = http.post("/identity/v3/auth/tokens", content=b"x" * 200000,
                         headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_cli_token_issue(twinstack_cloud: Cloud) -> None:
    token = openstack_cli(twinstack_cloud, "token", "issue", "-f", "json")
    assert token["id"] and token["project_id"]
