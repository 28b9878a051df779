"""Effective roles: direct grants, grants through groups, grants inherited from domains and parent
projects, then implied roles expanded, as Keystone's assignment manager computes them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.identity import tables as t

SYSTEM = "system"


def user_group_ids(conn: Connection, user_id: str) -> list[str]:
    rows = conn.execute(sa.select(t.group_members.c.group_id).where(t.group_members.c.user_id == user_id))
    return [r[0] for r in rows]


def project_ancestors(conn: Connection, project_id: str) -> list[dict[str, Any]]:
    """The project's parents, nearest first (not the project itself)."""
    out: list[dict[str, Any]] = []
    row = conn.execute(sa.select(t.projects).where(t.projects.c.id == project_id)).first()
    seen = {project_id}
    while row is not None and row.parent_id and row.parent_id not in seen:
        seen.add(row.parent_id)
        row = conn.execute(sa.select(t.projects).where(t.projects.c.id == row.parent_id)).first()
        if row is not None:
            out.append(dict(row._mapping))
    return out


def implied_closure(conn: Connection, role_ids: set[str]) -> set[str]:
    """The roles plus every role they imply, transitively."""
    rules: dict[str, list[str]] = {}
    for prior, implied in conn.execute(sa.select(t.implied_roles.c.prior_role_id, t.implied_roles.c.implied_role_id)):
        rules.setdefault(prior, []).append(implied)
    out = set(role_ids)
    todo = list(role_ids)
    while todo:
        for implied in rules.get(todo.pop(), []):
            if implied not in out:
                out.add(implied)
                todo.append(implied)
    return out


def direct_role_ids(
    conn: Connection, actor_ids: list[str], scope: str, target_id: str, domain_id: str | None = None
) -> set[str]:
    """Role ids granted to any of ``actor_ids`` on a project, domain or the system (before implication)."""
    a = t.assignments.c
    if scope == "system":
        targets = [(SYSTEM, False)]
    elif scope == "domain":
        targets = [(target_id, False)]
    else:
        ancestors = project_ancestors(conn, target_id)
        targets = [(target_id, False)] + [(p["id"], True) for p in ancestors]
        if domain_id:
            targets.append((domain_id, True))
    conds = [sa.and_(a.target_id == tid, a.inherited.is_(True) if inh else sa.true()) for tid, inh in targets]
    if scope == "project":
        # a non-inherited grant on the project itself counts; on parents/domain only inherited ones
        conds = [sa.and_(a.target_id == target_id, a.inherited.is_(False))] + conds[1:]
        type_ok = a.type.in_(("UserProject", "GroupProject", "UserDomain", "GroupDomain"))
    elif scope == "domain":
        conds = [sa.and_(a.target_id == target_id, a.inherited.is_(False))]
        type_ok = a.type.in_(("UserDomain", "GroupDomain"))
    else:
        type_ok = a.type.in_(("UserSystem", "GroupSystem"))
    query = sa.select(a.role_id).where(a.actor_id.in_(actor_ids), type_ok, sa.or_(*conds))
    return {r[0] for r in conn.execute(query)}


# Effective roles per (store, user, scope, target), emptied by Tokens.changed() on every identity write.
# Handlers write and then clear without yielding to the event loop, so no stale entry survives a write.
# Keyed by the engine object itself: rendering its URL per call was measurable.
_ROLES: dict[tuple[Any, str, str, str, str | None], list[dict[str, str]]] = {}


def clear_cache() -> None:
    _ROLES.clear()


def effective_roles(
    conn: Connection, user_id: str, scope: str, target_id: str, domain_id: str | None = None
) -> list[dict[str, str]]:
    """[{'id', 'name'}] of the roles the user holds on the target, implied roles included."""
    key = (conn.engine, user_id, scope, target_id, domain_id)
    cached = _ROLES.get(key)
    if cached is None:
        cached = _compute_effective_roles(conn, user_id, scope, target_id, domain_id)
        if len(_ROLES) > 50000:
            _ROLES.clear()
        _ROLES[key] = cached
    return list(cached)


def _compute_effective_roles(
    conn: Connection, user_id: str, scope: str, target_id: str, domain_id: str | None = None
) -> list[dict[str, str]]:
    actors = [user_id] + user_group_ids(conn, user_id)
    role_ids = implied_closure(conn, direct_role_ids(conn, actors, scope, target_id, domain_id))
    if not role_ids:
        return []
    # domain-specific roles only imply other roles; they never appear in a token themselves (keystone)
    rows = conn.execute(sa.select(t.roles.c.id, t.roles.c.name)
                        .where(t.roles.c.id.in_(role_ids), t.roles.c.domain_id == "<<null>>").order_by(t.roles.c.name))
    return [{"id": r.id, "name": r.name} for r in rows]


def projects_with_roles(conn: Connection, user_id: str) -> list[dict[str, Any]]:
    """Projects the user can scope to (what /v3/auth/projects and /v2.0/tenants list)."""
    actors = [user_id] + user_group_ids(conn, user_id)
    a = t.assignments.c
    grants = list(conn.execute(sa.select(a.type, a.target_id, a.inherited).where(a.actor_id.in_(actors))))
    project_ids = {g.target_id for g in grants if g.type.endswith("Project") and not g.inherited}
    inherited_domains = {g.target_id for g in grants if g.type.endswith("Domain") and g.inherited}
    inherited_parents = {g.target_id for g in grants if g.type.endswith("Project") and g.inherited}
    p = t.projects.c
    conds = [p.id.in_(project_ids)]
    if inherited_domains:
        conds.append(p.domain_id.in_(inherited_domains))
    rows = [dict(r._mapping) for r in conn.execute(sa.select(t.projects).where(sa.or_(*conds)))]
    # an inherited grant on a project reaches its whole subtree, not the project itself
    frontier, seen = set(inherited_parents), set(inherited_parents)
    while frontier:
        kids = [dict(r._mapping) for r in conn.execute(sa.select(t.projects).where(p.parent_id.in_(frontier)))]
        rows.extend(kids)
        frontier = {k["id"] for k in kids} - seen
        seen |= frontier
    unique = {r["id"]: r for r in rows}
    return sorted(unique.values(), key=lambda r: r["name"])


def domains_with_roles(conn: Connection, user_id: str) -> list[dict[str, Any]]:
    actors = [user_id] + user_group_ids(conn, user_id)
    a = t.assignments.c
    ids = {
        r[0]
        for r in conn.execute(
            sa.select(a.target_id).where(
                a.actor_id.in_(actors), a.type.in_(("UserDomain", "GroupDomain")), a.inherited.is_(False)
            )
        )
    }
    if not ids:
        return []
    return [
        dict(r._mapping)
        for r in conn.execute(sa.select(t.domains).where(t.domains.c.id.in_(ids)).order_by(t.domains.c.name))
    ]


def has_system_roles(conn: Connection, user_id: str) -> bool:
    return bool(effective_roles(conn, user_id, "system", SYSTEM))
