"""Block devices of a build and a delete, through ``twinstack/block_storage/local.py`` (Nova's
cinder client): boot-from-volume volumes are created and attached on the chosen host, and a delete
detaches every volume and deletes those marked ``delete_on_termination``."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.block_storage import local
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def requested(cloud: Cloud, conn: Connection, project_id: str | None,
              bdms: list[dict[str, Any]], image_given: bool = False) -> list[dict[str, Any]]:
    """The API's view of block_device_mapping_v2: volumes must exist; what the conductor will build.
    Nova asks a boot volume to be bootable only when no image is given (the image is the boot metadata)."""
    out = []
    for i, b in enumerate(bdms):
        source, dest = (
            b.get("source_type"),
            b.get("destination_type", "volume" if b.get("source_type") == "volume" else "local"),
        )
        if dest != "volume":
            continue
        if source == "volume":
            volume = local.get_volume(cloud, conn, str(b.get("uuid")), project_id)
            if volume is None:
                raise ApiError(400, f"Block Device Mapping is Invalid: failed to get volume {b.get('uuid')}.")
            if str(b.get("boot_index")) == "0" and not image_given and not to_bool(volume.get("bootable", True)):
                raise ApiError(400, f"Block Device {b.get('uuid')} is not bootable.")
        if source in ("image", "blank", "snapshot") and not b.get("volume_size"):
            raise ApiError(
                400, "Block Device Mapping is Invalid: You specified more local devices than the limit allows"
            )
        out.append(
            {
                "source_type": source,
                "uuid": b.get("uuid"),
                "volume_id": b.get("uuid") if source == "volume" else None,
                "volume_size": int(b.get("volume_size") or 0),
                "boot_index": b.get("boot_index"),
                "device_name": b.get("device_name") or f"/dev/vd{'abcdefghijklmnop'[i]}",
                "tag": b.get("tag"),
                "delete_on_termination": to_bool(b.get("delete_on_termination", False)),
            }
        )
    return out


def build(cloud: Cloud, conn: Connection, instance: dict[str, Any], host: str) -> list[dict[str, Any]]:
    """Create what must be created, attach everything on ``host``; returns the block_devices."""
    bdms = list(instance.get("block_devices") or [])
    if not bdms:
        return bdms
    out = []
    for b in bdms:
        b = dict(b)
        if not b.get("volume_id"):
            vol = local.create_volume(
                cloud,
                conn,
                instance["project_id"],
                instance["user_id"],
                b["volume_size"],
                image_id=b["uuid"] if b.get("source_type") == "image" else None,
                snapshot_id=b["uuid"] if b.get("source_type") == "snapshot" else None,
                availability_zone=None,
            )
            if vol.get("status") != "available":
                raise ApiError(500, f"Volume {vol.get('id')} did not finish being created even after we waited.")
            b["volume_id"] = vol["id"]
        b["attachment_id"] = local.attach(cloud, conn, b["volume_id"], instance["uuid"], host, b["device_name"])
        out.append(b)
    return out


def release(cloud: Cloud, conn: Connection, instance: dict[str, Any]) -> None:
    for b in instance.get("block_devices") or []:
        if not b.get("volume_id") or not b.get("attachment_id"):
            continue
        try:
            local.detach(cloud, conn, b["volume_id"], instance["uuid"])
            if b.get("delete_on_termination"):
                local.delete_volume(cloud, conn, b["volume_id"])
        except ApiError:
            continue  # already gone or detached: a delete must still finish


def detach_all(cloud: Cloud, conn: Connection, instance: dict[str, Any]) -> list[dict[str, Any]]:
    """Before a reschedule: the volumes stay, their attachments to the failed host go."""
    out = []
    for b in instance.get("block_devices") or []:
        b = dict(b)
        if b.get("volume_id") and b.get("attachment_id"):
            with contextlib.suppress(ApiError):
                local.detach(cloud, conn, b["volume_id"], instance["uuid"])
            b["attachment_id"] = None
        out.append(b)
    return out
