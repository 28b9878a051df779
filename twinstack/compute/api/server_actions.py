"""``POST /servers/{id}/action``: one handler per action, each checking lock and state as Nova's
compute API does, setting the task state, and casting the work to the conductor or the host."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Awaitable, Callable

import sqlalchemy as sa

from twinstack.compute import tables as t, views
from twinstack.compute.manager import api as capi, instances as inst, states as s
from twinstack.compute.api import floating_ips, images, servers
from twinstack.compute.schemas import server_actions as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate
from twinstack.compute.optional import optional

A, STOP, PAUSE, SUSP, ERR = s.ACTIVE, s.STOPPED, s.PAUSED, s.SUSPENDED, s.ERROR
HARD_REBOOT_TASKS = (None, s.REBOOTING, s.REBOOT_PENDING, s.REBOOT_STARTED, s.REBOOTING_HARD,
                     s.REBOOT_PENDING_HARD, s.REBOOT_STARTED_HARD)

Handler = Callable[[Req, str, Any], Awaitable[Any]]


async def _run(req: Req, uuid: str, action: str, vm_states: list[str], task_state: str, compute_action: str,
               task_states: Any = (None,), params: dict[str, Any] | None = None) -> Any:
    row = capi.simple_action(req, uuid, action, vm_states, task_state, task_states)
    await capi.cast_compute(req, row, "run_action", action=compute_action, params=params or {})
    return empty(202)


async def reboot(req: Req, uuid: str, body: Any) -> Any:
    hard = body["type"].upper() == "HARD"
    if hard:
        return await _run(req, uuid, "reboot", [A, STOP, PAUSE, SUSP, ERR], s.REBOOTING_HARD, "reboot",
                          HARD_REBOOT_TASKS, {"hard": True})
    return await _run(req, uuid, "reboot", [A], s.REBOOTING, "reboot", (None,), {"hard": False})


async def stop(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "stop", [A, ERR], s.POWERING_OFF, "stop")


async def start(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "start", [STOP], s.POWERING_ON, "start")


async def pause(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "pause", [A], s.PAUSING, "pause")


async def unpause(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "unpause", [PAUSE], s.UNPAUSING, "unpause")


async def suspend(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "suspend", [A], s.SUSPENDING, "suspend")


async def resume(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "resume", [SUSP], s.RESUMING, "resume")


async def rescue(req: Req, uuid: str, body: Any) -> Any:
    password = (body or {}).get("adminPass") or capi.admin_password()
    await _run(req, uuid, "rescue", [A, STOP, ERR], s.RESCUING, "rescue")
    return {"adminPass": password}


async def unrescue(req: Req, uuid: str, body: Any) -> Any:
    return await _run(req, uuid, "unrescue", [s.RESCUED], s.UNRESCUING, "unrescue")


async def lock(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-lock-server:lock", {"project_id": row["project_id"]})
        by = "owner" if req.context.project_id == row["project_id"] else "admin"
        conn.execute(t.instances.update().where(t.instances.c.uuid == uuid).values(
            locked=True, locked_by=by, locked_reason=(body or {}).get("locked_reason"), updated_at=req.cloud.clock.now()))
        capi.start(req, conn, row, "lock")
    return empty(202)


async def unlock(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        target = {"project_id": row["project_id"]}
        req.authorize("os_compute_api:os-lock-server:unlock", target)
        mine = "owner" if req.context.project_id == row["project_id"] else "admin"
        if row["locked"] and row["locked_by"] and row["locked_by"] != mine:
            req.authorize("os_compute_api:os-lock-server:unlock:unlock_override", target)
        conn.execute(t.instances.update().where(t.instances.c.uuid == uuid).values(
            locked=False, locked_by=None, locked_reason=None, updated_at=req.cloud.clock.now()))
        capi.start(req, conn, row, "unlock")
    return empty(202)


async def resize(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:servers:resize", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, "resize", [A, STOP])
        flavor = capi.find_flavor(req, conn, body["flavorRef"])
        old = row["flavor"]
        if str(flavor["id"]) == str(old.get("id")):
            raise ApiError(400, "When resizing, instances must change flavor!", "CannotResizeToSameFlavor")
        if flavor["disk"] < old.get("disk", 0) and not any(b.get("boot_index") in (0, "0") for b in row["block_devices"] or []):
            raise ApiError(400, "Resize error: Unable to resize disk down.", "ResizeError")
        capi.check_quota(conn, row["project_id"], row["user_id"],
                         {"cores": flavor["vcpus"] - old["vcpus"], "ram": flavor["ram"] - old["ram"]})
        extra = {}
        if body.get("OS-DCF:diskConfig"):
            extra["system_metadata"] = {**(row["system_metadata"] or {}), "disk_config": body["OS-DCF:diskConfig"]}
        capi.set_task(req, conn, row, None, task_state=s.RESIZE_PREP, **extra)
        capi.start(req, conn, row, "resize")
    await capi.cast_conductor(req, "migrate_server", instance_uuid=uuid, flavor=flavor)
    return empty(202)


async def migrate(req: Req, uuid: str, body: Any) -> Any:
    host = (body or {}).get("host")
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-migrate-server:migrate", {"project_id": row["project_id"]})
        capi.check_state(row, "migrate", [A, STOP])
        _check_host(conn, host)
        capi.set_task(req, conn, row, None, task_state=s.RESIZE_PREP)
        capi.start(req, conn, row, "migrate")
    await capi.cast_conductor(req, "migrate_server", instance_uuid=uuid, flavor=None, requested_host=host)
    return empty(202)


def _check_host(conn: Any, host: str | None) -> None:
    if host and not capi.host_exists(conn, host):
        raise ApiError(400, f"Compute host {host} could not be found.", "ComputeHostNotFound")


async def confirm_resize(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:servers:confirm_resize", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, "confirmResize", [s.RESIZED])
        capi.set_task(req, conn, row, None, task_state=s.RESIZE_CONFIRMING)
        capi.start(req, conn, row, "confirmResize")
    await capi.cast_conductor(req, "confirm_resize", instance_uuid=uuid)
    return empty(204)


async def revert_resize(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:servers:revert_resize", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, "revertResize", [s.RESIZED])
        capi.set_task(req, conn, row, None, task_state=s.RESIZE_REVERTING)
        capi.start(req, conn, row, "revertResize")
    await capi.cast_conductor(req, "revert_resize", instance_uuid=uuid)
    return empty(202)


async def live_migrate(req: Req, uuid: str, body: Any) -> Any:
    host = body.get("host")
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-migrate-server:migrate_live", {"project_id": row["project_id"]})
        capi.check_state(row, "os-migrateLive", [A, PAUSE])
        _check_host(conn, host)
        if host and host == row["host"]:
            raise ApiError(400, f"The supplied hypervisor type of is invalid. Unable to migrate instance "
                           f"({uuid}) to current host ({host}).", "UnableToMigrateToSelf")
        capi.set_task(req, conn, row, None, task_state=s.MIGRATING)
        capi.start(req, conn, row, "live-migration")
    await capi.cast_conductor(req, "live_migrate", instance_uuid=uuid, requested_host=host)
    return empty(202)


async def evacuate(req: Req, uuid: str, body: Any) -> Any:
    host = (body or {}).get("host")
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-evacuate", {"project_id": row["project_id"]})
        capi.check_state(row, "evacuate", [A, STOP, ERR])
        _check_host(conn, host)
        if not _host_down(req, conn, row["host"]):
            raise ApiError(400, f"Compute service of {row['host']} is still in use.", "ComputeServiceInUse")
        capi.set_task(req, conn, row, None, task_state=s.REBUILDING)
        capi.start(req, conn, row, "evacuate")
    await capi.cast_conductor(req, "evacuate", instance_uuid=uuid, requested_host=host,
                              stop=req.at_least(2, 95))  # 2.95: the evacuated server arrives stopped
    if req.at_least(2, 14):
        return empty(200)
    return {"adminPass": (body or {}).get("adminPass") or capi.admin_password()}


def _host_down(req: Req, conn: Any, host: str | None) -> bool:
    if not host:
        return True
    svc = conn.execute(sa.select(t.services).where(t.services.c.host == host,
                                                   t.services.c.binary == "nova-compute")).mappings().first()
    if svc is None or svc["forced_down"]:
        return True
    down_after = float(req.cloud.model.compute.settings.get("service_down_time", 60))
    return svc["last_seen_up"] is None or svc["last_seen_up"] < req.cloud.clock.now() - timedelta(seconds=down_after)


async def rebuild(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:servers:rebuild", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, "rebuild", [A, STOP, ERR])
        image = capi.find_image(req, conn, body["imageRef"])
        capi.check_image_fits(image, row["flavor"])
        values: dict[str, Any] = {"task_state": s.REBUILDING,
                                  "image_ref": image["id"] if image else body["imageRef"].rsplit("/", 1)[-1]}
        for src, dst in (("name", "display_name"), ("description", "display_description"), ("metadata", "metadata"),
                         ("accessIPv4", "access_ip_v4"), ("accessIPv6", "access_ip_v6"), ("user_data", "user_data"),
                         ("hostname", "hostname")):
            if src in body:
                values[dst] = body[src]
        if "key_name" in body:
            values["key_name"] = body["key_name"]
        sysmeta = dict(row["system_metadata"] or {})
        if body.get("OS-DCF:diskConfig"):
            sysmeta["disk_config"] = body["OS-DCF:diskConfig"]
        if image is not None:
            sysmeta["image_properties"] = image.get("properties") or {}
        values["system_metadata"] = sysmeta
        if "access_ip_v6" in values:
            values["access_ip_v6"] = capi.compact_ipv6(values["access_ip_v6"])
        capi.set_task(req, conn, row, None, **values)
        capi.start(req, conn, row, "rebuild")
        server = servers.show_body(req, conn, row)
        if not req.at_least(2, 75):
            server = views.reduced(server)
        server.pop("OS-EXT-SRV-ATTR:user_data", None)  # rebuild answers user_data in its own key
        if req.at_least(2, 54):
            server["key_name"] = row["key_name"]
        if req.at_least(2, 57):
            server["user_data"] = row["user_data"]
    await capi.cast_compute(req, row, "rebuild_instance", image_ref=row["image_ref"])
    server["adminPass"] = body.get("adminPass") or capi.admin_password()
    return json_response({"server": server}, 202)


async def create_image(req: Req, uuid: str, body: Any, action_name: str = "createImage",
                       policy: str = "os_compute_api:servers:create_image") -> Any:
    image_local = optional("twinstack.image.local")
    if image_local is None:
        raise ApiError(400, "The image service is not available in this cloud.")
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize(policy, {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, action_name, [A, STOP, PAUSE, SUSP])
        capi.check_quota(conn, row["project_id"], row["user_id"], {"metadata_items": len(body.get("metadata") or {})})
        props = {**(row["system_metadata"] or {}).get("image_properties", {}), "image_type": "snapshot",
                 **(body.get("metadata") or {}), "instance_uuid": uuid, "user_id": row["user_id"]}
        if row["image_ref"]:
            props["base_image_ref"] = row["image_ref"]
        image = image_local.create_snapshot(req.cloud, conn, body["name"], row["project_id"],
                                            {k: str(v) for k, v in props.items()})
        capi.set_task(req, conn, row, None, task_state=s.IMAGE_SNAPSHOT)
        capi.start(req, conn, row, action_name)
    await capi.cast_compute(req, row, "snapshot_instance", image_id=image["id"])
    if req.at_least(2, 45):
        return json_response({"image_id": image["id"]}, 202)
    return empty(202, {"Location": f"{req.cloud.public_url('/image')}/v2/images/{image['id']}"})


async def shelve(req: Req, uuid: str, body: Any) -> Any:
    image_local = optional("twinstack.image.local")

    def snapshot(conn: Any, row: dict[str, Any]) -> None:
        """Nova keeps a shelved server's disk as an image named <name>-shelved."""
        if image_local is None or not row["image_ref"]:
            return
        props = {"instance_uuid": uuid, "image_type": "snapshot", "base_image_ref": row["image_ref"],
                 "user_id": row["user_id"]}
        image = image_local.create_snapshot(req.cloud, conn, f"{row['display_name']}-shelved", row["project_id"], props)
        sysmeta = {**(row["system_metadata"] or {}), "shelved_image_id": image["id"]}
        conn.execute(t.instances.update().where(t.instances.c.uuid == uuid).values(system_metadata=sysmeta))
        row["system_metadata"] = sysmeta

    row = capi.simple_action(req, uuid, "shelve", [A, STOP, PAUSE, SUSP], s.SHELVING, extra=snapshot)
    offload = float(req.cloud.model.compute.settings.get("shelved_offload_time", 0)) == 0
    await capi.cast_compute(req, row, "shelve_instance", offload=offload)
    return empty(202)


