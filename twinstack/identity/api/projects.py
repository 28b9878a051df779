"""``/v3/projects``: CRUD with the hierarchy rules of keystone/resource/core.py (a parent in the same
domain, at most 5 levels, no delete of a non-leaf, no disabling a parent of enabled projects) and the
``parents_as_*``/``subtree_as_*`` views; tags live in projects_tags.py."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import assignments, views
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.backend import tokens_of
from twinstack.identity.schemas.projects import CREATE, UPDATE

_COLUMNS = {"name", "description", "enabled", "tags", "options"}
_NOT_EXTRA = _COLUMNS | {"id", "domain_id", "parent_id", "is_domain", "links"}


def target(row: dict[str, Any]) -> dict[str, Any]:
    return {"project": {"id": row["id"], "domain_id": row["domain_id"]}, "domain_id": row["domain_id"]}


def tag_filters(req: Req, query: sa.Select[Any]) -> sa.Select[Any]:
    """``tags`` (all of), ``tags-any``, ``not-tags`` (not all of), ``not-tags-any`` (none of)."""
    pt = t.project_tags.c
    for param, every, negate in (("tags", True, False), ("tags-any", False, False),
                                 ("not-tags", True, True), ("not-tags-any", False, True)):
        value = req.query.get(param)
        if not value:
            continue
        wanted = [v for v in value.split(",") if v]
        having = sa.select(pt.project_id).where(pt.name.in_(wanted))
        if every:
            having = having.group_by(pt.project_id).having(sa.func.count(sa.distinct(pt.name)) == len(set(wanted)))
        clause = t.projects.c.id.in_(having)
        query = query.where(sa.not_(clause) if negate else clause)
    return query


async def list_projects(req: Req) -> Any:
    domain_id = c.listing_domain(req)
    c.authorize(req, "identity:list_projects", {"domain_id": domain_id} if domain_id else {})
    query = c.apply_filters(
        req, c.in_domain(sa.select(t.projects), t.projects, domain_id), t.projects, ("name", "enabled", "domain_id")
    )
    parent = req.query.get("parent_id")
    if parent:
        query = query.where(
            sa.or_(
                t.projects.c.parent_id == parent,
                sa.and_(t.projects.c.parent_id.is_(None), t.projects.c.domain_id == parent),
            )
        )
    if c.query_flag(req, "is_domain"):
        # domains are the projects acting as domains
        query = c.apply_filters(req, sa.select(t.domains), t.domains, ("name", "enabled"))
        with req.cloud.store.read() as conn:
            found = c.rows(conn, query.order_by(t.domains.c.name))
        return c.collection(req, "projects", [views.domain_as_project(req, r) for r in found])
    query = tag_filters(req, query)
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.projects.c.name, t.projects.c.id))
    return c.collection(req, "projects", [views.project(req, r) for r in found])


def _referenced(conn: Connection, table: sa.Table, id_: str, kind: str) -> dict[str, Any]:
    """The parent or domain a new project names: keystone/api/projects.py turns its ProjectNotFound or
    DomainNotFound into a ValidationError, so a missing one is a 400 with the not-found message."""
    row = m.find(conn, table, id=id_)
    if row is None:
        raise c.bad_request(c.not_found(kind, id_).message)
    return row


async def create_project(req: Req) -> Any:
    data = await c.body_member(req, "project", CREATE)
    ctx = req.context
    if data.get("is_domain"):
        return await _create_domain_project(req, data)
    with req.cloud.store.begin() as conn:
        parent_row = None
        parent_id = data.get("parent_id")
        domain_id = data.get("domain_id")
        if parent_id:
            parent_domain = m.find(conn, t.domains, id=parent_id)
            if parent_domain is not None:  # a domain acting as the parent: a top-level project
                if domain_id and domain_id != parent_id:
                    raise c.bad_request(
                        f"Cannot create project, the parent ({parent_id}) is acting as a domain, "
                        f"but project's specified parent_id ({parent_id}) does not match this "
                        f"domain_id ({domain_id})."
                    )
                domain_id, parent_id = parent_id, None
            else:
                parent_row = _referenced(conn, t.projects, parent_id, "project")
                if domain_id and domain_id != parent_row["domain_id"]:
                    raise c.bad_request(
                        f"Cannot create project, since it specifies its domain_id {domain_id}, "
                        f"but specifies a parent in a different domain ({parent_row['domain_id']})."
                    )
                domain_id = parent_row["domain_id"]
        domain_id = domain_id or ctx.domain_id or m.DEFAULT_DOMAIN_ID
        c.authorize(req, "identity:create_project", {"project": {"domain_id": domain_id}, "domain_id": domain_id})
        _referenced(conn, t.domains, domain_id, "domain")
        if parent_row is not None:
            m.check_project_parent(conn, parent_row, data.get("enabled", True))
        row = m.create_project(
            conn,
            data["name"],
            domain_id,
            parent_id=parent_id,
            description=data.get("description") or "",
            enabled=data.get("enabled", True),
            tags=data.get("tags"),
            extra=c.extra(data, _NOT_EXTRA),
            options=data.get("options"),
        )
        row = c.get_row(conn, t.projects, row["id"], "project")
    c.changed(req)
    return json_response({"project": views.project(req, row)}, 201)


async def _create_domain_project(req: Req, data: dict[str, Any]) -> Any:
    """``is_domain: true`` creates a domain, answered in the project's shape."""
    c.authorize(req, "identity:create_project", {"project": {"domain_id": None}})
    if data.get("parent_id") or data.get("domain_id"):
        raise c.bad_request("only root projects are allowed to act as domains.")
    with req.cloud.store.begin() as conn:
        if m.find(conn, t.domains, name=data["name"]) is not None:
            raise c.conflict("project", f"Duplicate entry found with name {data['name']}")
        row = m.create_domain(
            conn,
            data["name"],
            description=data.get("description") or "",
            enabled=data.get("enabled", True),
            tags=data.get("tags"),
        )
    c.changed(req)
    return json_response({"project": views.domain_as_project(req, row)}, 201)


