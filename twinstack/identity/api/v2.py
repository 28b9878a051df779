"""Identity v2.0 tokens for legacy clients (``OS_AUTH_URL=.../v2.0`` with ``OS_TENANT_NAME``).

Shapes from keystone's last v2.0 API (Mitaka): ``access.token.tenant``, ``serviceCatalog`` with
public/internal/admin URLs per region, ``user.roles`` by name.
"""

from __future__ import annotations

from typing import Any

from twinstack.core.clock import isotime
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, public
from twinstack.identity import assignments, errors
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.backend import catalog_of, tokens_of
from twinstack.identity.passwords import check_password
from twinstack.identity.tokens import TokenNotValid


def _tenant(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "enabled": row["enabled"], "description": row["description"]}


@public
async def tokens(req: Req) -> Any:
    body = await req.json()
    auth = body.get("auth") if isinstance(body, dict) else None
    if not isinstance(auth, dict):
        raise ApiError(400, "Expecting to find auth in request body.", "ValidationError")
    with req.cloud.store.read() as conn:
        expires, audit = None, None
        if isinstance(auth.get("passwordCredentials"), dict):
            creds = auth["passwordCredentials"]
            if creds.get("userId"):
                user = m.find(conn, t.users, id=creds["userId"])
            else:
                user = m.find(conn, t.users, name=str(creds.get("username")), domain_id=m.DEFAULT_DOMAIN_ID)
            if (
                user is None
                or not user["enabled"]
                or not check_password(str(creds.get("password", "")), user["password_hash"])
            ):
                raise errors.unauthorized()
            methods = ["password"]
        elif isinstance(auth.get("token"), dict):
            try:
                original = tokens_of(req.cloud).payload(str(auth["token"].get("id")))
                ctx = tokens_of(req.cloud).validate(str(auth["token"].get("id")))
            except TokenNotValid:
                raise errors.unauthorized() from None
            user = m.find(conn, t.users, id=ctx.user_id)
            assert user is not None
            methods, expires, audit = ["token"], original.expires_at, list(original.audit_ids)
        else:
            raise ApiError(400, "Expecting to find passwordCredentials or token in auth.", "ValidationError")
        project = None
        if auth.get("tenantId"):
            project = m.find(conn, t.projects, id=auth["tenantId"])
        elif auth.get("tenantName"):
            project = m.find(conn, t.projects, name=auth["tenantName"], domain_id=m.DEFAULT_DOMAIN_ID)
        if (auth.get("tenantId") or auth.get("tenantName")) and (
            project is None
            or not assignments.effective_roles(conn, user["id"], "project", project["id"], project["domain_id"])
        ):
            raise errors.unauthorized()
    scope = ("project", project["id"]) if project else ()
    token, payload = tokens_of(req.cloud).issue(user["id"], methods, scope, expires, audit)
    try:
        ctx = tokens_of(req.cloud).validate(token)
    except TokenNotValid:
        raise errors.unauthorized() from None
    token_body: dict[str, Any] = {
        "id": token,
        "expires": isotime(payload.expires_at),
        "issued_at": isotime(payload.issued_at, micro=True),
        "audit_ids": list(payload.audit_ids),
    }
    access: dict[str, Any] = {
        "token": token_body,
        "serviceCatalog": [],
        "user": {
            "id": user["id"],
            "name": user["name"],
            "username": user["name"],
            "roles_links": [],
            "roles": [{"name": r["name"]} for r in ctx.roles],
        },
        "metadata": {"is_admin": 0, "roles": [r["id"] for r in ctx.roles]},
    }
    if project is not None:
        token_body["tenant"] = _tenant(project)
        with req.cloud.store.read() as conn:
            access["serviceCatalog"] = catalog_of(req.cloud).v2(conn, project["id"], user["id"])
    return {"access": access}


async def tenants(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        rows = [r for r in assignments.projects_with_roles(conn, req.context.user_id) if r["enabled"]]
    return {"tenants": [_tenant(r) for r in rows], "tenants_links": []}
