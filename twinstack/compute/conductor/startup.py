"""What compute does when it starts on a store an earlier run left behind (after a crash, ``kill -9``):
each server that was mid-flight is settled as Nova's ``ComputeManager._init_instance`` settles the
instances of a restarted host, since the work that would have finished them died with the process:

- still building (vm_state building, or scheduling / block_device_mapping / networking / spawning):
  ERROR, task cleared; so is a rebuild cut short;
- deleting: the delete is finished (allocations, ports, volumes and group membership given back);
- a snapshot or resize_prep: task cleared;
- a reboot, pause or unpause: ACTIVE, task cleared (the fake hypervisor's guest is running);
- powering-off: STOPPED; powering-on: ACTIVE;
- any other task (Nova leaves it to its own periodic tasks, which twinstack does not run): cleared.

Nova looks only at its own host's instances; twinstack's whole cloud restarted, so an instance the
scheduler had not yet placed (no host) is settled the same way."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.manager import states as s

if TYPE_CHECKING:
    from twinstack.compute.conductor.manager import ConductorManager

log = logging.getLogger("twinstack.compute.conductor")

SPAWNING = (s.SCHEDULING, s.BLOCK_DEVICE_MAPPING, s.NETWORKING, s.SPAWNING)
REBUILDING = (s.REBUILDING, s.REBUILD_BLOCK_DEVICE_MAPPING, s.REBUILD_SPAWNING)
TASK_ONLY = (s.IMAGE_SNAPSHOT, s.IMAGE_SNAPSHOT_PENDING, s.IMAGE_PENDING_UPLOAD, s.IMAGE_UPLOADING, s.RESIZE_PREP)
BACK_TO_ACTIVE = (s.REBOOTING, s.REBOOTING_HARD, s.REBOOT_PENDING, s.REBOOT_STARTED, s.REBOOT_PENDING_HARD,
                  s.REBOOT_STARTED_HARD, s.PAUSING, s.UNPAUSING, s.POWERING_ON)


def settle(row: dict[str, Any]) -> dict[str, Any] | None:
    """The values that settle one instance (None: nothing to do; {"deleted": True}: finish deleting)."""
    vm_state, task = row["vm_state"], row["task_state"]
    if task == s.DELETING:
        return {"deleted": True}
    if vm_state == s.BUILDING or task in SPAWNING:
        return {"vm_state": s.ERROR, "task_state": None}
    if vm_state in (s.SOFT_DELETED, s.ERROR) and task is None:
        return None
    if vm_state in (s.ACTIVE, s.STOPPED) and task in REBUILDING:
        return {"vm_state": s.ERROR, "task_state": None}
    if task in BACK_TO_ACTIVE:
        return {"vm_state": s.ACTIVE, "task_state": None, "power_state": s.RUNNING}
    if task == s.POWERING_OFF:
        return {"vm_state": s.STOPPED, "task_state": None, "power_state": s.SHUTDOWN}
    if task is not None:  # TASK_ONLY and the rest
        return {"task_state": None}
    return None


def init_instances(conductor: ConductorManager) -> int:
    """Settle every instance an earlier run left mid-flight; returns how many there were."""
    c = t.instances.c
    with conductor.cloud.store.begin() as conn:
        rows = conn.execute(sa.select(t.instances).where(c.deleted.is_(False), sa.or_(
            c.vm_state == s.BUILDING, c.task_state.is_not(None)))).mappings().all()
        for row in rows:
            values = settle(dict(row))
            if values is None:
                continue
            if values.get("deleted"):
                conductor.destroy_record(conn, row["uuid"])
            else:
                conductor._write(conn, row["uuid"], values)
    if rows:
        log.warning("start-up: settled %d instances an earlier run left mid-flight", len(rows))
    return len(rows)
