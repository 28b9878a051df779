"""Tokens as Keystone revokes them, seen from every service: a user's tokens stop working when the
user is disabled or deleted or changes password, when the role that scoped them is removed, when the
project or domain is disabled, when the cloud's clock passes their expiry; a tampered or truncated
token is a 401 everywhere; application credentials honour ``unrestricted`` and access rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.reliability.helpers import Client, record
from twinstack.testing import Cloud

# one read per service that a member of demo may make (Placement's answer is a 403: not a 401)
PROBES = [("identity", "/identity/v3/auth/projects"), ("compute", "/compute/v2.1/servers"),
          ("network", "/network/v2.0/networks"), ("volume", "/volume/v3/{project}/volumes"),
          ("image", "/image/v2/images"), ("placement", "/placement/resource_providers")]


def answers(cloud: Cloud, token: str, project: str = "") -> dict[str, int]:
    """Each service's status for the token."""
    out = {}
    for service, path in PROBES:
        headers = {"X-Auth-Token": token}
        if service == "placement":
            headers["OpenStack-API-Version"] = "placement 1.39"
        out[service] = httpx.get(f"{cloud.url}{path.format(project=project)}", headers=headers, timeout=30).status_code
    return out


def refused_everywhere(cloud: Cloud, token: str, project: str = "") -> bool:
    return set(answers(cloud, token, project).values()) == {401}


def accepted_everywhere(cloud: Cloud, token: str, project: str = "") -> bool:
    return 401 not in answers(cloud, token, project).values()


class World:
    """A user of its own, member of its own project in its own domain, made by admin."""

    def __init__(self, cloud: Cloud, admin: Client) -> None:
        self.cloud, self.admin = cloud, admin
        tag = uuid.uuid4().hex[:8]
        self.domain = admin.ok("identity", "POST", "/domains", json={"domain": {"name": f"d-{tag}"}})["domain"]["id"]
        self.project = admin.ok("identity", "POST", "/projects", json={"project": {
            "name": f"p-{tag}", "domain_id": self.domain}})["project"]["id"]
        self.name, self.password = f"u-{tag}", "secret-1"
        self.user = admin.ok("identity", "POST", "/users", json={"user": {
            "name": self.name, "password": self.password, "domain_id": self.domain}})["user"]["id"]
        self.member = admin.ok("identity", "GET", "/roles?name=member")["roles"][0]["id"]
        self.grant = f"/projects/{self.project}/users/{self.user}/roles/{self.member}"
        admin.ok("identity", "PUT", self.grant)

    def token(self, scoped: bool = True) -> str:
        body: dict[str, Any] = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": self.name, "domain": {"id": self.domain}, "password": self.password}}}}}
        if scoped:
            body["auth"]["scope"] = {"project": {"id": self.project}}
        response = httpx.post(f"{self.cloud.url}/identity/v3/auth/tokens", json=body, timeout=30)
        assert response.status_code == 201, response.text
        return response.headers["X-Subject-Token"]


def _disable_user(w: World) -> None:
    w.admin.ok("identity", "PATCH", f"/users/{w.user}", json={"user": {"enabled": False}})


def _delete_user(w: World) -> None:
    w.admin.ok("identity", "DELETE", f"/users/{w.user}")


def _change_own_password(w: World) -> None:
    response = httpx.post(f"{w.cloud.url}/identity/v3/users/{w.user}/password", timeout=30, json={
        "user": {"original_password": w.password, "password": "secret-2"}})
    assert response.status_code == 204, response.text


def _admin_sets_password(w: World) -> None:
    w.admin.ok("identity", "PATCH", f"/users/{w.user}", json={"user": {"password": "secret-3"}})


def _remove_role(w: World) -> None:
    w.admin.ok("identity", "DELETE", w.grant)


def _disable_project(w: World) -> None:
    w.admin.ok("identity", "PATCH", f"/projects/{w.project}", json={"project": {"enabled": False}})


def _disable_domain(w: World) -> None:
    w.admin.ok("identity", "PATCH", f"/domains/{w.domain}", json={"domain": {"enabled": False}})


def _expire(w: World) -> None:
    w.cloud.set_clock("manual")
    w.cloud.advance_clock(3601)  # the cloud's default token TTL is 3600 s


EVENTS: dict[str, Callable[[World], None]] = {
    "user disabled": _disable_user, "user deleted": _delete_user, "own password changed": _change_own_password,
    "admin set the password": _admin_sets_password, "role assignment removed": _remove_role,
    "project disabled": _disable_project, "domain disabled": _disable_domain, "expired on the cloud's clock": _expire}


# Keystone ends only the tokens these scoped: the user's unscoped token lives on (a removed role only
# invalidates the token cache, keystone/assignment/core.py delete_grant; a disabled project revokes
# the tokens scoped to it)
UNSCOPED_SURVIVES = {"role assignment removed", "project disabled"}


