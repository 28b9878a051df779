"""Every service answers a missing or bad token as keystonemiddleware does in front of it:
401, Keystone's error body, and a WWW-Authenticate header naming the identity service."""

from __future__ import annotations

import httpx
import pytest

PATHS = ["/compute/v2.1/servers", "/placement/resource_providers", "/image/v2/images",
         "/network/v2.0/networks", "/volume/v3/volumes", "/identity/v3/users"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_401_in_keystone_format(http: httpx.Client, path: str, token: str | None) -> None:
    response = http.get(path, headers={"X-Auth-Token": token} if token else {})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == 401
    assert response.headers["WWW-Authenticate"].startswith('Keystone uri="')
