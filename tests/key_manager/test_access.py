"""Who may see what: a project's secrets are invisible to other projects (Barbican's 403 after the lookup),
the read ACL lets named users of any project in, and project quotas bound what a project may create."""

from __future__ import annotations

from typing import Any

import httpx

from twinstack.testing import Cloud


def _as(cloud: Cloud, user: str) -> tuple[Any, httpx.Client]:
    conn = cloud.connect(user)
    base = conn.key_manager.get_endpoint().rstrip("/")
    return conn, httpx.Client(base_url=base, headers={"X-Auth-Token": conn.auth_token}, timeout=30)


def test_other_projects_need_an_acl(cloud: Cloud, km: httpx.Client) -> None:
    alt_conn, alt = _as(cloud, "twinstack-alt")
    sid = km.post("/secrets", json={"name": "mine", "payload": "p", "payload_content_type": "text/plain"}
                  ).json()["secret_ref"].rsplit("/", 1)[1]
    refused = alt.get(f"/secrets/{sid}")
    assert refused.status_code == 403 and refused.json() == {
        "code": 403, "title": "Forbidden",
        "description": "Secret retrieval attempt not allowed - please review your user/project privileges"}
    assert alt.get(f"/secrets/{sid}/payload").status_code == 403
    assert "mine" not in [s["name"] for s in alt.get("/secrets").json()["secrets"]]
    assert km.get(f"/secrets/{sid}/acl").json() == {"read": {"project-access": True}}
    put = km.put(f"/secrets/{sid}/acl", json={"read": {"users": [alt_conn.current_user_id]}})
    assert put.status_code == 200 and put.json()["acl_ref"].endswith(f"/secrets/{sid}/acl")
    assert alt.get(f"/secrets/{sid}/payload", headers={"Accept": "text/plain"}).text == "p"
    assert [s["name"] for s in alt.get("/secrets", params={"acl_only": "true"}).json()["secrets"]] == ["mine"]
    assert alt.delete(f"/secrets/{sid}").status_code == 403  # an ACL grants reading only
    km.patch(f"/secrets/{sid}/acl", json={"read": {"project-access": False}})
    acl = km.get(f"/secrets/{sid}/acl").json()["read"]
    assert acl["users"] == [alt_conn.current_user_id] and acl["project-access"] is False
    assert km.get(f"/secrets/{sid}").status_code == 200  # the creator still reads its private secret
    assert km.delete(f"/secrets/{sid}/acl").status_code == 200
    assert alt.get(f"/secrets/{sid}").status_code == 403
    assert km.put(f"/secrets/{sid}/acl", json={"write": {}}).status_code == 400


def test_admins_and_readers(cloud: Cloud, km: httpx.Client) -> None:
    """secret:get and secret:delete let any admin in (role:admin); secret:decrypt only the owning project's;
    a reader may neither list nor read (Barbican's new defaults want role:member)."""
    _, admin = _as(cloud, "twinstack-admin")
    _, reader = _as(cloud, "twinstack-reader")
    sid = km.post("/secrets", json={"name": "s", "payload": "p", "payload_content_type": "text/plain"}
                  ).json()["secret_ref"].rsplit("/", 1)[1]
    assert admin.get(f"/secrets/{sid}").json()["name"] == "s"
    assert admin.get(f"/secrets/{sid}/payload").status_code == 403
    assert reader.get("/secrets").status_code == 403 and reader.get(f"/secrets/{sid}").status_code == 403
    assert reader.get("/quotas").status_code == 200
    assert admin.delete(f"/secrets/{sid}").status_code == 204


def test_container_acl(cloud: Cloud, km: httpx.Client) -> None:
    alt_conn, alt = _as(cloud, "twinstack-alt")
    cid = km.post("/containers", json={"type": "generic", "name": "c"}).json()["container_ref"].rsplit("/", 1)[1]
    assert alt.get(f"/containers/{cid}").status_code == 403
    km.put(f"/containers/{cid}/acl", json={"read": {"users": [alt_conn.current_user_id]}})
    assert alt.get(f"/containers/{cid}").json()["name"] == "c"


def test_quotas(cloud: Cloud, conn: Any, km: httpx.Client) -> None:
    _, admin = _as(cloud, "twinstack-admin")
    assert km.get("/quotas").json()["quotas"]["secrets"] == -1
    project = conn.current_project_id
    assert km.put(f"/project-quotas/{project}", json={"project_quotas": {"secrets": 1}}).status_code == 403
    assert admin.put(f"/project-quotas/{project}", json={"project_quotas": {"secrets": 1}}).status_code == 204
    assert admin.get(f"/project-quotas/{project}").json() == {"project_quotas": {"secrets": 1}}
    assert admin.get("/project-quotas").json()["total"] == 1
    assert km.post("/secrets", json={"name": "a"}).status_code == 201
    over = km.post("/secrets", json={"name": "b"})
    assert over.status_code == 403 and "quota" in over.json()["description"]
    assert admin.delete(f"/project-quotas/{project}").status_code == 204
    assert admin.get(f"/project-quotas/{project}").status_code == 404
    assert km.post("/secrets", json={"name": "b"}).status_code == 201


def test_bad_tokens_and_methods(cloud: Cloud) -> None:
    """keystonemiddleware's 401 in front of Barbican; Barbican's own body for what Barbican refuses."""
    with httpx.Client(base_url=f"{cloud.url}/key-manager/v1") as http:
        for headers in ({}, {"X-Auth-Token": "not-a-token"}):
            denied = http.get("/secrets", headers=headers)
            assert denied.status_code == 401 and denied.json()["error"]["code"] == 401
            assert denied.headers["WWW-Authenticate"].startswith('Keystone uri="')


def test_project_scope_only(cloud: Cloud, http: httpx.Client) -> None:
    """Barbican registers its rules for project scope: a system-scoped admin token is refused."""
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": "admin"}}}, "scope": {"system": {"all": True}}}}
    token = http.post("/identity/v3/auth/tokens", json=body).headers["X-Subject-Token"]
    refused = http.get("/key-manager/v1/secrets", headers={"X-Auth-Token": token})
    assert refused.status_code == 403 and refused.json()["code"] == 403


def test_sdk_secret_acl_sequence(km: httpx.Client, conn: Any) -> None:
    """openstacksdk's functional test_secret_acl, as the requests it means to send (its proxy raises
    KeyError 'secret_id' before sending them): PUT, GET, PATCH, GET, DELETE, GET."""
    sid = km.post("/secrets", json={"name": "acl", "payload": "p", "payload_content_type": "text/plain"}
                  ).json()["secret_ref"].rsplit("/", 1)[1]
    user = conn.current_user_id
    put = km.put(f"/secrets/{sid}/acl", json={"read": {"users": [user], "project-access": False}})
    assert put.status_code == 200 and put.json()["acl_ref"]
    read = km.get(f"/secrets/{sid}/acl").json()["read"]
    assert read["project-access"] is False and user in read["users"]
    assert km.patch(f"/secrets/{sid}/acl", json={"read": {"project-access": True}}).json()["acl_ref"]
    assert km.get(f"/secrets/{sid}/acl").json()["read"]["project-access"] is True
    assert km.delete(f"/secrets/{sid}/acl").status_code == 200
    assert km.get(f"/secrets/{sid}/acl").json()["read"]["project-access"] is True
