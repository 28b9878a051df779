"""Helpers the compute resource tests share (flavors, quotas, hypervisors, ...): headers with a
microversion, and a server booted ACTIVE with no network."""

from __future__ import annotations

from typing import Any

from tests.compute.helpers import boot


def nova_headers(token: str, version: str | None = None) -> dict[str, str]:
    headers = {"X-Auth-Token": token}
    if version:
        headers["OpenStack-API-Version"] = f"compute {version}"
    return headers


def boot_id(conn: Any, name: str, flavor: str = "1") -> str:
    """The id of a server with no network, waited ACTIVE (raw Nova, so no network is picked for us)."""
    return str(boot(conn, name, flavor)["id"])
