"""A stack's resources (``nested_depth`` walks nested stacks, ``with_detail`` adds attributes), a resource's
metadata and signal (a wait condition handle's), and the stack's and a resource's events."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.orchestration import errors as E
from twinstack.orchestration import tables as t
from twinstack.orchestration import views
from twinstack.orchestration.api.common import stack as find_stack
from twinstack.orchestration.api.common import target
from twinstack.orchestration.manager import engine, stacks
from twinstack.orchestration.manager.resources import plugin_for
from twinstack.orchestration.manager.template import graph


def _int(req: Req, key: str, default: int = 0) -> int:
    value = req.query.get(key)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise E.bad_request(f"Only integer is acceptable by '{key}'. ({value})") from None


def _rows(req: Req, row: dict[str, Any], depth: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    with req.cloud.store.read() as conn:
        out = [(row, r) for r in stacks.resources(conn, row["id"])]
        if depth > 0:
            for child in stacks.children(conn, row["id"]):
                out += _rows(req, child, depth - 1)
    return out


def _required_by(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    return graph.required_by({r["name"]: set(r["requires"] or []) for r in rows})


def _attributes(req: Req, stack_row: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    runner = engine.Runner(req.cloud, req.context, stack_row, None)
    out: dict[str, Any] = {}
    for name in plugin_for(row["type"]).attributes:
        try:
            out[name] = runner.attribute(row["name"], name, [])
        except Exception:
            out[name] = None
    return out


async def index(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("resource:index", target(row))
    depth = _int(req, "nested_depth")
    detail = req.query.get("with_detail", "false").lower() == "true"
    pairs = _rows(req, row, depth)
    types = req.query.getlist("type")
    names = req.query.getlist("name")
    statuses = req.query.getlist("status")
    by_stack: dict[str, dict[str, list[str]]] = {}
    out = []
    for stack_row, res in pairs:
        if (types and res["type"] not in types) or (names and res["name"] not in names):
            continue
        if statuses and res["status"] not in statuses and f"{res['action']}_{res['status']}" not in statuses:
            continue
        if stack_row["id"] not in by_stack:
            by_stack[stack_row["id"]] = _required_by([r for s, r in pairs if s["id"] == stack_row["id"]])
        out.append(views.resource(req, stack_row, res, by_stack[stack_row["id"]].get(res["name"], []), detail,
                                  _attributes(req, stack_row, res) if detail else None))
    return {"resources": out}


def _resource(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    with req.cloud.store.read() as conn:
        for res in stacks.resources(conn, row["id"]):
            if res["name"] == req.params["resource_name"]:
                return res
    raise E.resource_not_found(row["name"], req.params["resource_name"])


async def show(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("resource:show", target(row))
    res = _resource(req, row)
    with req.cloud.store.read() as conn:
        required = _required_by(stacks.resources(conn, row["id"])).get(res["name"], [])
    return {"resource": views.resource(req, row, res, required, True, _attributes(req, row, res))}


async def metadata(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("resource:metadata", target(row))
    return {"metadata": _resource(req, row)["metadata"] or {}}


async def signal(req: Req) -> Any:
    """A wait condition handle's signal (``{status, reason, data, id}``); other types take none."""
    row = find_stack(req)
    req.authorize("resource:signal", target(row))
    res = _resource(req, row)
    body = await req.json(required=False) or {}
    if isinstance(body, dict) and "unset_hook" in body:
        return _unset_hook(req, row, res, str(body["unset_hook"]))
    if res["type"] != "OS::Heat::WaitConditionHandle":
        raise ApiError(400, f"Resource {res['name']} of type {res['type']} takes no signals.",
                       "ResourceActionNotSupported")
    if not isinstance(body, dict):
        raise E.bad_request("The signal must be a JSON object.")
    signals = dict((res["data"] or {}).get("signals") or {})
    key = str(body.get("id") or len(signals) + 1)
    signals[key] = {"status": str(body.get("status", "SUCCESS")).upper(), "reason": body.get("reason", "Signal 1 "
                    "received"), "data": body.get("data")}
    with req.cloud.store.begin() as conn:
        conn.execute(t.resources.update().where(t.resources.c.id == res["id"]).values(
            data={**(res["data"] or {}), "signals": signals}))
        stacks.add_event(conn, req.cloud.clock.now(), row["id"], res["name"], res["type"], res["physical_id"],
                         "SIGNAL", "COMPLETE", f"Signal: status:{signals[key]['status']} reason:"
                         f"{signals[key]['reason']}")
    return empty(200)


