"""The benchmark's client side: a cloud in a subprocess, tokens, a bounded async load loop, and the
server's CPU time (read from /proc), which is what "cost per request" means here: it does not depend
on how fast the client is."""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import httpx

from twinstack.testing import Cloud

TICKS = os.sysconf("SC_CLK_TCK")


def password_auth(user: str, password: str, project: str) -> dict[str, Any]:
    return {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (and its reaped children) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Bench:
    cloud: Cloud
    token: str = ""
    demo_token: str = ""
    endpoints: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, models: list[str] | None = None, extra_args: list[str] | None = None) -> Bench:
        cloud = Cloud(model=models or [], startup_timeout=600, extra_args=extra_args).start()
        bench = cls(cloud)
        bench.token = bench.issue_token("admin", "admin", "admin")
        bench.demo_token = bench.issue_token("demo", "demo", "demo")
        return bench

    @property
    def pid(self) -> int:
        assert self.cloud.process is not None
        return self.cloud.process.pid

    @property
    def url(self) -> str:
        assert self.cloud.url is not None
        return self.cloud.url

    def issue_token(self, user: str, password: str, project: str) -> str:
        response = httpx.post(f"{self.cloud.url}/identity/v3/auth/tokens", json=password_auth(user, password, project))
        response.raise_for_status()
        return response.headers["X-Subject-Token"]

    def headers(self, token: str | None = None, **extra: str) -> dict[str, str]:
        return {"X-Auth-Token": token or self.token, **extra}

    def stop(self) -> None:
        self.cloud.stop()


@dataclass
class Run:
    """What one load run measured."""

    requests: int
    seconds: float
    cpu: float  # server CPU seconds
    latencies: list[float]  # per unit of work (a request, or a whole cycle)
    errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu / self.requests if self.requests else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def p50(self) -> float:
        return 1000 * statistics.median(self.latencies) if self.latencies else 0.0


Work = Callable[[aiohttp.ClientSession], Awaitable[int]]  # returns how many HTTP requests it made


class Target(Protocol):
    """What a load run needs of a server: where it listens and which process pays for the work."""

    @property
    def url(self) -> str: ...

    @property
    def pid(self) -> int: ...


async def _drive(bench: Target, work: Work, clients: int, duration: float | None, iterations: int | None) -> Run:
    # aiohttp, not httpx: httpx's async pool slows down sharply with concurrency (measured: 1,344
    # requests/s at 1 client, 240 at 32, against a server wrk shows doing 17,000), which would make the
    # client, not twinstack, the thing measured.
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base_url=bench.url, connector=connector, timeout=timeout) as client:
        counts = {"requests": 0, "errors": 0, "done": 0}
        latencies: list[float] = []
        deadline = time.perf_counter() + duration if duration else None

        async def worker() -> None:
            while True:
                if deadline is not None and time.perf_counter() >= deadline:
                    return
                if iterations is not None:
                    if counts["done"] >= iterations:
                        return
                    counts["done"] += 1
                started = time.perf_counter()
                try:
                    made = await work(client)  # not `+= await`: that reads the count before awaiting
                    counts["requests"] += made
                    latencies.append(time.perf_counter() - started)
                except (aiohttp.ClientError, AssertionError, KeyError):
                    counts["errors"] += 1

        cpu0, t0 = cpu_seconds(bench.pid), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        seconds, cpu = time.perf_counter() - t0, cpu_seconds(bench.pid) - cpu0
    return Run(counts["requests"], seconds, cpu, latencies, counts["errors"])


def drive(bench: Target, work: Work, clients: int, duration: float | None = None, iterations: int | None = None) -> Run:
    """Run ``work`` from ``clients`` concurrent loops, for a duration or a number of iterations."""
    return asyncio.run(_drive(bench, work, clients, duration, iterations))
