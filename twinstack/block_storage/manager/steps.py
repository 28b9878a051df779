"""The background steps of backups and groups, each run by ``lifecycle.later`` in a fresh transaction,
moving a record only if it is still in the state the step expects."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import tables as t
from twinstack.block_storage.manager import swift_backup

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def now(cloud: Cloud) -> datetime:
    return cloud.clock.now()


def finish_backup(cloud: Cloud, conn: Connection, backup_id: str, volume_id: str, previous: str) -> None:
    """creating -> available (its objects written to Swift with the swift driver); the volume goes back to
    the status it had."""
    backup = conn.execute(sa.select(t.backups).where(t.backups.c.id == backup_id,
                                                     t.backups.c.status == "creating")).mappings().first()
    count = swift_backup.write(cloud, conn, dict(backup)) if backup is not None and swift_backup.enabled(cloud) else 1
    conn.execute(t.backups.update().where(t.backups.c.id == backup_id, t.backups.c.status == "creating")
                 .values(status="available", object_count=count, updated_at=now(cloud)))
    conn.execute(t.volumes.update().where(t.volumes.c.id == volume_id, t.volumes.c.status == "backing-up")
                 .values(status=previous))


def finish_restore(cloud: Cloud, conn: Connection, backup_id: str, volume_id: str) -> None:
    """restoring -> available, and the target volume available; with the swift driver, a backup whose
    metadata object is gone fails the restore as Cinder's does (the volume ``error_restoring``)."""
    backup = conn.execute(sa.select(t.backups).where(t.backups.c.id == backup_id)).mappings().first()
    if backup is not None and swift_backup.enabled(cloud) and not swift_backup.readable(cloud, conn, dict(backup)):
        conn.execute(t.backups.update().where(t.backups.c.id == backup_id, t.backups.c.status == "restoring")
                     .values(status="available", updated_at=now(cloud)))
        conn.execute(t.volumes.update().where(t.volumes.c.id == volume_id,
                                              t.volumes.c.status.in_(("restoring-backup", "creating")))
                     .values(status="error_restoring", updated_at=now(cloud)))
        return
    conn.execute(t.backups.update().where(t.backups.c.id == backup_id, t.backups.c.status == "restoring")
                 .values(status="available", updated_at=now(cloud)))
    conn.execute(t.volumes.update().where(t.volumes.c.id == volume_id,
                                          t.volumes.c.status.in_(("restoring-backup", "creating")))
                 .values(status="available", updated_at=now(cloud), launched_at=now(cloud)))


def finish_backup_delete(cloud: Cloud, conn: Connection, backup_id: str) -> None:
    """deleting -> gone, with its Swift objects (swift driver)."""
    backup = conn.execute(sa.select(t.backups).where(t.backups.c.id == backup_id,
                                                     t.backups.c.status == "deleting")).mappings().first()
    if backup is not None and swift_backup.enabled(cloud):
        swift_backup.delete(cloud, conn, dict(backup))
    conn.execute(t.backups.delete().where(t.backups.c.id == backup_id, t.backups.c.status == "deleting"))


def finish_group(cloud: Cloud, conn: Connection, group_id: str) -> None:
    """creating -> available."""
    conn.execute(t.groups.update().where(t.groups.c.id == group_id, t.groups.c.status == "creating")
                 .values(status="available"))


def finish_group_snapshot(cloud: Cloud, conn: Connection, gsnap_id: str) -> None:
    """creating -> available, with the group snapshot's member snapshots."""
    conn.execute(t.group_snapshots.update().where(t.group_snapshots.c.id == gsnap_id,
                                                  t.group_snapshots.c.status == "creating").values(status="available"))
    conn.execute(t.snapshots.update().where(t.snapshots.c.group_snapshot_id == gsnap_id,
                                            t.snapshots.c.status == "creating")
                 .values(status="available", progress="100%"))
