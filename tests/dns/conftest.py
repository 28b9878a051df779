"""The demo project's openstacksdk connection and a raw client of its Designate API, for the zone tests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def dns(cloud: Cloud, conn: Any) -> httpx.Client:
    return httpx.Client(base_url=cloud.url + "/dns/v2", headers={"X-Auth-Token": conn.auth_token}, timeout=30)
