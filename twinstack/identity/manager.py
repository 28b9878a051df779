"""Identity's data operations, shared by the API handlers and the model loader (as Keystone's
managers are shared by its controllers and keystone-manage bootstrap)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.identity import errors
from twinstack.identity import tables as t
from twinstack.identity.assignments import project_ancestors
from twinstack.identity.passwords import check_password, hash_password

DEFAULT_DOMAIN_ID = "default"
GLOBAL_ROLE = "<<null>>"
MAX_PROJECT_DEPTH = 5  # keystone's [DEFAULT] max_project_tree_depth


def stable_id(kind: str, name: str) -> str:
    """Ids of built-in records are derived from their names, so they survive restarts unchanged."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"twinstack:{kind}:{name}").hex


def _conflict(kind: str, name: str) -> ApiError:
    return ApiError(
        409, f"Conflict occurred attempting to store {kind} - Duplicate entry found with name {name}.", "Conflict"
    )


def _insert(conn: Connection, table: sa.Table, values: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    try:
        with conn.begin_nested():
            conn.execute(table.insert().values(**values))
    except sa.exc.IntegrityError:
        raise _conflict(kind, name) from None
    return values


# -- lookups -----------------------------------------------------------------------------------
# One statement per (table, columns) with bound parameters, built once: SQLAlchemy then reuses its
# compiled form and cache key instead of rebuilding both per call (a token issue makes five lookups).
_LOOKUPS: dict[tuple[sa.Table, tuple[str, ...]], sa.Select[Any]] = {}


def _lookup(table: sa.Table, keys: tuple[str, ...]) -> sa.Select[Any]:
    query = _LOOKUPS.get((table, keys))
    if query is None:
        query = sa.select(table)
        for key in keys:
            query = query.where(table.c[key] == sa.bindparam(f"w_{key}"))
        _LOOKUPS[(table, keys)] = query
    return query


def get(conn: Connection, table: sa.Table, id_: str, kind: str) -> dict[str, Any]:
    row = conn.execute(_lookup(table, ("id",)), {"w_id": id_}).first()
    if row is None:
        raise ApiError(404, f"Could not find {kind}: {id_}.", f"{kind.capitalize()}NotFound")
    return dict(row._mapping)


def find(conn: Connection, table: sa.Table, **where: Any) -> dict[str, Any] | None:
    if any(value is None for value in where.values()):  # `col == None` is IS NULL, not a bound parameter
        query = sa.select(table)
        for key, value in where.items():
            query = query.where(table.c[key] == value)
        row = conn.execute(query).first()
    else:
        row = conn.execute(_lookup(table, tuple(where)), {f"w_{k}": v for k, v in where.items()}).first()
    return dict(row._mapping) if row else None


def domain_by_name_or_id(conn: Connection, ref: str) -> dict[str, Any] | None:
    return find(conn, t.domains, id=ref) or find(conn, t.domains, name=ref)


# -- creation ----------------------------------------------------------------------------------
def create_domain(
    conn: Connection,
    name: str,
    id: str | None = None,
    description: str = "",
    enabled: bool = True,
    tags: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    values = {
        "id": id or hex_id(),
        "name": name,
        "description": description,
        "enabled": enabled,
        "tags": tags or [],
        "extra": extra or {},
    }
    return _insert(conn, t.domains, values, "domain", name)


def create_project(
    conn: Connection,
    name: str,
    domain_id: str,
    id: str | None = None,
    parent_id: str | None = None,
    description: str = "",
    enabled: bool = True,
    tags: list[str] | None = None,
    extra: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    values = {
        "id": id or hex_id(),
        "name": name,
        "domain_id": domain_id,
        "parent_id": parent_id,
        "description": description,
        "enabled": enabled,
        "tags": tags or [],
        "extra": extra or {},
        "options": options or {},
    }
    try:
        with conn.begin_nested():
            conn.execute(t.projects.insert().values(**values))
    except sa.exc.IntegrityError:
        raise ApiError(
            409,
            "Conflict occurred attempting to store project - it is not permitted to have two "
            f"projects with the same name in the same domain : {name}.",
            "Conflict",
        ) from None
    set_project_tags(conn, str(values["id"]), tags or [])
    return values


def set_project_tags(conn: Connection, project_id: str, tags: list[str]) -> list[str]:
    """Replace a project's tags (the ordered list on the row, the index table beside it)."""
    tags = list(dict.fromkeys(tags))
    conn.execute(t.project_tags.delete().where(t.project_tags.c.project_id == project_id))
    if tags:
        conn.execute(t.project_tags.insert(), [{"project_id": project_id, "name": tag} for tag in tags])
    conn.execute(t.projects.update().where(t.projects.c.id == project_id).values(tags=tags))
    return tags


def create_user(
    conn: Connection,
    name: str,
    domain_id: str,
    password: str | None = None,
    id: str | None = None,
    email: str | None = None,
    enabled: bool = True,
    default_project_id: str | None = None,
    description: str | None = None,
    extra: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    values = {
        "id": id or hex_id(),
        "name": name,
        "domain_id": domain_id,
        "enabled": enabled,
        "password_hash": hash_password(password) if password is not None else None,
        "email": email,
        "description": description,
        "default_project_id": default_project_id,
        "extra": extra or {},
        "options": options or {},
        "created_at": now,
        "password_expires_at": None,
    }
    return _insert(conn, t.users, values, "user", name)


def create_group(
    conn: Connection,
    name: str,
    domain_id: str,
    id: str | None = None,
    description: str = "",
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    values = {
        "id": id or hex_id(),
        "name": name,
        "domain_id": domain_id,
        "description": description,
        "extra": extra or {},
    }
    return _insert(conn, t.groups, values, "group", name)


def add_member(conn: Connection, group_id: str, user_id: str) -> None:
    if find(conn, t.group_members, group_id=group_id, user_id=user_id) is None:
        conn.execute(t.group_members.insert().values(group_id=group_id, user_id=user_id))


def create_role(
    conn: Connection,
    name: str,
    id: str | None = None,
    domain_id: str | None = None,
    description: str | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    values = {
        "id": id or hex_id(),
        "name": name,
        "domain_id": domain_id or GLOBAL_ROLE,
        "description": description,
        "options": options or {},
        "extra": {},
    }
    return _insert(conn, t.roles, values, "role", name)


def imply(conn: Connection, prior_id: str, implied_id: str) -> None:
    if find(conn, t.implied_roles, prior_role_id=prior_id, implied_role_id=implied_id) is None:
        conn.execute(t.implied_roles.insert().values(prior_role_id=prior_id, implied_role_id=implied_id))


def assignment_type(actor: str, target: str) -> str:
    """('user', 'project') -> 'UserProject', as Keystone's assignment table names them."""
    return actor.capitalize() + target.capitalize()


def grant(
    conn: Connection, role_id: str, actor: str, actor_id: str, target: str, target_id: str, inherited: bool = False
) -> None:
    values = {
        "type": assignment_type(actor, target),
        "actor_id": actor_id,
        "target_id": target_id,
        "role_id": role_id,
        "inherited": inherited,
    }
    if find(conn, t.assignments, **values) is None:
        conn.execute(t.assignments.insert().values(**values))


def create_region(
    conn: Connection,
    id: str,
    description: str = "",
    parent_region_id: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    values = {"id": id, "description": description, "parent_region_id": parent_region_id, "extra": extra or {}}
    try:
        with conn.begin_nested():
            conn.execute(t.regions.insert().values(**values))
    except sa.exc.IntegrityError:
        raise ApiError(409, f"Conflict occurred attempting to store region - Duplicate ID, {id}.", "Conflict") from None
    return values


def service_row(
    type: str,
    name: str | None = None,
    id: str | None = None,
    description: str | None = None,
    enabled: bool = True,
    builtin: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A service's row as create_service writes it (the bootstrap writes the catalog's in one INSERT)."""
    return {"id": id or hex_id(), "type": type, "name": name, "description": description, "enabled": enabled,
            "builtin": builtin, "extra": extra or {}}


def create_service(conn: Connection, type: str, *args: Any, **fields: Any) -> dict[str, Any]:
    """service_row's arguments."""
    values = service_row(type, *args, **fields)
    conn.execute(t.services.insert().values(**values))
    return values


def endpoint_row(
    service_id: str,
    interface: str,
    url: str,
    region_id: str | None = None,
    id: str | None = None,
    enabled: bool = True,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An endpoint's row as create_endpoint writes it."""
    return {"id": id or hex_id(), "service_id": service_id, "interface": interface, "url": url,
            "region_id": region_id, "enabled": enabled, "extra": extra or {}}


def create_endpoint(conn: Connection, *args: Any, **fields: Any) -> dict[str, Any]:
    """endpoint_row's arguments."""
    values = endpoint_row(*args, **fields)
    conn.execute(t.endpoints.insert().values(**values))
    return values


def change_password(conn: Connection, user_id: str, original: str, new: str) -> None:
    """A user's own password change: the original password is the proof; any failure is one 401."""
    row = find(conn, t.users, id=user_id)
    if row is None or not row["enabled"] or not check_password(original, row["password_hash"]):
        raise errors.unauthorized("Error when changing user password: Invalid user / password")
    conn.execute(t.users.update().where(t.users.c.id == user_id).values(password_hash=hash_password(new)))


# -- the project hierarchy -------------------------------------------------------------------------
def project_subtree(conn: Connection, project_id: str) -> list[dict[str, Any]]:
    """Every project below this one, level by level (one query per level, not per project)."""
    out: list[dict[str, Any]] = []
    frontier = [project_id]
    while frontier:
        query = sa.select(t.projects).where(t.projects.c.parent_id.in_(frontier)).order_by(t.projects.c.name)
        level = [dict(r._mapping) for r in conn.execute(query)]
        out.extend(level)
        frontier = [p["id"] for p in level]
    return out


def check_project_parent(conn: Connection, parent: dict[str, Any], enabled: bool) -> None:
    """A new project under ``parent``: the tree may not grow past Keystone's depth, and an enabled
    project may not sit below a disabled one."""
    parents = project_ancestors(conn, parent["id"])
    if len(parents) + 2 > MAX_PROJECT_DEPTH:
        raise errors.forbidden_not_security(f"Max hierarchy depth reached for {parent['id']} branch.")
    if enabled and (not parent["enabled"] or any(not p["enabled"] for p in parents)):
        raise errors.bad_request(f"cannot create a project in a branch containing a disabled project: {parent['id']}")


def update_project(
    conn: Connection, row: dict[str, Any], data: dict[str, Any], values: dict[str, Any], cascade: bool
) -> list[str]:
    """Keystone's project update rules, then the write: ``values`` are the row's new columns,
    ``data`` the request as given. Returns the projects this disabled (their tokens are revoked)."""
    project_id = row["id"]
    if "domain_id" in data and data["domain_id"] != row["domain_id"]:
        raise errors.bad_request("Cannot change Domain ID")
    if "parent_id" in data and data["parent_id"] not in (
        row["parent_id"],
        None if row["parent_id"] else row["domain_id"],
    ):
        raise errors.forbidden_not_security("Update of `parent_id` is not allowed.")
    if data.get("is_domain"):
        raise errors.bad_request("Update of `is_domain` is not allowed.")
    if (
        "name" in data
        and data["name"] != row["name"]
        and find(conn, t.projects, name=data["name"], domain_id=row["domain_id"])
    ):
        raise errors.conflict(
            "project",
            f"it is not permitted to have two projects with the same name in the same domain : {data['name']}",
        )
    enabling = data.get("enabled") is True and not row["enabled"]
    disabling = data.get("enabled") is False and row["enabled"]
    below = project_subtree(conn, project_id)
    if cascade and set(data) != {"enabled"}:
        raise errors.bad_request("Cascade update is only allowed for enabled attribute.")
    if enabling and any(not p["enabled"] for p in project_ancestors(conn, project_id)):
        raise errors.forbidden_not_security(f"Cannot enable project {project_id} since it has disabled parents")
    if disabling and not cascade and any(p["enabled"] for p in below):
        raise errors.forbidden_not_security(
            f"Cannot disable project {project_id} since its subtree contains enabled projects."
        )
    if cascade and below:  # keystone's ?cascade: the whole subtree takes the new enabled value
        conn.execute(
            t.projects.update().where(t.projects.c.id.in_([p["id"] for p in below])).values(enabled=data["enabled"])
        )
    values = dict(values)
    if "description" in values and values["description"] is None:
        values["description"] = ""
    if values:
        conn.execute(t.projects.update().where(t.projects.c.id == project_id).values(**values))
    if "tags" in data:
        set_project_tags(conn, project_id, data["tags"])
    if not disabling:
        return []
    return [project_id] + ([p["id"] for p in below if p["enabled"]] if cascade else [])


def delete_project_tree(conn: Connection, project_id: str, cascade: bool) -> list[str]:
    """Delete a leaf project, or with ``cascade`` a disabled subtree with it. Returns the ids deleted."""
    below = project_subtree(conn, project_id)
    if cascade:
        if any(p["enabled"] for p in below):
            raise errors.forbidden_not_security(
                f"Cannot delete project {project_id} since its subtree contains enabled projects."
            )
    elif below:
        raise errors.forbidden_not_security(
            f"Cannot delete the project {project_id} since it is not a leaf in the "
            "hierarchy. Use the cascade option if you want to delete a whole subtree."
        )
    # leaves first, so no row ever names a parent that is gone
    for level in reversed([p["id"] for p in below]):
        delete_projects(conn, [level])
    delete_projects(conn, [project_id])
    return [project_id] + [p["id"] for p in below]


# -- deletion, with what Keystone deletes alongside ---------------------------------------------
def delete_assignments(
    conn: Connection,
    actor_ids: list[str] | None = None,
    target_ids: list[str] | None = None,
    role_ids: list[str] | None = None,
) -> None:
    a = t.assignments.c
    query = t.assignments.delete()
    if actor_ids is not None:
        query = query.where(a.actor_id.in_(actor_ids))
    if target_ids is not None:
        query = query.where(a.target_id.in_(target_ids))
    if role_ids is not None:
        query = query.where(a.role_id.in_(role_ids))
    conn.execute(query)


def delete_users(conn: Connection, user_ids: list[str]) -> None:
    """Users with their memberships, grants, application credentials and credentials."""
    if not user_ids:
        return
    delete_assignments(conn, actor_ids=user_ids)
    conn.execute(t.group_members.delete().where(t.group_members.c.user_id.in_(user_ids)))
    conn.execute(t.application_credentials.delete().where(t.application_credentials.c.user_id.in_(user_ids)))
    conn.execute(t.access_rules.delete().where(t.access_rules.c.user_id.in_(user_ids)))
    conn.execute(
        t.trusts.delete().where(
            sa.or_(t.trusts.c.trustor_user_id.in_(user_ids), t.trusts.c.trustee_user_id.in_(user_ids))
        )
    )
    conn.execute(t.credentials.delete().where(t.credentials.c.user_id.in_(user_ids)))
    conn.execute(t.users.delete().where(t.users.c.id.in_(user_ids)))


def delete_groups(conn: Connection, group_ids: list[str]) -> None:
    if not group_ids:
        return
    delete_assignments(conn, actor_ids=group_ids)
    conn.execute(t.group_members.delete().where(t.group_members.c.group_id.in_(group_ids)))
    conn.execute(t.groups.delete().where(t.groups.c.id.in_(group_ids)))


def delete_projects(conn: Connection, project_ids: list[str]) -> None:
    """Projects with the grants on them, their tags, the application credentials scoped to them and
    their OS-EP-FILTER associations."""
    if not project_ids:
        return
    delete_assignments(conn, target_ids=project_ids)
    conn.execute(t.project_tags.delete().where(t.project_tags.c.project_id.in_(project_ids)))
    conn.execute(t.limits.delete().where(t.limits.c.project_id.in_(project_ids)))
    conn.execute(t.application_credentials.delete().where(t.application_credentials.c.project_id.in_(project_ids)))
    conn.execute(t.project_endpoints.delete().where(t.project_endpoints.c.project_id.in_(project_ids)))
    conn.execute(t.project_endpoint_groups.delete().where(t.project_endpoint_groups.c.project_id.in_(project_ids)))
    conn.execute(t.projects.delete().where(t.projects.c.id.in_(project_ids)))


def delete_builtin_services(conn: Connection) -> None:
    """The catalog entries the cloud registers itself (not an operator's), with their endpoints."""
    builtin = sa.select(t.services.c.id).where(t.services.c.builtin.is_(True))
    conn.execute(t.endpoints.delete().where(t.endpoints.c.service_id.in_(builtin)))
    conn.execute(t.services.delete().where(t.services.c.builtin.is_(True)))


def delete_domain(conn: Connection, row: dict[str, Any]) -> None:
    """A disabled domain, with everything it holds: projects, users, groups, its roles, grants on it,
    its configuration and limits (an enabled one is 403, as in Keystone)."""
    domain_id = row["id"]
    if row["enabled"]:
        raise errors.forbidden_not_security("Cannot delete a domain that is enabled, please disable it first.")

    def ids(table: sa.Table) -> list[str]:
        return [r[0] for r in conn.execute(sa.select(table.c.id).where(table.c.domain_id == domain_id))]

    project_ids, user_ids, group_ids, role_ids = ids(t.projects), ids(t.users), ids(t.groups), ids(t.roles)
    delete_projects(conn, project_ids)
    delete_users(conn, user_ids)
    delete_groups(conn, group_ids)
    delete_roles(conn, role_ids)
    delete_assignments(conn, target_ids=[domain_id])
    conn.execute(t.domain_configs.delete().where(t.domain_configs.c.domain_id == domain_id))
    conn.execute(t.limits.delete().where(t.limits.c.domain_id == domain_id))
    delete_identity_providers(conn, ids(t.identity_providers))  # keystone's domain-deleted callback
    conn.execute(t.domains.delete().where(t.domains.c.id == domain_id))


def delete_identity_providers(conn: Connection, idp_ids: list[str]) -> None:
    """Identity providers with their remote ids and protocols (their domains stay)."""
    conn.execute(t.federation_protocols.delete().where(t.federation_protocols.c.idp_id.in_(idp_ids)))
    conn.execute(t.idp_remote_ids.delete().where(t.idp_remote_ids.c.idp_id.in_(idp_ids)))
    conn.execute(t.identity_providers.delete().where(t.identity_providers.c.id.in_(idp_ids)))


def delete_roles(conn: Connection, role_ids: list[str]) -> None:
    if not role_ids:
        return
    delete_assignments(conn, role_ids=role_ids)
    ir = t.implied_roles.c
    conn.execute(
        t.implied_roles.delete().where(sa.or_(ir.prior_role_id.in_(role_ids), ir.implied_role_id.in_(role_ids)))
    )
    conn.execute(t.roles.delete().where(t.roles.c.id.in_(role_ids)))


# -- role assignments, as /v3/role_assignments lists them (keystone's assignment manager) -------------
@dataclass(frozen=True)
class Assignment:
    """One role assignment as /v3/role_assignments shows it (direct, or one step of an expansion)."""

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


def _direct(
    conn: Connection,
    actor_ids: list[str] | None,
    role_id: str | None,
    scopes: set[str],
    target_ids: set[str] | None = None,
) -> list[Assignment]:
    a = t.assignments.c
    query = sa.select(t.assignments)
    if target_ids is not None:
        query = query.where(a.target_id.in_(target_ids))
    if actor_ids is not None:
        query = query.where(a.actor_id.in_(actor_ids))
    if role_id is not None:
        query = query.where(a.role_id == role_id)
    types = [assignment_type(actor, scope) for actor in ("user", "group") for scope in scopes]
    query = query.where(a.type.in_(types))
    out = []
    for row in conn.execute(query):
        actor = "user" if row.type.startswith("User") else "group"
        out.append(
            Assignment(row.role_id, actor, row.actor_id, row.type[len(actor) :].lower(), row.target_id, row.inherited)
        )
    return out


def _expand_groups(conn: Connection, entries: list[Assignment], only_user: str | None) -> list[Assignment]:
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


def _expand_inheritance(conn: Connection, entries: list[Assignment]) -> list[Assignment]:
    out = [e for e in entries if not e.inherited]
    inherited = [e for e in entries if e.inherited]
    domain_projects: dict[str, list[str]] = {}
    domains = {e.target_id for e in inherited if e.scope == "domain"}
    if domains:
        for pid, did in conn.execute(
            sa.select(t.projects.c.id, t.projects.c.domain_id).where(t.projects.c.domain_id.in_(domains))
        ):
            domain_projects.setdefault(did, []).append(pid)
    below: dict[str, list[str]] = {}
    for e in inherited:
        if e.scope == "domain":
            projects = domain_projects.get(e.target_id, [])
        else:
            if e.target_id not in below:
                below[e.target_id] = [p["id"] for p in project_subtree(conn, e.target_id)]
            projects = below[e.target_id]
        out += [
            replace(e, scope="project", target_id=p, inherited=False, inherited_from=(e.scope, e.target_id))
            for p in projects
        ]
    return out


def _expand_implied(conn: Connection, entries: list[Assignment]) -> list[Assignment]:
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


def list_assignments(
    conn: Connection,
    effective: bool,
    user_id: str | None,
    group_id: str | None,
    role_id: str | None,
    project_ids: set[str] | None,
    domain_id: str | None,
    system: str | None,
    inherited_to: str | None,
) -> list[Assignment]:
    """The assignments /v3/role_assignments lists for these filters: direct grants, or with
    ``effective`` what they amount to (groups, inheritance and implied roles expanded)."""
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
        actors = [user_id] + (
            [
                r[0]
                for r in conn.execute(sa.select(t.group_members.c.group_id).where(t.group_members.c.user_id == user_id))
            ]
            if effective
            else []
        )
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
        domain_roles = {r[0] for r in conn.execute(sa.select(t.roles.c.id).where(t.roles.c.domain_id != GLOBAL_ROLE))}
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


def _dedupe(entries: list[Assignment]) -> list[Assignment]:
    """Effective lists one entry per (user, role, scope), as keystone does after expansion."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for e in entries:
        key = (e.actor_id, e.role_id, e.scope, e.target_id)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
