"""``/v3/domains``: CRUD as keystone/api/domains.py. A domain must be disabled before it is deleted
(403), and deleting it takes its projects, users, groups, domain roles and grants along."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c
from twinstack.identity.schemas.domains import CREATE, UPDATE

_COLUMNS = {"name", "description", "enabled", "tags"}
_NOT_EXTRA = _COLUMNS | {"options", "explicit_domain_id"}


async def list_domains(req: Req) -> Any:
    c.authorize(req, "identity:list_domains")
    query = c.apply_filters(req, sa.select(t.domains), t.domains, ("name", "enabled"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.domains.c.name))
    return c.collection(req, "domains", [views.domain(req, r) for r in found])


async def create_domain(req: Req) -> Any:
    c.authorize(req, "identity:create_domain")
    data = await c.body_member(req, "domain", CREATE)
    with req.cloud.store.begin() as conn:
        if m.find(conn, t.domains, name=data["name"]) is not None:
            raise c.conflict("domain", f"Duplicate entry found with name {data['name']}")
        explicit = data.get("explicit_domain_id")
        if explicit and m.find(conn, t.domains, id=explicit) is not None:
            raise c.conflict("domain", f"Duplicate ID, {explicit}")
        row = m.create_domain(conn, data["name"], id=explicit, description=data.get("description") or "",
                              enabled=data.get("enabled", True), tags=data.get("tags"),
                              extra=c.extra(data, _NOT_EXTRA))
    c.changed(req)
    return json_response({"domain": views.domain(req, row)}, 201)


async def get_domain(req: Req) -> Any:
    domain_id = req.params["domain_id"]
    c.authorize(req, "identity:get_domain", {"domain": {"id": domain_id}, "domain_id": domain_id})
    with req.cloud.store.read() as conn:
        row = c.get_row(conn, t.domains, domain_id, "domain")
    return {"domain": views.domain(req, row)}


async def update_domain(req: Req) -> Any:
    domain_id = req.params["domain_id"]
    c.authorize(req, "identity:update_domain", {"domain": {"id": domain_id}})
    data = await c.body_member(req, "domain", UPDATE)
    if data.get("id") not in (None, domain_id):
        raise c.bad_request("Cannot change Domain ID")
    known = {k: v for k, v in data.items() if k in _COLUMNS}
    with req.cloud.store.begin() as conn:
        row = c.get_row(conn, t.domains, domain_id, "domain")
        if "name" in known and known["name"] != row["name"] and m.find(conn, t.domains, name=known["name"]):
            raise c.conflict("domain", f"Duplicate entry found with name {known['name']}")
        if known.get("enabled") is False and domain_id == m.DEFAULT_DOMAIN_ID:
            raise c.forbidden_not_security("Cannot disable the default domain.")
        values = dict(known)
        if known.get("description") is None and "description" in known:
            values["description"] = ""
        values.update(c.merged_extra(row, data, _NOT_EXTRA))
        if values:
            conn.execute(t.domains.update().where(t.domains.c.id == domain_id).values(**values))
        row = c.get_row(conn, t.domains, domain_id, "domain")
    c.changed(req)
    return {"domain": views.domain(req, row)}


async def delete_domain(req: Req) -> Any:
    domain_id = req.params["domain_id"]
    c.authorize(req, "identity:delete_domain", {"domain": {"id": domain_id}})
    with req.cloud.store.begin() as conn:
        m.delete_domain(conn, c.get_row(conn, t.domains, domain_id, "domain"))
    c.changed(req)
    return empty(204)
