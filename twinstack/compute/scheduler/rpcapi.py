"""The scheduler's typed client (Nova's scheduler/rpcapi.py, small): the conductor asks for a
destination on topic ``scheduler`` with a request spec (a plain dict, see docs/internal-interfaces.md)."""

from __future__ import annotations

from typing import Any

from twinstack.core.bus import Bus

TOPIC = "scheduler"


class SchedulerAPI:
    def __init__(self, bus: Bus) -> None:
        self.bus = bus

    async def select_destinations(self, *, spec: dict[str, Any]) -> dict[str, Any]:
        """``{"host", "node", "availability_zone"}`` with the claim made; RemoteError NoValidHost when none fits."""
        return await self.bus.call(TOPIC, "select_destinations", spec=spec)  # type: ignore[no-any-return]
