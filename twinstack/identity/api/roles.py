"""``/v3/roles`` (global and domain-specific), implied roles (``/v3/roles/{prior}/implies[/{implied}]``)
and ``/v3/role_inferences``, as keystone/api/roles.py and role_inferences.py. Listing without a
``domain_id`` filter shows global roles only; ``admin`` may never be implied; a global role may not
imply a domain-specific one (403 InvalidImpliedRole)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c
from twinstack.identity.schemas.roles import CREATE, UPDATE

PROHIBITED_IMPLIED = ("admin",)  # keystone's [assignment] prohibited_implied_role


def _domain_of(row: dict[str, Any]) -> str | None:
    return None if row["domain_id"] == m.GLOBAL_ROLE else row["domain_id"]


def target(row: dict[str, Any]) -> dict[str, Any]:
    return {"role": {"id": row["id"], "domain_id": _domain_of(row)}, "domain_id": _domain_of(row)}


def load_role(conn: Any, role_id: str) -> dict[str, Any]:
    return c.get_row(conn, t.roles, role_id, "role")


def _authorized_role(req: Req, conn: Any, action: str) -> dict[str, Any]:
    """The role in the URL, once the caller may act on it (the policy check comes before the 404)."""
    row = m.find(conn, t.roles, id=req.params["role_id"])
    c.authorize(req, action, target(row) if row else {})
    if row is None:
        raise c.not_found("role", req.params["role_id"])
    return row


def _duplicate(name: str) -> ApiError:
    return c.conflict("role", f"Duplicate entry found with name {name}")


async def list_roles(req: Req) -> Any:
    domain_id = req.query.get("domain_id")
    c.authorize(req, "identity:list_roles", {"domain_id": domain_id} if domain_id else {})
    query = c.apply_filters(req, sa.select(t.roles), t.roles, ("name",))
    query = query.where(t.roles.c.domain_id == (domain_id or m.GLOBAL_ROLE))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.roles.c.name))
    return c.collection(req, "roles", [views.role(req, r) for r in found])


async def create_role(req: Req) -> Any:
    data = await c.body_member(req, "role", CREATE)
    domain_id = data.get("domain_id")
    c.authorize(req, "identity:create_role", {"role": {"domain_id": domain_id}, "domain_id": domain_id})
    with req.cloud.store.begin() as conn:
        if domain_id:
            c.get_row(conn, t.domains, domain_id, "domain")
        if m.find(conn, t.roles, name=data["name"], domain_id=domain_id or m.GLOBAL_ROLE):
            raise _duplicate(data["name"])
        row = m.create_role(conn, data["name"], domain_id=domain_id, description=data.get("description"),
                            options=data.get("options"))
        row = load_role(conn, row["id"])
    c.changed(req)
    return json_response({"role": views.role(req, row)}, 201)


async def get_role(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _authorized_role(req, conn, "identity:get_role")
    return {"role": views.role(req, row)}


def _immutable(row: dict[str, Any]) -> bool:
    return bool((row.get("options") or {}).get("immutable"))


def _check_update_immutable(row: dict[str, Any], data: dict[str, Any]) -> None:
    """keystone's check_immutable_update: an immutable role (bootstrap makes its roles so) takes one update
    only, the one that sets ``options.immutable`` to false or null; anything else is a 403."""
    options = data.get("options") or {}
    if _immutable(row) and (len(data) > 1 or "immutable" not in options or options["immutable"] not in (False, None)):
        raise ApiError(403, f"Unable to update immutable role resource: `{row['id']}. Set resource option "
                            '"immutable" to false first.', "ResourceUpdateForbidden")


async def update_role(req: Req) -> Any:
    data = await c.body_member(req, "role", UPDATE)
    with req.cloud.store.begin() as conn:
        row = _authorized_role(req, conn, "identity:update_role")
        _check_update_immutable(row, data)
        if "domain_id" in data and data["domain_id"] != _domain_of(row):
            raise c.bad_request("Update of `domain_id` is not allowed.")
        if (
            "name" in data
            and data["name"] != row["name"]
            and m.find(conn, t.roles, name=data["name"], domain_id=row["domain_id"])
        ):
            raise _duplicate(data["name"])
        values: dict[str, Any] = {k: data[k] for k in ("name", "description") if k in data}
        if "options" in data:  # merged into the role's, a null value dropping one (keystone's resource options)
            merged = {**(row.get("options") or {}), **(data["options"] or {})}
            values["options"] = {k: v for k, v in merged.items() if v is not None}
        if values:
            conn.execute(t.roles.update().where(t.roles.c.id == row["id"]).values(**values))
        row = load_role(conn, row["id"])
    c.changed(req)
    return {"role": views.role(req, row)}


async def delete_role(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _authorized_role(req, conn, "identity:delete_role")
        if _immutable(row):
            raise ApiError(403, f"Unable to delete immutable role resource: `{row['id']}. Set resource option "
                                '"immutable" to false first.', "ResourceDeleteForbidden")
        m.delete_roles(conn, [row["id"]])
    c.changed(req)
    return empty(204)


# -- implied roles -------------------------------------------------------------------------------
def _inference(req: Req, prior: dict[str, Any], implied: Any, path: str) -> dict[str, Any]:
    return {
        "role_inference": {"prior_role": views.role_ref(req, prior), "implies": implied},
        "links": {"self": c.v3_url(req, path)},
    }


def _pair(req: Req, conn: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    prior = load_role(conn, req.params["prior_role_id"])
    implied = load_role(conn, req.params["implied_role_id"])
    return prior, implied


def _require_rule(conn: Any, prior: dict[str, Any], implied: dict[str, Any]) -> None:
    if m.find(conn, t.implied_roles, prior_role_id=prior["id"], implied_role_id=implied["id"]) is None:
        raise ApiError(404, f"{prior['id']} does not imply {implied['id']}.", "ImpliedRoleNotFound")


async def list_implied(req: Req) -> Any:
    c.authorize(req, "identity:list_implied_roles")
    ir = t.implied_roles.c
    with req.cloud.store.read() as conn:
        prior = load_role(conn, req.params["prior_role_id"])
        implied = c.rows(
            conn,
            sa.select(t.roles)
            .join(t.implied_roles, ir.implied_role_id == t.roles.c.id)
            .where(ir.prior_role_id == prior["id"])
            .order_by(t.roles.c.name),
        )
    path = f"roles/{prior['id']}/implies"
    return _inference(req, prior, [views.role_ref(req, r) for r in implied], path)


async def get_implied(req: Req) -> Any:
    c.authorize(req, "identity:get_implied_role")
    with req.cloud.store.read() as conn:
        prior, implied = _pair(req, conn)
        _require_rule(conn, prior, implied)
    if req.method == "HEAD":
        return empty(204)
    return _inference(req, prior, views.role_ref(req, implied), f"roles/{prior['id']}/implies/{implied['id']}")


async def check_implied(req: Req) -> Any:
    c.authorize(req, "identity:check_implied_role")
    with req.cloud.store.read() as conn:
        prior, implied = _pair(req, conn)
        _require_rule(conn, prior, implied)
    return empty(204)


async def create_implied(req: Req) -> Any:
    c.authorize(req, "identity:create_implied_role")
    with req.cloud.store.begin() as conn:
        prior, implied = _pair(req, conn)
        if implied["name"] in PROHIBITED_IMPLIED:
            raise ApiError(403, f"{implied['id']} cannot be an implied roles.", "InvalidImpliedRole")
        if _domain_of(prior) is None and _domain_of(implied) is not None:
            raise ApiError(403, "Global role cannot imply a domain-specific role", "InvalidImpliedRole")
        m.imply(conn, prior["id"], implied["id"])
    c.changed(req)
    body = _inference(req, prior, views.role_ref(req, implied), f"roles/{prior['id']}/implies/{implied['id']}")
    return json_response(body, 201)


async def delete_implied(req: Req) -> Any:
    c.authorize(req, "identity:delete_implied_role")
    with req.cloud.store.begin() as conn:
        prior, implied = _pair(req, conn)
        _require_rule(conn, prior, implied)
        ir = t.implied_roles.c
        conn.execute(
            t.implied_roles.delete().where(ir.prior_role_id == prior["id"], ir.implied_role_id == implied["id"])
        )
    c.changed(req)
    return empty(204)


async def role_inferences(req: Req) -> Any:
    c.authorize(req, "identity:list_role_inference_rules")
    with req.cloud.store.read() as conn:
        roles = {r["id"]: r for r in c.rows(conn, sa.select(t.roles))}
        rules = list(conn.execute(sa.select(t.implied_roles.c.prior_role_id, t.implied_roles.c.implied_role_id)))
    grouped: dict[str, list[dict[str, Any]]] = {}
    for prior_id, implied_id in rules:
        grouped.setdefault(prior_id, []).append(views.role_ref(req, roles[implied_id]))
    inferences = [{"prior_role": views.role_ref(req, roles[p]), "implies": implied} for p, implied in grouped.items()]
    # keystone/api/role_inferences.py answers the list alone, without a links member
    return {"role_inferences": inferences}
