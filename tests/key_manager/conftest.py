"""The key manager's fixtures: demo's openstacksdk connection and raw HTTP at ``/key-manager/v1``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def km(cloud: Cloud, conn: Any) -> httpx.Client:
    """Raw HTTP at /key-manager/v1 with demo's token."""
    base = conn.key_manager.get_endpoint().rstrip("/")
    return httpx.Client(base_url=base, headers={"X-Auth-Token": conn.auth_token}, timeout=30)
