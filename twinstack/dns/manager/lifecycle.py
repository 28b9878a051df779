"""Status machines on the cloud clock, as block storage's: PENDING to ACTIVE (or gone, after a DELETE)
at once in real time (the step runs before the response is sent, Designate's worker is that quick on
DevStack's bind9 pool for a client that polls), or as a task waiting ``clock.timer(0)`` in manual mode,
so a test sees PENDING until it advances the clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from twinstack.core.tasks import group_of

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.dns")
OWNER = "dns"

Step = Callable[..., None]


def _run(cloud: Cloud, step: Step, args: tuple[Any, ...]) -> None:
    try:
        with cloud.store.begin() as conn:
            step(cloud, conn, *args)
    except Exception:
        log.exception("dns step %s failed", getattr(step, "__name__", step))


def later(cloud: Cloud, step: Step, *args: Any) -> None:
    """Run ``step(cloud, conn, *args)`` now in real time; on the next clock advance in manual mode."""
    if not cloud.clock.manual:
        _run(cloud, step, args)
        return
    due = cloud.clock.timer(0)

    async def wait_then_run() -> None:
        await due
        _run(cloud, step, args)

    task = group_of(cloud, OWNER).spawn(wait_then_run(), name=f"designate-{getattr(step, '__name__', 'step')}")
    task.add_done_callback(lambda _: due.cancel())
