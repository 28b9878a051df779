"""Identity response bodies, in Keystone's shapes."""

from __future__ import annotations

from typing import Any

from twinstack.core.clock import isotime
from twinstack.core.pipeline import Req


def link(req: Req, path: str) -> dict[str, str]:
    return {"self": f"{req.base_url()}/v3/{path}"}


def collection_links(req: Req, path: str) -> dict[str, Any]:
    return {"self": f"{req.base_url()}/v3/{path}", "previous": None, "next": None}


# A user's email and description are not attributes of keystone's user model: they live in its extra.
USER_EXTRA_COLUMNS = ("email", "description")


def with_extra(body: dict[str, Any], row: dict[str, Any], columns: tuple[str, ...] = ()) -> dict[str, Any]:
    """An updated user or project as keystone's SQL driver returns it (``to_dict(include_extra_dict=True)``):
    its extra attributes flattened in, as everywhere, and once more as the ``extra`` object, with the
    ``columns`` twinstack stores apart but keystone keeps there."""
    extra = {k: row[k] for k in columns if row.get(k) is not None}
    return {**body, "extra": {**extra, **(row.get("extra") or {})}}


def self_link(req: Req, path: str) -> dict[str, Any]:
    """The links of a body keystone builds by hand rather than as a collection (auth/catalog, auth/system):
    ``self`` alone."""
    return {"self": f"{req.base_url()}/v3/{path}"}


def domain(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "description": row["description"],
        "enabled": row["enabled"],
        "tags": row.get("tags") or [],
        "options": {},
        "links": link(req, f"domains/{row['id']}"),
        **(row.get("extra") or {}),
    }


def project(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "domain_id": row["domain_id"],
        "description": row["description"],
        "enabled": row["enabled"],
        "parent_id": row["parent_id"] or row["domain_id"],
        "is_domain": False,
        "tags": row.get("tags") or [],
        "options": row.get("options") or {},
        "links": link(req, f"projects/{row['id']}"),
        **(row.get("extra") or {}),
    }


def domain_as_project(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    """A domain seen through /v3/projects (keystone stores domains as is_domain projects)."""
    return {
        "id": row["id"],
        "name": row["name"],
        "domain_id": None,
        "description": row["description"],
        "enabled": row["enabled"],
        "parent_id": None,
        "is_domain": True,
        "tags": row.get("tags") or [],
        "options": {},
        "links": link(req, f"projects/{row['id']}"),
        **(row.get("extra") or {}),
    }


def user(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    body = {
        "id": row["id"],
        "name": row["name"],
        "domain_id": row["domain_id"],
        "enabled": row["enabled"],
        "password_expires_at": isotime(row["password_expires_at"], micro=True)
        if row.get("password_expires_at")
        else None,
        "options": row.get("options") or {},
        "links": link(req, f"users/{row['id']}"),
    }
    if row.get("email") is not None:
        body["email"] = row["email"]
    if row.get("description") is not None:
        body["description"] = row["description"]
    if row.get("default_project_id"):
        body["default_project_id"] = row["default_project_id"]
    body.update(row.get("extra") or {})
    return body


def role(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    domain_id = None if row["domain_id"] == "<<null>>" else row["domain_id"]
    return {
        "id": row["id"],
        "name": row["name"],
        "domain_id": domain_id,
        "description": row.get("description"),
        "options": row.get("options") or {},
        "links": link(req, f"roles/{row['id']}"),
    }


def group(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "domain_id": row["domain_id"],
        "description": row.get("description") or "",
        "links": link(req, f"groups/{row['id']}"),
        **(row.get("extra") or {}),
    }


def endpoint(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "interface": row["interface"],
        "region_id": row["region_id"],
        "region": row["region_id"],
        "service_id": row["service_id"],
        "url": row["url"],
        "enabled": row["enabled"],
        "links": link(req, f"endpoints/{row['id']}"),
        **(row.get("extra") or {}),
    }


def role_ref(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    """The short role shape implied-role answers use."""
    return {"id": row["id"], "name": row["name"], "links": link(req, f"roles/{row['id']}")}


def application_credential(req: Req, row: dict[str, Any], secret: str | None = None) -> dict[str, Any]:
    body = {
        "id": row["id"],
        "name": row["name"],
        "description": row.get("description"),
        "user_id": row["user_id"],
        "project_id": row["project_id"],
        "system": None,
        # keystone answers the stored datetime's isoformat(), without a zone suffix
        "expires_at": row["expires_at"].isoformat() if row.get("expires_at") else None,
        "unrestricted": bool(row["unrestricted"]),
        "roles": list(row.get("roles") or []),
        "access_rules": list(row.get("access_rules") or []),
        "links": link(req, f"users/{row['user_id']}/application_credentials/{row['id']}"),
    }
    if secret is not None:
        body["secret"] = secret
    return body


def token_body(
    req: Req,
    payload: Any,
    ctx: Any,
    catalog: list[dict[str, Any]] | None,
    app_cred: dict[str, Any] | None = None,
    trust: dict[str, Any] | None = None,
    service_providers: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    token: dict[str, Any] = {
        "methods": list(payload.methods),
        "user": {
            "id": ctx.user_id,
            "name": ctx.user_name,
            "password_expires_at": None,
            "domain": {"id": ctx.user_domain_id, "name": ctx.user_domain_name},
        },
        "audit_ids": list(payload.audit_ids),
        "expires_at": isotime(payload.expires_at, micro=True),
        "issued_at": isotime(payload.issued_at, micro=True),
    }
    if ctx.project_id:
        token["project"] = {
            "id": ctx.project_id,
            "name": ctx.project_name,
            "domain": {"id": ctx.project_domain_id, "name": ctx.project_domain_name},
        }
        token["is_domain"] = False
    elif ctx.domain_id:
        token["domain"] = {"id": ctx.domain_id, "name": ctx.domain_name}
    elif ctx.system:
        token["system"] = {"all": True}
    if ctx.scoped:
        token["roles"] = list(ctx.roles)
        token["is_admin_project"] = ctx.is_admin_project if ctx.project_id else False
    if catalog is not None and ctx.scoped:
        token["catalog"] = catalog
    if service_providers:
        token["service_providers"] = service_providers
    if app_cred is not None:
        token["application_credential"] = {
            "id": app_cred["id"],
            "name": app_cred["name"],
            "restricted": not app_cred["unrestricted"],
        }
    if trust is not None:
        token["OS-TRUST:trust"] = {
            "id": trust["id"],
            "impersonation": trust["impersonation"],
            "trustee_user": {"id": trust["trustee_user_id"]},
            "trustor_user": {"id": trust["trustor_user_id"]},
        }
    return {"token": token}
