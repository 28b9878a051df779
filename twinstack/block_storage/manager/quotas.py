"""Cinder's quotas: per-project limits (model defaults, then stored overrides) and usage counted
from the volumes/snapshots/backups tables by indexed project_id, checked inside the writing
transaction so two requests can never both take the last unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import errors
from twinstack.block_storage import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

BUILTIN_DEFAULTS = {"volumes": 10, "snapshots": 10, "gigabytes": 1000, "backups": 10,
                    "backup_gigabytes": 1000, "per_volume_gigabytes": -1, "groups": 10}
PER_TYPE = ("volumes", "gigabytes", "snapshots")
DEFAULT_CLASS = "__class__:default"  # the quota_classes API's default class, stored like a project


def type_names(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(sa.select(t.types.c.name).order_by(t.types.c.name))]


def defaults(cloud: Cloud, conn: Connection) -> dict[str, int]:
    section = getattr(cloud.model, "block_storage", None)
    out = dict(BUILTIN_DEFAULTS)
    if section is not None:
        out.update(section.quotas)
    for name in type_names(conn):
        for res in PER_TYPE:
            out.setdefault(f"{res}_{name}", -1)
    for res, limit in conn.execute(sa.select(t.quotas.c.resource, t.quotas.c.hard_limit)
                                   .where(t.quotas.c.project_id == DEFAULT_CLASS)):
        out[res] = limit
    return out


def limits(cloud: Cloud, conn: Connection, project_id: str) -> dict[str, int]:
    out = defaults(cloud, conn)
    for res, limit in conn.execute(sa.select(t.quotas.c.resource, t.quotas.c.hard_limit)
                                   .where(t.quotas.c.project_id == project_id)):
        out[res] = limit
    return out


def usage(conn: Connection, project_id: str) -> dict[str, int]:
    """In-use counts: three aggregate queries, whatever the number of volumes."""
    used: dict[str, int] = {"volumes": 0, "gigabytes": 0, "snapshots": 0, "backups": 0,
                            "backup_gigabytes": 0, "per_volume_gigabytes": 0, "groups": 0}
    names = dict(conn.execute(sa.select(t.types.c.id, t.types.c.name)).tuples().all())
    vq = (sa.select(t.volumes.c.type_id, sa.func.count(), sa.func.coalesce(sa.func.sum(t.volumes.c.size), 0))
          .where(t.volumes.c.project_id == project_id).group_by(t.volumes.c.type_id))
    for type_id, count, gb in conn.execute(vq):
        used["volumes"] += count
        used["gigabytes"] += int(gb)
        if type_id in names:
            used[f"volumes_{names[type_id]}"] = used.get(f"volumes_{names[type_id]}", 0) + count
            used[f"gigabytes_{names[type_id]}"] = used.get(f"gigabytes_{names[type_id]}", 0) + int(gb)
    sq = (sa.select(t.snapshots.c.type_id, sa.func.count(), sa.func.coalesce(sa.func.sum(t.snapshots.c.size), 0))
          .where(t.snapshots.c.project_id == project_id).group_by(t.snapshots.c.type_id))
    for type_id, count, gb in conn.execute(sq):
        used["snapshots"] += count
        used["gigabytes"] += int(gb)
        if type_id in names:
            used[f"snapshots_{names[type_id]}"] = used.get(f"snapshots_{names[type_id]}", 0) + count
            used[f"gigabytes_{names[type_id]}"] = used.get(f"gigabytes_{names[type_id]}", 0) + int(gb)
    count, gb = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(t.backups.c.size), 0))
                             .where(t.backups.c.project_id == project_id)).one()
    used["backups"], used["backup_gigabytes"] = count, int(gb)
    used["groups"] = conn.execute(sa.select(sa.func.count()).select_from(t.groups)
                                  .where(t.groups.c.project_id == project_id)).scalar() or 0
    return used


def check(cloud: Cloud, conn: Connection, project_id: str, deltas: dict[str, int],
          type_name: str | None = None) -> None:
    """Raise Cinder's 413 for the first resource the deltas would push over its limit."""
    lim = limits(cloud, conn, project_id)
    size = deltas.get("gigabytes", 0)
    per_volume = lim.get("per_volume_gigabytes", -1)
    if "volumes" in deltas and per_volume >= 0 and size > per_volume:
        raise errors.quota_error(f"Requested volume size {size}G is larger than maximum allowed limit {per_volume}G.")
    used = usage(conn, project_id)
    wanted = dict(deltas)
    if type_name:
        for res in PER_TYPE:
            if res in deltas:
                wanted[f"{res}_{type_name}"] = deltas[res]
    for res, delta in wanted.items():
        limit = lim.get(res, -1)
        if delta <= 0 or limit < 0:
            continue
        in_use = used.get(res, 0)
        if in_use + delta <= limit:
            continue
        base = res.split("_")[0] if type_name and res.endswith(f"_{type_name}") else res
        if base in ("gigabytes", "backup_gigabytes"):
            if base == "backup_gigabytes":
                raise errors.quota_error(
                    f"Requested backup exceeds allowed Backup gigabytes quota. Requested {delta}G, "
                    f"quota is {limit}G and {in_use}G has been consumed.")
            raise errors.quota_error(
                f"Requested volume or snapshot exceeds allowed {res} quota. Requested {delta}G, "
                f"quota is {limit}G and {in_use}G has been consumed.")
        if base == "volumes":
            raise errors.quota_error(f"Maximum number of volumes allowed ({limit}) exceeded for quota '{res}'.")
        if base == "snapshots":
            raise errors.quota_error(f"Maximum number of snapshots allowed ({limit}) exceeded")
        if base == "groups":
            raise errors.quota_error(f"Maximum number of groups allowed ({limit}) exceeded")
        if base == "backups":
            raise errors.quota_error(f"Maximum number of backups allowed ({limit}) exceeded")
        raise errors.quota_error(f"Quota exceeded for resources: ['{res}']")


def set_limits(conn: Connection, project_id: str, values: dict[str, int]) -> None:
    for res, limit in values.items():
        conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id, t.quotas.c.resource == res))
        conn.execute(t.quotas.insert().values(project_id=project_id, resource=res, hard_limit=limit))


def clear(conn: Connection, project_id: str) -> None:
    conn.execute(t.quotas.delete().where(t.quotas.c.project_id == project_id))


def absolute_limits(cloud: Cloud, conn: Connection, project_id: str) -> dict[str, Any]:
    lim = limits(cloud, conn, project_id)
    used = usage(conn, project_id)
    return {
        "totalSnapshotsUsed": used["snapshots"], "maxTotalBackups": lim["backups"],
        "maxTotalVolumeGigabytes": lim["gigabytes"], "maxTotalSnapshots": lim["snapshots"],
        "maxTotalBackupGigabytes": lim["backup_gigabytes"], "totalBackupGigabytesUsed": used["backup_gigabytes"],
        "maxTotalVolumes": lim["volumes"], "totalVolumesUsed": used["volumes"],
        "totalBackupsUsed": used["backups"], "totalGigabytesUsed": used["gigabytes"],
    }
