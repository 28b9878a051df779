"""``/v3/users/{u}/application_credentials`` and ``/v3/users/{u}/access_rules``, as keystone/api/users.py:
only the user itself creates one, from a project-scoped token; the secret is generated (or given)
and shown once; roles are a subset of the token's (implied roles added); access rules get ids and
are listed per user while an application credential uses them."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import assignments, views
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.passwords import hash_password
from twinstack.identity.schemas.application_credentials import CREATE


def _invalid(detail: str) -> ApiError:
    return ApiError(400, f"Invalid application credential: {detail}", "ApplicationCredentialValidationError")


def _app_cred_not_found(cred_id: str) -> ApiError:
    return ApiError(404, f"Could not find Application Credential: {cred_id}.", "ApplicationCredentialNotFound")


def generate_secret() -> str:
    """keystone's _generate_secret: 64 random bytes, urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(os.urandom(64)).decode().rstrip("=")


def parse_expiry(value: str | None, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, "Timestamp not in expected format. The server could not comply with the request since it "
                       "is either malformed or otherwise incorrect. The client is assumed to be in error.",
                       "ValidationTimeStampError") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    if parsed <= now:
        raise ApiError(400, "The 'expires_at' must not be before now. The server could not comply with the request "
                       "since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
                       "ValidationError")
    return parsed


def _owner_target(user_id: str) -> dict[str, Any]:
    return {"user": {"id": user_id}, "user_id": user_id}


def _roles(req: Req, conn: Any, wanted: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    token_roles = {r["id"]: r for r in req.context.roles}
    if not wanted:
        chosen_ids = list(token_roles)
    else:
        chosen_ids = [c.role_from_ref(conn, ref)["id"] for ref in wanted]
        chosen_ids = sorted(assignments.implied_closure(conn, set(chosen_ids)))
        if any(role_id not in token_roles for role_id in chosen_ids):
            raise _invalid("Cannot create an application credential with unassigned role")
    rows = {r["id"]: r for r in c.rows(conn, sa.select(t.roles).where(t.roles.c.id.in_(chosen_ids)))}
    return [{"id": r["id"], "name": r["name"],
             "domain_id": None if r["domain_id"] == m.GLOBAL_ROLE else r["domain_id"]}
            for r in sorted(rows.values(), key=lambda r: r["name"])]


async def create_app_cred(req: Req) -> Any:
    user_id = req.params["user_id"]
    ctx = req.context
    c.authorize(req, "identity:create_application_credential", _owner_target(user_id))
    if ctx.application_credential_id:
        with req.cloud.store.read() as conn:
            used = m.find(conn, t.application_credentials, id=ctx.application_credential_id)
        if used is None or not used["unrestricted"]:
            raise ApiError(403, "Using method 'application_credential' is not allowed for managing additional "
                           "application credentials.", "ForbiddenAction")
    if ctx.user_id != user_id:
        raise ApiError(403, "You are not authorized to perform the requested action: Cannot create an application "
                       "credential for another user.", "ForbiddenAction")
    if not ctx.project_id:
        raise _invalid("an application credential is created from a project-scoped token")
    data = await c.body_member(req, "application_credential", CREATE)
    secret = data.get("secret") or generate_secret()
    expires = parse_expiry(data.get("expires_at"), req.cloud.clock.now())
    with req.cloud.store.begin() as conn:
        if m.find(conn, t.application_credentials, user_id=user_id, name=data["name"]):
            raise c.conflict("application_credential", "Duplicate application credential name")
        rules = store_access_rules(conn, user_id, data.get("access_rules") or [])
        values = {"id": hex_id(), "name": data["name"], "user_id": user_id, "project_id": ctx.project_id,
                  "secret_hash": hash_password(secret), "description": data.get("description"),
                  "expires_at": expires, "unrestricted": bool(data.get("unrestricted")),
                  "roles": _roles(req, conn, data.get("roles")), "access_rules": rules}
        conn.execute(t.application_credentials.insert().values(**values))
    c.changed(req)
    return json_response({"application_credential": views.application_credential(req, values, secret)}, 201)


async def list_app_creds(req: Req) -> Any:
    user_id = req.params["user_id"]
    c.authorize(req, "identity:list_application_credentials", _owner_target(user_id))
    ac = t.application_credentials
    query = c.apply_filters(req, sa.select(ac).where(ac.c.user_id == user_id), ac, ("name",))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(ac.c.name))
    return c.collection(req, "application_credentials", [views.application_credential(req, r) for r in found])


