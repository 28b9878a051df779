"""OS::Cinder::Volume and OS::Cinder::VolumeAttachment through block storage's and compute's local.py:
a volume is complete once ``available``, an attachment once the volume is ``in-use``."""

from __future__ import annotations

from typing import Any, ClassVar

from twinstack.block_storage import local as block_storage
from twinstack.compute import local as compute
from twinstack.core.errors import ApiError
from twinstack.orchestration.manager.resources.base import (
    Plugin,
    Prop,
    ResourceContext,
    ResourceFailure,
    delete_quietly,
)


def _volume(rc: ResourceContext, volume_id: str) -> dict[str, Any] | None:
    try:
        return block_storage.proxy_get_volume(rc.cloud, rc.caller, volume_id)
    except ApiError:
        return None


def _reached(rc: ResourceContext, volume_id: str, wanted: str) -> bool:
    vol = _volume(rc, volume_id)
    if vol is None:
        raise ResourceFailure("ResourceUnknownStatus", f"Volume {volume_id} is gone")
    if vol["status"] in ("error", "error_extending", "error_deleting"):
        raise ResourceFailure("ResourceInError", f"Went to status {vol['status']} due to \"Unknown\"")
    return bool(vol["status"] == wanted)


class Volume(Plugin):
    type_name = "OS::Cinder::Volume"
    description = "A Cinder volume."
    properties: ClassVar[dict[str, Prop]] = {
        "availability_zone": Prop("String", "The availability zone in which the volume will be created."),
        "size": Prop("Integer", "The size of the volume in GB."),
        "snapshot_id": Prop("String", "If specified, the snapshot to create the volume from."),
        "backup_id": Prop("String", "If specified, the backup to create the volume from.", update_allowed=True),
        "name": Prop("String", "A name used to distinguish the volume.", update_allowed=True),
        "description": Prop("String", "A description of the volume.", update_allowed=True),
        "volume_type": Prop("String", "If specified, the type of volume to use, mapping to a specific backend."),
        "metadata": Prop("Map", "Key/value pairs to associate with the volume.", default={}, update_allowed=True),
        "image": Prop("String", "If specified, the name or ID of the image to create the volume from."),
        "source_volid": Prop("String", "If specified, the volume to use as source."),
        "multiattach": Prop("Boolean", "Whether allow the volume to be attached more than once."),
        "read_only": Prop("Boolean", "Enables or disables read-only access mode of volume.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "availability_zone": "The availability zone in which the volume is located.", "size": "The size of the "
        "volume in GB.", "snapshot_id": "The snapshot the volume was created from, if any.", "display_name": "Name "
        "of the volume.", "display_description": "Description of the volume.", "volume_type": "The type of the "
        "volume mapping to a backend, if any.", "metadata": "Key/value pairs associated with the volume.",
        "source_volid": "The volume used as source, if any.", "status": "The current status of the volume.",
        "created_at": "The timestamp indicating volume creation.", "bootable": "Boolean indicating if the volume "
        "can be booted or not.", "attachments": "A string representation of the list of attachments of the volume.",
        "attachments_list": "The list of attachments of the volume.", "encrypted": "Boolean indicating if the "
        "volume is encrypted or not.", "multiattach": "Boolean indicating whether allow the volume to be attached "
        "more than once.",
    }

    async def create(self, rc: ResourceContext) -> None:
        p = rc.props
        if p.get("image") or p.get("source_volid") or p.get("backup_id"):
            raise ResourceFailure("NotSupported", "Volumes from an image, a volume or a backup are not supported "
                                  "by this cloud's Heat; use size or snapshot_id.")
        if not p.get("size") and not p.get("snapshot_id"):
            raise ResourceFailure("StackValidationFailed", "One of the properties \"size\", \"snapshot_id\", "
                                  "\"image\", \"source_volid\" or \"backup_id\" should be set.")
        vol = await rc.call(block_storage.proxy_create_volume, rc.cloud, rc.caller, int(p.get("size") or 0),
                            name=p.get("name") or rc.physical_name(), description=p.get("description"),
                            volume_type=p.get("volume_type"),
                            metadata={str(k): str(v) for k, v in (p.get("metadata") or {}).items()},
                            availability_zone=p.get("availability_zone"), snapshot_id=p.get("snapshot_id"))
        rc.set_id(str(vol["id"]))
        await rc.poll(lambda: _reached(rc, str(rc.physical_id), "available"))

    async def delete(self, rc: ResourceContext) -> None:
        if not rc.physical_id:
            return
        volume_id = rc.physical_id
        await delete_quietly(rc, block_storage.proxy_delete_volume, rc.cloud, rc.caller, volume_id)
        await rc.poll(lambda: _volume(rc, volume_id) is None)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        vol = _volume(rc, str(rc.physical_id)) if rc.physical_id else None
        if vol is None:
            return None
        mapped = {"display_name": "name", "display_description": "description"}
        if name == "show":
            return vol
        if name == "attachments_list":
            return vol.get("attachments") or []
        if name == "attachments":
            return str(vol.get("attachments") or [])
        return vol.get(mapped.get(name, name))


class VolumeAttachment(Plugin):
    type_name = "OS::Cinder::VolumeAttachment"
    description = "Attaches a volume to a server."
    properties: ClassVar[dict[str, Prop]] = {
        "instance_uuid": Prop("String", "The ID of the server to which the volume attaches.", required=True,
                              update_allowed=True),
        "volume_id": Prop("String", "The ID of the volume to be attached.", required=True, update_allowed=True),
        "mountpoint": Prop("String", "The location where the volume is exposed on the instance.",
                           update_allowed=True),
    }

    async def create(self, rc: ResourceContext) -> None:
        server, volume = str(rc.props["instance_uuid"]), str(rc.props["volume_id"])
        device = await rc.call(compute.attach_volume, rc.cloud, rc.caller, server, volume,
                               rc.props.get("mountpoint"))
        rc.data["device"] = device
        rc.set_id(volume)
        await rc.poll(lambda: _reached(rc, volume, "in-use"))

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        await self._detach(rc, str(old["instance_uuid"]), str(old["volume_id"]))
        await self.create(rc)

    async def _detach(self, rc: ResourceContext, server: str, volume: str) -> None:
        await delete_quietly(rc, compute.detach_volume, rc.cloud, rc.caller, server, volume)
        await rc.poll(lambda: (_volume(rc, volume) or {"status": "available"})["status"] != "in-use")

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await self._detach(rc, str(rc.props["instance_uuid"]), rc.physical_id)
