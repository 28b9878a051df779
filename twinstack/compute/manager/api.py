"""The compute API layer (nova/compute/api.py, small): takes a request context, checks a request
against the instance's state, lock and quota, records what the request starts, and hands the work to
the conductor or the instance's compute manager through their typed RPC clients."""

from __future__ import annotations

import base64
import binascii
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import local as block_storage
from twinstack.compute import tables as t
from twinstack.compute.conductor.rpcapi import ConductorAPI
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import quota, volumes
from twinstack.compute.manager import states as s
from twinstack.compute.manager.aggregates import DEFAULT_AZ
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.rpcapi import ComputeAPI
from twinstack.compute.runtime import runtime
from twinstack.core import ids
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.image import local as image_local
from twinstack.key_manager import local as key_manager
from twinstack.network import local as network_local

ANY_TASK = object()


# -- checks (Nova's check_instance_state, check_instance_lock, quota) ------------------------------
def check_state(row: dict[str, Any], action: str, vm_states: list[str] | None,
                task_states: Any = (None,)) -> None:
    """409 with Nova's words when the instance is not in a state that allows ``action``."""
    if vm_states is not None and row["vm_state"] not in vm_states:
        raise ApiError(409, f"Cannot '{action}' instance {row['uuid']} while it is in vm_state {row['vm_state']}",
                       "InstanceInvalidState")
    if task_states is not ANY_TASK and row["task_state"] not in task_states:
        raise ApiError(409, f"Cannot '{action}' instance {row['uuid']} while it is in task_state {row['task_state']}",
                       "InstanceInvalidState")


def check_locked(ctx: RequestContext, row: dict[str, Any]) -> None:
    """A locked instance refuses changes, except from an admin (Nova's check_instance_lock)."""
    if row["locked"] and not ctx.is_admin:
        raise ApiError(409, f"Instance {row['uuid']} is locked", "InstanceIsLocked")


def check_quota(conn: Connection, project_id: str, user_id: str, deltas: dict[str, int],
                group_id: str | None = None) -> None:
    if group_id is not None:
        quota.check_quota(conn, project_id, user_id, deltas, group_id)
    else:
        quota.check_quota(conn, project_id, user_id, deltas)


def check_user_data(value: str | None) -> None:
    if value is None:
        return
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, "User data needs to be valid base 64.") from None


def admin_password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(ids.system.choice(alphabet) for _ in range(12))


def hostname_for(name: str) -> str:
    """Nova's sanitize_hostname: lower case, [a-z0-9-], at most 63 characters."""
    value = re.sub(r"[ _]", "-", name.lower())
    value = re.sub(r"[^\w.-]+", "", value).replace(".", "-")
    value = value.strip(".-")[:63]
    return value or "server"


def compact_ipv6(value: str | None) -> str | None:
    """Nova stores access IPv6 addresses as netaddr prints them: ::babe:dc0c:1602."""
    if not value:
        return value
    try:
        return str(netaddr.IPAddress(value, 6))
    except (ValueError, netaddr.AddrFormatError):
        return value


_NEW_INSTANCES = t.instances.insert()
_FLAVOR = sa.select(t.flavors).where(t.flavors.c.id == sa.bindparam("flavor_id"))


def find_flavor(ctx: RequestContext, conn: Connection, flavor_ref: Any, status: int = 400) -> dict[str, Any]:
    flavor_id = str(flavor_ref).rstrip("/").rsplit("/", 1)[-1]
    row = conn.execute(_FLAVOR, {"flavor_id": flavor_id}).mappings().first()
    if row is not None and not row["is_public"] and not ctx.is_admin:
        allowed = conn.execute(sa.select(t.flavor_access.c.flavor_id).where(
            t.flavor_access.c.flavor_id == flavor_id, t.flavor_access.c.project_id == ctx.project_id)).first()
        if allowed is None:
            row = None
    if row is None:
        raise ApiError(status, f"Flavor {flavor_id} could not be found.", "FlavorNotFound")
    return {"id": row["id"], "name": row["name"], "vcpus": row["vcpus"], "ram": row["ram"], "disk": row["disk"],
            "ephemeral": row["ephemeral"], "swap": row["swap"], "rxtx_factor": row["rxtx_factor"],
            "extra_specs": dict(row["extra_specs"] or {})}


