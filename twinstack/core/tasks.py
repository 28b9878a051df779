"""Background work one owner keeps: a set of asyncio tasks a service's provider holds for its cloud.

Lifecycles (a volume creating, an image importing) run as tasks that wait on the cloud's clock; the
provider that spawned them cancels them on stop and reset, so two clouds in one process share none.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("twinstack")


class TaskGroup:
    """The running tasks of one owner; a finished task leaves the group by itself."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        """Run ``coro`` in the running loop as a task of this group."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # a background step must not pass silently, nor take the server down
            log.error("%s background task %s failed", self.owner, task.get_name(), exc_info=task.exception())

    def cancel_all(self) -> int:
        """Cancel every running task (stop, reset); returns how many there were."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        self._tasks.clear()
        return len(tasks)

    def __len__(self) -> int:
        return len(self._tasks)


def group_of(cloud: Any, owner: str) -> TaskGroup:
    """The task group of the provider named ``owner`` in ``cloud`` (core names no service)."""
    for provider in cloud.providers:
        if provider.name == owner:
            group = getattr(provider, "tasks", None)
            if isinstance(group, TaskGroup):
                return group
    raise RuntimeError(f"{owner} keeps no background tasks in this cloud")
