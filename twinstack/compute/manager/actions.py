"""Server actions (``POST /servers/{id}/action``): Nova's compute API for an existing server, each checking
state, lock and policy, recording the instance action, and casting the work to the conductor or the host."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.manager.api import (
    availability_zones,
    check_host,
    check_image_fits,
    check_locked,
    check_quota,
    check_state,
    compact_ipv6,
    compute_host,
    conductor,
    delete,
    find_flavor,
    find_image,
    get_console_output,
    set_task,
    start,
)
from twinstack.compute.manager.context import RequestContext
from twinstack.core.errors import ApiError
from twinstack.image import local as image_local
from twinstack.network import local as network_local

# -- server actions ------------------------------------------------------------------------------
A, STOP, PAUSE, SUSP, ERR = s.ACTIVE, s.STOPPED, s.PAUSED, s.SUSPENDED, s.ERROR
HARD_REBOOT_TASKS = (
    None,
    s.REBOOTING,
    s.REBOOT_PENDING,
    s.REBOOT_STARTED,
    s.REBOOTING_HARD,
    s.REBOOT_PENDING_HARD,
    s.REBOOT_STARTED_HARD,
)
POLICY_ON_SERVERS = {
    "reboot",
    "stop",
    "start",
    "resize",
    "confirm_resize",
    "revert_resize",
    "rebuild",
    "create_image",
    "trigger_crash_dump",
}
ACTION_POLICY = {
    "pause": "os_compute_api:os-pause-server:pause",
    "unpause": "os_compute_api:os-pause-server:unpause",
    "suspend": "os_compute_api:os-suspend-server:suspend",
    "resume": "os_compute_api:os-suspend-server:resume",
    "rescue": "os_compute_api:os-rescue",
    "unrescue": "os_compute_api:os-unrescue",
    "shelve": "os_compute_api:os-shelve:shelve",
    "shelveOffload": "os_compute_api:os-shelve:shelve_offload",
    "unshelve": "os_compute_api:os-shelve:unshelve",
    "migrate": "os_compute_api:os-migrate-server:migrate",
    "live-migration": "os_compute_api:os-migrate-server:migrate_live",
    "evacuate": "os_compute_api:os-evacuate",
}
# API action -> (allowed vm_states, task_state while it runs, compute manager action)
POWER_ACTIONS: dict[str, tuple[list[str], str, str]] = {
    "stop": ([A, ERR], s.POWERING_OFF, "stop"),
    "start": ([STOP], s.POWERING_ON, "start"),
    "pause": ([A], s.PAUSING, "pause"),
    "unpause": ([PAUSE], s.UNPAUSING, "unpause"),
    "suspend": ([A], s.SUSPENDING, "suspend"),
    "resume": ([SUSP], s.RESUMING, "resume"),
    "rescue": ([A, STOP, ERR], s.RESCUING, "rescue"),
    "unrescue": ([s.RESCUED], s.UNRESCUING, "unrescue"),
}


def simple_action(
    ctx: RequestContext,
    uuid: str,
    action: str,
    vm_states: list[str] | None,
    task_state: str,
    task_states: Any = (None,),
    locked_check: bool = True,
    extra: Callable[[Connection, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The common shape: look up, authorize, check lock and state, set the task state, record the action."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can(
            f"os_compute_api:servers:{action}"
            if action in POLICY_ON_SERVERS
            else ACTION_POLICY.get(action, "os_compute_api:servers:update"),
            {"project_id": row["project_id"]},
        )
        if locked_check:
            check_locked(ctx, row)
        check_state(row, action, vm_states, task_states)
        if extra is not None:
            extra(conn, row)
        set_task(ctx, conn, row, row["task_state"], task_state=task_state)
        start(ctx, conn, row, action)
    return row


async def _run_on_host(ctx: RequestContext, row: dict[str, Any], action: str, params: dict[str, Any]) -> None:
    rpc, host = compute_host(ctx, row)
    await rpc.run_action(host, instance=inst.wire(row), request_id=ctx.request_id, action=action, params=params)


async def power_action(ctx: RequestContext, uuid: str, action: str) -> None:
    """stop, start, pause, unpause, suspend, resume, rescue, unrescue: the host does the work."""
    vm_states, task_state, compute_action = POWER_ACTIONS[action]
    row = simple_action(ctx, uuid, action, vm_states, task_state)
    await _run_on_host(ctx, row, compute_action, {})


async def reboot(ctx: RequestContext, uuid: str, hard: bool) -> None:
    if hard:
        row = simple_action(ctx, uuid, "reboot", [A, STOP, PAUSE, SUSP, ERR], s.REBOOTING_HARD, HARD_REBOOT_TASKS)
    else:
        row = simple_action(ctx, uuid, "reboot", [A], s.REBOOTING, (None,))
    await _run_on_host(ctx, row, "reboot", {"hard": hard})


def lock(ctx: RequestContext, uuid: str, reason: str | None) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-lock-server:lock", {"project_id": row["project_id"]})
        by = "owner" if ctx.project_id == row["project_id"] else "admin"
        conn.execute(
            t.instances.update()
            .where(t.instances.c.uuid == uuid)
            .values(locked=True, locked_by=by, locked_reason=reason, updated_at=ctx.now())
        )
        start(ctx, conn, row, "lock")


def unlock(ctx: RequestContext, uuid: str) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        target = {"project_id": row["project_id"]}
        ctx.can("os_compute_api:os-lock-server:unlock", target)
        mine = "owner" if ctx.project_id == row["project_id"] else "admin"
        if row["locked"] and row["locked_by"] and row["locked_by"] != mine:
            ctx.can("os_compute_api:os-lock-server:unlock:unlock_override", target)
        conn.execute(
            t.instances.update()
            .where(t.instances.c.uuid == uuid)
            .values(locked=False, locked_by=None, locked_reason=None, updated_at=ctx.now())
        )
        start(ctx, conn, row, "unlock")


async def resize(ctx: RequestContext, uuid: str, flavor_ref: Any, disk_config: str | None) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:servers:resize", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, "resize", [A, STOP])
        flavor = find_flavor(ctx, conn, flavor_ref)
        old = row["flavor"]
        if str(flavor["id"]) == str(old.get("id")):
            raise ApiError(400, "When resizing, instances must change flavor!", "CannotResizeToSameFlavor")
        if flavor["disk"] < old.get("disk", 0) and not any(
            b.get("boot_index") in (0, "0") for b in row["block_devices"] or []
        ):
            raise ApiError(400, "Resize error: Unable to resize disk down.", "ResizeError")
        check_quota(
            conn,
            row["project_id"],
            row["user_id"],
            {"cores": flavor["vcpus"] - old["vcpus"], "ram": flavor["ram"] - old["ram"]},
        )
        extra = {}
        if disk_config:
            extra["system_metadata"] = {**(row["system_metadata"] or {}), "disk_config": disk_config}
        set_task(ctx, conn, row, None, task_state=s.RESIZE_PREP, **extra)
        start(ctx, conn, row, "resize")
    await conductor(ctx).migrate_server(request_id=ctx.request_id, instance_uuid=uuid, flavor=flavor)


async def migrate(ctx: RequestContext, uuid: str, host: str | None) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-migrate-server:migrate", {"project_id": row["project_id"]})
        check_state(row, "migrate", [A, STOP])
        check_host(conn, host)
        set_task(ctx, conn, row, None, task_state=s.RESIZE_PREP)
        start(ctx, conn, row, "migrate")
    await conductor(ctx).migrate_server(request_id=ctx.request_id, instance_uuid=uuid, flavor=None, requested_host=host)


async def confirm_resize(ctx: RequestContext, uuid: str) -> None:
    _resize_decision(ctx, uuid, "confirmResize", "confirm_resize", s.RESIZE_CONFIRMING)
    await conductor(ctx).confirm_resize(request_id=ctx.request_id, instance_uuid=uuid)


async def revert_resize(ctx: RequestContext, uuid: str) -> None:
    _resize_decision(ctx, uuid, "revertResize", "revert_resize", s.RESIZE_REVERTING)
    await conductor(ctx).revert_resize(request_id=ctx.request_id, instance_uuid=uuid)


def _resize_decision(ctx: RequestContext, uuid: str, action: str, policy: str, task_state: str) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can(f"os_compute_api:servers:{policy}", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, action, [s.RESIZED])
        set_task(ctx, conn, row, None, task_state=task_state)
        start(ctx, conn, row, action)


async def live_migrate(ctx: RequestContext, uuid: str, host: str | None) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-migrate-server:migrate_live", {"project_id": row["project_id"]})
        check_state(row, "os-migrateLive", [A, PAUSE])
        check_host(conn, host)
        if host and host == row["host"]:
            raise ApiError(
                400,
                f"The supplied hypervisor type of is invalid. Unable to migrate instance "
                f"({uuid}) to current host ({host}).",
                "UnableToMigrateToSelf",
            )
        set_task(ctx, conn, row, None, task_state=s.MIGRATING)
        start(ctx, conn, row, "live-migration")
    await conductor(ctx).live_migrate(request_id=ctx.request_id, instance_uuid=uuid, requested_host=host)


async def evacuate(ctx: RequestContext, uuid: str, host: str | None, stop: bool) -> None:
    """Rebuild elsewhere while the instance's host is down; ``stop``: it arrives stopped (2.95)."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-evacuate", {"project_id": row["project_id"]})
        check_state(row, "evacuate", [A, STOP, ERR])
        check_host(conn, host)
        if not _host_down(ctx, conn, row["host"]):
            raise ApiError(400, f"Compute service of {row['host']} is still in use.", "ComputeServiceInUse")
        set_task(ctx, conn, row, None, task_state=s.REBUILDING)
        start(ctx, conn, row, "evacuate")
    await conductor(ctx).evacuate(request_id=ctx.request_id, instance_uuid=uuid, requested_host=host, stop=stop)


