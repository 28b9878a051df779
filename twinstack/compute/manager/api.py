"""The compute API layer (nova/compute/api.py, small): checks a request against the instance's
state, lock and quota, records what the request starts, and hands the work to the conductor or
the instance's compute manager over the bus."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import string
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import instances as inst
from twinstack.compute.runtime import runtime
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req
from twinstack.compute.optional import optional
from twinstack.compute.manager import quota

ANY_TASK = object()


def check_state(row: dict[str, Any], action: str, vm_states: list[str] | None,
                task_states: Any = (None,)) -> None:
    """409 with Nova's words when the instance is not in a state that allows ``action``."""
    if vm_states is not None and row["vm_state"] not in vm_states:
        raise ApiError(409, f"Cannot '{action}' instance {row['uuid']} while it is in vm_state {row['vm_state']}",
                       "InstanceInvalidState")
    if task_states is not ANY_TASK and row["task_state"] not in task_states:
        raise ApiError(409, f"Cannot '{action}' instance {row['uuid']} while it is in task_state {row['task_state']}",
                       "InstanceInvalidState")


def check_locked(req: Req, row: dict[str, Any]) -> None:
    """A locked instance refuses changes, except from an admin (Nova's check_instance_lock)."""
    if row["locked"] and not req.context.is_admin:
        raise ApiError(409, f"Instance {row['uuid']} is locked", "InstanceIsLocked")


def admin_password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(12))


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
        import netaddr

        return str(netaddr.IPAddress(value, 6))
    except (ValueError, netaddr.AddrFormatError):
        return value


def check_user_data(value: str | None) -> None:
    if value is None:
        return
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, "User data needs to be valid base 64.") from None


def check_quota(conn: Connection, project_id: str, user_id: str, deltas: dict[str, int],
                group_id: str | None = None) -> None:
    quota_check = quota.check_quota
    if group_id is not None:
        quota_check(conn, project_id, user_id, deltas, group_id)
    else:
        quota_check(conn, project_id, user_id, deltas)


_FLAVOR = sa.select(t.flavors).where(t.flavors.c.id == sa.bindparam("flavor_id"))


def find_flavor(req: Req, conn: Connection, flavor_ref: Any, status: int = 400) -> dict[str, Any]:
    flavor_id = str(flavor_ref).rstrip("/").rsplit("/", 1)[-1]
    row = conn.execute(_FLAVOR, {"flavor_id": flavor_id}).mappings().first()
    ctx = req.context
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


def find_image(req: Req, conn: Connection, image_ref: str) -> dict[str, Any] | None:
    """The image through Glance's in-process interface (None when there is no image service)."""
    image_id = image_ref.rstrip("/").rsplit("/", 1)[-1]
    local = optional("twinstack.image.local")
    if local is None:
        return None
    image = local.get_image(req.cloud, conn, image_id, req.context.project_id)
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


def check_networks(req: Req, conn: Connection, requested: Any, security_groups: list[str]) -> None:
    """Nova validates the requested networks at the API: try the allocation in a savepoint and roll
    it back, so an unknown network (400), an ambiguous one or a port in use (409) never reaches a build."""
    if requested == "none":
        return
    local = optional("twinstack.network.local")
    if local is None:
        return
    savepoint = conn.begin_nested()
    try:
        local.allocate_for_instance(req.cloud, conn, new_uuid(), req.context.project_id or "", "",
                                    requested, security_groups, describe=False)
    except ApiError as err:
        raise ApiError(400 if err.status == 404 else err.status, err.message, err.kind) from None
    finally:
        savepoint.rollback()


def availability_zones(conn: Connection) -> set[str]:
    zones = {z for (z,) in conn.execute(sa.select(t.nodes.c.availability_zone).distinct()) if z}
    zones |= {z for (z,) in conn.execute(sa.select(t.aggregates.c.availability_zone).distinct()) if z}
    return zones