async def _domain_project(req: Req, action: str) -> Any:
    """GET/PATCH/DELETE /v3/projects/{id} where the id is a domain's."""
    project_id = req.params["project_id"]
    c.authorize(req, action, {"project": {"id": project_id, "domain_id": None}, "domain_id": project_id})
    if req.method == "PATCH":
        data = await c.body_member(req, "project", UPDATE)
        values = {k: data[k] for k in ("name", "description", "enabled") if k in data}
        if values.get("description", "") is None:
            values["description"] = ""
        with req.cloud.store.begin() as conn:
            if values:
                conn.execute(t.domains.update().where(t.domains.c.id == project_id).values(**values))
            if "tags" in data:
                conn.execute(t.domains.update().where(t.domains.c.id == project_id).values(tags=data["tags"]))
            row = c.get_row(conn, t.domains, project_id, "project")
        c.changed(req)
        return {"project": views.domain_as_project(req, row)}
    if req.method == "DELETE":
        with req.cloud.store.read() as conn:
            row = c.get_row(conn, t.domains, project_id, "project")
        if row["enabled"]:
            raise c.bad_request(
                f"cannot delete an enabled project acting as a domain. Please disable the project {project_id} first."
            )
        from twinstack.identity.api import domains  # the domain delete does the cascade

        req.params["domain_id"] = project_id
        return await domains.delete_domain(req)
    with req.cloud.store.read() as conn:
        row = c.get_row(conn, t.domains, project_id, "project")
    return {"project": views.domain_as_project(req, row)}


def _is_domain(req: Req) -> bool:
    with req.cloud.store.read() as conn:
        return (
            m.find(conn, t.projects, id=req.params["project_id"]) is None
            and m.find(conn, t.domains, id=req.params["project_id"]) is not None
        )


def _parents_as_ids(conn: Connection, row: dict[str, Any]) -> dict[str, Any] | None:
    """{parent: {grandparent: {domain: None}}}: Keystone counts the domain as the root parent."""
    chain = [p["id"] for p in assignments.project_ancestors(conn, row["id"])] + [row["domain_id"]]
    nested: dict[str, Any] | None = None
    for project_id in reversed(chain):
        nested = {project_id: nested}
    return nested


