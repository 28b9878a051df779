"""Identity for other services in this process (what keystoneauth and Keystone's API give Nova,
Glance, Neutron and Cinder): project, user and domain lookups and role checks, read inside the
caller's transaction. Every answer is a frozen record or a plain value, never a table row."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.identity import assignments, manager
from twinstack.identity import tables as t

DEFAULT_DOMAIN_ID = manager.DEFAULT_DOMAIN_ID


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    name: str
    enabled: bool


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    domain_id: str
    parent_id: str | None
    enabled: bool


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    domain_id: str
    enabled: bool
    default_project_id: str | None


def _domain(row: sa.Row[tuple[object, ...]] | None) -> Domain | None:
    return None if row is None else Domain(row.id, row.name, bool(row.enabled))


def _project(row: sa.Row[tuple[object, ...]] | None) -> Project | None:
    if row is None:
        return None
    return Project(row.id, row.name, row.domain_id, row.parent_id, bool(row.enabled))


def _user(row: sa.Row[tuple[object, ...]] | None) -> User | None:
    if row is None:
        return None
    return User(row.id, row.name, row.domain_id, bool(row.enabled), row.default_project_id)


# -- domains ------------------------------------------------------------------------------------
def get_domain(conn: Connection, domain_id: str) -> Domain | None:
    return _domain(conn.execute(sa.select(t.domains).where(t.domains.c.id == domain_id)).first())


def find_domain(conn: Connection, name: str) -> Domain | None:
    """The domain of that name (names are unique across the cloud, as in Keystone)."""
    return _domain(conn.execute(sa.select(t.domains).where(t.domains.c.name == name)).first())


def domain_exists(conn: Connection, domain_id: str) -> bool:
    return get_domain(conn, domain_id) is not None


# -- projects -----------------------------------------------------------------------------------
def get_project(conn: Connection, project_id: str) -> Project | None:
    return _project(conn.execute(sa.select(t.projects).where(t.projects.c.id == project_id)).first())


def find_project(conn: Connection, name: str, domain_id: str = DEFAULT_DOMAIN_ID) -> Project | None:
    """The project of that name within the domain (names are unique per domain)."""
    p = t.projects.c
    return _project(conn.execute(sa.select(t.projects).where(p.name == name, p.domain_id == domain_id)).first())


def resolve_project(conn: Connection, ref: str, domain_id: str = DEFAULT_DOMAIN_ID) -> Project | None:
    """A project a model file names: by name within the domain first, else by id."""
    return find_project(conn, ref, domain_id) or get_project(conn, ref)


def project_exists(conn: Connection, project_id: str) -> bool:
    """Nova's identity.verify_project_id asks exactly this."""
    return conn.execute(sa.select(t.projects.c.id).where(t.projects.c.id == project_id)).first() is not None


def project_name(conn: Connection, project_id: str | None) -> str | None:
    if not project_id:
        return None
    return conn.execute(sa.select(t.projects.c.name).where(t.projects.c.id == project_id)).scalar()


def project_ids_by_name(conn: Connection, domain_id: str | None = DEFAULT_DOMAIN_ID) -> dict[str, str]:
    """{name: id} of the projects in one domain (``None``: every domain; a later name wins)."""
    query = sa.select(t.projects.c.name, t.projects.c.id)
    if domain_id is not None:
        query = query.where(t.projects.c.domain_id == domain_id)
    return dict(conn.execute(query).tuples().all())


# -- users --------------------------------------------------------------------------------------
def get_user(conn: Connection, user_id: str) -> User | None:
    return _user(conn.execute(sa.select(t.users).where(t.users.c.id == user_id)).first())


def find_user(conn: Connection, name: str, domain_id: str = DEFAULT_DOMAIN_ID) -> User | None:
    """The user of that name within the domain (names are unique per domain)."""
    u = t.users.c
    return _user(conn.execute(sa.select(t.users).where(u.name == name, u.domain_id == domain_id)).first())


def user_exists(conn: Connection, user_id: str) -> bool:
    return conn.execute(sa.select(t.users.c.id).where(t.users.c.id == user_id)).first() is not None


# -- roles --------------------------------------------------------------------------------------
def project_roles(conn: Connection, user_id: str, project_id: str) -> list[str]:
    """Names of the roles the user holds on the project, as a token scoped to it would carry them:
    direct, through groups, inherited from the domain and parents, implied roles included."""
    project = get_project(conn, project_id)
    if project is None:
        return []
    return [r["name"] for r in assignments.effective_roles(conn, user_id, "project", project.id, project.domain_id)]


def has_project_role(conn: Connection, user_id: str, project_id: str, role: str) -> bool:
    return role in project_roles(conn, user_id, project_id)


def system_roles(conn: Connection, user_id: str) -> list[str]:
    return [r["name"] for r in assignments.effective_roles(conn, user_id, "system", assignments.SYSTEM)]


