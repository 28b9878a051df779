"""Nova's os-services: list, enable/disable (with a reason), force-down (2.11), update by uuid
(2.53) and delete; "up" means a heartbeat within service_down_time (60 s) and not forced down."""

from __future__ import annotations

import uuid as uuidlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import fits_db_int, iso, reject_unknown_query, strict_bool
from twinstack.compute.schemas import services as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate
from twinstack.placement import local as placement

SERVICE_DOWN_TIME = 60  # seconds, nova.conf service_down_time
INTERNAL_AZ = "internal"


def heartbeat(row: dict[str, Any]) -> datetime | None:
    return row.get("last_seen_up") or row.get("updated_at") or row.get("created_at")


def down_time(cloud: Any) -> float:
    """service_down_time: the model's compute.settings may change Nova's 60 s, as nova.conf does."""
    try:
        return float(cloud.model.compute.settings.get("service_down_time", SERVICE_DOWN_TIME))
    except (AttributeError, TypeError, ValueError):
        return float(SERVICE_DOWN_TIME)


def is_up(row: dict[str, Any], now: datetime, down_after: float = SERVICE_DOWN_TIME) -> bool:
    """Nova's DB servicegroup driver: a heartbeat within service_down_time, and not forced down."""
    if row["forced_down"]:
        return False
    last = heartbeat(row)
    return last is not None and abs((now - last).total_seconds()) <= down_after


def zones_by_host(conn: Connection) -> dict[str, str]:
    return {r.host: r.availability_zone for r in conn.execute(sa.select(t.nodes.c.host, t.nodes.c.availability_zone))}


def service_zone(row: dict[str, Any], zones: dict[str, str]) -> str:
    if row["binary"] != "nova-compute":
        return INTERNAL_AZ
    return zones.get(row["host"]) or "nova"


def view(req: Req, row: dict[str, Any], zones: dict[str, str], now: datetime) -> dict[str, Any]:
    body: dict[str, Any] = {
        "binary": row["binary"], "host": row["host"], "id": row["uuid"] if req.at_least(2, 53) else row["id"],
        "zone": service_zone(row, zones), "status": "disabled" if row["disabled"] else "enabled",
        "state": "up" if is_up(row, now, down_time(req.cloud)) else "down", "updated_at": iso(heartbeat(row)),
        "disabled_reason": row["disabled_reason"],
    }
    if req.at_least(2, 11):
        body["forced_down"] = row["forced_down"]
    return body


async def index(req: Req) -> Any:
    if req.at_least(2, 75):
        reject_unknown_query(req, {"host", "binary"})
    req.authorize("os_compute_api:os-services:list")
    query = sa.select(t.services).order_by(t.services.c.id)
    if req.query.get("host"):
        query = query.where(t.services.c.host == req.query["host"])
    if req.query.get("binary"):
        query = query.where(t.services.c.binary == req.query["binary"])
    now = req.cloud.clock.now()
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        zones = zones_by_host(conn)
    return {"services": [view(req, r, zones, now) for r in rows]}


def _by_host_binary(conn: Connection, host: str, binary: str) -> dict[str, Any]:
    if binary != "nova-compute":
        raise ApiError(400, f"Updating a {binary} service is not supported. Only nova-compute services can be "
                            "updated.")
    row = conn.execute(sa.select(t.services).where(t.services.c.host == host, t.services.c.binary == binary)).first()
    if row is None:
        raise ApiError(404, f"Could not find binary {binary} on host {host}.", "HostBinaryNotFound")
    return dict(row._mapping)


def _check_evacuations(conn: Connection, host: str) -> None:
    done = conn.execute(sa.select(t.migrations.c.id).where(
        t.migrations.c.source_compute == host, t.migrations.c.status == "done",
        t.migrations.c.migration_type == "evacuation").limit(1)).first()
    if done:
        raise ApiError(400, f"Unable to force up host {host} as `done` evacuation migration records remain "
                            "associated with the host. Ensure the compute service has been restarted, allowing "
                            "these records to move to `completed` before retrying this request.")


