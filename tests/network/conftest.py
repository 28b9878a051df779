"""Helpers for the network tests: raw Neutron calls with a token, and ids from the default model."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud


class Neutron:
    """Raw HTTP against /network/v2.0 as one user: status codes and NeutronError bodies."""

    def __init__(self, http: httpx.Client, token: str) -> None:
        self.http = http
        self.token = token

    def __call__(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                 **params: Any) -> httpx.Response:
        all_headers = {"X-Auth-Token": self.token, **(headers or {})}
        return self.http.request(method, f"/network/v2.0{path}", json=body, headers=all_headers,
                                 params=params or None)

    def error(self, response: httpx.Response) -> dict[str, Any]:
        return response.json()["NeutronError"]


@pytest.fixture
def admin_api(cloud: Cloud, http: httpx.Client, admin_token: str) -> Neutron:
    return Neutron(http, admin_token)


@pytest.fixture
def demo_api(cloud: Cloud, http: httpx.Client, demo_token: str) -> Neutron:
    return Neutron(http, demo_token)


@pytest.fixture
def demo(cloud: Cloud, demo_connection: Any) -> Any:
    """The demo user's openstacksdk connection, on a freshly reset cloud."""
    return demo_connection


@pytest.fixture
def admin(cloud: Cloud, openstack_connection: Any) -> Any:
    return openstack_connection


@pytest.fixture
def alt(cloud: Cloud) -> Any:
    return cloud.connect("twinstack-alt")


@pytest.fixture
def alt_api(cloud: Cloud, http: httpx.Client, alt: Any) -> Neutron:
    """Raw HTTP as the alt user (another project)."""
    return Neutron(http, alt.auth_token)