async def shelve_offload(req: Req, uuid: str, body: Any) -> Any:
    capi.simple_action(req, uuid, "shelveOffload", [s.SHELVED], s.SHELVING_OFFLOADING, locked_check=False)
    await capi.cast_conductor(req, "shelve_offload", instance_uuid=uuid)
    return empty(202)


async def unshelve(req: Req, uuid: str, body: Any) -> Any:
    body = body if isinstance(body, dict) else {}
    az, host = body.get("availability_zone"), body.get("host")
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-shelve:unshelve", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, "unshelve", [s.SHELVED, s.SHELVED_OFFLOADED])
        if host:
            req.authorize("os_compute_api:os-shelve:unshelve_to_host", {"project_id": row["project_id"]})
            _check_host(conn, host)
        if az and az not in capi.availability_zones(conn):
            raise ApiError(400, "The requested availability zone is not available", "InvalidRequest")
        if (az or host) and row["vm_state"] != s.SHELVED_OFFLOADED:
            raise ApiError(409, f"The availability_zone or host parameter can only be given for an offloaded "
                           f"instance; instance {uuid} is in vm_state {row['vm_state']}.", "UnshelveInstanceInvalidState")
        capi.set_task(req, conn, row, None, task_state=s.UNSHELVING)
        capi.start(req, conn, row, "unshelve")
    shelved_image = (row["system_metadata"] or {}).get("shelved_image_id")
    if shelved_image:
        await images.delete_quietly(req, shelved_image)
    if row["vm_state"] == s.SHELVED and row["host"]:
        await capi.cast_compute(req, row, "run_action", action="start", params={})
    else:
        await capi.cast_conductor(req, "unshelve", instance_uuid=uuid, availability_zone=az, requested_host=host)
    return empty(202)


