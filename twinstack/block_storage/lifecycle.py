"""Status machines advance here: at once (delay 0, the default: before the response is sent) or as
an asyncio task after the model's delay. Each step is a small function of a fresh transaction that
only moves a record still in the state it expects."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.block_storage")
_tasks: set[asyncio.Task[None]] = set()

Step = Callable[..., None]


def _delay(cloud: "Cloud", kind: str) -> float:
    section = getattr(cloud.model, "block_storage", None)
    return float(getattr(section.lifecycle, f"{kind}_seconds", 0.0)) if section is not None else 0.0


def _run(cloud: "Cloud", step: Step, args: tuple[Any, ...]) -> None:
    try:
        with cloud.store.begin() as conn:
            step(cloud, conn, *args)
    except Exception:  # noqa: BLE001 - a background step must not take the server down
        log.exception("block storage step %s failed", getattr(step, "__name__", step))


def later(cloud: "Cloud", kind: str, step: Step, *args: Any) -> None:
    """Run ``step(cloud, conn, *args)`` after the ``<kind>_seconds`` the model sets (0: now)."""
    seconds = _delay(cloud, kind)
    if seconds <= 0:
        _run(cloud, step, args)
        return

    async def wait_then_run() -> None:
        await asyncio.sleep(seconds)
        _run(cloud, step, args)

    task = asyncio.get_running_loop().create_task(wait_then_run())
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def now_or_in(cloud: "Cloud", conn: Connection, step: Step, *args: Any) -> None:
    """In-process callers (compute) get the finished state inside their own transaction."""
    step(cloud, conn, *args)


def cancel_all() -> None:
    for task in list(_tasks):
        task.cancel()
    _tasks.clear()