def _host_down(ctx: RequestContext, conn: Connection, host: str | None) -> bool:
    if not host:
        return True
    svc = (
        conn.execute(sa.select(t.services).where(t.services.c.host == host, t.services.c.binary == "nova-compute"))
        .mappings()
        .first()
    )
    if svc is None or svc["forced_down"]:
        return True
    down_after = float(ctx.cloud.model.compute.settings.get("service_down_time", 60))
    return svc["last_seen_up"] is None or svc["last_seen_up"] < ctx.now() - timedelta(seconds=down_after)


REBUILD_FIELDS = (
    ("name", "display_name"),
    ("description", "display_description"),
    ("metadata", "metadata"),
    ("accessIPv4", "access_ip_v4"),
    ("accessIPv6", "access_ip_v6"),
    ("user_data", "user_data"),
    ("hostname", "hostname"),
    ("key_name", "key_name"),
)


async def rebuild(
    ctx: RequestContext, uuid: str, body: dict[str, Any], render: Callable[[Connection, dict[str, Any]], Any]
) -> Any:
    """Check and record a rebuild from a validated body, cast it to the host. ``render`` builds the
    response body from the updated row inside the transaction (it sees what the request wrote)."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:servers:rebuild", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, "rebuild", [A, STOP, ERR])
        image = find_image(ctx, conn, body["imageRef"])
        check_image_fits(image, row["flavor"])
        values: dict[str, Any] = {"task_state": s.REBUILDING, "image_ref": image["id"]}
        for src, dst in REBUILD_FIELDS:
            if src in body:
                values[dst] = body[src]
        sysmeta = dict(row["system_metadata"] or {})
        if body.get("OS-DCF:diskConfig"):
            sysmeta["disk_config"] = body["OS-DCF:diskConfig"]
        sysmeta["image_properties"] = image.get("properties") or {}
        values["system_metadata"] = sysmeta
        if "access_ip_v6" in values:
            values["access_ip_v6"] = compact_ipv6(values["access_ip_v6"])
        set_task(ctx, conn, row, None, **values)
        start(ctx, conn, row, "rebuild")
        rendered = render(conn, row)
    rpc, host = compute_host(ctx, row)
    await rpc.rebuild_instance(host, instance=inst.wire(row), request_id=ctx.request_id, image_ref=row["image_ref"])
    return rendered


async def create_image(
    ctx: RequestContext,
    uuid: str,
    name: str,
    metadata: dict[str, Any],
    action_name: str = "createImage",
    policy: str = "os_compute_api:servers:create_image",
) -> str:
    """Snapshot the server to a new Glance image (also createBackup); returns the image id."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can(policy, {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, action_name, [A, STOP, PAUSE, SUSP])
        check_quota(conn, row["project_id"], row["user_id"], {"metadata_items": len(metadata)})
        props = {
            **(row["system_metadata"] or {}).get("image_properties", {}),
            "image_type": "snapshot",
            **metadata,
            "instance_uuid": uuid,
            "user_id": row["user_id"],
        }
        if row["image_ref"]:
            props["base_image_ref"] = row["image_ref"]
        image = image_local.create_snapshot(
            ctx.cloud, conn, name, row["project_id"], {k: str(v) for k, v in props.items()}
        )
        set_task(ctx, conn, row, None, task_state=s.IMAGE_SNAPSHOT)
        start(ctx, conn, row, action_name)
    rpc, host = compute_host(ctx, row)
    await rpc.snapshot_instance(host, instance=inst.wire(row), request_id=ctx.request_id, image_id=image["id"])
    return str(image["id"])


