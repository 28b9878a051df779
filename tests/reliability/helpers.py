"""A user with one role on the default domain or on the system, and its token's headers."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import password_auth

V3 = "/identity/v3"


def scoped_user(http: httpx.Client, admin: dict[str, str], role: str, on: str) -> dict[str, str]:
    """``on``: "domain" (the default domain) or "system"."""
    name = f"pm-{role}-{on}-{uuid.uuid4().hex[:6]}"
    user = http.post(f"{V3}/users", json={"user": {"name": name, "password": name}}, headers=admin).json()["user"]
    role_id = next(r["id"] for r in http.get(f"{V3}/roles", headers=admin).json()["roles"] if r["name"] == role)
    grant = (f"{V3}/domains/default/users/{user['id']}/roles/{role_id}" if on == "domain"
             else f"{V3}/system/users/{user['id']}/roles/{role_id}")
    http.put(grant, headers=admin).raise_for_status()
    body = password_auth(name, name)
    body["auth"]["scope"] = {"domain": {"id": "default"}} if on == "domain" else {"system": {"all": True}}
    token = http.post(f"{V3}/auth/tokens", json=body)
    token.raise_for_status()
    return {"X-Auth-Token": token.headers["X-Subject-Token"]}
