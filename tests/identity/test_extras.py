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