async def shelve(ctx: RequestContext, uuid: str) -> None:
    def snapshot(conn: Connection, row: dict[str, Any]) -> None:
        """Nova keeps a shelved server's disk as an image named <name>-shelved."""
        if not row["image_ref"]:
            return
        props = {
            "instance_uuid": uuid,
            "image_type": "snapshot",
            "base_image_ref": row["image_ref"],
            "user_id": row["user_id"],
        }
        image = image_local.create_snapshot(ctx.cloud, conn, f"{row['display_name']}-shelved", row["project_id"], props)
        sysmeta = {**(row["system_metadata"] or {}), "shelved_image_id": image["id"]}
        conn.execute(t.instances.update().where(t.instances.c.uuid == uuid).values(system_metadata=sysmeta))
        row["system_metadata"] = sysmeta

    row = simple_action(ctx, uuid, "shelve", [A, STOP, PAUSE, SUSP], s.SHELVING, extra=snapshot)
    offload = float(ctx.cloud.model.compute.settings.get("shelved_offload_time", 0)) == 0
    rpc, host = compute_host(ctx, row)
    await rpc.shelve_instance(host, instance=inst.wire(row), request_id=ctx.request_id, offload=offload)


async def shelve_offload(ctx: RequestContext, uuid: str) -> None:
    simple_action(ctx, uuid, "shelveOffload", [s.SHELVED], s.SHELVING_OFFLOADING, locked_check=False)
    await conductor(ctx).shelve_offload(request_id=ctx.request_id, instance_uuid=uuid)


