"""``/v3/role_assignments``: direct grants, or with ``effective`` what they amount to, as keystone's
assignment manager expands them: group grants become one entry per member (link ``membership``),
inherited grants become one entry per project below (link to the OS-INHERIT grant), implied roles
are added (link ``prior_role``); ``include_names`` and ``include_subtree`` as keystone/api/role_assignments.py.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Req
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c


def _links(req: Req, e: m.Assignment) -> dict[str, str]:
    if e.inherited_from:
        scope, target = e.inherited_from
        actor, actor_id = ("group", e.via_group) if e.via_group else ("user", e.actor_id)
        grant_role = _origin_role(e)
        path = f"OS-INHERIT/{scope}s/{target}/{actor}s/{actor_id}/roles/{grant_role}/inherited_to_projects"
    else:
        actor, actor_id = ("group", e.via_group) if e.via_group else (e.actor, e.actor_id)
        grant_role = _origin_role(e)
        scope_path = "system" if e.scope == "system" else f"{e.scope}s/{e.target_id}"
        path = f"{scope_path}/{actor}s/{actor_id}/roles/{grant_role}"
        if e.inherited:
            path = f"OS-INHERIT/{path}/inherited_to_projects"
    links = {"assignment": c.v3_url(req, path)}
    if e.via_group:
        links["membership"] = c.v3_url(req, f"groups/{e.via_group}/users/{e.actor_id}")
    if e.prior_role_id:
        links["prior_role"] = c.v3_url(req, f"roles/{e.prior_role_id}")
    return links


def _origin_role(e: m.Assignment) -> str:
    return e.granted_role_id or e.role_id


def _names(conn: Connection, entries: list[m.Assignment]) -> dict[str, dict[str, dict[str, Any]]]:
    """One query per kind of record named, however many entries there are."""
    wanted: dict[str, set[str]] = {"role": set(), "user": set(), "group": set(), "project": set(), "domain": set()}
    for e in entries:
        wanted["role"].add(e.role_id)
        wanted[e.actor].add(e.actor_id)
        if e.scope != "system":
            wanted[e.scope].add(e.target_id)
    tables = {"role": t.roles, "user": t.users, "group": t.groups, "project": t.projects, "domain": t.domains}
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, ids in wanted.items():
        found[kind] = (
            {r["id"]: r for r in c.rows(conn, sa.select(tables[kind]).where(tables[kind].c.id.in_(ids)))} if ids else {}
        )
    domain_ids = {r["domain_id"] for kind in ("user", "group", "project") for r in found[kind].values()}
    domain_ids |= {r["domain_id"] for r in found["role"].values() if r["domain_id"] != m.GLOBAL_ROLE}
    missing = domain_ids - set(found["domain"])
    if missing:
        found["domain"].update(
            {r["id"]: r for r in c.rows(conn, sa.select(t.domains).where(t.domains.c.id.in_(missing)))}
        )
    return found


def _ref(kind: str, id_: str, names: dict[str, dict[str, dict[str, Any]]] | None) -> dict[str, Any]:
    if names is None:
        return {"id": id_}
    row = names[kind].get(id_)
    if row is None:
        return {"id": id_}
    ref: dict[str, Any] = {"id": id_, "name": row["name"]}
    domain_id = row.get("domain_id") if kind != "domain" else None
    if domain_id and domain_id != m.GLOBAL_ROLE:
        domain = names["domain"].get(domain_id)
        ref["domain"] = {"id": domain_id, "name": domain["name"] if domain else None}
    return ref


def _format(req: Req, e: m.Assignment, names: dict[str, dict[str, dict[str, Any]]] | None) -> dict[str, Any]:
    if e.scope == "system":
        scope: dict[str, Any] = {"system": {"all": True}}
    else:
        scope = {e.scope: _ref(e.scope, e.target_id, names)}
    if e.inherited:
        scope["OS-INHERIT:inherited_to"] = "projects"
    return {
        "role": _ref("role", e.role_id, names),
        e.actor: _ref(e.actor, e.actor_id, names),
        "scope": scope,
        "links": _links(req, e),
    }


async def list_role_assignments(req: Req) -> Any:
    q = req.query
    effective = c.query_flag(req, "effective")
    include_names = c.query_flag(req, "include_names")
    include_subtree = c.query_flag(req, "include_subtree")
    user_id, group_id, role_id = q.get("user.id"), q.get("group.id"), q.get("role.id")
    project_id, domain_id = q.get("scope.project.id"), q.get("scope.domain.id")
    system = q.get("scope.system")
    inherited_to = q.get("scope.OS-INHERIT:inherited_to")
    if user_id and group_id:
        raise c.bad_request("Specify a user or group, not both")
    if sum(bool(x) for x in (project_id, domain_id, system)) > 1:
        raise c.bad_request("Specify one of domain, project or system")
    if effective and group_id:
        raise c.bad_request("Combining effective and group filter will always result in an empty list.")
    if include_subtree and not project_id:
        raise c.bad_request("scope.project.id must be specified if include_subtree is also specified")
    if inherited_to is not None and inherited_to != "projects":
        raise c.bad_request(f"Invalid value for scope.OS-INHERIT:inherited_to: {inherited_to}")
    action = "identity:list_role_assignments_for_tree" if include_subtree else "identity:list_role_assignments"
    policy_target: dict[str, Any] = {}
    with req.cloud.store.read() as conn:
        if domain_id:
            policy_target = {"domain_id": domain_id}
        elif project_id:
            project = m.find(conn, t.projects, id=project_id)
            policy_target = {"project": {"id": project_id}, "domain_id": project["domain_id"] if project else None}
        c.authorize(req, action, policy_target)
        project_ids: set[str] | None = None
        if project_id:
            project_ids = {project_id} | (
                {p["id"] for p in m.project_subtree(conn, project_id)} if include_subtree else set()
            )
        entries = m.list_assignments(
            conn, effective, user_id, group_id, role_id, project_ids, domain_id, system, inherited_to
        )
        names = _names(conn, entries) if include_names else None
    return c.collection(req, "role_assignments", [_format(req, e, names) for e in entries])
