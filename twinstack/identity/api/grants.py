"""Role grants: ``/v3/{projects|domains}/{id}/{users|groups}/{id}/roles[/{role}]``, their OS-INHERIT
twins (``.../inherited_to_projects``) and ``/v3/system/{users|groups}/{id}/roles[/{role}]``.

One factory builds every route's handlers, as keystone/api/{projects,domains,os_inherit,system}.py
behave alike: PUT 204, GET/HEAD 204 or 404 RoleAssignmentNotFound, DELETE 204, list 200; a
domain-specific role only on its own domain's projects (403 DomainSpecificRoleMismatch).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c

Handler = Callable[[Req], Awaitable[Any]]
_TABLES = {"project": t.projects, "domain": t.domains, "user": t.users, "group": t.groups}


def _resolve(req: Req, conn: Any, target: str, actor: str) -> tuple[str, str, dict[str, Any] | None, dict[str, Any]]:
    """(target_id, actor_id, target_row, policy target); 404 for an unknown target or actor."""
    if target == "system":
        target_id, target_row = "system", None
    else:
        target_id = req.params[f"{target}_id"]
        target_row = c.get_row(conn, _TABLES[target], target_id, target)
    actor_id = req.params[f"{actor}_id"]
    actor_row = c.get_row(conn, _TABLES[actor], actor_id, actor)
    return target_id, actor_id, target_row, _policy_target(target, target_row, actor, actor_row)


def _policy_target(target: str, target_row: dict[str, Any] | None, actor: str,
                   actor_row: dict[str, Any]) -> dict[str, Any]:
    """Keystone's grant target: the project or domain and the user or group (a domain's reader must
    hold both their domains), plus ``domain_id``, the target's domain."""
    if target_row is None:
        return {}
    domain_id = target_row["domain_id"] if target == "project" else target_row["id"]
    return {target: {"id": target_row["id"], "domain_id": domain_id},
            actor: {"id": actor_row["id"], "domain_id": actor_row["domain_id"]}, "domain_id": domain_id}


def _actions(target: str, actor: str) -> dict[str, str]:
    if target == "system":
        return {verb: f"identity:{verb}_system_grant{'s' if verb == 'list' else ''}_for_{actor}"
                for verb in ("list", "check", "create", "revoke")}
    return {"list": "identity:list_grants", "check": "identity:check_grant",
            "create": "identity:create_grant", "revoke": "identity:revoke_grant"}


def _assignment_filter(target: str, actor: str, target_id: str, actor_id: str, inherited: bool) -> Any:
    a = t.assignments.c
    return sa.and_(a.type == m.assignment_type(actor, target), a.actor_id == actor_id,
                   a.target_id == target_id, a.inherited.is_(inherited))


def _not_assigned(role_id: str, actor_id: str, target_id: str) -> ApiError:
    return ApiError(404, f"Could not find role assignment with role: {role_id}, user or group: {actor_id}, "
                    f"project, domain, or system: {target_id}.", "RoleAssignmentNotFound")


def grant_handlers(target: str, actor: str, inherited: bool = False) -> tuple[Handler, dict[str, Handler]]:
    """(list handler, {PUT, GET, HEAD, DELETE} handlers) for one grant route family."""
    actions = _actions(target, actor)

    def one_assignment(req: Req, conn: Any, action: str) -> tuple[Any, str, str, str]:
        """(where clause, role id, actor id, target id) of the grant in the URL, once the caller may act on it."""
        target_id, actor_id, _row, policy_target = _resolve(req, conn, target, actor)
        c.authorize(req, actions[action], policy_target)
        role_id = req.params["role_id"]
        c.get_row(conn, t.roles, role_id, "role")
        where = sa.and_(_assignment_filter(target, actor, target_id, actor_id, inherited),
                        t.assignments.c.role_id == role_id)
        return where, role_id, actor_id, target_id

    async def list_grants(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            target_id, actor_id, _row, policy_target = _resolve(req, conn, target, actor)
            c.authorize(req, actions["list"], policy_target)
            query = (sa.select(t.roles).join(t.assignments, t.assignments.c.role_id == t.roles.c.id)
                     .where(_assignment_filter(target, actor, target_id, actor_id, inherited))
                     .order_by(t.roles.c.name))
            found = c.rows(conn, query)
        return c.collection(req, "roles", [views.role(req, r) for r in found])

    async def check_grant(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            where, role_id, actor_id, target_id = one_assignment(req, conn, "check")
            if conn.execute(sa.select(t.assignments.c.role_id).where(where)).first() is None:
                raise _not_assigned(role_id, actor_id, target_id)
        return empty(204)

    async def create_grant(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            target_id, actor_id, row, policy_target = _resolve(req, conn, target, actor)
            c.authorize(req, actions["create"], policy_target)
            role = c.get_row(conn, t.roles, req.params["role_id"], "role")
            if role["domain_id"] != m.GLOBAL_ROLE:
                domain_id = None if row is None else (row["domain_id"] if target == "project" else row["id"])
                if domain_id != role["domain_id"]:
                    raise ApiError(403, f"{target}: {target_id} must be in the same domain as the role: "
                                   f"{role['id']} being assigned.", "DomainSpecificRoleMismatch")
            m.grant(conn, role["id"], actor, actor_id, target, target_id, inherited)
        c.changed(req)
        return empty(204)

    async def revoke_grant(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            where, role_id, actor_id, target_id = one_assignment(req, conn, "revoke")
            if conn.execute(t.assignments.delete().where(where)).rowcount == 0:
                raise _not_assigned(role_id, actor_id, target_id)
        c.changed(req)
        return empty(204)

    return list_grants, {"PUT": create_grant, "GET": check_grant, "HEAD": check_grant, "DELETE": revoke_grant}


def routes() -> list[tuple[str, dict[str, Handler]]]:
    out: list[tuple[str, dict[str, Handler]]] = []
    for target in ("project", "domain"):
        for actor in ("user", "group"):
            base = f"/v3/{target}s/{{{target}_id}}/{actor}s/{{{actor}_id}}/roles"
            listing, member = grant_handlers(target, actor)
            out += [(base, {"GET": listing, "HEAD": listing}), (base + "/{role_id}", member)]
            inherit_base = f"/v3/OS-INHERIT/{target}s/{{{target}_id}}/{actor}s/{{{actor}_id}}/roles"
            listing, member = grant_handlers(target, actor, inherited=True)
            out.append((inherit_base + "/{role_id}/inherited_to_projects", member))
            if target == "domain":
                out.append((inherit_base + "/inherited_to_projects", {"GET": listing, "HEAD": listing}))
    for actor in ("user", "group"):
        base = f"/v3/system/{actor}s/{{{actor}_id}}/roles"
        listing, member = grant_handlers("system", actor)
        out += [(base, {"GET": listing, "HEAD": listing}), (base + "/{role_id}", member)]
    return out