def host_exists(conn: Connection, host: str) -> bool:
    return conn.execute(sa.select(t.nodes.c.id).where(sa.or_(
        t.nodes.c.host == host, t.nodes.c.hypervisor_hostname == host))).first() is not None


def start(req: Req, conn: Connection, row: dict[str, Any], action: str) -> None:
    inst.start_action(conn, req.cloud.clock.now(), row["uuid"], action, req.request_id,
                      req.context.project_id, req.context.user_id)


def set_task(req: Req, conn: Connection, row: dict[str, Any], expected: Any, **values: Any) -> None:
    """Save ``values`` only if the task_state is still what we checked (Nova's expected_task_state)."""
    values["updated_at"] = req.cloud.clock.now()
    query = t.instances.update().where(t.instances.c.uuid == row["uuid"])
    if expected is not ANY_TASK:
        query = query.where(t.instances.c.task_state.is_(None) if expected is None else
                            t.instances.c.task_state == expected)
    if conn.execute(query.values(**values)).rowcount != 1:
        raise ApiError(409, f"Conflict updating instance {row['uuid']}. Expected: {{'task_state': [{expected!r}]}}. "
                       f"Actual: {{'task_state': {row['task_state']!r}}}", "UnexpectedTaskStateError")
    row.update(values)


async def cast_compute(req: Req, row: dict[str, Any], method: str, **kwargs: Any) -> None:
    rt = runtime(req.cloud)
    host = row["host"]
    if not host or not rt.serving(host):
        raise ApiError(409, f"Compute host {host} is not running.", "ComputeServiceUnavailable")
    await rt.bus.cast(f"compute.{host}", method, instance=inst.wire(row), request_id=req.request_id, **kwargs)


async def call_compute(req: Req, row: dict[str, Any], method: str, **kwargs: Any) -> Any:
    rt = runtime(req.cloud)
    host = row["host"]
    if not host or not rt.serving(host):
        raise ApiError(409, f"Compute host {host} is not running.", "ComputeServiceUnavailable")
    return await rt.bus.call(f"compute.{host}", method, instance=inst.wire(row), **kwargs)


async def cast_conductor(req: Req, method: str, **kwargs: Any) -> None:
    await runtime(req.cloud).bus.cast("conductor", method, request_id=req.request_id, **kwargs)


def simple_action(req: Req, uuid: str, action: str, vm_states: list[str] | None, task_state: str,
                  task_states: Any = (None,), locked_check: bool = True,
                  extra: Callable[[Connection, dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """The common shape: look up, check lock and state, set the task state, record the action."""
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize(f"os_compute_api:servers:{action}" if action in POLICY_ON_SERVERS else ACTION_POLICY.get(action, "os_compute_api:servers:update"),
                      {"project_id": row["project_id"]})
        if locked_check:
            check_locked(req, row)
        check_state(row, action, vm_states, task_states)
        if extra is not None:
            extra(conn, row)
        set_task(req, conn, row, row["task_state"], task_state=task_state)
        start(req, conn, row, action)
    return row


def new_uuid() -> str:
    return uuid_str()


POLICY_ON_SERVERS = {"reboot", "stop", "start", "resize", "confirm_resize", "revert_resize", "rebuild",
                     "create_image", "trigger_crash_dump"}
ACTION_POLICY = {
    "pause": "os_compute_api:os-pause-server:pause", "unpause": "os_compute_api:os-pause-server:unpause",
    "suspend": "os_compute_api:os-suspend-server:suspend", "resume": "os_compute_api:os-suspend-server:resume",
    "rescue": "os_compute_api:os-rescue", "unrescue": "os_compute_api:os-unrescue",
    "shelve": "os_compute_api:os-shelve:shelve", "shelveOffload": "os_compute_api:os-shelve:shelve_offload",
    "unshelve": "os_compute_api:os-shelve:unshelve", "migrate": "os_compute_api:os-migrate-server:migrate",
    "live-migration": "os_compute_api:os-migrate-server:migrate_live",
    "evacuate": "os_compute_api:os-evacuate",
}