def find_image(ctx: RequestContext, conn: Connection, image_ref: str) -> dict[str, Any]:
    """The image through Glance's in-process interface; 400 when missing or not active."""
    image_id = image_ref.rstrip("/").rsplit("/", 1)[-1]
    image = image_local.get_image(ctx.cloud, conn, image_id, ctx.project_id)
    if image is None:
        raise ApiError(400, f"Image {image_id} could not be found.", "ImageNotFound")
    if image.get("status") != "active":
        raise ApiError(400, f"Image {image_id} is not active.", "ImageNotActive")
    return image


def check_image_fits(image: dict[str, Any] | None, flavor: dict[str, Any], volume_backed: bool = False) -> None:
    if image is None:
        return
    if flavor["ram"] < int(image.get("min_ram") or 0):
        raise ApiError(400, "Flavor's memory is too small for requested image.", "FlavorMemoryTooSmall")
    if volume_backed or not flavor["disk"]:
        return
    min_disk = int(image.get("min_disk") or 0)
    if flavor["disk"] < min_disk:
        raise ApiError(400, f"Flavor's disk is too small for requested image. Flavor disk is "
                       f"{flavor['disk'] * 1024 ** 3} bytes, minimum size is {min_disk * 1024 ** 3} bytes.",
                       "FlavorDiskSmallerThanMinDisk")
    if int(image.get("size") or 0) > flavor["disk"] * 1024 ** 3:
        raise ApiError(400, f"Flavor's disk is too small for requested image. Flavor disk is "
                       f"{flavor['disk'] * 1024 ** 3} bytes, image is {image['size']} bytes.",
                       "FlavorDiskSmallerThanImage")


def check_networks(ctx: RequestContext, conn: Connection, requested: Any, security_groups: list[str]) -> None:
    """Nova validates the requested networks at the API (validate_networks), so an unknown network (400),
    an ambiguous one or a port in use (409) never reaches a build; the ports are made by the build."""
    try:
        network_local.validate_for_instance(ctx.cloud, conn, ctx.project_id or "", requested, security_groups,
                                            admin=ctx.is_admin)
    except ApiError as err:
        raise ApiError(400 if err.status == 404 else err.status, err.message, err.kind) from None


def availability_zones(conn: Connection) -> set[str]:
    zones = {z for (z,) in conn.execute(sa.select(t.nodes.c.availability_zone).distinct()) if z}
    zones |= {z for (z,) in conn.execute(sa.select(t.aggregates.c.availability_zone).distinct()) if z}
    return zones


def host_exists(conn: Connection, host: str) -> bool:
    return conn.execute(sa.select(t.nodes.c.id).where(sa.or_(
        t.nodes.c.host == host, t.nodes.c.hypervisor_hostname == host))).first() is not None


def check_host(conn: Connection, host: str | None) -> None:
    if host and not host_exists(conn, host):
        raise ApiError(400, f"Compute host {host} could not be found.", "ComputeHostNotFound")


def new_uuid() -> str:
    return uuid_str()


# -- recording what a request starts ------------------------------------------------------------
def start(ctx: RequestContext, conn: Connection, row: dict[str, Any], action: str) -> None:
    """Open the instance action ``action`` of this request."""
    inst.start_action(conn, ctx.now(), row["uuid"], action, ctx.request_id, ctx.project_id, ctx.user_id)


def set_task(ctx: RequestContext, conn: Connection, row: dict[str, Any], expected: Any, **values: Any) -> None:
    """Save ``values`` only if the task_state is still what we checked (Nova's expected_task_state)."""
    values["updated_at"] = ctx.now()
    query = t.instances.update().where(t.instances.c.uuid == row["uuid"])
    if expected is not ANY_TASK:
        query = query.where(t.instances.c.task_state.is_(None) if expected is None else
                            t.instances.c.task_state == expected)
    if conn.execute(query.values(**values)).rowcount != 1:
        raise ApiError(409, f"Conflict updating instance {row['uuid']}. Expected: {{'task_state': [{expected!r}]}}. "
                       f"Actual: {{'task_state': {row['task_state']!r}}}", "UnexpectedTaskStateError")
    row.update(values)


# -- the RPC clients --------------------------------------------------------------------------------
def conductor(ctx: RequestContext) -> ConductorAPI:
    return runtime(ctx.cloud).conductor_api


