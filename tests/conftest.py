"""Shared test helpers. The cloud fixtures come from twinstack's own pytest plugin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud

OPENSTACK = str(Path(sys.executable).parent / "openstack")


def openstack_cli(cloud: Cloud, *args: str, user: str = "twinstack-admin", check: bool = True) -> Any:
    """Run the real ``openstack`` CLI; parse JSON output when asked for with -f json."""
    result = subprocess.run([OPENSTACK, *args], env=cloud.cli_env(user), capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"openstack {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    if "-f" in args and "json" in args and result.returncode == 0:
        return json.loads(result.stdout) if result.stdout.strip() else None
    return result


def password_auth(user: str, password: str, project: str | None = None, domain: str = "default") -> dict[str, Any]:
    body: dict[str, Any] = {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "domain": {"id": domain}, "password": password}}}}}
    if project:
        body["auth"]["scope"] = {"project": {"name": project, "domain": {"id": domain}}}
    return body


@pytest.fixture
def http(twinstack_active_cloud: Cloud) -> httpx.Client:
    """Raw HTTP to the test's cloud (its twinstack_model marker's, else the session's)."""
    with httpx.Client(base_url=twinstack_active_cloud.url, timeout=30) as client:
        yield client


@pytest.fixture
def admin_token(http: httpx.Client) -> str:
    response = http.post("/identity/v3/auth/tokens", json=password_auth("admin", "admin", "admin"))
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


@pytest.fixture
def demo_token(http: httpx.Client) -> str:
    response = http.post("/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo"))
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]
