"""Remote consoles: ``POST /servers/{id}/remote-consoles`` (2.6+) and the legacy get*Console actions
answer a URL with a one-time token, as nova-novncproxy would serve it."""

from __future__ import annotations

import secrets
from typing import Any

from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.schemas import remote_consoles as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.validation import validate

TYPES = {"vnc": {"novnc", "xvpvnc"}, "spice": {"spice-html5", "spice-direct"}, "serial": {"serial"},
         "rdp": {"rdp-html5"}, "mks": {"webmks"}}
# each console type's proxy as DevStack's nova.conf places it: (port, path before the token); spice-direct is
# the native SPICE proxy's `spice_direct_proxy_base_url` (http://host:13002/nova), the others the web proxies
PROXIES = {"novnc": (6080, "vnc_auto.html?path=%3Ftoken%3D"), "xvpvnc": (6081, "console?token="),
           "spice-html5": (6082, "spice_auto.html?token="), "spice-direct": (13002, "nova?token="),
           "serial": (6083, "?token="), "rdp-html5": (6084, "?token="), "webmks": (6090, "?token=")}


def make_console(req: Req, row: dict[str, Any], protocol: str, kind: str) -> dict[str, Any]:
    req.authorize("os_compute_api:os-remote-consoles", {"project_id": row["project_id"]})
    if kind not in TYPES.get(protocol, set()):
        raise ApiError(400, f"Invalid console type {kind}", "ConsoleTypeInvalid")
    if not row["host"] or row["vm_state"] in (s.BUILDING, s.SHELVED_OFFLOADED, s.ERROR):
        raise ApiError(409, "Instance not yet ready", "InstanceNotReady")
    host = req.cloud.settings.base_url.split("//", 1)[1].rsplit(":", 1)[0]
    token = secrets.token_hex(16)
    port, path = PROXIES[kind]
    return {"type": kind, "url": f"http://{host}:{port}/{path}{token}"}


async def create(req: Req) -> Any:
    body = validate(await req.json(), schemas.create_for(req.at_least))["remote_console"]
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    if body["protocol"] == "rdp":  # still in Nova's schema, refused by its controller
        req.authorize("os_compute_api:os-remote-consoles", {"project_id": row["project_id"]})
        raise ApiError(400, "Unavailable console type rdp.")
    console = make_console(req, row, body["protocol"], body["type"])
    return {"remote_console": {"protocol": body["protocol"], **console}}
