"""Image test helpers: connections and tokens for the DevStack users, raw Glance calls."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import password_auth
from twinstack.testing import Cloud

PATCH = "application/openstack-images-v2.1-json-patch"


@pytest.fixture
def alt_connection(twinstack_cloud: Cloud) -> Any:
    return twinstack_cloud.connect("twinstack-alt")


def token(http: httpx.Client, user: str, project: str) -> str:
    response = http.post("/identity/v3/auth/tokens", json=password_auth(user, user if user != "admin" else "admin",
                                                                        project))
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


class Glance:
    """Raw calls to /image/v2 as one user (for status codes, headers and error bodies)."""

    def __init__(self, http: httpx.Client, tok: str) -> None:
        self.http = http
        self.headers = {"X-Auth-Token": tok, "Accept": "application/json"}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.http.request(method, f"/image/v2{path}", headers=headers, **kwargs)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)

    def patch(self, path: str, ops: list[dict[str, Any]], content_type: str = PATCH) -> httpx.Response:
        return self.request("PATCH", path, json=ops, headers={"Content-Type": content_type})

    def create(self, **body: Any) -> dict[str, Any]:
        response = self.post("/images", json=body)
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
def admin_glance(cloud: Cloud, http: httpx.Client) -> Glance:
    return Glance(http, token(http, "admin", "admin"))


@pytest.fixture
def demo_glance(cloud: Cloud, http: httpx.Client) -> Glance:
    return Glance(http, token(http, "demo", "demo"))


@pytest.fixture
def alt_glance(cloud: Cloud, http: httpx.Client) -> Glance:
    return Glance(http, token(http, "alt_demo", "alt_demo"))


def message(response: httpx.Response) -> str:
    """Glance's JSON error body: webob's {"message", "code", "title"}."""
    body = response.json()
    assert body["code"].startswith(str(response.status_code)), body
    return str(body["message"])


@pytest.fixture(scope="session")
def custom_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cloud, Path]]:
    """A second cloud whose model adds an image from a file (owned by demo) and small quotas for
    alt_demo; started once for the tests that need them."""
    folder = tmp_path_factory.mktemp("image-model")
    disk = folder / "disk.qcow2"
    disk.write_bytes(b"QFI\xfb" + os.urandom(5000))
    model = folder / "image.yaml"
    model.write_text("image:\n"
                     f"  images:\n    - {{name: mine, file: {disk}, owner: demo, visibility: private}}\n"
                     "  project_quotas:\n    alt_demo: {image_count_total: 1, image_size_total: 1}\n")
    with Cloud(model=str(model)) as started:
        yield started, disk
