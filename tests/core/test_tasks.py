"""core/tasks.py: a provider's task group, and Clock.timer, the wait its lifecycles use."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from twinstack.core.clock import Clock
from twinstack.core.tasks import TaskGroup, group_of


def test_a_group_forgets_finished_tasks_and_cancels_the_rest() -> None:
    async def scenario() -> None:
        group = TaskGroup("block_storage")
        done = group.spawn(asyncio.sleep(0))
        waiting = group.spawn(asyncio.sleep(3600))
        await done
        await asyncio.sleep(0)
        assert len(group) == 1
        assert group.cancel_all() == 1 and len(group) == 0
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(scenario())


def test_group_of_finds_the_named_providers_group() -> None:
    group = TaskGroup("image")
    cloud = SimpleNamespace(providers=[SimpleNamespace(name="identity"), SimpleNamespace(name="image", tasks=group)])
    assert group_of(cloud, "image") is group
    with pytest.raises(RuntimeError):
        group_of(cloud, "identity")


def test_manual_timer_counts_from_when_it_was_set() -> None:
    async def scenario() -> None:
        clock = Clock("manual")
        due = clock.timer(5)
        clock.advance(4)
        assert not due.done()
        clock.advance(1)  # five seconds after the timer was set, though nobody awaited it yet
        assert due.done()
        zero = clock.timer(0)
        await asyncio.sleep(0)
        assert not zero.done()  # manual time: even a zero delay waits for an advance
        clock.advance(0)
        assert zero.done()

    asyncio.run(scenario())


def test_real_timer_fires_on_wall_time_and_a_cancelled_one_is_not_pending() -> None:
    async def scenario() -> None:
        clock = Clock("real")
        await asyncio.wait_for(clock.timer(0.01), timeout=5)
        manual = Clock("manual")
        due = manual.timer(1)
        assert manual.pending() == 1
        due.cancel()
        assert manual.pending() == 0

    asyncio.run(scenario())
