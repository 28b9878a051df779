"""Keystone's smaller admin APIs through raw HTTP: policies, OAuth1 consumers, endpoint groups,
domain configuration, is_domain projects."""

from __future__ import annotations

import uuid

import httpx
import pytest

V3 = "/identity/v3"


@pytest.fixture
def admin(admin_token: str) -> dict[str, str]:
    return {"X-Auth-Token": admin_token}


def test_policies_crud(http: httpx.Client, admin: dict[str, str]) -> None:
    created = http.post(f"{V3}/policies", json={"policy": {"blob": "{}", "type": "application/json"}}, headers=admin)
    assert created.status_code == 201
    policy = created.json()["policy"]
    assert policy["links"]["self"].endswith(f"/v3/policies/{policy['id']}")
    updated = http.patch(f"{V3}/policies/{policy['id']}", json={"policy": {"blob": "{\"a\": 1}"}}, headers=admin)
    assert updated.json()["policy"]["blob"] == "{\"a\": 1}"
    assert policy["id"] in {p["id"] for p in http.get(f"{V3}/policies", headers=admin).json()["policies"]}
    assert http.delete(f"{V3}/policies/{policy['id']}", headers=admin).status_code == 204
    assert http.get(f"{V3}/policies/{policy['id']}", headers=admin).status_code == 404


def test_consumers_and_endpoint_groups(http: httpx.Client, admin: dict[str, str]) -> None:
    consumer = http.post(f"{V3}/OS-OAUTH1/consumers", json={"consumer": {"description": "d"}}, headers=admin)
    assert consumer.status_code == 201 and consumer.json()["consumer"]["secret"]
    consumer_id = consumer.json()["consumer"]["id"]
    shown = http.get(f"{V3}/OS-OAUTH1/consumers/{consumer_id}", headers=admin).json()["consumer"]
    assert "secret" not in shown and shown["description"] == "d"
    assert http.delete(f"{V3}/OS-OAUTH1/consumers/{consumer_id}", headers=admin).status_code == 204
    body = {"endpoint_group": {"name": "eg", "filters": {"interface": "public"}}}
    group = http.post(f"{V3}/OS-EP-FILTER/endpoint_groups", json=body, headers=admin).json()["endpoint_group"]
    assert http.head(f"{V3}/OS-EP-FILTER/endpoint_groups/{group['id']}", headers=admin).status_code == 200
    bad = http.post(f"{V3}/OS-EP-FILTER/endpoint_groups", headers=admin,
                    json={"endpoint_group": {"name": "x", "filters": {"colour": "red"}}})
    assert bad.status_code == 400
    assert http.delete(f"{V3}/OS-EP-FILTER/endpoint_groups/{group['id']}", headers=admin).status_code == 204


def test_domain_config(http: httpx.Client, admin: dict[str, str]) -> None:
    domain = http.post(f"{V3}/domains", json={"domain": {"name": f"cfg-{uuid.uuid4().hex[:8]}"}},
                       headers=admin).json()["domain"]
    base = f"{V3}/domains/{domain['id']}/config"
    assert http.get(base, headers=admin).status_code == 404
    config = {"identity": {"driver": "ldap"}, "ldap": {"url": "ldap://x"}}
    assert http.put(base, json={"config": config}, headers=admin).status_code == 201
    assert http.get(f"{base}/ldap/url", headers=admin).json() == {"config": {"url": "ldap://x"}}
    response = http.patch(f"{base}/identity", json={"config": {"identity": {"list_limit": 5}}}, headers=admin)
    assert response.json()["config"]["identity"] == {"driver": "ldap", "list_limit": 5}
    assert http.put(base, json={"config": {"nova": {"x": 1}}}, headers=admin).status_code == 403
    assert http.delete(f"{base}/identity/driver", headers=admin).status_code == 204
    assert http.get(f"{base}/identity/driver", headers=admin).status_code == 404
    assert "ldap" in http.get(f"{V3}/domains/config/default", headers=admin).json()["config"]


