"""Keystone behaviours the policy matrix checked against upstream, end to end (raw HTTP)."""

from __future__ import annotations

import uuid

import httpx

from tests.reliability.helpers import scoped_user

V3 = "/identity/v3"


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
    domain_reader = scoped_user(http, admin, "reader", "domain")
    seen = {x["id"] for x in http.get(f"{V3}/limits", headers=domain_reader).json()["limits"]}
    assert limit_id in seen
    demo = http.get(f"{V3}/limits", headers={"X-Auth-Token": demo_token})
    assert demo.status_code == 200 and limit_id not in {x["id"] for x in demo.json()["limits"]}
    assert limit_id in {x["id"] for x in http.get(f"{V3}/limits", headers=admin).json()["limits"]}
