"""``/os-assisted-volume-snapshots``: Cinder's remotefs drivers (NFS and the like) ask Nova to snapshot
an attached volume's qcow2 file through the hypervisor. Nothing is written here: as with the libvirt
driver's snapshot of a fake disk, what is checked is what Nova's API checks before it casts to the
compute host (the service or admin role, the volume's one attachment, its instance's host and state),
and the answers are Nova's: 200 with ``{"snapshot": {"id", "volumeId"}}``, then 204, else a 400."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import local as volumes
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import reject_unknown_query
from twinstack.compute.schemas import assisted_volume_snapshots as schemas
from twinstack.core import jsonfast
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

_INSTANCE = sa.select(t.instances.c.uuid, t.instances.c.host, t.instances.c.vm_state, t.instances.c.task_state,
                      t.instances.c.launched_at, t.instances.c.block_devices).where(
    t.instances.c.uuid == sa.bindparam("uuid"), t.instances.c.deleted.is_(False))


async def create(req: Req) -> Any:
    req.authorize("os_compute_api:os-assisted-volume-snapshots:create", {})
    snapshot = validate(await req.json(), schemas.create)["snapshot"]
    volume_id = snapshot["volume_id"]
    with req.cloud.store.read() as conn:
        _ready_instance(req, conn, volume_id, "do_volume_snapshot_create")
    return {"snapshot": {"id": snapshot["create_info"].get("id"), "volumeId": volume_id}}


async def delete(req: Req) -> Any:
    req.authorize("os_compute_api:os-assisted-volume-snapshots:delete", {})
    if req.at_least(2, 75):
        reject_unknown_query(req, frozenset({"delete_info"}))
    raw = req.query.get("delete_info")
    if raw is None:
        raise ApiError(400, "'delete_info'")  # str(KeyError('delete_info')), as Nova answers it
    try:
        info = jsonfast.loads(raw)
        volume_id = info["volume_id"]
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    except (KeyError, TypeError):
        raise ApiError(400, "'volume_id'") from None
    with req.cloud.store.read() as conn:
        row = _ready_instance(req, conn, str(volume_id), "do_volume_snapshot_delete")
    if info.get("merge_target_file") is not None and row["vm_state"] != "active":
        _invalid_state(row["uuid"], "vm_state", row["vm_state"], "do_volume_snapshot_delete")
    return empty(204)


def _ready_instance(req: Req, conn: Connection, volume_id: str, method: str) -> dict[str, Any]:
    """The instance the volume is attached to (Nova's BlockDeviceMapping.get_by_volume), with a host and no
    task, launched once (check_instance_host, check_instance_state(vm_state=None))."""
    volume = volumes.get_volume(req.cloud, conn, volume_id)
    servers = list(dict.fromkeys(a["server_id"] for a in (volume or {}).get("attachments", [])))
    rows = [r for r in (conn.execute(_INSTANCE, {"uuid": s}).mappings().first()
                        for s in servers) if r is not None
            and any(b.get("volume_id") == volume_id for b in r["block_devices"] or [])]
    if not rows:
        raise ApiError(400, f"No volume Block Device Mapping with id {volume_id}.")
    if len(rows) > 1:
        raise ApiError(400, f"Block Device Mapping {volume_id} is a multi-attach volume and is not valid for "
                            "this operation.")
    row = dict(rows[0])
    if not row["host"]:
        raise ApiError(400, f"Instance {row['uuid']} is not ready")
    if row["task_state"] is not None:
        _invalid_state(row["uuid"], "task_state", row["task_state"], method)
    if not row["launched_at"]:
        _invalid_state(row["uuid"], "launched_at", row["launched_at"], method)
    return row


def _invalid_state(uuid: str, attr: str, state: Any, method: str) -> None:
    """Nova's InstanceInvalidState, which this API answers as a 400 (a 409 would need a microversion)."""
    raise ApiError(400, f"Instance {uuid} in {attr} {state}. Cannot {method} while the instance is in this state.")