def compute_host(ctx: RequestContext, row: dict[str, Any]) -> tuple[ComputeAPI, str]:
    """The compute manager of the instance's host, 409 when that host's service is not running."""
    rt = runtime(ctx.cloud)
    host = row["host"]
    if not host or not rt.serving(host):
        raise ApiError(409, f"Compute host {host} is not running.", "ComputeServiceUnavailable")
    return rt.compute_api, host


async def get_console_output(ctx: RequestContext, row: dict[str, Any]) -> str:
    rpc, host = compute_host(ctx, row)
    return await rpc.get_console_output(host, instance=inst.wire(row))


async def get_diagnostics(ctx: RequestContext, row: dict[str, Any]) -> dict[str, Any]:
    rpc, host = compute_host(ctx, row)
    return await rpc.get_diagnostics(host, instance=inst.wire(row))


async def attach_volume(ctx: RequestContext, row: dict[str, Any], volume_id: str, mountpoint: str) -> None:
    rpc, host = compute_host(ctx, row)
    await rpc.attach_volume(host, instance=inst.wire(row), volume_id=volume_id, mountpoint=mountpoint)


async def detach_volume(ctx: RequestContext, row: dict[str, Any], volume_id: str) -> None:
    rpc, host = compute_host(ctx, row)
    await rpc.detach_volume(host, instance=inst.wire(row), volume_id=volume_id)


VOLUME_STATES = [s.ACTIVE, s.PAUSED, s.STOPPED, s.SOFT_DELETED, s.SHELVED, s.SHELVED_OFFLOADED, s.RESIZED,
                 s.SUSPENDED]


def _device(bdms: list[dict[str, Any]], requested: str | None) -> str:
    """The device the volume gets: the one asked for unless another volume holds it (Nova's
    compute_utils.get_next_device_name raises DevicePathInUse, the API's 409), else the first free."""
    used = {b.get("device_name") for b in bdms}
    if requested:
        if requested in used:
            raise ApiError(409, f"The supplied device path ({requested}) is in use.")
        return requested
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if f"/dev/vd{letter}" not in used:
            return f"/dev/vd{letter}"
    raise ApiError(400, "No free disk device names for prefix 'vd'")


async def attach_volume_to(ctx: RequestContext, uuid: str, volume_id: str, device: str | None, tag: str | None,
                           delete_on_termination: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """``POST /servers/{id}/os-volume_attachments``: the checks, the Cinder attachment, the new block
    device, then the cast to the host. Returns the instance and its new block device."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-volumes-attachments:create", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, "attach_volume", VOLUME_STATES)
        owner = None if ctx.is_admin else ctx.project_id
        vol = block_storage.get_volume(ctx.cloud, conn, volume_id, owner)
        if vol is None:
            raise ApiError(404, f"Volume {volume_id} could not be found.", "VolumeNotFound")
        bdms = list(row["block_devices"] or [])
        if any(b.get("volume_id") == volume_id for b in bdms):
            raise ApiError(400, f"Invalid volume: volume {volume_id} already attached")
        device = _device(bdms, device)
        if vol["encryption_key_id"] and key_manager.secret_payload(ctx.cloud, vol["encryption_key_id"], conn) is None:
            return row, _key_missing(ctx, conn, row, vol, device, tag)
        attachment_id = block_storage.attach(ctx.cloud, conn, volume_id, row["uuid"], row["host"] or "", device)
        bdm = {"volume_id": volume_id, "device_name": device, "tag": tag, "boot_index": None,
               "delete_on_termination": delete_on_termination, "attachment_id": attachment_id,
               "bdm_uuid": new_uuid()}
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
            block_devices=bdms + [bdm], updated_at=ctx.now()))
        start(ctx, conn, row, "attach_volume")
    if row["host"]:
        await attach_volume(ctx, row, volume_id=volume_id, mountpoint=device)
    return row, bdm


def _key_missing(ctx: RequestContext, conn: Any, row: dict[str, Any], vol: dict[str, Any], device: str,
                 tag: str | None) -> dict[str, Any]:
    """Nova's compute fetches an encrypted volume's key (the libvirt driver's _attach_encryptor, through
    castellan) after the API has answered; when the key manager has no such secret the attach fails there:
    no block device mapping and no Cinder attachment, the volume stays available, and the action's
    ``compute_attach_volume`` event records the error. The caller saw the API accept it, as here."""
    start(ctx, conn, row, "attach_volume")
    reason = f"Key manager error: Secret {vol['encryption_key_id']} not found (encrypted volume {vol['id']})."
    inst.add_event(conn, ctx.now(), row["uuid"], ctx.request_id, "compute_attach_volume", result="Error",
                   host=row["host"], traceback=f"castellan.common.exception.ManagedObjectNotFoundError: {reason}",
                   finish=True)
    return {"volume_id": vol["id"], "device_name": device, "tag": tag, "attachment_id": None,
            "delete_on_termination": False, "bdm_uuid": None}


async def detach_volume_from(ctx: RequestContext, uuid: str, volume_id: str) -> None:
    """``DELETE /servers/{id}/os-volume_attachments/{volume_id}``."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-volumes-attachments:delete", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, "detach_volume", VOLUME_STATES)
        bdms = list(row["block_devices"] or [])
        found = [b for b in bdms if b.get("volume_id") == volume_id]
        if not found:
            raise ApiError(404, f"Instance {row['uuid']} is not attached to volume {volume_id}.")
        if found[0].get("boot_index") in (0, "0"):
            raise ApiError(400, "Cannot detach a root device volume")
        block_storage.detach(ctx.cloud, conn, volume_id, row["uuid"])
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(
            block_devices=[b for b in bdms if b.get("volume_id") != volume_id], updated_at=ctx.now()))
        start(ctx, conn, row, "detach_volume")
    if row["host"]:
        await detach_volume(ctx, row, volume_id=volume_id)