def unshelve(ctx: RequestContext, uuid: str, az: str | None, host: str | None) -> dict[str, Any]:
    """Check and record an unshelve; ``unshelve_cast`` then starts it (between the two, the caller
    drops the <name>-shelved image, ``shelved_image_id`` in the row's system_metadata)."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-shelve:unshelve", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, "unshelve", [s.SHELVED, s.SHELVED_OFFLOADED])
        if host:
            ctx.can("os_compute_api:os-shelve:unshelve_to_host", {"project_id": row["project_id"]})
            check_host(conn, host)
        if az and az not in availability_zones(conn):
            raise ApiError(400, "The requested availability zone is not available", "InvalidRequest")
        if (az or host) and row["vm_state"] != s.SHELVED_OFFLOADED:
            raise ApiError(
                409,
                f"The availability_zone or host parameter can only be given for an offloaded "
                f"instance; instance {uuid} is in vm_state {row['vm_state']}.",
                "UnshelveInstanceInvalidState",
            )
        set_task(ctx, conn, row, None, task_state=s.UNSHELVING)
        start(ctx, conn, row, "unshelve")
    return row


async def unshelve_cast(ctx: RequestContext, row: dict[str, Any], az: str | None, host: str | None) -> None:
    """The second half of an unshelve: a shelved server starts on its host, an offloaded one is scheduled."""
    if row["vm_state"] == s.SHELVED and row["host"]:
        await _run_on_host(ctx, row, "start", {})
    else:
        await conductor(ctx).unshelve(
            request_id=ctx.request_id, instance_uuid=row["uuid"], availability_zone=az, requested_host=host
        )


def reset_state(ctx: RequestContext, uuid: str, state: str) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-admin-actions:reset_state", {"project_id": row["project_id"]})
        conn.execute(
            t.instances.update()
            .where(t.instances.c.uuid == uuid)
            .values(vm_state=state, task_state=None, updated_at=ctx.now())
        )
        start(ctx, conn, row, "resetState")


async def force_delete(ctx: RequestContext, uuid: str) -> None:
    with ctx.cloud.store.read() as conn:
        row = inst.get(conn, uuid, ctx.caller)
    check_state(row, "forceDelete", None, (None,))
    await delete(ctx, uuid)


async def console_output(ctx: RequestContext, uuid: str, length: int | None) -> str:
    with ctx.cloud.store.read() as conn:
        row = inst.get(conn, uuid, ctx.caller)
    ctx.can("os_compute_api:os-console-output", {"project_id": row["project_id"]})
    if not row["host"] or row["vm_state"] not in (A, STOP, PAUSE, SUSP, s.RESCUED, s.RESIZED, ERR):
        raise ApiError(409, f"Instance {uuid} is not ready", "InstanceNotReady")
    text = await get_console_output(ctx, row)
    if length is not None and length >= 0:  # Nova's _tail_log: the last lines, split on \n
        text = "\n".join(text.split("\n")[-length:]) if length else ""
    return text


def security_group(ctx: RequestContext, uuid: str, name: str, add: bool) -> None:
    """add/removeSecurityGroup change the server's ports in Neutron, as Nova's security_group_api does:
    the server's groups are its ports' (a server without ports has none to change: 404)."""
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can(f"os_compute_api:os-security-groups:{'add' if add else 'remove'}", {"project_id": row["project_id"]})
        change = network_local.add_security_group if add else network_local.remove_security_group
        change(ctx.cloud, conn, uuid, row["project_id"], name)


def trigger_crash_dump(ctx: RequestContext, uuid: str) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:servers:trigger_crash_dump", {"project_id": row["project_id"]})
        check_locked(ctx, row)
        check_state(row, "trigger_crash_dump", [A, PAUSE, s.RESCUED, s.RESIZED, ERR])
        start(ctx, conn, row, "trigger_crash_dump")


def change_password(ctx: RequestContext, uuid: str) -> None:
    with ctx.cloud.store.read() as conn:
        row = inst.get(conn, uuid, ctx.caller)
    ctx.can("os_compute_api:os-admin-password", {"project_id": row["project_id"]})
    check_locked(ctx, row)
    check_state(row, "changePassword", [A])


def restore(ctx: RequestContext, uuid: str) -> None:
    """Soft delete is off (reclaim_instance_interval 0), so nothing is ever SOFT_DELETED to restore."""
    with ctx.cloud.store.read() as conn:
        row = inst.get(conn, uuid, ctx.caller)
    ctx.can("os_compute_api:os-deferred-delete:restore", {"project_id": row["project_id"]})
    check_state(row, "restore", [s.SOFT_DELETED])


def inject_network_info(ctx: RequestContext, uuid: str) -> None:
    with ctx.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, ctx.caller)
        ctx.can("os_compute_api:os-admin-actions:inject_network_info", {"project_id": row["project_id"]})
        start(ctx, conn, row, "injectNetworkInfo")
