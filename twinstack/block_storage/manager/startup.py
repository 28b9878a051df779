"""What the volume service does when it starts on a store an earlier run left behind (after a crash,
``kill -9``): nothing that was moving is left moving, as Cinder's volume manager cleans up at start-up
(``_do_cleanup`` on its ``workers``): a volume or snapshot still ``creating`` becomes ``error``, one
``deleting`` is deleted, and one whose attach, detach or upload was cut short goes back to what its
attachments say (``volume_update_status_based_on_attachment``). The timers that would have finished
them died with the process, so without this they would stay mid-flight for ever."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import tables as t
from twinstack.block_storage.manager import finish_delete, finish_snapshot_delete, now

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.block_storage")

# a cut-short change of these ends where the volume's attachments say it is
BY_ATTACHMENT = ("attaching", "detaching", "uploading", "backing-up", "reserved")
# the ones that failed: the status Cinder's failure path gives them
FAILED = {"creating": "error", "downloading": "error", "extending": "error_extending",
          "restoring-backup": "error_restoring"}


def recover(cloud: Cloud) -> int:
    """Settle every volume and snapshot left mid-flight; returns how many were."""
    with cloud.store.begin() as conn:
        settled = _volumes(cloud, conn) + _snapshots(cloud, conn)
    if settled:
        log.warning("start-up: settled %d volumes and snapshots an earlier run left mid-flight", settled)
    return settled


def _volumes(cloud: Cloud, conn: Connection) -> int:
    v = t.volumes.c
    stuck = conn.execute(sa.select(v.id, v.status).where(
        v.status.in_((*BY_ATTACHMENT, *FAILED, "deleting")))).all()
    for volume_id, status in stuck:
        if status == "deleting":
            finish_delete(cloud, conn, volume_id)
            continue
        values: dict[str, object] = {"updated_at": now(cloud)}
        if status in FAILED:
            values["status"] = FAILED[status]
        else:
            attached = conn.execute(sa.select(t.attachments.c.id).where(
                t.attachments.c.volume_id == volume_id, t.attachments.c.attach_status == "attached")).first()
            conn.execute(t.attachments.delete().where(
                t.attachments.c.volume_id == volume_id, t.attachments.c.attach_status != "attached"))
            values.update(status="in-use" if attached else "available",
                          attach_status="attached" if attached else "detached")
        conn.execute(t.volumes.update().where(v.id == volume_id).values(**values))
    return len(stuck)


def _snapshots(cloud: Cloud, conn: Connection) -> int:
    s = t.snapshots.c
    stuck = conn.execute(sa.select(s.id, s.status).where(s.status.in_(("creating", "deleting")))).all()
    for snapshot_id, status in stuck:
        if status == "deleting":
            finish_snapshot_delete(cloud, conn, snapshot_id)
        else:
            conn.execute(t.snapshots.update().where(s.id == snapshot_id).values(status="error",
                                                                                updated_at=now(cloud)))
    return len(stuck)