async def attach_interface(ctx: RequestContext, row: dict[str, Any], vif: dict[str, Any]) -> None:
    rpc, host = compute_host(ctx, row)
    await rpc.attach_interface(host, instance=inst.wire(row), vif=vif)


async def detach_interface(ctx: RequestContext, row: dict[str, Any], port_id: str) -> None:
    rpc, host = compute_host(ctx, row)
    await rpc.detach_interface(host, instance=inst.wire(row), port_id=port_id)


# -- create (POST /servers) -------------------------------------------------------------------------
@dataclass
class Created:
    """What a create recorded: the instances (in launch order) and what the response echoes."""
    instances: list[dict[str, Any]]
    reservation_id: str
    security_groups: list[str]
    disk_config: str


def _image_disk_config(image: dict[str, Any] | None) -> str:
    """Nova's default when the request names none: the image's auto_disk_config property, else MANUAL."""
    props = (image or {}).get("properties") or {}
    return "AUTO" if to_bool(props.get("auto_disk_config")) else "MANUAL"


async def create(ctx: RequestContext, server: dict[str, Any], hints: dict[str, Any]) -> Created:
    """Check a validated ``server`` body (counts, flavor, image, key pair, AZ and host, group, quota,
    networks, block devices), record the instances and their ``create`` actions in one transaction,
    then cast the build to the conductor."""
    min_count = int(server["min_count"]) if server.get("min_count") is not None else 1
    max_count = int(server["max_count"]) if server.get("max_count") is not None else min_count
    if min_count < 1 or max_count < 1:
        raise ApiError(400, "Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1")
    if min_count > max_count:
        raise ApiError(400, "min_count must be <= max_count")
    check_user_data(server.get("user_data"))
    now = ctx.now()
    with ctx.cloud.store.begin() as conn:
        flavor = find_flavor(ctx, conn, server["flavorRef"])
        bdms = server.get("block_device_mapping_v2") or []
        volume_backed = any(str(b.get("boot_index")) == "0" and b.get("destination_type") == "volume" for b in bdms)
        image_ref = str(server.get("imageRef") or "")
        if not image_ref and not volume_backed:
            raise ApiError(400, "Missing imageRef attribute")
        image = find_image(ctx, conn, image_ref) if image_ref else None
        check_image_fits(image, flavor, volume_backed)
        key_data = _key_data(ctx, conn, server.get("key_name"))
        az, requested_host = _placement_request(ctx, conn, server)
        group_id = _group(ctx, conn, hints, max_count)
        metadata = server.get("metadata") or {}
        check_quota(conn, ctx.project_id or "", ctx.user_id, {"metadata_items": len(metadata)})
        max_count = _fit_quota(ctx, conn, flavor, min_count, max_count)
        networks = server.get("networks")
        if networks is not None and not isinstance(networks, str):
            networks = [{k: v for k, v in n.items() if k != "tag"} for n in networks]
        security_groups = [g["name"] for g in server.get("security_groups") or []] or ["default"]
        check_networks(ctx, conn, networks, security_groups)
        block_devices = volumes.requested(ctx.cloud, conn, ctx.project_id, bdms, image is not None)
        if len(block_devices) > 0 and max_count > 1 and any(b["source_type"] == "volume" for b in block_devices):
            raise ApiError(400, "Block Device Mapping is Invalid: a volume can be attached to one server only.")
        reservation_id = "r-" + new_uuid()[:8]
        sysmeta = {"image_properties": (image or {}).get("properties") or {}, "requested_az": az,
                   "requested_host": requested_host,
                   "disk_config": server.get("OS-DCF:diskConfig") or _image_disk_config(image),
                   "image_min_disk": (image or {}).get("min_disk", 0),
                   # the build allocates ports with the requester's rights, as Nova passes its context on
                   "admin_request": ctx.is_admin}
        rows = []
        for i in range(max_count):
            name = server["name"] if max_count == 1 else f"{server['name']}-{i + 1}"
            rows.append({
                "uuid": new_uuid(), "display_name": name, "display_description": server.get("description"),
                "project_id": ctx.project_id, "user_id": ctx.user_id, "host": None, "node": None,
                "availability_zone": az, "vm_state": s.BUILDING, "task_state": s.SCHEDULING, "power_state": s.NOSTATE,
                "progress": 0, "flavor": flavor, "image_ref": image["id"] if image else (image_ref or None),
                "key_name": server.get("key_name"), "key_data": key_data, "user_data": server.get("user_data"),
                "config_drive": "True" if to_bool(server.get("config_drive", False)) else "",
                "access_ip_v4": server.get("accessIPv4"), "access_ip_v6": compact_ipv6(server.get("accessIPv6")),
                "locked": False, "hostname": server.get("hostname") or hostname_for(name), "launch_index": i,
                "reservation_id": reservation_id, "metadata": metadata, "system_metadata": sysmeta,
                "tags": server.get("tags") or [], "addresses": {}, "block_devices": block_devices,
                "security_groups": security_groups, "requested_networks": networks, "scheduler_hints": hints,
                "trusted_certs": server.get("trusted_image_certificates"), "created_at": now, "updated_at": now,
                "deleted": False,
            })
        conn.execute(_NEW_INSTANCES, rows)
        if group_id:
            members = [{"group_id": group_id, "instance_id": r["uuid"]} for r in rows]
            conn.execute(t.server_group_members.insert(), members)
        for row in rows:
            inst.start_action(conn, now, str(row["uuid"]), "create", ctx.request_id, ctx.project_id, ctx.user_id)
    await conductor(ctx).build_instances(request_id=ctx.request_id, instance_uuids=[str(r["uuid"]) for r in rows],
                                         instances=[inst.build_request(r) for r in rows])
    return Created(rows, reservation_id, security_groups, sysmeta["disk_config"])