async def update(req: Req) -> Any:
    """PUT /os-services/{action} before 2.53, PUT /os-services/{uuid} from 2.53."""
    if req.at_least(2, 53):
        return await _update_v253(req)
    req.authorize("os_compute_api:os-services:update")
    action = req.params["service_id"]
    actions = {"enable", "disable", "disable-log-reason"} | ({"force-down"} if req.at_least(2, 11) else set())
    body = validate(await req.json(), schemas.update_v2_11 if req.at_least(2, 11) else schemas.update)
    if action not in actions:
        raise ApiError(404, "Unknown action")
    host, binary = body["host"], body["binary"]
    now = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        if action == "force-down":
            if "forced_down" not in body:
                raise ApiError(400, "Missing forced_down field")
            forced = strict_bool(body["forced_down"], "forced_down")
            row = _by_host_binary(conn, host, binary)
            if not forced:
                _check_evacuations(conn, host)
            conn.execute(t.services.update().where(t.services.c.id == row["id"]).values(
                forced_down=forced, updated_at=now))
            return {"service": {"host": host, "binary": binary, "forced_down": forced}}
        reason = None
        if action == "disable-log-reason":
            if "disabled_reason" not in body:
                raise ApiError(400, "Missing disabled reason field")
            reason = body["disabled_reason"]
        row = _by_host_binary(conn, host, binary)
        disabled = action != "enable"
        conn.execute(t.services.update().where(t.services.c.id == row["id"]).values(
            disabled=disabled, disabled_reason=reason, updated_at=now))
    result: dict[str, Any] = {"host": host, "binary": binary, "status": "disabled" if disabled else "enabled"}
    if reason:
        result["disabled_reason"] = reason
    return {"service": result}


def _is_uuid(value: str) -> bool:
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


async def _update_v253(req: Req) -> Any:
    service_id = req.params["service_id"]
    if not _is_uuid(service_id):
        raise errors.invalid_uuid(service_id)
    req.authorize("os_compute_api:os-services:update")
    body = validate(await req.json(), schemas.update_v2_53)
    now = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        found = conn.execute(sa.select(t.services).where(t.services.c.uuid == service_id)).first()
        if found is None:
            raise ApiError(404, f"Service {service_id} could not be found.", "ServiceNotFound")
        row = dict(found._mapping)
        if row["binary"] != "nova-compute":
            raise ApiError(400, f"Updating a {row['binary']} service is not supported. Only nova-compute services "
                                "can be updated.")
        changes: dict[str, Any] = {}
        if "status" in body:
            if body["status"] == "enabled":
                if body.get("disabled_reason"):
                    raise ApiError(400, "Specifying 'disabled_reason' with status 'enabled' is invalid.")
                changes.update(disabled=False, disabled_reason=None)
            else:
                changes.update(disabled=True, disabled_reason=body.get("disabled_reason"))
        if "forced_down" in body:
            forced = strict_bool(body["forced_down"], "forced_down")
            if not forced:
                _check_evacuations(conn, row["host"])
            changes["forced_down"] = forced
        if not changes:
            raise ApiError(400, "No updates were requested. Fields 'status' or 'forced_down' should be specified.")
        changes["updated_at"] = now
        conn.execute(t.services.update().where(t.services.c.id == row["id"]).values(**changes))
        row.update(changes)
        zones = zones_by_host(conn)
    return {"service": view(req, row, zones, now)}


async def delete(req: Req) -> Any:
    req.authorize("os_compute_api:os-services:delete")
    service_id = req.params["service_id"]
    if req.at_least(2, 53):
        if not _is_uuid(service_id):
            raise errors.invalid_uuid(service_id)
        where = t.services.c.uuid == service_id
    else:
        if not service_id.lstrip("-").isdigit():
            raise ApiError(400, "Invalid input received: id must be an integer")
        # an id past the column's range names no service (404, as Nova's database finds none)
        where = t.services.c.id == int(service_id) if fits_db_int(int(service_id)) else sa.false()
    with req.cloud.store.begin() as conn:
        found = conn.execute(sa.select(t.services).where(where)).first()
        if found is None:
            raise ApiError(404, f"Service {service_id} not found.", "ServiceNotFound")
        row = dict(found._mapping)
        if row["binary"] == "nova-compute":
            _delete_compute(req, conn, row["host"])
        conn.execute(t.services.delete().where(t.services.c.id == row["id"]))
    return empty(204)


def _delete_compute(req: Req, conn: Connection, host: str) -> None:
    """A compute service goes with its node, its aggregate memberships and its resource provider."""
    busy = conn.execute(sa.select(t.instances.c.id).where(t.instances.c.host == host,
                                                          t.instances.c.deleted.is_(False)).limit(1)).first()
    if busy:
        raise ApiError(409, "Unable to delete compute service that is hosting instances. Migrate or delete the "
                            "instances first.")
    moving = conn.execute(sa.select(t.migrations.c.id).where(
        sa.or_(t.migrations.c.source_compute == host, t.migrations.c.dest_compute == host),
        t.migrations.c.status.notin_(("confirmed", "reverted", "error", "failed", "completed", "done",
                                      "cancelled"))).limit(1)).first()
    if moving:
        raise ApiError(409, "Unable to delete compute service that has in-progress migrations. Complete the "
                            "migrations or delete the instances first.")
    conn.execute(t.aggregate_hosts.delete().where(t.aggregate_hosts.c.host == host))
    node = conn.execute(sa.select(t.nodes.c.uuid).where(t.nodes.c.host == host)).first()
    if node is not None:
        placement.delete_provider(req.cloud, conn, node.uuid)
        conn.execute(t.nodes.delete().where(t.nodes.c.host == host))
