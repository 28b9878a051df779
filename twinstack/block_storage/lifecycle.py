"""Status machines advance here, on the cloud's clock: at once (delay 0 in real time: before the
response is sent), or as a task of the block storage provider that waits ``clock.timer(delay)``; in
manual clock mode every step waits for an advance, even a zero delay. Each step is a small function of
a fresh transaction that only moves a record still in the state it expects."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from twinstack.core.tasks import group_of

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.block_storage")
OWNER = "block_storage"  # the provider whose task group holds the waiting steps

Step = Callable[..., None]


def _delay(cloud: Cloud, kind: str) -> float:
    section = getattr(cloud.model, "block_storage", None)
    return float(getattr(section.lifecycle, f"{kind}_seconds", 0.0)) if section is not None else 0.0


def _run(cloud: Cloud, step: Step, args: tuple[Any, ...]) -> None:
    try:
        with cloud.store.begin() as conn:
            step(cloud, conn, *args)
    except Exception:
        log.exception("block storage step %s failed", getattr(step, "__name__", step))


def later(cloud: Cloud, kind: str, step: Step, *args: Any) -> None:
    """Run ``step(cloud, conn, *args)`` after the ``<kind>_seconds`` the model sets, in cloud time."""
    seconds = _delay(cloud, kind)
    if seconds <= 0 and not cloud.clock.manual:
        _run(cloud, step, args)
        return

    due = cloud.clock.timer(seconds)  # counted from this request, not from when the task first runs

    async def wait_then_run() -> None:
        await due
        _run(cloud, step, args)

    task = group_of(cloud, OWNER).spawn(wait_then_run(), name=f"cinder-{kind}-{getattr(step, '__name__', 'step')}")
    task.add_done_callback(lambda _: due.cancel())  # a step cancelled before it ran leaves no waiter
