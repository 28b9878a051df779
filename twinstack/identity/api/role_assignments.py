"""``/v3/role_assignments``: direct grants, or with ``effective`` what they amount to, as keystone's
assignment manager expands them: group grants become one entry per member (link ``membership``),
inherited grants become one entry per project below (link to the OS-INHERIT grant), implied roles
are added (link ``prior_role``); ``include_names`` and ``include_subtree`` as keystone/api/role_assignments.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Req
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c


@dataclass(frozen=True)
class Entry:
    role_id: str
    actor: str  # user | group
    actor_id: str
    scope: str  # project | domain | system
    target_id: str
    inherited: bool
    via_group: str | None = None  # effective: the group the user got it through
    inherited_from: tuple[str, str] | None = None  # effective: (scope, target) of the inherited grant
    prior_role_id: str | None = None  # effective: the role that implied this one
    granted_role_id: str | None = None  # effective: the role actually granted, when this one is implied


def _direct(conn: Connection, actor_ids: list[str] | None, role_id: str | None, scopes: set[str],
            target_ids: set[str] | None = None) -> list[Entry]:
    a = t.assignments.c
    query = sa.select(t.assignments)
    if target_ids is not None:
        query = query.where(a.target_id.in_(target_ids))
    if actor_ids is not None:
        query = query.where(a.actor_id.in_(actor_ids))
    if role_id is not None:
        query = query.where(a.role_id == role_id)
    types = [m.assignment_type(actor, scope) for actor in ("user", "group") for scope in scopes]
    query = query.where(a.type.in_(types))
    out = []
    for row in conn.execute(query):
        actor = "user" if row.type.startswith("User") else "group"
        out.append(Entry(row.role_id, actor, row.actor_id, row.type[len(actor):].lower(), row.target_id, row.inherited))
    return out


def _expand_groups(conn: Connection, entries: list[Entry], only_user: str | None) -> list[Entry]:
    group_ids = {e.actor_id for e in entries if e.actor == "group"}
    members: dict[str, list[str]] = {}
    if group_ids:
        gm = t.group_members.c
        query = sa.select(gm.group_id, gm.user_id).where(gm.group_id.in_(group_ids))
        if only_user:
            query = query.where(gm.user_id == only_user)
        for group_id, user_id in conn.execute(query):
            members.setdefault(group_id, []).append(user_id)
    out = []
    for e in entries:
        if e.actor == "user":
            out.append(e)
        else:
            out += [replace(e, actor="user", actor_id=u, via_group=e.actor_id) for u in members.get(e.actor_id, [])]
    return out


def _expand_inheritance(conn: Connection, entries: list[Entry]) -> list[Entry]:
    out = [e for e in entries if not e.inherited]
    inherited = [e for e in entries if e.inherited]
    domain_projects: dict[str, list[str]] = {}
    domains = {e.target_id for e in inherited if e.scope == "domain"}
    if domains:
        for pid, did in conn.execute(sa.select(t.projects.c.id, t.projects.c.domain_id).where(t.projects.c.domain_id.in_(domains))):
            domain_projects.setdefault(did, []).append(pid)
    below: dict[str, list[str]] = {}
    for e in inherited:
        if e.scope == "domain":
            projects = domain_projects.get(e.target_id, [])
        else:
            if e.target_id not in below:
                below[e.target_id] = [p["id"] for p in m.project_subtree(conn, e.target_id)]
            projects = below[e.target_id]
        out += [replace(e, scope="project", target_id=p, inherited=False, inherited_from=(e.scope, e.target_id))
                for p in projects]
    return out


def _expand_implied(conn: Connection, entries: list[Entry]) -> list[Entry]:
    rules: dict[str, list[str]] = {}
    for prior, implied in conn.execute(sa.select(t.implied_roles.c.prior_role_id, t.implied_roles.c.implied_role_id)):
        rules.setdefault(prior, []).append(implied)
    out = []
    for e in entries:
        out.append(e)
        seen, todo = {e.role_id}, [e.role_id]
        while todo:
            prior = todo.pop()
            for implied in rules.get(prior, []):
                if implied not in seen:
                    seen.add(implied)
                    todo.append(implied)
                    out.append(replace(e, role_id=implied, prior_role_id=prior, granted_role_id=e.role_id))
    return out


def _links(req: Req, e: Entry) -> dict[str, str]:
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


def _origin_role(e: Entry) -> str:
    return e.granted_role_id or e.role_id


def _names(conn: Connection, entries: list[Entry]) -> dict[str, dict[str, dict[str, Any]]]:
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
        found[kind] = {r["id"]: r for r in c.rows(conn, sa.select(tables[kind]).where(tables[kind].c.id.in_(ids)))} if ids else {}
    domain_ids = {r["domain_id"] for kind in ("user", "group", "project") for r in found[kind].values()}
    domain_ids |= {r["domain_id"] for r in found["role"].values() if r["domain_id"] != m.GLOBAL_ROLE}
    missing = domain_ids - set(found["domain"])
    if missing:
        found["domain"].update({r["id"]: r for r in c.rows(conn, sa.select(t.domains).where(t.domains.c.id.in_(missing)))})
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


def _format(req: Req, e: Entry, names: dict[str, dict[str, dict[str, Any]]] | None) -> dict[str, Any]:
    if e.scope == "system":
        scope: dict[str, Any] = {"system": {"all": True}}
    else:
        scope = {e.scope: _ref(e.scope, e.target_id, names)}
    if e.inherited:
        scope["OS-INHERIT:inherited_to"] = "projects"
    return {"role": _ref("role", e.role_id, names), e.actor: _ref(e.actor, e.actor_id, names), "scope": scope,
            "links": _links(req, e)}


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
            project_ids = {project_id} | ({p["id"] for p in m.project_subtree(conn, project_id)} if include_subtree else set())
        entries = _collect(conn, effective, user_id, group_id, role_id, project_ids, domain_id, system, inherited_to)
        names = _names(conn, entries) if include_names else None
    return c.collection(req, "role_assignments", [_format(req, e, names) for e in entries])


def _collect(conn: Connection, effective: bool, user_id: str | None, group_id: str | None, role_id: str | None,
             project_ids: set[str] | None, domain_id: str | None, system: str | None,
             inherited_to: str | None) -> list[Entry]:
    if project_ids is not None:
        scopes = {"project", "domain"} if effective else {"project"}
    elif domain_id:
        scopes = {"domain"}
    elif system:
        scopes = {"system"}
    else:
        scopes = {"project", "domain", "system"}
    actors: list[str] | None = None
    if user_id:
        actors = [user_id] + ([r[0] for r in conn.execute(sa.select(t.group_members.c.group_id)
                                                          .where(t.group_members.c.user_id == user_id))]
                              if effective else [])
    elif group_id:
        actors = [group_id]
    # with implied roles expanded the role filter applies afterwards (a prior role may imply it)
    targets = None
    if not effective:
        targets = project_ids if project_ids is not None else ({domain_id} if domain_id else None)
    entries = _direct(conn, actors, None if effective else role_id, scopes, targets)
    if effective:
        entries = _expand_implied(conn, _expand_inheritance(conn, _expand_groups(conn, entries, user_id)))
        # domain-specific roles never take effect themselves, only the global roles they imply
        domain_roles = {r[0] for r in conn.execute(sa.select(t.roles.c.id).where(t.roles.c.domain_id != m.GLOBAL_ROLE))}
        entries = [e for e in dict.fromkeys(entries) if e.role_id not in domain_roles]
    keep = []
    for e in entries:
        if role_id and e.role_id != role_id:
            continue
        if user_id and (e.actor != "user" or e.actor_id != user_id):
            continue
        if group_id and (e.actor != "group" or e.actor_id != group_id):
            continue
        if project_ids is not None and (e.scope != "project" or e.target_id not in project_ids):
            continue
        if domain_id and (e.scope != "domain" or e.target_id != domain_id):
            continue
        if system and e.scope != "system":
            continue
        if inherited_to and not e.inherited:
            continue
        keep.append(e)
    return _dedupe(keep) if effective else keep


def _dedupe(entries: list[Entry]) -> list[Entry]:
    """Effective lists one entry per (user, role, scope), as keystone does after expansion."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for e in entries:
        key = (e.actor_id, e.role_id, e.scope, e.target_id)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
