"""Details of Keystone 30's answers that the differential run (docs/differential.md) found twinstack
lacking: headers, status codes and members a client can see. Each is pinned here on a real server."""

from __future__ import annotations

import uuid

import httpx
import openstack.connection

from tests.conftest import password_auth

MISSING = "9f3c1a52-7d6e-4b0f-8a41-3c2d1e0f9a77"


def _admin(token: str) -> dict[str, str]:
    return {"X-Auth-Token": token}


def test_every_answer_varies_on_the_token(http: httpx.Client, admin_token: str) -> None:
    # keystone/server/flask/application.py's after_request, on successes, errors and unknown routes alike
    answers = [
        http.get("/identity/"),
        http.get("/identity/v3"),
        http.post("/identity/v3/auth/tokens", json=password_auth("admin", "nope", "admin")),
        http.get("/identity/v3/users"),
        http.get("/identity/v3/users", headers=_admin(admin_token)),
        http.get(f"/identity/v3/users/{MISSING}", headers=_admin(admin_token)),
        http.get("/identity/v3/no-such-thing", headers=_admin(admin_token)),
    ]
    for response in answers:
        assert response.headers.get("vary") == "X-Auth-Token", (response.request.url, response.headers)


def test_token_validation_without_a_subject_is_404_and_head_says_json(http: httpx.Client, admin_token: str) -> None:
    response = http.get("/identity/v3/auth/tokens", headers=_admin(admin_token))
    assert response.status_code == 404
    assert response.json()["error"]["title"] == "Not Found"
    head = http.head("/identity/v3/auth/tokens", headers={**_admin(admin_token), "X-Subject-Token": admin_token})
    assert head.status_code == 200 and head.headers["content-type"] == "application/json"
    assert head.headers["x-subject-token"] == admin_token


def test_hand_built_bodies_have_only_a_self_link(http: httpx.Client, admin_token: str) -> None:
    for path in ("auth/catalog", "auth/system"):
        body = http.get(f"/identity/v3/{path}", headers=_admin(admin_token)).json()
        assert list(body["links"]) == ["self"] and body["links"]["self"].endswith(f"/v3/{path}")
    inferences = http.get("/identity/v3/role_inferences", headers=_admin(admin_token)).json()
    assert list(inferences) == ["role_inferences"]


def test_a_project_under_a_missing_parent_is_a_400(http: httpx.Client, admin_token: str) -> None:
    body = {"project": {"name": f"orphan-{uuid.uuid4().hex[:6]}", "parent_id": MISSING}}
    response = http.post("/identity/v3/projects", json=body, headers=_admin(admin_token))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == f"Could not find project: {MISSING}."
    body = {"project": {"name": f"lost-{uuid.uuid4().hex[:6]}", "domain_id": MISSING}}
    assert http.post("/identity/v3/projects", json=body, headers=_admin(admin_token)).status_code == 400


def test_updates_answer_the_extra_object(openstack_connection: openstack.connection.Connection,
                                         http: httpx.Client, admin_token: str) -> None:
    ident = openstack_connection.identity
    project = ident.create_project(name=f"extra-{uuid.uuid4().hex[:6]}", domain_id="default")
    user = ident.create_user(name=f"extra-{uuid.uuid4().hex[:6]}", domain_id="default", password="pw")
    try:
        patched = http.patch(f"/identity/v3/projects/{project.id}", json={"project": {"description": "d"}},
                             headers=_admin(admin_token)).json()["project"]
        assert patched["extra"] == {}
        patched = http.patch(f"/identity/v3/users/{user.id}", json={"user": {"colour": "blue", "email": "e@x.org"}},
                             headers=_admin(admin_token)).json()["user"]
        # keystone's user model has no email attribute: it is an extra one
        assert patched["extra"] == {"colour": "blue", "email": "e@x.org"} and patched["colour"] == "blue"
        # a read shows the extra attributes flattened only
        shown = http.get(f"/identity/v3/users/{user.id}", headers=_admin(admin_token)).json()["user"]
        assert "extra" not in shown and shown["colour"] == "blue"
    finally:
        ident.delete_user(user)
        ident.delete_project(project)


def test_bootstrap_roles_are_immutable(openstack_connection: openstack.connection.Connection,
                                       http: httpx.Client, admin_token: str) -> None:
    ident = openstack_connection.identity
    for name in ("admin", "manager", "member", "reader", "service"):
        assert ident.find_role(name, ignore_missing=False).options == {"immutable": True}
    role = http.post("/identity/v3/roles", json={"role": {"name": f"frozen-{uuid.uuid4().hex[:6]}",
                                                          "options": {"immutable": True}}},
                     headers=_admin(admin_token)).json()["role"]
    url = f"/identity/v3/roles/{role['id']}"
    rename = http.patch(url, json={"role": {"name": "thawed"}}, headers=_admin(admin_token))
    assert rename.status_code == 403 and "immutable" in rename.json()["error"]["message"]
    assert http.delete(url, headers=_admin(admin_token)).status_code == 403
    # the one update allowed: lifting the flag; then the role is an ordinary one
    lifted = http.patch(url, json={"role": {"options": {"immutable": None}}}, headers=_admin(admin_token))
    assert lifted.status_code == 200 and lifted.json()["role"]["options"] == {}
    assert http.delete(url, headers=_admin(admin_token)).status_code == 204


def test_adding_a_project_tag_answers_flasks_empty_text(http: httpx.Client, admin_token: str) -> None:
    project = http.post("/identity/v3/projects", json={"project": {"name": f"tagged-{uuid.uuid4().hex[:6]}"}},
                        headers=_admin(admin_token)).json()["project"]
    try:
        response = http.put(f"/identity/v3/projects/{project['id']}/tags/t1", headers=_admin(admin_token))
        assert response.status_code == 201 and response.content == b""
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["location"].endswith(f"/v3/projects/{project['id']}/tags/t1")
    finally:
        http.delete(f"/identity/v3/projects/{project['id']}", headers=_admin(admin_token))