async def reset_state(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-admin-actions:reset_state", {"project_id": row["project_id"]})
        conn.execute(t.instances.update().where(t.instances.c.uuid == uuid).values(
            vm_state=body["state"], task_state=None, updated_at=req.cloud.clock.now()))
        capi.start(req, conn, row, "resetState")
    return empty(202)


async def force_delete(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, uuid, req.context)
    capi.check_state(row, "forceDelete", None, (None,))
    await servers._delete(req, uuid, force=True)
    return empty(202)


async def console_output(req: Req, uuid: str, body: Any) -> Any:
    length = (body or {}).get("length")
    with req.cloud.store.read() as conn:
        row = inst.get(conn, uuid, req.context)
    req.authorize("os_compute_api:os-console-output", {"project_id": row["project_id"]})
    if not row["host"] or row["vm_state"] not in (A, STOP, PAUSE, SUSP, s.RESCUED, s.RESIZED, ERR):
        raise ApiError(409, f"Instance {uuid} is not ready", "InstanceNotReady")
    text = await capi.call_compute(req, row, "get_console_output")
    if length is not None and int(length) >= 0:  # Nova's _tail_log: the last lines, split on \n
        text = "\n".join(text.split("\n")[-int(length):]) if int(length) else ""
    return {"output": text}


def _console(kind: str, protocol: str) -> Handler:
    async def handler(req: Req, uuid: str, body: Any) -> Any:
        from twinstack.compute.api import consoles

        with req.cloud.store.read() as conn:
            row = inst.get(conn, uuid, req.context)
        return {"console": consoles.make_console(req, row, protocol, body["type"])}
    handler.__name__ = f"get_{kind}_console"
    return handler


async def add_security_group(req: Req, uuid: str, body: Any) -> Any:
    return _security_group(req, uuid, body["name"], add=True)


async def remove_security_group(req: Req, uuid: str, body: Any) -> Any:
    return _security_group(req, uuid, body["name"], add=False)


def _security_group(req: Req, uuid: str, name: str, add: bool) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize(f"os_compute_api:os-security-groups:{'add' if add else 'remove'}",
                      {"project_id": row["project_id"]})
        groups = list(row["security_groups"] or [])
        if add and name in groups:
            raise ApiError(400, f"Security group {name} is already associated with the instance {uuid}")
        if not add and name not in groups:
            raise ApiError(400, f"Security group {name} not associated with the instance {uuid}")
        groups = groups + [name] if add else [g for g in groups if g != name]
        conn.execute(t.instances.update().where(t.instances.c.uuid == uuid).values(
            security_groups=groups, updated_at=req.cloud.clock.now()))
    return empty(202)


async def trigger_crash_dump(req: Req, uuid: str, body: Any) -> Any:
    if not req.at_least(2, 17):
        raise ApiError(400, "There is no such action: trigger_crash_dump")
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:servers:trigger_crash_dump", {"project_id": row["project_id"]})
        capi.check_locked(req, row)
        capi.check_state(row, "trigger_crash_dump", [A, PAUSE, s.RESCUED, s.RESIZED, ERR])
        capi.start(req, conn, row, "trigger_crash_dump")
    return empty(202)


async def change_password(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, uuid, req.context)
    req.authorize("os_compute_api:os-admin-password", {"project_id": row["project_id"]})
    capi.check_locked(req, row)
    capi.check_state(row, "changePassword", [A])
    return empty(202)


async def restore(req: Req, uuid: str, body: Any) -> Any:
    """Soft delete is off (reclaim_instance_interval 0), so nothing is ever SOFT_DELETED to restore."""
    with req.cloud.store.read() as conn:
        row = inst.get(conn, uuid, req.context)
    req.authorize("os_compute_api:os-deferred-delete:restore", {"project_id": row["project_id"]})
    capi.check_state(row, "restore", [s.SOFT_DELETED])
    return empty(202)


async def inject_network_info(req: Req, uuid: str, body: Any) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, uuid, req.context)
        req.authorize("os_compute_api:os-admin-actions:inject_network_info", {"project_id": row["project_id"]})
        capi.start(req, conn, row, "injectNetworkInfo")
    return empty(202)


