"""When the worker answers, on the cloud clock: a change settles ``provision_seconds`` of cloud time after
it is accepted (at once in real time when that is 0, before the answer goes out, as Octavia's worker is
quick against a client that polls; on the next advance in manual mode, so a test sees every PENDING_*
state). Builds, deletes and failovers that boot or delete amphorae are tasks (manager/amphorae.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from twinstack.core.tasks import group_of
from twinstack.load_balancer.manager import OWNER, settings, settle

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.load_balancer")


def _settle(cloud: Cloud, lb_id: str) -> None:
    try:
        with cloud.store.begin() as conn:
            settle(cloud, conn, lb_id)
    except Exception:
        log.exception("settling load balancer %s failed", lb_id)


def later(cloud: Cloud, lb_id: str) -> None:
    """Settle ``lb_id`` when the worker would have: now, or after ``provision_seconds`` of cloud time."""
    delay = settings(cloud).provision_seconds
    if not cloud.clock.manual and delay <= 0:
        _settle(cloud, lb_id)
        return
    due = cloud.clock.timer(delay)

    async def wait_then_settle() -> None:
        await due
        _settle(cloud, lb_id)

    task = group_of(cloud, OWNER).spawn(wait_then_settle(), name=f"octavia-settle-{lb_id}")
    task.add_done_callback(lambda _: due.cancel())


def spawn(cloud: Cloud, work: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
    """Run a long step (a build, a delete, a failover) as a task of the provider."""
    group_of(cloud, OWNER).spawn(work(cloud, *args), name=f"octavia-{work.__name__}")
