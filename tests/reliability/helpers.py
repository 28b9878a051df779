"""What the reliability checks share: many clients released at once, a raw client per user, the figures
each check records for docs/reliability.md, and (for the policy checks) a user with one role on the default
domain or on the system.

``TWINSTACK_RELIABILITY_ROUNDS`` raises the repetitions (``make reliability``); the default keeps the
set inside ``make test``'s budget on a 2-core machine.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx

from tests.conftest import password_auth

T = TypeVar("T")

CLIENTS = 64
ROUNDS = int(os.environ.get("TWINSTACK_RELIABILITY_ROUNDS", "2"))
FIGURES: dict[str, dict[str, Any]] = {}  # check name -> its figures, summed over rounds

SERVICES = {"compute": "/compute/v2.1", "network": "/network/v2.0", "volume": "/volume/v3",
            "image": "/image/v2", "placement": "/placement", "identity": "/identity/v3"}
VERSIONS = {"compute": "compute 2.96", "volume": "volume 3.71", "placement": "placement 1.39"}


BACKEND = os.environ.get("TWINSTACK_RELIABILITY_DB", "sqlite")


def record(check: str, rounds: int = ROUNDS, **figures: int) -> None:
    """Add a check's figures over its ``rounds`` to its totals; the race and token checks name the store
    their cloud ran on."""
    if not check.startswith("crashes"):
        check = f"{check} [{BACKEND}]"
    totals = FIGURES.setdefault(check, {"rounds": 0})
    totals["rounds"] += rounds
    for key, value in figures.items():
        totals[key] = totals.get(key, 0) + value


def race(fn: Callable[[int], T], clients: int = CLIENTS) -> list[T]:
    """Run ``fn(i)`` in ``clients`` threads released together by a barrier; results in order."""
    barrier = threading.Barrier(clients)

    def start(i: int) -> T:
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(start, range(clients)))


def login(base_url: str, user: str, password: str, project: str | None) -> tuple[str, dict[str, Any]]:
    response = httpx.post(f"{base_url}/identity/v3/auth/tokens", json=password_auth(user, password, project),
                          timeout=30)
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"], response.json()["token"]


class Client:
    """One user's raw client on every service, safe to share between threads."""

    def __init__(self, base_url: str, user: str, password: str, project: str | None) -> None:
        self.token, body = login(base_url, user, password, project)
        self.project_id = body.get("project", {}).get("id", "")
        self.user_id = body["user"]["id"]
        limits = httpx.Limits(max_connections=CLIENTS * 2, max_keepalive_connections=CLIENTS * 2)
        self.http = httpx.Client(base_url=base_url, timeout=60, limits=limits)

    def __call__(self, service: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-Auth-Token": self.token, **kwargs.pop("headers", {})}
        if service in VERSIONS:
            headers.setdefault("OpenStack-API-Version", VERSIONS[service])
        prefix = SERVICES[service] + (f"/{self.project_id}" if service == "volume" else "")
        return self.http.request(method, prefix + path, headers=headers, **kwargs)

    def ok(self, service: str, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self(service, method, path, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return dict(response.json()) if response.content else {}

    def close(self) -> None:
        self.http.close()


def wait_for(probe: Callable[[], T], done: Callable[[T], bool], timeout: float = 60.0) -> T:
    """Poll ``probe`` until ``done`` holds for what it returns; the last value on time-out fails."""
    deadline = time.monotonic() + timeout
    value = probe()
    while not done(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not done after {timeout}s: {value!r}")
        time.sleep(0.1)
        value = probe()
    return value


def statuses(responses: list[httpx.Response]) -> dict[int, int]:
    """How many answers had each status code."""
    counts: dict[int, int] = {}
    for response in responses:
        counts[response.status_code] = counts.get(response.status_code, 0) + 1
    return counts


V3 = "/identity/v3"


def scoped_user(http: httpx.Client, admin: dict[str, str], role: str, on: str) -> dict[str, str]:
    """``on``: "domain" (the default domain) or "system"."""
    name = f"pm-{role}-{on}-{uuid.uuid4().hex[:6]}"
    user = http.post(f"{V3}/users", json={"user": {"name": name, "password": name}}, headers=admin).json()["user"]
    role_id = next(r["id"] for r in http.get(f"{V3}/roles", headers=admin).json()["roles"] if r["name"] == role)
    grant = (f"{V3}/domains/default/users/{user['id']}/roles/{role_id}" if on == "domain"
             else f"{V3}/system/users/{user['id']}/roles/{role_id}")
    http.put(grant, headers=admin).raise_for_status()
    body = password_auth(name, name)
    body["auth"]["scope"] = {"domain": {"id": "default"}} if on == "domain" else {"system": {"all": True}}
    token = http.post(f"{V3}/auth/tokens", json=body)
    token.raise_for_status()
    return {"X-Auth-Token": token.headers["X-Subject-Token"]}
