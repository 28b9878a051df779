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
