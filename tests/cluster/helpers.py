"""What the process-level tests share: clients that open a new connection per request (so SO_REUSEPORT
spreads them over the API workers), waiting on services, and cutting the broker's connections."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from typing import Any

import httpx

from tests.conftest import password_auth
from twinstack.cluster.supervisor import Cluster


def token(cluster: Cluster, user: str = "admin") -> str:
    response = httpx.post(f"{cluster.url}/identity/v3/auth/tokens", json=password_auth(user, user, user), timeout=30)
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


def fresh(cluster: Cluster, method: str, path: str, tok: str | None = None, **kwargs: Any) -> httpx.Response:
    """One request on a new connection (the kernel picks the worker)."""
    headers = {"X-Auth-Token": tok} if tok else {}
    headers.update(kwargs.pop("headers", {}))
    with httpx.Client(base_url=cluster.url, timeout=30) as client:
        return client.request(method, path, headers=headers, **kwargs)


def until(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout:g} s (last: {last})")


def services(cluster: Cluster, tok: str) -> dict[str, dict[str, Any]]:
    response = fresh(cluster, "GET", "/compute/v2.1/os-services?binary=nova-compute", tok,
                     headers={"OpenStack-API-Version": "compute 2.53"})
    assert response.status_code == 200, response.text
    return {s["host"]: s for s in response.json()["services"]}


def close_broker_connections(pids: list[int]) -> int:
    """``rabbitmqctl close_connection`` for every connection these processes hold (the broker's side
    of a restart, without restarting the machine's broker under other users). Returns how many."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        raise RuntimeError("rabbitmqctl is not installed")
    listing = subprocess.run([ctl, "list_connections", "pid", "client_properties", "-q", "-s"],
                             capture_output=True, text=True, timeout=30, check=True).stdout
    targets = []
    for line in listing.splitlines():
        pid, _, props = line.partition("\t")
        if any(f".{p}." in props and "twinstack " in props for p in pids):
            targets.append(pid)
    closing = [subprocess.Popen([ctl, "close_connection", pid, "twinstack test: broker restart"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for pid in targets]
    for proc in closing:
        proc.wait(30)
    closed = len(targets)
    return closed


def clear_servers(conn: Any) -> None:
    """Delete every server (the admin project's quota is 10) and wait until they are gone."""
    servers = list(conn.compute.servers(all_projects=True))
    for server in servers:
        conn.compute.delete_server(server.id)
    until(lambda: not list(conn.compute.servers(all_projects=True)), 20, "servers deleted")
