"""Helpers the compute-core tests share: raw Nova calls with a microversion, waiting on a status."""

from __future__ import annotations

import time
from typing import Any

import httpx


def token(conn: Any) -> str:
    return str(conn.session.get_token())


def compute_url(conn: Any) -> str:
    return str(conn.compute.get_endpoint()).rstrip("/")


def nova(conn: Any, method: str, path: str, version: str | None = None, **kwargs: Any) -> httpx.Response:
    headers = {"X-Auth-Token": token(conn), **kwargs.pop("headers", {})}
    if version:
        headers["OpenStack-API-Version"] = f"compute {version}"
    return httpx.request(method, compute_url(conn) + path, headers=headers, timeout=30, **kwargs)


def wait_status(conn: Any, server_id: str, status: str, timeout: float = 20.0) -> dict[str, Any]:
    """Poll the server (raw, latest microversion) until it has ``status`` and no task in flight."""
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = nova(conn, "GET", f"/servers/{server_id}", "2.96")
        body = response.json().get("server", {})
        if body.get("status") == status and body.get("OS-EXT-STS:task_state") is None:
            return body
        time.sleep(0.05)
    raise AssertionError(f"server {server_id} never reached {status}: {body.get('status')} "
                         f"task={body.get('OS-EXT-STS:task_state')} fault={body.get('fault')}")


def wait_gone(conn: Any, server_id: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if nova(conn, "GET", f"/servers/{server_id}").status_code == 404:
            return
        time.sleep(0.05)
    raise AssertionError(f"server {server_id} was never deleted")


def boot(conn: Any, name: str = "s", flavor: str = "m1.tiny", wait: str | None = "ACTIVE", version: str = "2.96",
         **server: Any) -> dict[str, Any]:
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    body = {"server": {"name": name, "imageRef": image.id, "flavorRef": _flavor_id(conn, flavor),
                       "networks": "none", **server}}
    response = nova(conn, "POST", "/servers", version, json=body)
    assert response.status_code == 202, response.text
    created = response.json()["server"]
    return wait_status(conn, created["id"], wait) if wait else created


def _flavor_id(conn: Any, name: str) -> str:
    return str(conn.compute.find_flavor(name, ignore_missing=False).id)


def action(conn: Any, server_id: str, body: dict[str, Any], version: str = "2.96") -> httpx.Response:
    return nova(conn, "POST", f"/servers/{server_id}/action", version, json=body)


def usages(conn: Any) -> dict[str, dict[str, int]]:
    """Placement usage per compute host, as `openstack resource provider usage show` reads it."""
    out = {}
    for rp in conn.placement.resource_providers():
        response = conn.session.get(
            f"/resource_providers/{rp.id}/usages",
            endpoint_filter={"service_type": "placement"},
            headers={"OpenStack-API-Version": "placement 1.9"},
        )
        out[rp.name] = {k: v for k, v in response.json()["usages"].items() if v}
    return out