def _load(req: Req, conn: Any, action: str) -> dict[str, Any]:
    user_id, cred_id = req.params["user_id"], req.params["application_credential_id"]
    c.authorize(req, action, _owner_target(user_id))
    row = m.find(conn, t.application_credentials, id=cred_id, user_id=user_id)
    if row is None:
        raise _app_cred_not_found(cred_id)
    return row


async def get_app_cred(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _load(req, conn, "identity:get_application_credential")
    return {"application_credential": views.application_credential(req, row)}


async def delete_app_cred(req: Req) -> Any:
    ctx = req.context
    with req.cloud.store.begin() as conn:
        row = _load(req, conn, "identity:delete_application_credential")
        if ctx.application_credential_id and ctx.application_credential_id != row["id"]:
            used = m.find(conn, t.application_credentials, id=ctx.application_credential_id)
            if used is None or not used["unrestricted"]:
                raise ApiError(403, "Using method 'application_credential' is not allowed for managing additional "
                               "application credentials.", "ForbiddenAction")
        conn.execute(t.application_credentials.delete().where(t.application_credentials.c.id == row["id"]))
    c.changed(req)
    return empty(204)


# -- access rules --------------------------------------------------------------------------------
def store_access_rules(conn: Any, user_id: str, wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """keystone's rule: a rule given by id must be the user's; a rule equal to an existing one reuses it."""
    ar = t.access_rules.c
    out = []
    for ref in wanted:
        if ref.get("id") and set(ref) == {"id"}:
            row = m.find(conn, t.access_rules, id=ref["id"], user_id=user_id)
            if row is None:
                raise c.not_found("access rule", ref["id"])
        else:
            row = conn.execute(sa.select(t.access_rules).where(
                ar.user_id == user_id, ar.service == ref.get("service"), ar.path == ref.get("path"),
                ar.method == ref.get("method"))).first()
            row = dict(row._mapping) if row else None
            if row is None:
                row = {"id": ref.get("id") or hex_id(), "user_id": user_id, "service": ref.get("service"),
                       "path": ref.get("path"), "method": ref.get("method")}
                conn.execute(t.access_rules.insert().values(**row))
        out.append({k: row[k] for k in ("id", "service", "path", "method")})
    return out


def _rule_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "service": row["service"], "path": row["path"], "method": row["method"],
            "links": {"self": c.v3_url(req, f"users/{row['user_id']}/access_rules/{row['id']}")}}


def _load_rule(req: Req, conn: Any, action: str) -> dict[str, Any]:
    user_id, rule_id = req.params["user_id"], req.params["access_rule_id"]
    c.authorize(req, action, _owner_target(user_id))
    row = m.find(conn, t.access_rules, id=rule_id, user_id=user_id)
    if row is None:
        raise ApiError(404, f"Could not find access rule: {rule_id}.", "AccessRuleNotFound")
    return row


async def list_access_rules(req: Req) -> Any:
    user_id = req.params["user_id"]
    c.authorize(req, "identity:list_access_rules", _owner_target(user_id))
    ar = t.access_rules
    query = c.apply_filters(req, sa.select(ar).where(ar.c.user_id == user_id), ar, ("service", "path", "method"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(ar.c.id))
    return c.collection(req, "access_rules", [_rule_view(req, r) for r in found])


async def get_access_rule(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _load_rule(req, conn, "identity:get_access_rule")
    return {"access_rule": _rule_view(req, row)}


async def delete_access_rule(req: Req) -> Any:
    """403 while an application credential still uses the rule, as keystone answers."""
    with req.cloud.store.begin() as conn:
        row = _load_rule(req, conn, "identity:delete_access_rule")
        ac = t.application_credentials.c
        for (rules,) in conn.execute(sa.select(ac.access_rules).where(ac.user_id == row["user_id"])):
            if any(r.get("id") == row["id"] for r in rules or []):
                raise c.forbidden_not_security(f"Cannot delete access rule {row['id']}: it is in use by an "
                                               "application credential.")
        conn.execute(t.access_rules.delete().where(t.access_rules.c.id == row["id"]))
    c.changed(req)
    return empty(204)
