"""``/v3/users``: CRUD, self-service password change, and a user's projects and groups, as
keystone/api/users.py. Disabling, deleting or re-passwording a user revokes its tokens."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, empty, json_response, public
from twinstack.identity import assignments, views
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.backend import tokens_of
from twinstack.identity.passwords import hash_password
from twinstack.identity.schemas.users import CREATE, PASSWORD_CHANGE, UPDATE

_COLUMNS = {"name", "domain_id", "default_project_id", "description", "enabled", "email", "options"}
_NOT_EXTRA = _COLUMNS | {"id", "password", "links", "password_expires_at"}


def target(row: dict[str, Any]) -> dict[str, Any]:
    return {"user": {"id": row["id"], "domain_id": row["domain_id"]}, "domain_id": row["domain_id"]}


def load_user(req: Req, conn: Any, action: str) -> dict[str, Any]:
    """The path's user, after policy (so a caller without rights learns nothing from a 404)."""
    user_id = req.params["user_id"]
    row = m.find(conn, t.users, id=user_id)
    c.authorize(req, action, target(row) if row else {"user": {"id": user_id}})
    if row is None:
        raise c.not_found("user", user_id)
    return row


def _check_default_project(conn: Any, project_id: str | None) -> None:
    if project_id and m.find(conn, t.projects, id=project_id) is None and m.find(conn, t.domains, id=project_id):
        raise c.bad_request("The default project cannot be a domain.")


async def list_users(req: Req) -> Any:
    domain_id = c.listing_domain(req)
    c.authorize(req, "identity:list_users", {"domain_id": domain_id} if domain_id else {})
    query = c.apply_filters(
        req, c.in_domain(sa.select(t.users), t.users, domain_id), t.users, ("name", "enabled", "domain_id")
    )
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.users.c.name, t.users.c.id))
    return c.collection(req, "users", [views.user(req, r) for r in found])


async def create_user(req: Req) -> Any:
    data = await c.body_member(req, "user", CREATE)
    domain_id = data.get("domain_id") or req.context.domain_id or m.DEFAULT_DOMAIN_ID
    c.authorize(req, "identity:create_user", {"user": {"domain_id": domain_id}, "domain_id": domain_id})
    with req.cloud.store.begin() as conn:
        c.get_row(conn, t.domains, domain_id, "domain")
        _check_default_project(conn, data.get("default_project_id"))
        c.unique_in_domain(conn, t.users, "user", data["name"], domain_id)
        row = m.create_user(
            conn,
            data["name"],
            domain_id,
            password=data.get("password"),
            email=data.get("email"),
            enabled=data.get("enabled", True),
            default_project_id=data.get("default_project_id"),
            description=data.get("description"),
            extra=c.extra(data, _NOT_EXTRA),
            options=data.get("options"),
            now=req.cloud.clock.now(),
        )
        row = c.get_row(conn, t.users, row["id"], "user")
    c.changed(req)
    return json_response({"user": views.user(req, row)}, 201)


async def get_user(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = load_user(req, conn, "identity:get_user")
    return {"user": views.user(req, row)}


async def update_user(req: Req) -> Any:
    data = await c.body_member(req, "user", UPDATE)
    with req.cloud.store.begin() as conn:
        row = load_user(req, conn, "identity:update_user")
        c.check_domain_update(conn, t.users, "user", row, data)
        _check_default_project(conn, data.get("default_project_id"))
        values = {k: v for k, v in data.items() if k in _COLUMNS and k != "domain_id"}
        if "password" in data:
            values["password_hash"] = hash_password(data["password"]) if data["password"] is not None else None
        values.update(c.merged_extra(row, data, _NOT_EXTRA))
        conn.execute(t.users.update().where(t.users.c.id == row["id"]).values(**values))
        updated = c.get_row(conn, t.users, row["id"], "user")
    if data.get("enabled") is False or "password" in data:
        tokens_of(req.cloud).revoke(user_id=row["id"])
    c.changed(req)
    return {"user": views.with_extra(views.user(req, updated), updated, views.USER_EXTRA_COLUMNS)}


async def delete_user(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = load_user(req, conn, "identity:delete_user")
        m.delete_users(conn, [row["id"]])
    tokens_of(req.cloud).revoke(user_id=row["id"])
    c.changed(req)
    return empty(204)


@public
async def change_password(req: Req) -> Any:
    """No token needed (an expired password must still be changeable); the original password is the
    proof, and a wrong one is 401, as keystone's UserChangePasswordResource answers."""
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("user"), dict):
        raise c.validation_error("user", "body")
    data = c.validate(body["user"], PASSWORD_CHANGE)
    user_id = req.params["user_id"]
    with req.cloud.store.begin() as conn:
        m.change_password(conn, user_id, data["original_password"], data["password"])
    tokens_of(req.cloud).revoke(user_id=user_id)
    c.changed(req)
    return empty(204)


async def user_projects(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = load_user(req, conn, "identity:list_user_projects")
        found = assignments.projects_with_roles(conn, row["id"])
    for key in ("name", "domain_id"):
        if req.query.get(key):
            found = [p for p in found if p[key] == req.query[key]]
    if "enabled" in req.query:
        found = [p for p in found if p["enabled"] == c.is_true(req.query["enabled"])]
    return c.collection(req, "projects", [views.project(req, p) for p in found])


async def user_groups(req: Req) -> Any:
    gm = t.group_members.c
    with req.cloud.store.read() as conn:
        row = load_user(req, conn, "identity:list_groups_for_user")
        query = sa.select(t.groups).join(t.group_members, gm.group_id == t.groups.c.id).where(gm.user_id == row["id"])
        query = c.apply_filters(req, query, t.groups, ("name", "domain_id"))
        found = c.rows(conn, query.order_by(t.groups.c.name))
    return c.collection(req, "groups", [views.group(req, g) for g in found])