def test_is_domain_project_is_a_domain(http: httpx.Client, admin: dict[str, str]) -> None:
    name = f"isdom-{uuid.uuid4().hex[:8]}"
    created = http.post(f"{V3}/projects", json={"project": {"name": name, "is_domain": True}}, headers=admin)
    assert created.status_code == 201
    project = created.json()["project"]
    assert project["is_domain"] is True and project["domain_id"] is None
    assert project["id"] in {d["id"] for d in http.get(f"{V3}/domains", headers=admin).json()["domains"]}
    listed = http.get(f"{V3}/projects?is_domain=true", headers=admin).json()["projects"]
    assert project["id"] in {p["id"] for p in listed}
    assert http.delete(f"{V3}/projects/{project['id']}", headers=admin).status_code == 400  # still enabled
    http.patch(f"{V3}/projects/{project['id']}", json={"project": {"enabled": False}}, headers=admin)
    assert http.delete(f"{V3}/projects/{project['id']}", headers=admin).status_code == 204


def test_os_ec2_credentials(http: httpx.Client, demo_token: str) -> None:
    demo = {"X-Auth-Token": demo_token}
    token = http.get(f"{V3}/auth/tokens", headers={**demo, "X-Subject-Token": demo_token}).json()["token"]
    base = f"{V3}/users/{token['user']['id']}/credentials/OS-EC2"
    created = http.post(base, json={"tenant_id": token["project"]["id"]}, headers=demo)
    assert created.status_code == 201
    cred = created.json()["credential"]
    assert cred["access"] and cred["secret"] and cred["tenant_id"] == token["project"]["id"]
    assert http.get(f"{base}/{cred['access']}", headers=demo).json()["credential"]["secret"] == cred["secret"]
    assert cred["access"] in {c["access"] for c in http.get(base, headers=demo).json()["credentials"]}
    assert http.delete(f"{base}/{cred['access']}", headers=demo).status_code == 204
    assert http.get(f"{base}/{cred['access']}", headers=demo).status_code == 404
    assert http.post(base, json={"tenant_id": uuid.uuid4().hex}, headers=demo).status_code == 404


def test_trust_delegates_roles_to_the_trustee(http: httpx.Client, admin: dict[str, str]) -> None:
    from tests.conftest import password_auth

    name = f"trustor-{uuid.uuid4().hex[:8]}"
    trustor = http.post(f"{V3}/users", json={"user": {"name": name, "password": "p"}}, headers=admin).json()["user"]
    project = http.post(f"{V3}/projects", json={"project": {"name": name}}, headers=admin).json()["project"]
    roles = {r["name"]: r["id"] for r in http.get(f"{V3}/roles", headers=admin).json()["roles"]}
    for role in ("member", "admin"):
        http.put(f"{V3}/projects/{project['id']}/users/{trustor['id']}/roles/{roles[role]}", headers=admin)
    token = http.post(f"{V3}/auth/tokens", json=password_auth(name, "p", name)).headers["X-Subject-Token"]
    demo = http.post(f"{V3}/auth/tokens", json=password_auth("demo", "demo")).headers["X-Subject-Token"]
    demo_id = http.get(f"{V3}/auth/tokens", headers={**admin, "X-Subject-Token": demo}).json()["token"]["user"]["id"]
    body = {"trust": {"trustor_user_id": trustor["id"], "trustee_user_id": demo_id, "project_id": project["id"],
                      "impersonation": True, "roles": [{"name": "member"}]}}
    created = http.post(f"{V3}/OS-TRUST/trusts", json=body, headers={"X-Auth-Token": token})
    assert created.status_code == 201, created.text
    trust = created.json()["trust"]
    assert [r["name"] for r in trust["roles"]] == ["member"]
    assert http.post(f"{V3}/OS-TRUST/trusts", json=body, headers=admin).status_code == 403  # admin is not the trustor
    scoped = http.post(f"{V3}/auth/tokens", json={"auth": {
        "identity": {"methods": ["token"], "token": {"id": demo}},
        "scope": {"OS-TRUST:trust": {"id": trust["id"]}}}})
    assert scoped.status_code == 201, scoped.text
    body = scoped.json()["token"]
    assert body["user"]["id"] == trustor["id"]  # impersonation
    assert body["project"]["id"] == project["id"] and {r["name"] for r in body["roles"]} == {"member", "reader"}
    assert body["OS-TRUST:trust"]["trustee_user"]["id"] == demo_id
    assert http.delete(f"{V3}/OS-TRUST/trusts/{trust['id']}", headers={"X-Auth-Token": token}).status_code == 204
    check = {**admin, "X-Subject-Token": scoped.headers["X-Subject-Token"]}
    assert http.get(f"{V3}/auth/tokens", headers=check).status_code == 404


