"""Sending the fuzz: several concurrent HTTP clients against the real server, each request bounded
(no answer in ``hang_after`` seconds is a hang), some bodies broken off mid-way by a raw socket."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

from fuzz.requests import Request


@dataclass
class Outcome:
    request: Request
    status: int  # 0: a hang; -1: the client broke off on purpose
    request_id: str = ""
    seconds: float = 0.0


@dataclass
class Tally:
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    routes: set[str] = field(default_factory=set)
    failures: list[Outcome] = field(default_factory=list)  # 5xx and hangs
    transport_errors: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.sent += 1
        self.statuses[outcome.status] += 1
        self.kinds[outcome.request.kind] += 1
        self.routes.add(outcome.request.route)
        if outcome.status == 0 or outcome.status >= 500:
            self.failures.append(outcome)


async def send(session: aiohttp.ClientSession, base: str, req: Request, hang_after: float) -> Outcome:
    if req.disconnect:
        return await _break_off(base, req)
    started = time.perf_counter()
    try:
        async with session.request(req.method, URL(base + req.target, encoded=True), headers=req.headers,
                                   data=req.body, timeout=aiohttp.ClientTimeout(total=hang_after),
                                   skip_auto_headers=["Content-Type"]) as response:
            await response.read()
            return Outcome(req, response.status, response.headers.get("x-openstack-request-id", ""),
                           time.perf_counter() - started)
    except TimeoutError:
        return Outcome(req, 0, "", time.perf_counter() - started)


async def _break_off(base: str, req: Request) -> Outcome:
    """Promise a body, send half of it, hang up: the server must drop the request, not wedge."""
    parts = urlsplit(base)
    _reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    body = req.body or b'{"x": "' + b"y" * 4000 + b'"}'
    head = [f"{req.method} {req.target} HTTP/1.1", f"Host: {parts.netloc}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in req.headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace") + body[: len(body) // 2])
    await writer.drain()
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return Outcome(req, -1)


async def run(base: str, next_request: Callable[[], Request | None], clients: int, hang_after: float,
              deadline: float, on_outcome: Callable[[Outcome], Any]) -> None:
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:

        async def worker() -> None:
            while time.monotonic() < deadline:
                req = next_request()
                if req is None:
                    return
                try:
                    outcome = await send(session, base, req, hang_after)
                except (aiohttp.ClientError, OSError) as exc:
                    # the server closed on us: an answer of sorts (a 413 before reading a body does
                    # that); a refused connection means it died, which the health check catches
                    outcome = Outcome(req, -2)
                    outcome.request_id = type(exc).__name__
                on_outcome(outcome)

        await asyncio.gather(*(worker() for _ in range(clients)))


def send_one(base: str, req: Request, hang_after: float = 30.0) -> Outcome:
    """One request on its own connection (for shrinking)."""

    async def go() -> Outcome:
        async with aiohttp.ClientSession(auto_decompress=False) as session:
            try:
                return await send(session, base, req, hang_after)
            except (aiohttp.ClientError, OSError):
                return Outcome(req, -2)

    return asyncio.run(go())
