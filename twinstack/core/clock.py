"""One clock for the whole cloud, so tests can control time.

``real`` (default): wall time. ``manual``: time stands still and moves only on ``advance`` (the
``POST /_twinstack/clock/advance`` call); lifecycles that wait with ``await clock.sleep(s)`` (BUILD to
ACTIVE, volume creating to available) then wake only when an advance reaches their deadline, even
for a zero delay, so a test sees every intermediate state. Token expiry reads ``now()`` as well.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import sys
from datetime import UTC, datetime, timedelta

if sys.version_info < (3, 12):
    # one C call, a ninth of now(UTC).replace(tzinfo=None)'s cost (a boot/delete cycle reads the time ~50
    # times); Python 3.12 deprecates it (a warning per call), so there the aware form is kept
    utc_now = datetime.utcnow
else:  # pragma: no cover - the project's Python is 3.11
    def utc_now() -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


class Clock:
    def __init__(self, mode: str = "real") -> None:
        self.mode = mode
        self.offset = 0.0  # seconds added to wall time (real mode) / to the frozen start (manual)
        self._frozen_at = utc_now()
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    @property
    def manual(self) -> bool:
        return self.mode == "manual"

    def set_mode(self, mode: str) -> None:
        if mode not in ("real", "manual"):
            raise ValueError(f"unknown clock mode {mode!r}: use 'real' or 'manual'")
        if mode == self.mode:
            return
        if mode == "manual":
            self._frozen_at = self.now()
            self.offset = 0.0
        else:
            self.offset = (self.now() - utc_now()).total_seconds()
            self._wake(float("inf"))
        self.mode = mode

    def reset(self, mode: str = "real") -> None:
        """Back to wall time (or a fresh manual clock); every sleeper wakes."""
        self._wake(float("inf"))
        self.mode = "real" if mode not in ("real", "manual") else mode
        self.offset = 0.0
        self._frozen_at = utc_now()

    def now(self) -> datetime:
        if self.manual:
            return self._frozen_at + timedelta(seconds=self.offset)
        now = utc_now()
        return now + timedelta(seconds=self.offset) if self.offset else now  # called ~50 times per boot

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of cloud time."""
        if not self.manual:
            if seconds > 0:
                await asyncio.sleep(seconds)
            else:
                await asyncio.sleep(0)
            return
        await self.timer(seconds)

    def timer(self, seconds: float) -> asyncio.Future[None]:
        """A future done ``seconds`` of cloud time from now. Unlike ``sleep`` the deadline is set when
        this is called, not when a task first awaits it: a lifecycle a request starts is due even if
        the clock advances before its task has run. Cancelling the future drops the wait."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        if self.manual:
            heapq.heappush(self._sleepers, (self.offset + max(seconds, 0.0), next(self._order), future))
        else:
            loop.call_later(max(seconds, 0.0), _settle, future)
        return future

    def advance(self, seconds: float) -> int:
        """Move manual time forward; wake every sleeper whose deadline is reached. Returns how many."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds
        return self._wake(self.offset)

    def pending(self) -> int:
        return sum(1 for _, _, f in self._sleepers if not f.done())

    def _wake(self, until: float) -> int:
        woken = 0
        while self._sleepers and self._sleepers[0][0] <= until:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)
                woken += 1
        return woken


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def isotime(value: datetime, micro: bool = False) -> str:
    """Keystone and Nova's format: 2026-11-27T04:31:39Z or with .000000Z."""
    if value.tzinfo is None and value.year >= 1000:  # isoformat is strftime's text here, at a third of the cost
        return value.isoformat("T", "microseconds" if micro else "seconds") + "Z"
    if micro:
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
