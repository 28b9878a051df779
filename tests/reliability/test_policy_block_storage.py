"""Cinder's URL check (cinder/api/openstack/wsgi.py): a project id in the URL must be the token's
project, for an admin too; a domain- or system-scoped token has none, so it matches no project URL."""

from __future__ import annotations

import httpx
import pytest

from tests.reliability.helpers import scoped_user


def _project(http: httpx.Client, admin_token: str, token: str) -> str:
    headers = {"X-Auth-Token": admin_token, "X-Subject-Token": token}
    return str(http.get("/identity/v3/auth/tokens", headers=headers).json()["token"]["project"]["id"])


@pytest.mark.parametrize("on", ["system", "domain"])
def test_a_project_url_refuses_a_token_without_that_project(http: httpx.Client, admin_token: str,
                                                            demo_token: str, on: str) -> None:
    demo_project = _project(http, admin_token, demo_token)
    outsider = scoped_user(http, {"X-Auth-Token": admin_token}, "reader", on)
    for path in ("types", "limits", "volumes"):
        assert http.get(f"/volume/v3/{demo_project}/{path}", headers=outsider).status_code == 400
    assert http.get(f"/volume/v3/{demo_project}/types", headers={"X-Auth-Token": demo_token}).status_code == 200


def test_an_admin_uses_its_own_project_url(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    demo_project = _project(http, admin_token, demo_token)
    admin = {"X-Auth-Token": admin_token}
    assert http.get(f"/volume/v3/{demo_project}/volumes", headers=admin).status_code == 400
    own = _project(http, admin_token, admin_token)
    assert http.get(f"/volume/v3/{own}/volumes?all_tenants=1", headers=admin).status_code == 200
