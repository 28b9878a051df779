"""Keystone behaviours the policy matrix checked against upstream, end to end (raw HTTP)."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import password_auth

V3 = "/identity/v3"


def _domain_reader(http: httpx.Client, admin: dict[str, str]) -> dict[str, str]:
    name = f"dr-{uuid.uuid4().hex[:6]}"
    user = http.post(f"{V3}/users", json={"user": {"name": name, "password": name}}, headers=admin).json()["user"]
    reader = next(r for r in http.get(f"{V3}/roles", headers=admin).json()["roles"] if r["name"] == "reader")
    http.put(f"{V3}/domains/default/users/{user['id']}/roles/{reader['id']}", headers=admin).raise_for_status()
    body = password_auth(name, name)
    body["auth"]["scope"] = {"domain": {"id": "default"}}
    token = http.post(f"{V3}/auth/tokens", json=body)
    return {"X-Auth-Token": token.headers["X-Subject-Token"]}


def test_limits_as_keystone_lists_them_per_scope(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    """list_limits is open to all (keystone 30); the list is the caller's project's, its domain's, or all."""
    admin = {"X-Auth-Token": admin_token}
    service = http.post(f"{V3}/services", json={"service": {"type": f"lim-{uuid.uuid4().hex[:6]}"}},
                        headers=admin).json()["service"]
    http.post(f"{V3}/registered_limits", headers=admin, json={"registered_limits": [{
        "service_id": service["id"], "resource_name": "cores", "default_limit": 10}]}).raise_for_status()
    projects = {p["name"]: p["id"] for p in http.get(f"{V3}/projects", headers=admin).json()["projects"]}
    made = http.post(f"{V3}/limits", headers=admin, json={"limits": [{
        "service_id": service["id"], "resource_name": "cores", "resource_limit": 3,
        "project_id": projects["alt_demo"]}]})
    limit_id = made.json()["limits"][0]["id"]
    seen = {x["id"] for x in http.get(f"{V3}/limits", headers=_domain_reader(http, admin)).json()["limits"]}
    assert limit_id in seen
    demo = http.get(f"{V3}/limits", headers={"X-Auth-Token": demo_token})
    assert demo.status_code == 200 and limit_id not in {x["id"] for x in demo.json()["limits"]}
    assert limit_id in {x["id"] for x in http.get(f"{V3}/limits", headers=admin).json()["limits"]}