# -- writes, for Heat's OS::Keystone::* resources -----------------------------------------------------
# With the caller's context and Keystone's policy rules (admin's by default), each its own transaction;
# tokens of a deleted user or project are revoked, and the cloud's identity caches start over.
from typing import TYPE_CHECKING, Any  # noqa: E402  (this block stays at the end of the file)

from twinstack.core.errors import ApiError  # noqa: E402

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context


def _authorize(cloud: Cloud, caller: Context, rule: str, target: dict[str, Any]) -> None:
    cloud.policy.authorize(rule, {k: v for k, v in target.items() if v is not None}, caller)


def _domain_id(conn: Connection, ref: str | None) -> str:
    if not ref:
        return DEFAULT_DOMAIN_ID
    row = manager.domain_by_name_or_id(conn, ref)
    if row is None:
        raise ApiError(404, f"Could not find domain: {ref}.", "DomainNotFound")
    return str(row["id"])


def create_project(cloud: Cloud, caller: Context, name: str, domain: str | None = None, description: str = "",
                   enabled: bool = True, parent_id: str | None = None, tags: list[str] | None = None
                   ) -> dict[str, Any]:
    with cloud.store.begin() as conn:
        domain_id = _domain_id(conn, domain)
        _authorize(cloud, caller, "identity:create_project", {"target.project.domain_id": domain_id})
        row = manager.create_project(conn, name, domain_id, parent_id=parent_id, description=description,
                                     enabled=enabled, tags=tags)
    cloud.identity_changed()
    return row


def delete_project(cloud: Cloud, caller: Context, project_id: str) -> None:
    from twinstack.identity.backend import tokens_of

    with cloud.store.begin() as conn:
        row = manager.find(conn, t.projects, id=project_id)
        if row is None:
            raise ApiError(404, f"Could not find project: {project_id}.", "ProjectNotFound")
        _authorize(cloud, caller, "identity:delete_project", {"target.project.domain_id": row["domain_id"],
                                                              "target.project.id": project_id})
        gone = manager.delete_project_tree(conn, project_id, False)
    for project in gone:
        tokens_of(cloud).revoke(project_id=project)
    cloud.identity_changed()


def create_user(cloud: Cloud, caller: Context, name: str, domain: str | None = None, password: str | None = None,
                default_project_id: str | None = None, email: str | None = None, description: str | None = None,
                enabled: bool = True) -> dict[str, Any]:
    with cloud.store.begin() as conn:
        domain_id = _domain_id(conn, domain)
        _authorize(cloud, caller, "identity:create_user", {"target.user.domain_id": domain_id})
        row = manager.create_user(conn, name, domain_id, password=password, email=email, enabled=enabled,
                                  default_project_id=default_project_id, description=description,
                                  now=cloud.clock.now())
    cloud.identity_changed()
    return row


def delete_user(cloud: Cloud, caller: Context, user_id: str) -> None:
    from twinstack.identity.backend import tokens_of

    with cloud.store.begin() as conn:
        row = manager.find(conn, t.users, id=user_id)
        if row is None:
            raise ApiError(404, f"Could not find user: {user_id}.", "UserNotFound")
        _authorize(cloud, caller, "identity:delete_user", {"target.user.domain_id": row["domain_id"],
                                                           "target.user.id": user_id})
        manager.delete_users(conn, [user_id])
    tokens_of(cloud).revoke(user_id=user_id)
    cloud.identity_changed()


def role_id(cloud: Cloud, ref: str) -> str:
    """A global role by id or name; 404 as Keystone's."""
    with cloud.store.read() as conn:
        row = manager.find(conn, t.roles, id=ref) or manager.find(conn, t.roles, name=ref, domain_id="<<null>>")
    if row is None:
        raise ApiError(404, f"Could not find role: {ref}.", "RoleNotFound")
    return str(row["id"])


def grant_project_role(cloud: Cloud, caller: Context, role: str, user_id: str, project_id: str,
                       revoke: bool = False) -> None:
    """``PUT`` (or ``DELETE``) ``/v3/projects/{project}/users/{user}/roles/{role}``."""
    rid = role_id(cloud, role)
    with cloud.store.begin() as conn:
        if get_user(conn, user_id) is None:
            raise ApiError(404, f"Could not find user: {user_id}.", "UserNotFound")
        if get_project(conn, project_id) is None:
            raise ApiError(404, f"Could not find project: {project_id}.", "ProjectNotFound")
        _authorize(cloud, caller, "identity:revoke_grant" if revoke else "identity:create_grant",
                   {"target.role.id": rid, "target.user.id": user_id, "target.project.id": project_id})
        if revoke:
            conn.execute(t.assignments.delete().where(
                t.assignments.c.type == "UserProject", t.assignments.c.actor_id == user_id,
                t.assignments.c.target_id == project_id, t.assignments.c.role_id == rid))
        else:
            manager.grant(conn, rid, "user", user_id, "project", project_id)
    cloud.identity_changed()