def _subtree_as_ids(rows: list[dict[str, Any]], root: str) -> dict[str, Any] | None:
    children: dict[str, list[str]] = {}
    for r in rows:
        children.setdefault(r["parent_id"], []).append(r["id"])

    def walk(project_id: str) -> dict[str, Any] | None:
        kids = children.get(project_id)
        return {kid: walk(kid) for kid in kids} if kids else None

    return walk(root)


async def get_project(req: Req) -> Any:
    if _is_domain(req):
        return await _domain_project(req, "identity:get_project")
    project_id = req.params["project_id"]
    flags = {
        k: c.query_flag(req, k) for k in ("parents_as_list", "parents_as_ids", "subtree_as_list", "subtree_as_ids")
    }
    if flags["parents_as_list"] and flags["parents_as_ids"]:
        raise c.bad_request("Cannot use parents_as_list and parents_as_ids query params at the same time.")
    if flags["subtree_as_list"] and flags["subtree_as_ids"]:
        raise c.bad_request("Cannot use subtree_as_list and subtree_as_ids query params at the same time.")
    with req.cloud.store.read() as conn:
        row = m.find(conn, t.projects, id=project_id)
        c.authorize(req, "identity:get_project", target(row) if row else {"project": {"id": project_id}})
        if row is None:
            raise c.not_found("project", project_id)
        body = views.project(req, row)
        visible: set[str] | None = None
        if flags["parents_as_list"] or flags["subtree_as_list"]:
            # the list forms show only the projects the caller holds a role on (keystone filters them)
            visible = {p["id"] for p in assignments.projects_with_roles(conn, req.context.user_id)}
        if flags["parents_as_list"]:
            parents = assignments.project_ancestors(conn, project_id)
            body["parents"] = [{"project": views.project(req, p)} for p in parents if p["id"] in (visible or set())]
        if flags["parents_as_ids"]:
            body["parents"] = _parents_as_ids(conn, row)
        if flags["subtree_as_list"] or flags["subtree_as_ids"]:
            below = m.project_subtree(conn, project_id)
            if flags["subtree_as_list"]:
                body["subtree"] = [{"project": views.project(req, p)} for p in below if p["id"] in (visible or set())]
            else:
                body["subtree"] = _subtree_as_ids(below, project_id)
    return {"project": body}


async def update_project(req: Req) -> Any:
    if _is_domain(req):
        return await _domain_project(req, "identity:update_project")
    project_id = req.params["project_id"]
    data = await c.body_member(req, "project", UPDATE)
    with req.cloud.store.begin() as conn:
        row = m.find(conn, t.projects, id=project_id)
        c.authorize(req, "identity:update_project", target(row) if row else {"project": {"id": project_id}})
        if row is None:
            raise c.not_found("project", project_id)
        values = {k: v for k, v in data.items() if k in _COLUMNS and k != "tags"}
        values.update(c.merged_extra(row, data, _NOT_EXTRA))
        disabled = m.update_project(conn, row, data, values, c.query_flag(req, "cascade"))
        row = c.get_row(conn, t.projects, project_id, "project")
    for revoked in disabled:
        tokens_of(req.cloud).revoke(project_id=revoked)
    c.changed(req)
    return {"project": views.with_extra(views.project(req, row), row)}


async def delete_project(req: Req) -> Any:
    if _is_domain(req):
        return await _domain_project(req, "identity:delete_project")
    project_id = req.params["project_id"]
    with req.cloud.store.begin() as conn:
        row = m.find(conn, t.projects, id=project_id)
        c.authorize(req, "identity:delete_project", target(row) if row else {"project": {"id": project_id}})
        if row is None:
            raise c.not_found("project", project_id)
        deleted = m.delete_project_tree(conn, project_id, c.query_flag(req, "cascade"))
    for gone in deleted:
        tokens_of(req.cloud).revoke(project_id=gone)
    c.changed(req)
    return empty(204)