def test_trailing_slash_and_head(http: httpx.Client, admin: dict[str, str]) -> None:
    """Keystone's flask app accepts a trailing slash; HEAD answers like GET without a body."""
    assert http.get(f"{V3}/users/", headers=admin).json()["users"]
    head = http.head(f"{V3}/users", headers=admin)
    assert head.status_code == 200 and head.content == b""


def test_domain_reader_lists_its_domain(http: httpx.Client, admin: dict[str, str]) -> None:
    """A domain-scoped reader lists users without a filter and sees its domain's users only."""
    domain = http.post(f"{V3}/domains", json={"domain": {"name": f"dr-{uuid.uuid4().hex[:8]}"}},
                       headers=admin).json()["domain"]
    name = f"dreader-{uuid.uuid4().hex[:8]}"
    user = http.post(f"{V3}/users", json={"user": {"name": name, "password": "p", "domain_id": domain["id"]}},
                     headers=admin).json()["user"]
    reader = http.get(f"{V3}/roles?name=reader", headers=admin).json()["roles"][0]["id"]
    assert http.put(f"{V3}/domains/{domain['id']}/users/{user['id']}/roles/{reader}", headers=admin).status_code == 204
    auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "id": user["id"], "password": "p"}}}, "scope": {"domain": {"id": domain["id"]}}}}
    token = http.post(f"{V3}/auth/tokens", json=auth).headers["X-Subject-Token"]
    listed = http.get(f"{V3}/users", headers={"X-Auth-Token": token})
    assert listed.status_code == 200 and [u["id"] for u in listed.json()["users"]] == [user["id"]]
    other = http.get(f"{V3}/users?domain_id=default", headers={"X-Auth-Token": token})
    assert other.status_code == 403
    assert http.post(f"{V3}/users", json={"user": {"name": "x"}}, headers={"X-Auth-Token": token}).status_code == 403


def test_explicitly_unscoped_token(http: httpx.Client) -> None:
    from tests.conftest import password_auth

    body = password_auth("demo", "demo")
    assert "project" in http.post(f"{V3}/auth/tokens", json=body).json()["token"]  # the default project
    body["auth"]["scope"] = "unscoped"
    token = http.post(f"{V3}/auth/tokens", json=body).json()["token"]
    assert "project" not in token and "roles" not in token and "catalog" not in token


def test_unified_limits(http: httpx.Client, admin: dict[str, str], demo_token: str) -> None:
    service = http.post(f"{V3}/services", json={"service": {"type": f"lim-{uuid.uuid4().hex[:6]}"}},
                        headers=admin).json()["service"]
    body = {"registered_limits": [{"service_id": service["id"], "region_id": "RegionOne",
                                   "resource_name": "cores", "default_limit": 10}]}
    created = http.post(f"{V3}/registered_limits", json=body, headers=admin)
    assert created.status_code == 201
    registered = created.json()["registered_limits"][0]
    assert http.post(f"{V3}/registered_limits", json=body, headers=admin).status_code == 409
    demo_project = http.get(f"{V3}/auth/tokens", headers={**admin, "X-Subject-Token": demo_token}
                            ).json()["token"]["project"]["id"]
    limit = {"limits": [{"service_id": service["id"], "region_id": "RegionOne", "resource_name": "cores",
                         "resource_limit": 20, "project_id": demo_project}]}
    made = http.post(f"{V3}/limits", json=limit, headers=admin)
    assert made.status_code == 201
    limit_id = made.json()["limits"][0]["id"]
    orphan = {"limits": [dict(limit["limits"][0], resource_name="ram")]}
    assert http.post(f"{V3}/limits", json=orphan, headers=admin).status_code == 403  # no registered limit
    mine = http.get(f"{V3}/limits", headers={"X-Auth-Token": demo_token}).json()["limits"]
    assert limit_id in {x["id"] for x in mine} and all(x["project_id"] == demo_project for x in mine)
    assert http.delete(f"{V3}/registered_limits/{registered['id']}", headers=admin).status_code == 403
    patched = http.patch(f"{V3}/limits/{limit_id}", json={"limit": {"resource_limit": 5}}, headers=admin)
    assert patched.json()["limit"]["resource_limit"] == 5
    assert http.delete(f"{V3}/limits/{limit_id}", headers=admin).status_code == 204
    assert http.delete(f"{V3}/registered_limits/{registered['id']}", headers=admin).status_code == 204
    assert http.get(f"{V3}/limits/model", headers=admin).json()["model"]["name"] == "flat"