async def create_backup(req: Req, uuid: str, body: Any) -> Any:
    """A snapshot tagged as a backup (image_type backup, backup_type, rotation), as createImage."""
    meta = {**(body.get("metadata") or {}), "image_type": "backup", "backup_type": body["backup_type"]}
    response = await create_image(req, uuid, {"name": body["name"], "metadata": meta}, action_name="createBackup",
                                  policy="os_compute_api:os-create-backup")
    await images.rotate_backups(req, uuid, body["backup_type"], int(body["rotation"]))
    return response


ACTIONS: dict[str, Handler] = {
    "addFloatingIp": floating_ips.add_floating_ip, "removeFloatingIp": floating_ips.remove_floating_ip,
    "restore": restore, "injectNetworkInfo": inject_network_info, "createBackup": create_backup,
    "addSecurityGroup": add_security_group, "removeSecurityGroup": remove_security_group,
    "trigger_crash_dump": trigger_crash_dump, "changePassword": change_password,
    "reboot": reboot, "os-stop": stop, "os-start": start, "pause": pause, "unpause": unpause,
    "suspend": suspend, "resume": resume, "rescue": rescue, "unrescue": unrescue, "lock": lock, "unlock": unlock,
    "resize": resize, "confirmResize": confirm_resize, "revertResize": revert_resize, "migrate": migrate,
    "os-migrateLive": live_migrate, "evacuate": evacuate, "rebuild": rebuild, "createImage": create_image,
    "shelve": shelve, "shelveOffload": shelve_offload, "unshelve": unshelve, "os-resetState": reset_state,
    "forceDelete": force_delete, "os-getConsoleOutput": console_output,
    "os-getVNCConsole": _console("vnc", "vnc"), "os-getSPICEConsole": _console("spice", "spice"),
    "os-getSerialConsole": _console("serial", "serial"), "os-getRDPConsole": _console("rdp", "rdp"),
}


async def action(req: Req) -> Any:
    body = await req.json()
    if not isinstance(body, dict) or len(body) != 1:
        raise ApiError(400, "Malformed request body: expected exactly one action.", "MalformedRequestBody")
    name, value = next(iter(body.items()))
    handler = ACTIONS.get(name)
    if handler is None:
        raise ApiError(400, "There is no such action: %s" % name)
    schema = schemas.schema(name, req.version)
    if schema is not None:
        validate(value, schema)
    return await handler(req, req.params["server_id"], value)
