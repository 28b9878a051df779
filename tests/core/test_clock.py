"""core/clock.py: wall time with an offset, manual time that moves only on advance, and sleepers
that wake exactly when an advance reaches their deadline."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from twinstack.core.clock import Clock, isotime


def test_a_manual_clock_stands_still_until_advanced() -> None:
    clock = Clock("manual")
    start = clock.now()
    assert clock.now() == start
    assert clock.advance(90) == 0
    assert (clock.now() - start).total_seconds() == 90
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_switching_modes_keeps_the_time_it_reached() -> None:
    clock = Clock()
    clock.set_mode("manual")
    clock.advance(3600)
    ahead = clock.now()
    clock.set_mode("real")
    assert 3590 < (clock.now() - datetime.now(UTC).replace(tzinfo=None)).total_seconds() < 3610
    assert clock.now() >= ahead
    with pytest.raises(ValueError):
        clock.set_mode("sideways")
    clock.reset()
    assert clock.mode == "real" and clock.offset == 0.0


def test_sleepers_wake_in_deadline_order_and_only_when_reached() -> None:
    async def scenario() -> None:
        clock = Clock("manual")
        woke: list[str] = []

        async def sleeper(name: str, seconds: float) -> None:
            await clock.sleep(seconds)
            woke.append(name)

        tasks = [asyncio.create_task(sleeper(n, s)) for n, s in (("late", 10), ("zero", 0), ("early", 5))]
        await asyncio.sleep(0)
        assert clock.pending() == 3 and woke == []   # even a zero delay waits for an advance
        assert clock.advance(0) == 1
        await asyncio.sleep(0)
        assert woke == ["zero"]
        assert clock.advance(4) == 0
        assert clock.advance(6) == 2
        await asyncio.gather(*tasks)
        assert woke == ["zero", "early", "late"] and clock.pending() == 0

    asyncio.run(scenario())


def test_a_timer_is_due_from_when_it_was_made() -> None:
    async def scenario() -> None:
        clock = Clock("manual")
        timer = clock.timer(5)
        clock.advance(5)      # before anyone awaits it
        assert timer.done()
        cancelled = clock.timer(1)
        cancelled.cancel()
        assert clock.pending() == 0 and clock.advance(1) == 0

    asyncio.run(scenario())


def test_leaving_manual_mode_or_resetting_wakes_everyone() -> None:
    async def scenario() -> None:
        clock = Clock("manual")
        first, second = clock.timer(100), clock.timer(1000)
        clock.set_mode("real")
        assert first.done() and second.done()
        clock.set_mode("manual")
        third = clock.timer(1)
        clock.reset("manual")
        assert third.done() and clock.manual

    asyncio.run(scenario())


def test_the_real_clock_sleeps_for_real() -> None:
    async def scenario() -> None:
        clock = Clock()
        await clock.sleep(0)
        await clock.sleep(0.01)
        await asyncio.wait_for(clock.timer(0.01), 1)
        assert clock.pending() == 0

    asyncio.run(scenario())


def test_isotime() -> None:
    moment = datetime(2026, 11, 27, 4, 31, 39, 120000)
    assert isotime(moment) == "2026-11-27T04:31:39Z"
    assert isotime(moment, micro=True) == "2026-11-27T04:31:39.120000Z"
    # isoformat where it writes strftime's text; strftime where it would not (an aware time, a year < 1000)
    for value in (datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 1, 2, 3, 4, 5, 7), datetime(999, 1, 1),
                  datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)):
        assert isotime(value) == value.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert isotime(value, micro=True) == value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
