"""Quota management (quotas, quota_details): show, update, reset, defaults and usage per project."""

from __future__ import annotations

from typing import Any

from twinstack.core.convert import to_bool
from twinstack.core.pipeline import Handler, Req, empty
from twinstack.network import errors as E
from twinstack.network.manager import quotas


def _enforce(req: Req, rule: str) -> None:
    """Neutron's quotasv2 validate_policy: the rule, on the caller's own project as the target."""
    if not req.cloud.policy.allowed(rule, {"project_id": req.context.project_id}, req.context):
        raise E.policy(rule)


def _may_see(req: Req, project_id: str) -> None:
    """A project reads its own quotas freely; another's takes get_quota (quotasv2 show, default)."""
    if req.context.project_id != project_id:
        _enforce(req, "get_quota")


async def list_quotas(req: Req) -> Any:
    _enforce(req, "get_quota")
    with req.cloud.store.read() as conn:
        projects = quotas.projects_with_limits(conn)
        out = []
        for project in projects:
            body: dict[str, Any] = dict(quotas.limits(req.cloud, conn, project))
            body.update(project_id=project, tenant_id=project)
            out.append(body)
    return {"quotas": out}


async def show_quota(req: Req) -> Any:
    project = req.params["project_id"]
    _may_see(req, project)
    with req.cloud.store.read() as conn:
        return {"quota": quotas.limits(req.cloud, conn, project)}


async def show_default(req: Req) -> Any:
    _may_see(req, req.params["project_id"])
    return {"quota": quotas.defaults(req.cloud)}


async def show_details(req: Req) -> Any:
    project = req.params["project_id"]
    _may_see(req, project)
    with req.cloud.store.read() as conn:
        return {"quota": quotas.details(req.cloud, conn, project)}


async def update_quota(req: Req) -> Any:
    project = req.params["project_id"]
    _enforce(req, "update_quota")
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("quota"), dict):
        raise E.bad("Failed to parse request. Resource body required: 'quota'.", "HTTPBadRequest")
    values: dict[str, int] = {}
    check_limit = False
    for key, value in body["quota"].items():
        if key == "check_limit":  # quota-check-limit: refuse a limit below what the project uses
            try:
                check_limit = to_bool(value, strict=True)
            except ValueError:
                raise E.bad(f"Invalid input for check_limit. Reason: '{value}' is not a valid boolean value.",
                            "HTTPBadRequest") from None
            continue
        if key not in quotas.DEFAULTS:
            raise E.bad(f"Unrecognized attribute(s) '{key}'", "HTTPBadRequest")
        if key == "force":
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise E.bad(f"Invalid input for {key}. Reason: '{value}' is not an integer.", "HTTPBadRequest") from None
        if number < -1:
            raise E.bad(f"Invalid input for {key}. Reason: '{number}' is too small - must be at least '-1'.",
                        "HTTPBadRequest")
        values[key] = number
    with req.cloud.store.begin() as conn:
        if check_limit:
            used = quotas.usage(conn, project)
            for key, limit in values.items():
                if limit != -1 and limit < used.get(key, 0):
                    raise E.bad(f"Quota limit {limit} for {key} must be greater than or equal to already used "
                                f"{used[key]}.", "InvalidQuotaValue")
        quotas.set_limits(conn, project, values)
        return {"quota": quotas.limits(req.cloud, conn, project)}


async def delete_quota(req: Req) -> Any:
    _enforce(req, "delete_quota")
    with req.cloud.store.begin() as conn:
        quotas.reset(conn, req.params["project_id"])
    return empty(204)


async def my_quota(req: Req) -> Any:
    project = req.context.project_id or ""
    with req.cloud.store.read() as conn:
        body: dict[str, Any] = dict(quotas.limits(req.cloud, conn, project))
    return {"quota": body}


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/v2.0/quotas", {"GET": list_quotas}),
    ("/v2.0/quotas/tenant", {"GET": my_quota}),
    ("/v2.0/quotas/project", {"GET": my_quota}),
    ("/v2.0/quotas/{project_id}", {"GET": show_quota, "PUT": update_quota, "DELETE": delete_quota}),
    ("/v2.0/quotas/{project_id}/default", {"GET": show_default}),
    ("/v2.0/quotas/{project_id}/details", {"GET": show_details}),
]
