"""What ``keystone-manage bootstrap`` creates, then what the model's identity section declares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.errors import ModelReferenceError
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.model import IdentityModel

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

REGION = "RegionOne"
# keystone-manage bootstrap since 2023.2: admin -> manager -> member -> reader, and service
BUILTIN_ROLES = ("admin", "manager", "member", "reader", "service")


def bootstrap(cloud: Cloud, conn: Connection, section: IdentityModel) -> None:
    m.create_domain(conn, "Default", id=m.DEFAULT_DOMAIN_ID, description="The default domain")
    role_ids = {name: m.stable_id("role", name) for name in BUILTIN_ROLES}
    for name, role_id in role_ids.items():
        m.create_role(conn, name, id=role_id, options={"immutable": True})  # bootstrap's --immutable-roles
    m.imply(conn, role_ids["admin"], role_ids["manager"])
    m.imply(conn, role_ids["manager"], role_ids["member"])
    m.imply(conn, role_ids["member"], role_ids["reader"])
    admin_project = m.create_project(conn, "admin", m.DEFAULT_DOMAIN_ID, id=m.stable_id("project", "admin"),
                                     description="Bootstrap project for initializing the cloud.")
    m.create_project(conn, "service", m.DEFAULT_DOMAIN_ID, id=m.stable_id("project", "service"))
    # bootstrap gives its admin no default project: a password auth without a scope is unscoped
    admin = m.create_user(conn, "admin", m.DEFAULT_DOMAIN_ID, password=section.admin_password,
                          id=m.stable_id("user", "admin"), now=cloud.clock.now())
    m.grant(conn, role_ids["admin"], "user", admin["id"], "project", admin_project["id"])
    m.grant(conn, role_ids["admin"], "user", admin["id"], "system", "system")
    m.create_region(conn, REGION)
    register_catalog(cloud, conn)


def register_catalog(cloud: Cloud, conn: Connection) -> None:
    """(Re)register every built-in service at the current public URL (the port may have changed).

    The rows (``m.service_row``, ``m.endpoint_row``) are written as one INSERT per table: ~50 statements,
    each built and compiled on its own, were ~10 ms of every start."""
    base = cloud.settings.base_url
    m.delete_builtin_services(conn)
    services: list[dict[str, Any]] = []
    endpoints: list[dict[str, Any]] = []
    for provider in cloud.providers:
        for entry in provider.catalog:
            service_id = m.stable_id("service", entry.type)
            services.append(m.service_row(entry.type, entry.name, id=service_id, builtin=True))
            endpoints += [m.endpoint_row(service_id, interface, base + entry.path, REGION,
                                         id=m.stable_id("endpoint", f"{entry.type}:{interface}"))
                          for interface in ("public", "internal", "admin")]
    if services:
        conn.execute(t.services.insert(), services)
        conn.execute(t.endpoints.insert(), endpoints)


def load_model(cloud: Cloud, conn: Connection, section: IdentityModel) -> None:
    bootstrap(cloud, conn, section)
    domains = {"Default": m.DEFAULT_DOMAIN_ID, m.DEFAULT_DOMAIN_ID: m.DEFAULT_DOMAIN_ID}
    for d in section.domains:
        domains[d.name] = m.create_domain(conn, d.name, id=d.id, description=d.description, enabled=d.enabled)["id"]

    def domain_id(ref: str, where: str) -> str:
        if ref not in domains:
            raise ModelReferenceError(f"{where}: unknown domain '{ref}'")
        return domains[ref]

    projects: dict[tuple[str, str], str] = {(m.DEFAULT_DOMAIN_ID, "admin"): m.stable_id("project", "admin"),
                                            (m.DEFAULT_DOMAIN_ID, "service"): m.stable_id("project", "service")}
    pending = list(enumerate(section.projects))
    while pending:  # parents first, whatever order the file lists them in
        progressed = False
        for i, p in list(pending):
            dom = domain_id(p.domain, f"identity.projects[{i}].domain")
            if p.parent and (dom, p.parent) not in projects:
                continue
            parent = projects.get((dom, p.parent)) if p.parent else None
            projects[(dom, p.name)] = m.create_project(conn, p.name, dom, id=p.id, parent_id=parent,
                                                       description=p.description, enabled=p.enabled, tags=p.tags)["id"]
            pending.remove((i, p))
            progressed = True
        if not progressed:
            i, p = pending[0]
            raise ModelReferenceError(f"identity.projects[{i}].parent: unknown project '{p.parent}'")

    def project_id(ref: str, dom: str, where: str) -> str:
        if (dom, ref) not in projects:
            raise ModelReferenceError(f"{where}: unknown project '{ref}'")
        return projects[(dom, ref)]

    users: dict[tuple[str, str], str] = {(m.DEFAULT_DOMAIN_ID, "admin"): m.stable_id("user", "admin")}
    for i, u in enumerate(section.users):
        dom = domain_id(u.domain, f"identity.users[{i}].domain")
        default_project = (
            project_id(u.default_project, dom, f"identity.users[{i}].default_project") if u.default_project else None
        )
        users[(dom, u.name)] = m.create_user(
            conn,
            u.name,
            dom,
            password=u.password,
            id=u.id,
            email=u.email,
            enabled=u.enabled,
            default_project_id=default_project,
            description=u.description,
            now=cloud.clock.now(),
        )["id"]
    groups: dict[tuple[str, str], str] = {}
    for i, g in enumerate(section.groups):
        dom = domain_id(g.domain, f"identity.groups[{i}].domain")
        groups[(dom, g.name)] = gid = m.create_group(conn, g.name, dom, description=g.description)["id"]
        for j, member in enumerate(g.users):
            if (dom, member) not in users:
                raise ModelReferenceError(f"identity.groups[{i}].users[{j}]: unknown user '{member}'")
            m.add_member(conn, gid, users[(dom, member)])
    roles = {name: m.stable_id("role", name) for name in BUILTIN_ROLES}
    for r in section.roles:
        if r.name not in roles:
            roles[r.name] = m.create_role(conn, r.name, description=r.description)["id"]
    for i, r in enumerate(section.roles):
        for j, implied in enumerate(r.implies):
            if implied not in roles:
                raise ModelReferenceError(f"identity.roles[{i}].implies[{j}]: unknown role '{implied}'")
            m.imply(conn, roles[r.name], roles[implied])
    for i, a in enumerate(section.assignments):
        where = f"identity.assignments[{i}]"
        if a.role not in roles:
            raise ModelReferenceError(f"{where}.role: unknown role '{a.role}'")
        dom = domain_id(a.actor_domain, f"{where}.actor_domain")
        if a.user is not None:
            if (dom, a.user) not in users:
                raise ModelReferenceError(f"{where}.user: unknown user '{a.user}'")
            actor, actor_id = "user", users[(dom, a.user)]
        else:
            if (dom, a.group) not in groups:
                raise ModelReferenceError(f"{where}.group: unknown group '{a.group}'")
            actor, actor_id = "group", groups[(dom, a.group or "")]
        if a.project is not None:
            project_dom = domain_id(a.project_domain, f"{where}.project_domain")
            target, target_id = "project", project_id(a.project, project_dom, f"{where}.project")
        elif a.domain is not None:
            target, target_id = "domain", domain_id(a.domain, f"{where}.domain")
        else:
            target, target_id = "system", "system"
        m.grant(conn, roles[a.role], actor, actor_id, target, target_id, a.inherited)
    for reg in section.regions:
        if reg.id != REGION:
            m.create_region(conn, reg.id, reg.description, reg.parent)
    for s in section.services:
        svc = m.create_service(conn, s.type, s.name, description=s.description)
        for ep in s.endpoints:
            m.create_endpoint(conn, svc["id"], ep.interface, ep.url, ep.region)
