"""Small Nova resources around servers: os-server-password, os-server-external-events and the
legacy extensions list, as tempest and older clients still call them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager import instances as inst
from twinstack.compute.schemas import server_external_events as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

# the extension aliases Nova still lists (the v2.1 API has them all built in)
EXTENSIONS = ["os-admin-actions", "os-availability-zone", "os-console-output", "os-consoles", "os-create-backup",
              "os-evacuate", "os-extended-server-attributes", "os-extended-status", "os-flavor-access",
              "os-flavor-extra-specs", "os-hypervisors", "os-instance-actions", "os-keypairs", "os-lock-server",
              "os-migrate-server", "os-migrations", "os-pause-server", "os-quota-sets", "os-remote-consoles",
              "os-rescue", "os-server-diagnostics", "os-server-external-events", "os-server-groups",
              "os-server-password", "os-services", "os-shelve", "os-simple-tenant-usage", "os-suspend-server"]


async def get_password(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-server-password:show", {"project_id": row["project_id"]})
    return {"password": (row["system_metadata"] or {}).get("password", "")}


async def clear_password(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:os-server-password:clear", {"project_id": row["project_id"]})
        sysmeta = {k: v for k, v in (row["system_metadata"] or {}).items() if k != "password"}
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(system_metadata=sysmeta))
    return empty(204)


async def external_events(req: Req) -> Any:
    req.authorize("os_compute_api:os-server-external-events:create", {})
    events = validate(await req.json(), schemas.create)["events"]
    uuids = [e["server_uuid"] for e in events]
    with req.cloud.store.read() as conn:
        known = dict(conn.execute(sa.select(t.instances.c.uuid, t.instances.c.host).where(
            t.instances.c.uuid.in_(uuids), t.instances.c.deleted.is_(False))).tuples().all())
    out, accepted = [], 0
    for event in events:
        result = dict(event, status=event.get("status", "completed"))
        if event["server_uuid"] not in known:
            result.update(code=404, status="failed")
        elif not known[event["server_uuid"]]:
            result.update(code=422, status="failed")
        else:
            result["code"] = 200
            accepted += 1
        out.append(result)
    status = 200 if accepted == len(out) else (404 if accepted == 0 else 207)
    if accepted == 0 and all(r["code"] == 404 for r in out):
        raise ApiError(404, "No instances found for any event")
    return json_response({"events": out}, status)


def _extension(alias: str) -> dict[str, Any]:
    return {"alias": alias, "name": alias.replace("os-", "").replace("-", " ").title().replace(" ", ""),
            "description": f"{alias} support.", "namespace": f"http://docs.openstack.org/compute/ext/{alias}/api/v2",
            "updated": "2014-12-03T00:00:00Z", "links": []}


async def extensions(req: Req) -> Any:
    return {"extensions": [_extension(a) for a in EXTENSIONS]}


async def extension(req: Req) -> Any:
    alias = req.params["alias"]
    if alias not in EXTENSIONS:
        raise errors.resource_not_found()
    return {"extension": _extension(alias)}
