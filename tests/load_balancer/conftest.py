"""Octavia's fixtures: openstacksdk connections (demo, admin), raw HTTP at ``/load-balancer/v2`` with
demo's token, demo's private subnet, and a load balancer waited to ACTIVE."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


@pytest.fixture
def admin(cloud: Cloud) -> Any:
    return cloud.connect("twinstack-admin")


@pytest.fixture
def lbaas(cloud: Cloud, conn: Any) -> httpx.Client:
    """Raw HTTP at /load-balancer/v2 with demo's token."""
    return httpx.Client(base_url=cloud.url + "/load-balancer/v2", headers={"X-Auth-Token": conn.auth_token},
                        timeout=30)


@pytest.fixture
def subnet(conn: Any) -> Any:
    return conn.network.find_subnet("private-subnet")


def wait_active(conn: Any, lb_id: str, status: str = "ACTIVE") -> Any:
    """Poll the load balancer as a client does (the amphora boots through Nova in the background)."""
    return conn.load_balancer.wait_for_load_balancer(lb_id, status=status, interval=0.05, wait=30)


@pytest.fixture
def lb(conn: Any, subnet: Any) -> Any:
    created = conn.load_balancer.create_load_balancer(name="lb1", vip_subnet_id=subnet.id)
    return wait_active(conn, created.id)
