"""``/v3/auth``: issuing, validating and revoking tokens; what a token may scope to.

Rules from keystone/api/auth.py and keystone/auth/: password, token and application_credential
methods; project, domain, system or no scope (then the user's default project if it has roles
there); a scope the user has no role on is 401; rescoping keeps the original expiry.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from starlette.responses import Response

from twinstack.core.context import Context
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, public
from twinstack.identity import assignments, errors, views
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import trusts
from twinstack.identity.backend import catalog_of, tokens_of
from twinstack.identity.passwords import check_password
from twinstack.identity.tokens import TokenNotValid


class _LazyRead:
    """A read connection opened on first use, so a token issue whose lookups are all remembered opens
    none. Stands in for a Connection: ``engine`` without opening, anything else opens."""

    def __init__(self, store: Any) -> None:
        self.engine = store.engine
        self._store = store
        self._context: Any = None
        self._conn: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._conn is None:
            self._context = self._store.read()
            self._conn = self._context.__enter__()
        return getattr(self._conn, name)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._context is not None:
            self._context.__exit__(*exc)
            self._context = self._conn = None


def _find(req: Req, conn: Any, table: Any, **where: Any) -> dict[str, Any] | None:
    """A domain, user or project row as authentication reads it, remembered until the next identity
    write (every write bumps the token provider's generation), so issuing a token for a known user
    and scope reads no table. Read-only for callers."""
    key = (table.name, *sorted(where.items()))
    found: dict[str, Any] | None = tokens_of(req.cloud).memo(key, lambda: m.find(conn, table, **where))
    return found


def _domain_ref(req: Req, conn: Any, ref: Any) -> dict[str, Any]:
    if not isinstance(ref, dict) or not (ref.get("id") or ref.get("name")):
        raise errors.bad_request_tailed("Expecting to find domain in user - the domain must have an id or a name.")
    row = _find(req, conn, t.domains, id=ref["id"]) if ref.get("id") else _find(req, conn, t.domains, name=ref["name"])
    if row is None or not row["enabled"]:
        raise errors.unauthorized()
    return row


def _user_ref(req: Req, conn: Any, ref: Any) -> dict[str, Any]:
    if not isinstance(ref, dict):
        raise errors.bad_request_tailed("Expecting to find user in password.")
    if ref.get("id"):
        user = _find(req, conn, t.users, id=ref["id"])
    elif ref.get("name"):
        if "domain" not in ref:
            raise errors.bad_request_tailed("Expecting to find domain in user.")
        user = _find(req, conn, t.users, name=ref["name"], domain_id=_domain_ref(req, conn, ref["domain"])["id"])
    else:
        raise errors.bad_request_tailed("Expecting to find id or name in user.")
    if user is None:
        raise errors.unauthorized()
    if not user["enabled"]:
        raise errors.unauthorized(f"The account is disabled for user: {user['id']}.")
    return user


def _authenticate(req: Req, conn: Any, identity: dict[str, Any]) -> dict[str, Any]:
    """Check every method named; return who it proved and what it carries over."""
    methods = identity.get("methods")
    if not isinstance(methods, list) or not methods:
        raise errors.bad_request_tailed("Expecting to find methods in identity.")
    result: dict[str, Any] = {"methods": list(methods), "user_id": None}
    for method in methods:
        data = identity.get(method)
        if not isinstance(data, dict):
            raise errors.bad_request_tailed(f"Expecting to find {method} in identity.")
        if method == "password":
            user = _user_ref(req, conn, data.get("user"))
            password = data["user"].get("password")
            if not isinstance(password, str) or not check_password(password, user["password_hash"]):
                raise errors.unauthorized()
            user_id = user["id"]
        elif method == "token":
            try:
                original = tokens_of(req.cloud).payload(str(data.get("id", "")))
                ctx = tokens_of(req.cloud).validate(str(data.get("id", "")))
            except TokenNotValid:
                raise errors.unauthorized() from None
            if original.app_cred_id:
                raise ApiError(403, "Application credentials cannot request a re-scoped token.", "Forbidden")
            user_id = ctx.user_id
            result["expires_at"] = original.expires_at
            result["audit_ids"] = list(original.audit_ids)
            result["methods"] = list(dict.fromkeys(list(original.methods) + ["token"]))
            result["methods"].remove("token")
            result["methods"].append("token")
        elif method == "application_credential":
            cred = _application_credential(req, conn, data)
            user_id = cred["user_id"]
            result["app_cred"] = cred
            result["expires_at"] = cred["expires_at"]
        else:
            raise errors.unauthorized("Attempted to authenticate with an unsupported method.")
        if result["user_id"] not in (None, user_id):
            raise errors.unauthorized("User IDs of the methods do not match.")
        result["user_id"] = user_id
    return result


def _application_credential(req: Req, conn: Any, data: dict[str, Any]) -> dict[str, Any]:
    secret = data.get("secret")
    if data.get("id"):
        cred = m.find(conn, t.application_credentials, id=data["id"])
    elif data.get("name") and isinstance(data.get("user"), dict):
        user = _user_ref(req, conn, data["user"])
        cred = m.find(conn, t.application_credentials, name=data["name"], user_id=user["id"])
    else:
        raise errors.bad_request_tailed("Expecting to find id or name and user in application_credential.")
    if cred is None or not isinstance(secret, str) or not check_password(secret, cred["secret_hash"]):
        raise errors.unauthorized()
    if cred["expires_at"] is not None and cred["expires_at"] <= req.cloud.clock.now():
        raise errors.unauthorized()
    return cred


def _scope(req: Req, conn: Any, scope: Any, user: dict[str, Any], app_cred: dict[str, Any] | None) -> tuple[str, ...]:
    if app_cred is not None:
        if scope not in (None, {}) and scope.get("project", {}).get("id") not in (None, app_cred["project_id"]):
            raise errors.unauthorized("Application credentials cannot request a scope.")
        return ("project", app_cred["project_id"])
    if scope == "unscoped" or (isinstance(scope, dict) and "unscoped" in scope):
        return ()  # keystone's explicit request for an unscoped token, default project or not
    if scope is None:
        default = user.get("default_project_id")
        if default:
            project = m.find(conn, t.projects, id=default)
            if (
                project
                and project["enabled"]
                and assignments.effective_roles(conn, user["id"], "project", default, project["domain_id"])
            ):
                return ("project", default)
        return ()
    if not isinstance(scope, dict):
        raise errors.bad_request_tailed("Expecting to find scope to be an object.")
    if "project" in scope:
        ref = scope["project"]
        if not isinstance(ref, dict):
            raise errors.bad_request_tailed("Expecting to find project in scope.")
        if ref.get("id"):
            project = _find(req, conn, t.projects, id=ref["id"])
        elif ref.get("name") and "domain" in ref:
            domain_id = _domain_ref(req, conn, ref["domain"])["id"]
            project = _find(req, conn, t.projects, name=ref["name"], domain_id=domain_id)
        else:
            raise errors.bad_request_tailed("Expecting to find domain in project.")
        if project is None:
            raise errors.unauthorized()
        if not project["enabled"]:
            raise errors.unauthorized(f"Project {project['id']} is disabled.")
        if not assignments.effective_roles(conn, user["id"], "project", project["id"], project["domain_id"]):
            raise errors.unauthorized(f"User {user['id']} has no access to project {project['id']}")
        return ("project", project["id"])
    if "domain" in scope:
        domain = _domain_ref(req, conn, scope["domain"])
        if not assignments.effective_roles(conn, user["id"], "domain", domain["id"]):
            raise errors.unauthorized(f"User {user['id']} has no access to domain {domain['id']}")
        return ("domain", domain["id"])
    if "system" in scope:
        if scope["system"] != {"all": True}:
            raise errors.bad_request_tailed('Expecting system scope to be {"all": true}.')
        if not assignments.has_system_roles(conn, user["id"]):
            raise errors.unauthorized(f"User {user['id']} has no access to the system")
        return ("system",)
    if "OS-TRUST:trust" in scope:
        ref = scope["OS-TRUST:trust"]
        if not isinstance(ref, dict) or not ref.get("id"):
            raise errors.bad_request_tailed("Expecting to find id in OS-TRUST:trust.")
        trust = trusts.load_trust(conn, str(ref["id"]), req.cloud.clock.now())
        if trust["trustee_user_id"] != user["id"]:
            raise ApiError(403, "You are not authorized to perform the requested action.", "Forbidden")
        if trust["project_id"] is None:
            raise errors.unauthorized("Trusts without a project cannot scope a token.")
        return ("trust", trust["id"])
    raise errors.bad_request_tailed("Expecting to find project, domain or system in scope.")


def _use_trust(req: Req, trust_id: str, expires: datetime | None) -> tuple[str, datetime | None, dict[str, Any]]:
    """The token acts as the trustor when the trust impersonates, never outlives the trust, and spends
    one of its remaining uses (keystone's trust token rules)."""
    with req.cloud.store.begin() as conn:
        trust = trusts.load_trust(conn, trust_id, req.cloud.clock.now())
        if trust["remaining_uses"] is not None:
            conn.execute(
                t.trusts.update().where(t.trusts.c.id == trust_id).values(remaining_uses=trust["remaining_uses"] - 1)
            )
    if trust["expires_at"] is not None:
        expires = min(expires, trust["expires_at"]) if expires else trust["expires_at"]
    user_id = trust["trustor_user_id"] if trust["impersonation"] else trust["trustee_user_id"]
    return user_id, expires, trust


def _trust_of(req: Req, payload: Any) -> dict[str, Any] | None:
    if payload.scope[:1] != ("trust",):
        return None
    with req.cloud.store.read() as conn:
        return m.find(conn, t.trusts, id=payload.scope[1])


@public
async def issue_token(req: Req) -> Any:
    body = await req.json()
    auth = body.get("auth") if isinstance(body, dict) else None
    if not isinstance(auth, dict) or not isinstance(auth.get("identity"), dict):
        raise errors.bad_request_tailed("Expecting to find identity in auth.")
    tokens = tokens_of(req.cloud)
    with _LazyRead(req.cloud.store) as conn:
        proof = _authenticate(req, conn, auth["identity"])
        user = _find(req, conn, t.users, id=proof["user_id"])
        assert user is not None
        app_cred = proof.get("app_cred")
        scope = _scope(req, conn, auth.get("scope"), user, app_cred)
    token_user, expires, trust = user["id"], proof.get("expires_at"), None
    if scope[:1] == ("trust",):
        token_user, expires, trust = _use_trust(req, scope[1], expires)
    token, payload = tokens.issue(
        token_user, proof["methods"], scope, expires, proof.get("audit_ids"), app_cred["id"] if app_cred else None
    )
    try:
        ctx = tokens.validate(token)
    except TokenNotValid:
        raise errors.unauthorized() from None
    catalog, sps = _catalog(req, ctx)
    body = _token_json(views.token_body(req, payload, ctx, None, app_cred, trust, sps), catalog, ctx)
    return Response(body, 201, headers={"X-Subject-Token": token}, media_type="application/json")


def _subject(req: Req) -> tuple[str, Any, Context]:
    subject = req.headers.get("x-subject-token")
    if not subject:
        # keystone's token provider: validating no token is a TokenNotFound, once the caller may validate
        req.authorize("identity:validate_token")
        raise ApiError(404, "No token in the request", "TokenNotFound")
    target: dict[str, Any] = {}
    try:
        payload = tokens_of(req.cloud).payload(subject)
        target = {"target.token.user_id": payload.user_id}
        # keystone reads it with oslo's bool_from_string; a bare ?allow_expired has always meant yes here
        allow_expired = req.query.get("allow_expired") == "" or to_bool(req.query.get("allow_expired"))
        ctx = tokens_of(req.cloud).validate(subject, allow_expired=allow_expired)
    except TokenNotValid:
        req.authorize("identity:validate_token", target)
        raise ApiError(404, f"Could not find token: {subject}.", "TokenNotFound") from None
    return subject, payload, ctx


def _catalog(req: Req, ctx: Context) -> tuple[str | None, list[dict[str, Any]]]:
    """The token's catalog as JSON (none with ?nocatalog) and the service providers, both cached."""
    catalogs = catalog_of(req.cloud)
    with _LazyRead(req.cloud.store) as conn:
        catalog = None if "nocatalog" in req.query else catalogs.v3_json(conn, ctx.project_id, ctx.user_id)
        return catalog, catalogs.service_providers(conn)


def _token_json(body: dict[str, Any], catalog: str | None, ctx: Context) -> bytes:
    """The token body with its catalog (already JSON) spliced in as the token's last member; only a
    scoped token carries one."""
    text = json.dumps(body, separators=(",", ":"))
    if catalog is not None and ctx.scoped:
        text = f'{text[:-2]},"catalog":{catalog}}}}}'
    return text.encode()


async def validate_token(req: Req) -> Any:
    subject, payload, ctx = _subject(req)
    req.authorize("identity:validate_token", {"target.token.user_id": ctx.user_id})
    if req.method == "HEAD":
        # Flask answers HEAD with GET's headers, the Content-Type keystone sets included
        return empty(200, {"X-Subject-Token": subject, "Content-Type": "application/json"})

    def render() -> bytes:
        catalog, sps = _catalog(req, ctx)
        app_cred = None
        if payload.app_cred_id:
            with req.cloud.store.read() as conn:
                app_cred = m.find(conn, t.application_credentials, id=payload.app_cred_id)
        return _token_json(views.token_body(req, payload, ctx, None, app_cred, _trust_of(req, payload), sps),
                           catalog, ctx)

    # the body follows from the token and identity data alone; the token's expiry and revocation were
    # checked above, on every call
    rendered = tokens_of(req.cloud).rendered((subject, "nocatalog" in req.query), render)
    return Response(rendered, headers={"X-Subject-Token": subject}, media_type="application/json")


async def revoke_token(req: Req) -> Any:
    _, payload, ctx = _subject(req)
    req.authorize("identity:revoke_token", {"target.token.user_id": ctx.user_id})
    tokens_of(req.cloud).revoke(audit_id=payload.audit_ids[0])
    return empty(204)


async def auth_catalog(req: Req) -> Any:
    ctx = req.context
    if not ctx.scoped:
        raise ApiError(403, "A scoped token is required to get the catalog.", "Forbidden")
    with req.cloud.store.read() as conn:
        catalog = catalog_of(req.cloud).v3(conn, ctx.project_id, ctx.user_id)
    return {"catalog": catalog, "links": views.self_link(req, "auth/catalog")}


async def auth_projects(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        rows = [r for r in assignments.projects_with_roles(conn, req.context.user_id) if r["enabled"]]
    return {"projects": [views.project(req, r) for r in rows], "links": views.collection_links(req, "auth/projects")}


async def auth_domains(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        rows = [r for r in assignments.domains_with_roles(conn, req.context.user_id) if r["enabled"]]
    return {"domains": [views.domain(req, r) for r in rows], "links": views.collection_links(req, "auth/domains")}


async def auth_system(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        system = [{"all": True}] if assignments.has_system_roles(conn, req.context.user_id) else []
    return {"system": system, "links": views.self_link(req, "auth/system")}
