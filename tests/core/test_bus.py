"""core/bus.py's LocalBus beyond what tests/compute/test_bus.py covers: cast order per topic, casts
that cast, failures nobody awaits, unserving, cancelling and closing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from twinstack.core.bus import LocalBus, NoSuchTopic, RemoteError


class Recorder:
    def __init__(self, bus: LocalBus | None = None) -> None:
        self.seen: list[Any] = []
        self.bus = bus
        self.attribute = "not callable"

    async def record(self, value: Any) -> dict[str, Any]:
        await asyncio.sleep(0)
        self.seen.append(value)
        return {"value": value}

    async def relay(self, value: Any) -> None:
        assert self.bus is not None
        await self.bus.cast("t", "record", value=f"relayed {value}")

    async def fail(self) -> None:
        raise KeyError("gone")

    async def forever(self) -> None:
        await asyncio.sleep(3600)


def test_casts_run_in_order_and_drain_waits_for_casts_they_start() -> None:
    async def scenario() -> None:
        bus = LocalBus()
        endpoint = Recorder(bus)
        bus.serve("t", endpoint)
        for i in range(5):
            await bus.cast("t", "record", value=i)
        await bus.cast("t", "relay", value="x")
        await bus.drain()
        assert endpoint.seen == [0, 1, 2, 3, 4, "relayed x"]

    asyncio.run(scenario())


def test_a_failed_cast_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        bus = LocalBus()
        bus.serve("t", Recorder())
        await bus.cast("t", "fail")
        await bus.drain()

    asyncio.run(scenario())
    assert "cast t.fail failed" in caplog.text


def test_errors_cross_as_data_and_attributes_are_not_methods() -> None:
    async def scenario() -> None:
        bus = LocalBus()
        bus.serve("t", Recorder())
        with pytest.raises(RemoteError) as info:
            await bus.call("t", "fail")
        assert (info.value.exc_type, info.value.message) == ("KeyError", "'gone'")
        with pytest.raises(RemoteError) as info:
            await bus.call("t", "attribute")
        assert info.value.exc_type == "UnsupportedVersion"
        # replies are JSON too: a tuple comes back a list
        assert await bus.call("t", "record", value=(1, 2)) == {"value": [1, 2]}

    asyncio.run(scenario())


def test_unserve_cancel_and_close() -> None:
    async def scenario() -> None:
        bus = LocalBus()
        bus.serve("t", Recorder())
        assert bus.serving("t")
        await bus.cast("t", "forever")
        await asyncio.sleep(0)
        bus.cancel_all()
        await bus.drain()       # nothing left in flight
        bus.unserve("t")
        bus.unserve("t")        # twice is harmless
        assert not bus.serving("t")
        with pytest.raises(NoSuchTopic):
            await bus.cast("t", "record", value=1)
        bus.serve("u", Recorder())
        await bus.close()
        assert not bus.serving("u")

    asyncio.run(scenario())
