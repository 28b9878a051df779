"""Unified limits: ``/v3/registered_limits`` (a service's default per resource) and ``/v3/limits`` (a
project's or domain's override), as keystone/api/{registered_limits,limits}.py with the flat model:
a limit needs its registered limit (403 NoLimitReference), a registered limit with limits under it
cannot change its key or go away (403), duplicates are 409; non-admins see their own project's limits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.schemas.limits import (
    LIMIT_CREATE,
    LIMIT_KEY,
    LIMIT_UPDATE,
    REGISTERED_CREATE,
    REGISTERED_UPDATE,
)


def _registered_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "service_id": row["service_id"], "region_id": row["region_id"],
            "resource_name": row["resource_name"], "default_limit": row["default_limit"],
            "description": row["description"], "links": {"self": c.v3_url(req, f"registered_limits/{row['id']}")}}


def _limit_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "project_id": row["project_id"], "domain_id": row["domain_id"],
            "service_id": row["service_id"], "region_id": row["region_id"], "resource_name": row["resource_name"],
            "resource_limit": row["resource_limit"], "description": row["description"],
            "links": {"self": c.v3_url(req, f"limits/{row['id']}")}}


async def _members(req: Req, key: str, schema: dict[str, Any]) -> list[dict[str, Any]]:
    body = await req.json()
    if not isinstance(body, dict) or key not in body:
        raise c.validation_error(key, "body")
    c.validate(body[key], schema)
    return list(body[key])


def _check_refs(conn: Connection, item: dict[str, Any]) -> None:
    if m.find(conn, t.services, id=item["service_id"]) is None:
        raise c.validation_error("service_id", "service table")
    if item.get("region_id") and m.find(conn, t.regions, id=item["region_id"]) is None:
        raise c.validation_error("region_id", "region table")


def _same_key(table: sa.Table, item: dict[str, Any]) -> tuple[Any, ...]:
    """Rows for the item's service, resource and region (a null region matches only a null region)."""
    region = item.get("region_id")
    return (table.c.service_id == item["service_id"], table.c.resource_name == item["resource_name"],
            table.c.region_id.is_(None) if region is None else table.c.region_id == region)


def _registered_for(conn: Connection, item: dict[str, Any]) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.registered_limits).where(*_same_key(t.registered_limits, item))).first()
    return dict(row._mapping) if row else None


def _refuse_if_limits_under(conn: Connection, reg: dict[str, Any]) -> None:
    if conn.execute(sa.select(t.limits.c.id).where(*_same_key(t.limits, reg)).limit(1)).first() is not None:
        raise c.forbidden_not_security(f"Unable to update or delete registered limit {reg['id']} because "
                                       "there are project limits associated with it.")


# -- registered limits ---------------------------------------------------------------------------
async def list_registered(req: Req) -> Any:
    c.authorize(req, "identity:list_registered_limits")
    query = c.apply_filters(req, sa.select(t.registered_limits), t.registered_limits,
                            ("service_id", "region_id", "resource_name"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.registered_limits.c.id))
    return c.collection(req, "registered_limits", [_registered_view(req, r) for r in found])


async def create_registered(req: Req) -> Any:
    c.authorize(req, "identity:create_registered_limits")
    items = await _members(req, "registered_limits", REGISTERED_CREATE)
    created = []
    with req.cloud.store.begin() as conn:
        for item in items:
            _check_refs(conn, item)
            if _registered_for(conn, item) is not None:
                raise c.conflict("registered_limit", f"Duplicate entry for resource {item['resource_name']}")
            values = {"id": hex_id(), "service_id": item["service_id"], "region_id": item.get("region_id"),
                      "resource_name": item["resource_name"], "default_limit": item["default_limit"],
                      "description": item.get("description")}
            conn.execute(t.registered_limits.insert().values(**values))
            created.append(values)
    return json_response({"registered_limits": [_registered_view(req, r) for r in created]}, 201)


def _load_registered(conn: Connection, reg_id: str) -> dict[str, Any]:
    row = m.find(conn, t.registered_limits, id=reg_id)
    if row is None:
        raise ApiError(404, f"Could not find registered limit for {reg_id}.", "RegisteredLimitNotFound")
    return row


async def get_registered(req: Req) -> Any:
    c.authorize(req, "identity:get_registered_limit")
    with req.cloud.store.read() as conn:
        row = _load_registered(conn, req.params["registered_limit_id"])
    return {"registered_limit": _registered_view(req, row)}


