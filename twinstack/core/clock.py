"""One clock for the whole cloud, so tests can control time (token expiry, lifecycles)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


class Clock:
    """Real time, plus an offset a test may advance."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> datetime:
        return datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=self.offset)

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def isotime(value: datetime, micro: bool = False) -> str:
    """Keystone and Nova's format: 2026-11-27T04:31:39Z or with .000000Z."""
    if micro:
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
