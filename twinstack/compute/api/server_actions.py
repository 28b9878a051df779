"""``POST /servers/{id}/action``: one handler per action. Each parses its body, calls the compute
API (manager/api.py) with the request context, which checks lock and state, sets the task state and
casts the work, and renders the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from twinstack.compute import views
from twinstack.compute.api import floating_ips, images, servers
from twinstack.compute.manager import actions
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager.context import RequestContext
from twinstack.compute.schemas import server_actions as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

Handler = Callable[[Req, str, Any], Awaitable[Any]]


def _ctx(req: Req) -> RequestContext:
    return RequestContext.from_req(req)


def _power(action: str) -> Handler:
    async def handler(req: Req, uuid: str, body: Any) -> Any:
        await actions.power_action(_ctx(req), uuid, action)
        return empty(202)
    handler.__name__ = action
    return handler


stop, start, pause, unpause = _power("stop"), _power("start"), _power("pause"), _power("unpause")
suspend, resume, unrescue = _power("suspend"), _power("resume"), _power("unrescue")


async def reboot(req: Req, uuid: str, body: Any) -> Any:
    await actions.reboot(_ctx(req), uuid, hard=body["type"].upper() == "HARD")
    return empty(202)


async def rescue(req: Req, uuid: str, body: Any) -> Any:
    password = (body or {}).get("adminPass") or capi.admin_password()
    await actions.power_action(_ctx(req), uuid, "rescue")
    return {"adminPass": password}


async def lock(req: Req, uuid: str, body: Any) -> Any:
    reason = body.get("locked_reason") if req.at_least(2, 73) and isinstance(body, dict) else None
    actions.lock(_ctx(req), uuid, reason)
    return empty(202)


async def unlock(req: Req, uuid: str, body: Any) -> Any:
    actions.unlock(_ctx(req), uuid)
    return empty(202)


async def resize(req: Req, uuid: str, body: Any) -> Any:
    await actions.resize(_ctx(req), uuid, body["flavorRef"], body.get("OS-DCF:diskConfig"))
    return empty(202)


async def migrate(req: Req, uuid: str, body: Any) -> Any:
    await actions.migrate(_ctx(req), uuid, (body or {}).get("host"))
    return empty(202)


async def confirm_resize(req: Req, uuid: str, body: Any) -> Any:
    await actions.confirm_resize(_ctx(req), uuid)
    return empty(204)


async def revert_resize(req: Req, uuid: str, body: Any) -> Any:
    await actions.revert_resize(_ctx(req), uuid)
    return empty(202)


async def live_migrate(req: Req, uuid: str, body: Any) -> Any:
    await actions.live_migrate(_ctx(req), uuid, body.get("host"))
    return empty(202)


async def evacuate(req: Req, uuid: str, body: Any) -> Any:
    # 2.95: the evacuated server arrives stopped
    await actions.evacuate(_ctx(req), uuid, (body or {}).get("host"), stop=req.at_least(2, 95))
    if req.at_least(2, 14):
        return empty(200)
    return {"adminPass": (body or {}).get("adminPass") or capi.admin_password()}


async def rebuild(req: Req, uuid: str, body: Any) -> Any:
    def render(conn: Any, row: dict[str, Any]) -> dict[str, Any]:
        server = servers.show_body(req, conn, row)
        if not req.at_least(2, 75):
            server = views.reduced(server)
        server.pop("OS-EXT-SRV-ATTR:user_data", None)  # rebuild answers user_data in its own key
        if req.at_least(2, 54):
            server["key_name"] = row["key_name"]
        if req.at_least(2, 57):
            server["user_data"] = row["user_data"]
        return server

    server = await actions.rebuild(_ctx(req), uuid, body, render)
    server["adminPass"] = body.get("adminPass") or capi.admin_password()
    # Nova's _add_location: the answer points at the rebuilt server's self link
    self_links = [link["href"] for link in server.get("links", []) if link.get("rel") == "self"]
    return json_response({"server": server}, 202, {"Location": self_links[0]} if self_links else None)


async def create_image(req: Req, uuid: str, body: Any, action_name: str = "createImage",
                       policy: str = "os_compute_api:servers:create_image") -> Any:
    image_id = await actions.create_image(_ctx(req), uuid, body["name"], body.get("metadata") or {},
                                       action_name=action_name, policy=policy)
    if req.at_least(2, 45):
        return json_response({"image_id": image_id}, 202)
    return views.webob_empty(202, {"Location": f"{req.cloud.public_url('/image')}/v2/images/{image_id}"})


async def shelve(req: Req, uuid: str, body: Any) -> Any:
    await actions.shelve(_ctx(req), uuid)
    return empty(202)


async def shelve_offload(req: Req, uuid: str, body: Any) -> Any:
    await actions.shelve_offload(_ctx(req), uuid)
    return empty(202)


async def unshelve(req: Req, uuid: str, body: Any) -> Any:
    body = body if isinstance(body, dict) else {}
    az, host = body.get("availability_zone"), body.get("host")
    ctx = _ctx(req)
    row = actions.unshelve(ctx, uuid, az, host)
    shelved_image = (row["system_metadata"] or {}).get("shelved_image_id")
    if shelved_image:
        await images.delete_quietly(req, shelved_image)
    await actions.unshelve_cast(ctx, row, az, host)
    return empty(202)


async def reset_state(req: Req, uuid: str, body: Any) -> Any:
    actions.reset_state(_ctx(req), uuid, body["state"])
    return empty(202)


async def force_delete(req: Req, uuid: str, body: Any) -> Any:
    await actions.force_delete(_ctx(req), uuid)
    return empty(202)


async def console_output(req: Req, uuid: str, body: Any) -> Any:
    length = (body or {}).get("length")
    text = await actions.console_output(_ctx(req), uuid, int(length) if length is not None else None)
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
    actions.security_group(_ctx(req), uuid, body["name"], add=True)
    return empty(202)


async def remove_security_group(req: Req, uuid: str, body: Any) -> Any:
    actions.security_group(_ctx(req), uuid, body["name"], add=False)
    return empty(202)


async def trigger_crash_dump(req: Req, uuid: str, body: Any) -> Any:
    if not req.at_least(2, 17):
        raise ApiError(400, "There is no such action: trigger_crash_dump")
    actions.trigger_crash_dump(_ctx(req), uuid)
    return empty(202)


async def change_password(req: Req, uuid: str, body: Any) -> Any:
    actions.change_password(_ctx(req), uuid)
    return empty(202)


async def restore(req: Req, uuid: str, body: Any) -> Any:
    actions.restore(_ctx(req), uuid)
    return empty(202)


async def inject_network_info(req: Req, uuid: str, body: Any) -> Any:
    actions.inject_network_info(_ctx(req), uuid)
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
        raise ApiError(400, f"There is no such action: {name}")
    schema = schemas.schema(name, req.version)
    if schema is not None:
        validate(value, schema)
    return await handler(req, req.params["server_id"], value)
