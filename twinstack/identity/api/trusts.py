"""``/v3/OS-TRUST/trusts``: delegation as keystone/api/trusts.py: only the trustor creates a trust, for
roles it holds on the project (404 RoleNotFound otherwise); trustor and trustee read it, the trustor
deletes it. A trust-scoped token (auth.py) acts on the trust's project with the delegated roles, as the
trustor when ``impersonation`` is set, else as the trustee. Redelegation is not offered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.clock import isotime
from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import errors, views
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.api.app_creds import parse_expiry
from twinstack.identity.schemas.trusts import CREATE


def load_trust(conn: Connection, trust_id: str, now: datetime) -> dict[str, Any]:
    """A live trust (not expired, uses left), or 404."""
    row = conn.execute(sa.select(t.trusts).where(t.trusts.c.id == trust_id)).first()
    if row is None:
        raise errors.trust_not_found(trust_id)
    trust = dict(row._mapping)
    if (trust["expires_at"] is not None and trust["expires_at"] <= now) or trust["remaining_uses"] == 0:
        raise errors.trust_not_found(trust_id)
    return trust


def _view(req: Req, row: dict[str, Any], with_roles: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row["id"], "trustor_user_id": row["trustor_user_id"], "trustee_user_id": row["trustee_user_id"],
        "project_id": row["project_id"], "impersonation": row["impersonation"],
        "expires_at": isotime(row["expires_at"], micro=True) if row["expires_at"] else None,
        "remaining_uses": row["remaining_uses"], "allow_redelegation": False, "redelegation_count": 0,
        "redelegated_trust_id": None, "links": {"self": c.v3_url(req, f"OS-TRUST/trusts/{row['id']}")},
    }
    if with_roles:
        body["roles"] = [views.role(req, r) for r in row.get("role_rows", [])]
        body["roles_links"] = {"self": c.v3_url(req, f"OS-TRUST/trusts/{row['id']}/roles"), "previous": None,
                               "next": None}
    return body


def _with_roles(conn: Connection, trust: dict[str, Any]) -> dict[str, Any]:
    ids = [r["id"] for r in trust["roles"]]
    trust["role_rows"] = (
        c.rows(conn, sa.select(t.roles).where(t.roles.c.id.in_(ids)).order_by(t.roles.c.name)) if ids else []
    )
    return trust


def _target(trust: dict[str, Any]) -> dict[str, Any]:
    return {"trust": {"trustor_user_id": trust["trustor_user_id"], "trustee_user_id": trust["trustee_user_id"]}}


async def create_trust(req: Req) -> Any:
    data = await c.body_member(req, "trust", CREATE)
    c.authorize(req, "identity:create_trust", _target(data))
    ctx = req.context
    if ctx.application_credential_id:
        raise ApiError(
            403,
            "You are not authorized to perform the requested action: Using method "
            "'application_credential' is not allowed for managing trusts.",
            "ForbiddenAction",
        )
    if data.get("project_id") and not data.get("roles"):
        raise ApiError(
            403,
            "You are not authorized to perform the requested action: At least one role should be specified.",
            "ForbiddenAction",
        )
    if ctx.user_id != data["trustor_user_id"]:
        raise ApiError(
            403,
            "You are not authorized to perform the requested action: The authenticated user should match the trustor.",
            "ForbiddenAction",
        )
    expires = parse_expiry(data.get("expires_at"), req.cloud.clock.now())
    with req.cloud.store.begin() as conn:
        c.get_row(conn, t.users, data["trustee_user_id"], "user")
        role_ids = [c.role_from_ref(conn, ref)["id"] for ref in data.get("roles") or []]
        if data.get("project_id"):
            project = c.get_row(conn, t.projects, data["project_id"], "project")
            from twinstack.identity import assignments

            held = {
                r["id"]
                for r in assignments.effective_roles(conn, ctx.user_id, "project", project["id"], project["domain_id"])
            }
            for role_id in role_ids:
                if role_id not in held:
                    raise c.not_found("role", role_id)
        values = {
            "id": hex_id(),
            "trustor_user_id": data["trustor_user_id"],
            "trustee_user_id": data["trustee_user_id"],
            "project_id": data.get("project_id"),
            "impersonation": data["impersonation"],
            "expires_at": expires,
            "remaining_uses": data.get("remaining_uses"),
            "roles": [{"id": r} for r in dict.fromkeys(role_ids)],
        }
        conn.execute(t.trusts.insert().values(**values))
        trust = _with_roles(conn, values)
    c.changed(req)
    return json_response({"trust": _view(req, trust)}, 201)


async def list_trusts(req: Req) -> Any:
    trustor, trustee = req.query.get("trustor_user_id"), req.query.get("trustee_user_id")
    tr = t.trusts.c
    query = sa.select(t.trusts)
    if trustor:
        c.authorize(req, "identity:list_trusts_for_trustor", {"trust": {"trustor_user_id": trustor}})
        query = query.where(tr.trustor_user_id == trustor)
    elif trustee:
        c.authorize(req, "identity:list_trusts_for_trustee", {"trust": {"trustee_user_id": trustee}})
        query = query.where(tr.trustee_user_id == trustee)
    else:
        c.authorize(req, "identity:list_trusts")
    now = req.cloud.clock.now()
    query = query.where(
        sa.or_(tr.expires_at.is_(None), tr.expires_at > now), sa.or_(tr.remaining_uses.is_(None), tr.remaining_uses > 0)
    )
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(tr.id))
    return c.collection(req, "trusts", [_view(req, r, with_roles=False) for r in found])


def _load(req: Req, conn: Connection, action: str) -> dict[str, Any]:
    trust = load_trust(conn, req.params["trust_id"], req.cloud.clock.now())
    c.authorize(req, action, _target(trust))
    return _with_roles(conn, trust)


async def get_trust(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        trust = _load(req, conn, "identity:get_trust")
    return {"trust": _view(req, trust)}


async def delete_trust(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        trust = _load(req, conn, "identity:delete_trust")
        conn.execute(t.trusts.delete().where(t.trusts.c.id == trust["id"]))
    c.changed(req)
    return empty(204)


async def trust_roles(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        trust = _load(req, conn, "identity:list_roles_for_trust")
    return {
        "roles": [views.role(req, r) for r in trust["role_rows"]],
        "links": {"self": c.v3_url(req, f"OS-TRUST/trusts/{trust['id']}/roles"), "previous": None, "next": None},
    }


async def trust_role(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        trust = _load(req, conn, "identity:get_role_for_trust")
    role_id = req.params["role_id"]
    role = next((r for r in trust["role_rows"] if r["id"] == role_id), None)
    if role is None:
        raise c.not_found("role", role_id)
    if req.method == "HEAD":
        return empty(200)
    return {"role": views.role(req, role)}
