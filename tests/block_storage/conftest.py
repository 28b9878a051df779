"""Block storage test helpers: raw Cinder calls with a chosen microversion, for what the SDK hides
(headers, fault bodies)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import password_auth
from twinstack.testing import Cloud


class Cinder:
    """A thin client on ``/volume/v3/{project_id}`` for one user."""

    def __init__(self, client: httpx.Client, token: str, project_id: str) -> None:
        self.client = client
        self.token = token
        self.project_id = project_id
        self.base = f"/volume/v3/{project_id}"

    def call(self, method: str, path: str, json: Any = None, version: str | None = "3.71",
             project: bool = True, **kwargs: Any) -> httpx.Response:
        headers = {"X-Auth-Token": self.token}
        if version:
            headers["OpenStack-API-Version"] = f"volume {version}"
        url = (self.base if project else "/volume/v3") + path
        return self.client.request(method, url, json=json, headers=headers, **kwargs)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.call("POST", path, json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.call("PUT", path, json, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.call("DELETE", path, **kw)

    def create_volume(self, size: int = 1, **extra: Any) -> dict[str, Any]:
        response = self.post("/volumes", {"volume": {"size": size, **extra}})
        assert response.status_code == 202, response.text
        return dict(response.json()["volume"])

    def volume(self, volume_id: str) -> dict[str, Any]:
        response = self.get(f"/volumes/{volume_id}")
        assert response.status_code == 200, response.text
        return dict(response.json()["volume"])

    def action(self, volume_id: str, body: dict[str, Any], **kw: Any) -> httpx.Response:
        return self.post(f"/volumes/{volume_id}/action", body, **kw)


def _login(client: httpx.Client, user: str, password: str, project: str) -> tuple[str, str]:
    response = client.post("/identity/v3/auth/tokens", json=password_auth(user, password, project))
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"], response.json()["token"]["project"]["id"]


@pytest.fixture
def raw(cloud: Cloud) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cloud.url, timeout=30) as client:
        yield client


@pytest.fixture
def demo(raw: httpx.Client) -> Cinder:
    return Cinder(raw, *_login(raw, "demo", "demo", "demo"))


@pytest.fixture
def alt(raw: httpx.Client) -> Cinder:
    return Cinder(raw, *_login(raw, "alt_demo", "alt_demo", "alt_demo"))


@pytest.fixture
def admin(raw: httpx.Client) -> Cinder:
    return Cinder(raw, *_login(raw, "admin", "admin", "admin"))


@pytest.fixture
def admin_connection_sdk(cloud: Cloud) -> Any:
    return cloud.connect("twinstack-admin")
