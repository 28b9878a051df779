"""``/v3/projects/{id}/tags[/{tag}]``: as keystone/api/projects.py (list, replace all, delete all,
check one 204, add one 201 with a Location, delete one), at most 80 tags, no ``,`` or ``/`` in a tag."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, empty
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.api.projects import target
from twinstack.identity.schemas.project_tags import REPLACE, TAG


def _project(req: Req, conn: Any, action: str) -> dict[str, Any]:
    project_id = req.params["project_id"]
    row = m.find(conn, t.projects, id=project_id)
    c.authorize(req, action, target(row) if row else {"project": {"id": project_id}})
    if row is None:
        raise c.not_found("project", project_id)
    return row


async def list_tags(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _project(req, conn, "identity:list_project_tags")
    return {"tags": list(row["tags"] or []), "links": {"self": c.v3_url(req, f"projects/{row['id']}/tags")}}


async def replace_tags(req: Req) -> Any:
    body = await req.json()
    c.validate(body, REPLACE)
    with req.cloud.store.begin() as conn:
        row = _project(req, conn, "identity:update_project_tags")
        tags = m.set_project_tags(conn, row["id"], body["tags"])
    c.changed(req)
    return {"tags": tags, "links": {"self": c.v3_url(req, f"projects/{row['id']}/tags")}}


async def delete_tags(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _project(req, conn, "identity:delete_project_tags")
        m.set_project_tags(conn, row["id"], [])
    c.changed(req)
    return empty(204)


async def check_tag(req: Req) -> Any:
    tag = req.params["tag"]
    with req.cloud.store.read() as conn:
        row = _project(req, conn, "identity:get_project_tag")
    if tag not in (row["tags"] or []):
        raise c.not_found("project tag", tag)
    return empty(204)


async def add_tag(req: Req) -> Any:
    tag = req.params["tag"]
    c.validate(tag, TAG)
    with req.cloud.store.begin() as conn:
        row = _project(req, conn, "identity:create_project_tag")
        tags = list(row["tags"] or [])
        if tag not in tags:
            tags.append(tag)
        c.validate({"tags": tags}, REPLACE)
        m.set_project_tags(conn, row["id"], tags)
    c.changed(req)
    # keystone answers flask.make_response('', 201): an empty text body, Flask's default type
    location = c.v3_url(req, f"projects/{row['id']}/tags/{tag}")
    return empty(201, {"Location": location, "Content-Type": "text/html; charset=utf-8"})


async def delete_tag(req: Req) -> Any:
    tag = req.params["tag"]
    with req.cloud.store.begin() as conn:
        row = _project(req, conn, "identity:delete_project_tag")
        tags = list(row["tags"] or [])
        if tag not in tags:
            raise c.not_found("project tag", tag)
        m.set_project_tags(conn, row["id"], [x for x in tags if x != tag])
    c.changed(req)
    return empty(204)