@pytest.mark.parametrize("event", list(EVENTS))
def test_tokens_stop_working(cloud: Cloud, admin: Client, event: str) -> None:
    world = World(cloud, admin)
    tokens = [world.token() for _ in range(2)]
    unscoped = world.token(scoped=False)
    assert all(accepted_everywhere(cloud, t, world.project) for t in tokens)
    EVENTS[event](world)
    still = [t for t in tokens if not refused_everywhere(cloud, t, world.project)]
    record(f"tokens: {event}", rounds=1, tokens=len(tokens), still_accepted=len(still))
    assert not still, answers(cloud, still[0], world.project)
    if event in UNSCOPED_SURVIVES:
        assert httpx.get(f"{cloud.url}/identity/v3/auth/projects", headers={"X-Auth-Token": unscoped},
                         timeout=30).status_code == 200
    elif event != "expired on the cloud's clock":  # (admin's token expired with it)
        validated = httpx.get(f"{cloud.url}/identity/v3/auth/tokens", timeout=30,
                              headers={"X-Auth-Token": admin.token, "X-Subject-Token": unscoped})
        assert validated.status_code == 404, validated.text


def _tampered(token: str) -> dict[str, str]:
    middle = len(token) // 2
    flipped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    return {"flipped": flipped, "truncated": token[:-10], "halved": token[:middle], "padded junk": token + "x",
            "empty": "", "another cloud's": "gAAAAAB" + "x" * 180}


def test_tampered_and_truncated_tokens(cloud: Cloud, demo: Client) -> None:
    bad = _tampered(demo.token)
    accepted = 0
    for variant in bad.values():
        statuses = answers(cloud, variant, demo.project_id)
        accepted += sum(1 for s in statuses.values() if s != 401)
        assert set(statuses.values()) == {401}, (variant, statuses)
    assert accepted_everywhere(cloud, demo.token, demo.project_id)
    record("tokens: tampered or truncated", rounds=1, tokens=len(bad) * len(PROBES), still_accepted=accepted)


def _app_cred(cloud: Cloud, demo: Client, **body: Any) -> str:
    cred = demo.ok("identity", "POST", f"/users/{demo.user_id}/application_credentials", json={
        "application_credential": {"name": f"ac-{uuid.uuid4().hex[:6]}", **body}})["application_credential"]
    method = {"id": cred["id"], "secret": cred["secret"]}
    response = httpx.post(f"{cloud.url}/identity/v3/auth/tokens", timeout=30, json={"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": method}}})
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


def test_application_credentials_unrestricted(cloud: Cloud, demo: Client) -> None:
    restricted = _app_cred(cloud, demo)
    unrestricted = _app_cred(cloud, demo, unrestricted=True)
    body = {"application_credential": {"name": "child"}}
    path = f"{cloud.url}/identity/v3/users/{demo.user_id}/application_credentials"
    assert httpx.post(path, json=body, headers={"X-Auth-Token": restricted}, timeout=30).status_code == 403
    body["application_credential"]["name"] = "child-2"
    assert httpx.post(path, json=body, headers={"X-Auth-Token": unrestricted}, timeout=30).status_code == 201
    record("tokens: application credential unrestricted", rounds=1, tokens=2, still_accepted=0)


def test_application_credential_access_rules(cloud: Cloud, demo: Client) -> None:
    token = _app_cred(cloud, demo, access_rules=[
        {"service": "compute", "method": "GET", "path": "/v2.1/servers"},
        {"service": "image", "method": "GET", "path": "/v2/images/*"}])
    image = demo.ok("image", "GET", "/images")["images"][0]["id"]

    def status(method: str, path: str) -> int:
        return httpx.request(method, cloud.url + path, headers={"X-Auth-Token": token}, timeout=30).status_code

    allowed = [("GET", "/compute/v2.1/servers"), ("GET", f"/image/v2/images/{image}")]
    denied = [("GET", "/compute/v2.1/flavors"), ("GET", "/compute/v2.1/servers/detail"), ("GET", "/image/v2/images"),
              ("DELETE", f"/image/v2/images/{image}"), ("GET", "/network/v2.0/networks"),
              ("GET", f"/volume/v3/{demo.project_id}/volumes"), ("GET", "/identity/v3/auth/projects")]
    assert [status(m, p) for m, p in allowed] == [200, 200]
    got = [status(m, p) for m, p in denied]
    record("tokens: application credential access rules", rounds=1,
           tokens=len(denied),
           still_accepted=sum(1 for s in got if s != 401))
    assert got == [401] * len(denied), list(zip(denied, got, strict=True))
    # the token may still validate itself, as keystonemiddleware lets it
    assert httpx.get(f"{cloud.url}/identity/v3/auth/tokens", timeout=30,
                     headers={"X-Auth-Token": token, "X-Subject-Token": token}).status_code == 200