def _key_data(ctx: RequestContext, conn: Connection, key_name: str | None) -> str | None:
    if not key_name:
        return None
    key = conn.execute(
        sa.select(t.keypairs.c.public_key).where(t.keypairs.c.user_id == ctx.user_id, t.keypairs.c.name == key_name)
    ).first()
    if key is None:
        raise ApiError(400, "Invalid key_name provided.", "KeypairNotFound")
    return str(key[0])


def _placement_request(ctx: RequestContext, conn: Connection, server: dict[str, Any]) -> tuple[str | None, str | None]:
    """The requested AZ and, for admins, a forced host (``az:host``, or 2.74's host)."""
    az = server.get("availability_zone")
    host = None
    if az and ":" in az:
        az, _, rest = az.partition(":")
        host = rest.split(":")[0] or None
        if host:
            ctx.can("os_compute_api:servers:create:forced_host", {"project_id": ctx.project_id})
        az = az or None
    if server.get("host") or server.get("hypervisor_hostname"):
        ctx.can("os_compute_api:servers:create:requested_destination", {"project_id": ctx.project_id})
        host = server.get("host") or server.get("hypervisor_hostname")
    check_host(conn, host)
    if az and az not in availability_zones(conn):
        raise ApiError(400, "The requested availability zone is not available", "InvalidRequest")
    return az, host


