"""``/servers/{id}/os-instance-actions``: what was done to a server, by whom, and its events
(events for admins; 2.51+ for owners without tracebacks; 2.58 paging; 2.62 host ids)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager.search import parse_time, updated_since
from twinstack.compute.views import host_id
from twinstack.core.errors import ApiError
from twinstack.core.pagination import parse_limit
from twinstack.core.pipeline import Req


def _time(value: Any) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") if hasattr(value, "strftime") else str(value)


def _action(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    body = {"action": row["action"], "instance_uuid": row["instance_uuid"], "request_id": row["request_id"],
            "user_id": row["user_id"], "project_id": row["project_id"], "start_time": _time(row["start_time"]),
            "message": row["message"]}
    if req.at_least(2, 58):
        body["updated_at"] = _time(row["updated_at"])
    return body


async def index(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        server = inst.get(conn, req.params["server_id"], req.context, deleted=req.at_least(2, 21))
        req.authorize("os_compute_api:os-instance-actions:list", {"project_id": server["project_id"]})
        a = t.instance_actions
        query = sa.select(a).where(a.c.instance_uuid == server["uuid"]).order_by(a.c.start_time.desc(), a.c.id.desc())
        limit = parse_limit(req.query.get("limit")) if req.at_least(2, 58) else None
        marker = req.query.get("marker") if req.at_least(2, 58) else None
        if marker:
            found = conn.execute(
                sa.select(a.c.id).where(a.c.instance_uuid == server["uuid"], a.c.request_id == marker)
            ).first()
            if found is None:
                raise errors.marker_not_found(marker)
            query = query.where(a.c.id < found[0])
        if req.at_least(2, 58) and req.query.get("changes-since"):
            query = query.where(updated_since(a.c.updated_at, parse_time(req.query["changes-since"], "changes-since")))
        if limit is not None:
            query = query.limit(limit)
        rows = [dict(r) for r in conn.execute(query).mappings()]
    body: dict[str, Any] = {"instanceActions": [_action(req, r) for r in rows]}
    return body


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        server = inst.get(conn, req.params["server_id"], req.context, deleted=req.at_least(2, 21))
        target = {"project_id": server["project_id"]}
        req.authorize("os_compute_api:os-instance-actions:show", target)
        row = (
            conn.execute(
                sa.select(t.instance_actions).where(
                    t.instance_actions.c.instance_uuid == server["uuid"],
                    t.instance_actions.c.request_id == req.params["request_id"],
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise ApiError(
                404,
                f"Action for request_id {req.params['request_id']} on instance {server['uuid']} not found",
                "InstanceActionNotFound",
            )
    body = _action(req, dict(row))
    ctx = req.context
    if req.at_least(2, 51) or req.cloud.policy.allowed("os_compute_api:os-instance-actions:events", target, ctx):
        details = req.cloud.policy.allowed("os_compute_api:os-instance-actions:events:details", target, ctx)
        events = []
        for e in row["events"] or []:
            event = {
                "event": e["event"],
                "start_time": e["start_time"],
                "finish_time": e["finish_time"],
                "result": e["result"],
            }
            if details:
                event["traceback"] = e.get("traceback")
            if req.at_least(2, 62):
                event["hostId"] = host_id(server["project_id"], e.get("host"))
                if details:
                    event["host"] = e.get("host")
            if req.at_least(2, 84) and details:
                event["details"] = e.get("details")
            events.append(event)
        body["events"] = events
    return {"instanceAction": body}