def _unset_hook(req: Req, row: dict[str, Any], res: dict[str, Any], hook: str) -> Any:
    if hook not in ("pre-create", "pre-update", "pre-delete", "post-create", "post-update", "post-delete"):
        raise E.bad_request(f"Invalid hook type \"{hook}\" for resource breakpoint")
    if (res["data"] or {}).get("hook") != hook:
        raise E.bad_request(f"The \"{hook}\" hook is not defined on {res['type']} \"{res['name']}\"")
    with req.cloud.store.begin() as conn:
        conn.execute(t.resources.update().where(t.resources.c.id == res["id"]).values(
            data={k: v for k, v in (res["data"] or {}).items() if k != "hook"}))
        stacks.add_event(conn, req.cloud.clock.now(), row["id"], res["name"], res["type"], res["physical_id"],
                         res["action"], res["status"], f"Hook {hook} is cleared")
    return empty(200)


async def mark_unhealthy(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("resource:mark_unhealthy", target(row))
    res = _resource(req, row)
    body = await req.json()
    if not isinstance(body, dict) or "mark_unhealthy" not in body:
        raise E.bad_request("Missing mandatory (mark_unhealthy) key from mark unhealthy request")
    if body["mark_unhealthy"]:
        reason = body.get("resource_status_reason") or "state changed by resource_mark_unhealthy api"
        with req.cloud.store.begin() as conn:
            conn.execute(t.resources.update().where(t.resources.c.id == res["id"]).values(
                action="CHECK", status="FAILED", status_reason=reason))
            stacks.add_event(conn, req.cloud.clock.now(), row["id"], res["name"], res["type"], res["physical_id"],
                             "CHECK", "FAILED", reason)
    return empty(200)


# -- events -------------------------------------------------------------------------------------------
async def events(req: Req) -> Any:
    row = find_stack(req, deleted=True)
    req.authorize("events:index", target(row))
    c = t.events.c
    query = sa.select(t.events).where(c.stack_id == row["id"])
    name = req.params.get("resource_name")
    if name is not None:
        with req.cloud.store.read() as conn:
            known = conn.execute(sa.select(c.id).where(c.stack_id == row["id"], c.resource_name == name)).first()
        if known is None:
            raise E.resource_not_found(row["name"], name)
        query = query.where(c.resource_name == name)
    for key, column in (("resource_action", c.action), ("resource_status", c.status),
                        ("resource_name", c.resource_name), ("resource_type", c.resource_type)):
        values = req.query.getlist(key)
        if values:
            query = query.where(column.in_(values))
    descending = req.query.get("sort_dir", "asc") == "desc"
    query = query.order_by(c.seq.desc() if descending else c.seq)
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    marker = req.query.get("marker")
    if marker:
        ids = [r["id"] for r in rows]
        if marker not in ids:
            raise E.not_found("Event", marker)
        rows = rows[ids.index(marker) + 1:]
    limit = req.query.get("limit")
    if limit is not None:
        rows = rows[:_int(req, "limit")]
    return {"events": [views.event(req, row, r) for r in rows]}


async def event(req: Req) -> Any:
    row = find_stack(req, deleted=True)
    req.authorize("events:show", target(row))
    c = t.events.c
    with req.cloud.store.read() as conn:
        found = conn.execute(sa.select(t.events).where(c.stack_id == row["id"], c.id == req.params["event_id"],
                                                       c.resource_name == req.params["resource_name"])).first()
    if found is None:
        raise E.not_found("Event", req.params["event_id"])
    return {"event": views.event(req, row, dict(found._mapping), detail=True)}