def _group(ctx: RequestContext, conn: Connection, hints: dict[str, Any], count: int) -> str | None:
    group_id = hints.get("group")
    if isinstance(group_id, list):
        group_id = group_id[0] if group_id else None
    if not group_id:
        return None
    row = conn.execute(sa.select(t.server_groups.c.id).where(t.server_groups.c.id == group_id)).first()
    if row is None:
        raise ApiError(
            400,
            f"Invalid input for field/attribute group. Value: {group_id}. Server group {group_id} could not be found.",
            "InstanceGroupNotFound",
        )
    check_quota(conn, ctx.project_id or "", ctx.user_id, {"server_group_members": count}, group_id=group_id)
    return str(group_id)


def _fit_quota(ctx: RequestContext, conn: Connection, flavor: dict[str, Any], min_count: int, max_count: int) -> int:
    """As many as max_count the quota allows (at least min_count), else Nova's 403."""
    if max_count > min_count:
        fits = quota.allowed_instances(
            conn, ctx.project_id or "", ctx.user_id, flavor["vcpus"], flavor["ram"], max_count
        )
        if fits >= min_count:
            return fits
    check_quota(
        conn,
        ctx.project_id or "",
        ctx.user_id,
        {"instances": min_count, "cores": min_count * flavor["vcpus"], "ram": min_count * flavor["ram"]},
    )
    return min_count


# -- update (PUT /servers/{id}) ------------------------------------------------------------------------
UPDATE_FIELDS = (
    ("name", "display_name"),
    ("description", "display_description"),
    ("accessIPv4", "access_ip_v4"),
    ("accessIPv6", "access_ip_v6"),
    ("hostname", "hostname"),
)


def update(
    ctx: RequestContext, uuid: str, body: dict[str, Any], render: Callable[[Connection, dict[str, Any]], Any]
) -> Any:
    """Save what a validated update body changes; ``render`` builds the answer in the same transaction."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:servers:update", {"project_id": row["project_id"]})
        values: dict[str, Any] = {dst: body[src] for src, dst in UPDATE_FIELDS if src in body}
        if "access_ip_v6" in values:
            values["access_ip_v6"] = compact_ipv6(values["access_ip_v6"])
        if "OS-DCF:diskConfig" in body:
            values["system_metadata"] = {**(row["system_metadata"] or {}), "disk_config": body["OS-DCF:diskConfig"]}
        if "pinned_availability_zone" in body:  # 2.104
            pinned = _repin(row, body["pinned_availability_zone"])
            values["system_metadata"] = {**values.get("system_metadata", row["system_metadata"] or {}),
                                         "requested_az": pinned}
        if values:
            values["updated_at"] = ctx.now()
            conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(**values))
            row.update(values)
        return render(conn, row)


def _repin(row: dict[str, Any], requested: str | None) -> str | None:
    """Nova's 2.104 rules: null unpins; a server is pinned only to the zone it is in, and a pinned one
    must be unpinned before it is pinned again."""
    current = (row["system_metadata"] or {}).get("requested_az")
    if requested is None or requested == current:
        return requested
    if current is not None:
        raise ApiError(409, "Cannot change pinned availability zone directly. Unpin first by setting "
                            "pinned_availability_zone to null.")
    zone = row["availability_zone"] or DEFAULT_AZ
    if requested != zone:
        raise ApiError(409, f"Server can only be pinned to its current availability zone '{zone}', but "
                            f"'{requested}' was requested.")
    return requested


# -- delete -------------------------------------------------------------------------------------------
_MARK_DELETING = (
    t.instances.update()
    .where(t.instances.c.uuid == sa.bindparam("b_uuid"))
    .values(task_state=s.DELETING, updated_at=sa.bindparam("b_now"))
)


async def delete(ctx: RequestContext, uuid: str) -> None:
    """Mark deleting and cast the delete to the conductor (a second delete while one runs is a no-op)."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get_to_send(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:servers:delete", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        if row["task_state"] == s.DELETING:
            return
        conn.execute(_MARK_DELETING, {"b_uuid": uuid, "b_now": ctx.now()})
        row["task_state"] = s.DELETING
        start(ctx, conn, row, "delete")
    await conductor(ctx).terminate_instance(request_id=ctx.request_id, instance_uuid=uuid,
                                            instance=inst.wire(row))