async def update_registered(req: Req) -> Any:
    c.authorize(req, "identity:update_registered_limit")
    data = await c.body_member(req, "registered_limit", REGISTERED_UPDATE)
    with req.cloud.store.begin() as conn:
        row = _load_registered(conn, req.params["registered_limit_id"])
        merged = {**row, **data}
        if any(k in data and data[k] != row[k] for k in LIMIT_KEY):
            _refuse_if_limits_under(conn, row)
            _check_refs(conn, merged)
            other = _registered_for(conn, merged)
            if other is not None and other["id"] != row["id"]:
                raise c.conflict("registered_limit", f"Duplicate entry for resource {merged['resource_name']}")
        conn.execute(t.registered_limits.update().where(t.registered_limits.c.id == row["id"]).values(**data))
    return {"registered_limit": _registered_view(req, merged)}


async def delete_registered(req: Req) -> Any:
    c.authorize(req, "identity:delete_registered_limit")
    with req.cloud.store.begin() as conn:
        row = _load_registered(conn, req.params["registered_limit_id"])
        _refuse_if_limits_under(conn, row)
        conn.execute(t.registered_limits.delete().where(t.registered_limits.c.id == row["id"]))
    return empty(204)


# -- limits ----------------------------------------------------------------------------------------
async def limits_model(req: Req) -> Any:
    return {"model": {"name": "flat", "description": "Limit enforcement and validation does not take project "
                      "hierarchy into consideration."}}


def _limits_seen(req: Req, query: sa.Select[Any]) -> sa.Select[Any]:
    """Keystone's LimitsResource.get: everything for the system, an admin or a service; a domain
    token its domain's limits and its projects'; a project token its project's."""
    ctx = req.context
    if ctx.system or {"admin", "service"} & set(ctx.role_names):
        return query
    lim = t.limits.c
    if ctx.domain_id:
        in_domain = sa.select(t.projects.c.id).where(t.projects.c.domain_id == ctx.domain_id)
        return query.where(sa.or_(lim.project_id.in_(in_domain), lim.domain_id == ctx.domain_id))
    return query.where(lim.project_id == ctx.project_id)


async def list_limits(req: Req) -> Any:
    query = c.apply_filters(req, sa.select(t.limits), t.limits,
                            ("service_id", "region_id", "resource_name", "project_id", "domain_id"))
    c.authorize(req, "identity:list_limits")
    query = _limits_seen(req, query)
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.limits.c.id))
    return c.collection(req, "limits", [_limit_view(req, r) for r in found])


async def create_limits(req: Req) -> Any:
    c.authorize(req, "identity:create_limits")
    items = await _members(req, "limits", LIMIT_CREATE)
    created = []
    with req.cloud.store.begin() as conn:
        for item in items:
            if bool(item.get("project_id")) == bool(item.get("domain_id")):
                raise c.bad_request("Exactly one of project_id or domain_id must be given.")
            if item.get("project_id"):
                c.get_row(conn, t.projects, item["project_id"], "project")
            else:
                c.get_row(conn, t.domains, item["domain_id"], "domain")
            _check_refs(conn, item)
            if _registered_for(conn, item) is None:
                raise ApiError(403, "Unable to create a limit that has no corresponding registered limit.",
                               "NoLimitReference")
            lc = t.limits.c
            owner = lc.project_id == item["project_id"] if item.get("project_id") else lc.domain_id == item["domain_id"]
            if conn.execute(sa.select(lc.id).where(owner, *_same_key(t.limits, item))).first():
                raise c.conflict("limit", f"Duplicate entry for resource {item['resource_name']}")
            values = {"id": hex_id(), "project_id": item.get("project_id"), "domain_id": item.get("domain_id"),
                      "service_id": item["service_id"], "region_id": item.get("region_id"),
                      "resource_name": item["resource_name"], "resource_limit": item["resource_limit"],
                      "description": item.get("description")}
            conn.execute(t.limits.insert().values(**values))
            created.append(values)
    return json_response({"limits": [_limit_view(req, r) for r in created]}, 201)


def _load_limit(req: Req, conn: Connection, action: str) -> dict[str, Any]:
    limit_id = req.params["limit_id"]
    row = m.find(conn, t.limits, id=limit_id)
    c.authorize(req, action, {"limit": {"project_id": row["project_id"] if row else None},
                              "project_id": row["project_id"] if row else None})
    if row is None:
        raise ApiError(404, f"Could not find limit for {limit_id}.", "LimitNotFound")
    return row


async def get_limit(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _load_limit(req, conn, "identity:get_limit")
    return {"limit": _limit_view(req, row)}


async def update_limit(req: Req) -> Any:
    data = await c.body_member(req, "limit", LIMIT_UPDATE)
    with req.cloud.store.begin() as conn:
        row = _load_limit(req, conn, "identity:update_limit")
        conn.execute(t.limits.update().where(t.limits.c.id == row["id"]).values(**data))
    return {"limit": _limit_view(req, {**row, **data})}


async def delete_limit(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _load_limit(req, conn, "identity:delete_limit")
        conn.execute(t.limits.delete().where(t.limits.c.id == row["id"]))
    return empty(204)
