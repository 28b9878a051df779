"""``/v3/OS-EP-FILTER`` associations, as keystone/api/os_ep_filter.py: endpoints and endpoint groups
tied to projects. Once a project has any, its tokens' catalog narrows to them (``identity.catalog``).
Which lookups come first, and which calls look nothing up, follow keystone's handlers."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c
from twinstack.identity.api.extras import endpoint_group_row, group_view
from twinstack.identity.catalog import group_endpoints, project_endpoints

_PE, _PEG = t.project_endpoints, t.project_endpoint_groups


def _project(conn: Connection, project_id: str) -> dict[str, Any]:
    return c.get_row(conn, t.projects, project_id, "project")


def _endpoint(conn: Connection, endpoint_id: str) -> dict[str, Any]:
    return c.get_row(conn, t.endpoints, endpoint_id, "endpoint")


def _projects(req: Req, conn: Connection, ids: list[str]) -> dict[str, Any]:
    rows = c.rows(conn, sa.select(t.projects).where(t.projects.c.id.in_(ids)).order_by(t.projects.c.id))
    return c.collection(req, "projects", [views.project(req, r) for r in rows])


# -- project <-> endpoint ----------------------------------------------------------------------------
def _association(conn: Connection, project_id: str, endpoint_id: str) -> None:
    found = conn.execute(sa.select(_PE).where(_PE.c.project_id == project_id, _PE.c.endpoint_id == endpoint_id))
    if found.first() is None:
        raise ApiError(404, f"Endpoint {endpoint_id} not found in project {project_id}", "NotFound")


async def add_endpoint(req: Req) -> Any:
    c.authorize(req, "identity:add_endpoint_to_project")
    project_id, endpoint_id = req.params["project_id"], req.params["endpoint_id"]
    with req.cloud.store.begin() as conn:
        _endpoint(conn, endpoint_id)
        _project(conn, project_id)
        if conn.execute(sa.select(_PE).where(_PE.c.project_id == project_id,
                                             _PE.c.endpoint_id == endpoint_id)).first():
            raise c.conflict("project_endpoint", "Duplicate entry")
        conn.execute(_PE.insert().values(project_id=project_id, endpoint_id=endpoint_id))
    c.changed(req)
    return empty(204)


async def check_endpoint(req: Req) -> Any:
    c.authorize(req, "identity:check_endpoint_in_project")
    project_id, endpoint_id = req.params["project_id"], req.params["endpoint_id"]
    with req.cloud.store.read() as conn:
        _endpoint(conn, endpoint_id)
        _project(conn, project_id)
        _association(conn, project_id, endpoint_id)
    return empty(204)


async def remove_endpoint(req: Req) -> Any:
    """Keystone looks up neither the project nor the endpoint here: only the association."""
    c.authorize(req, "identity:remove_endpoint_from_project")
    project_id, endpoint_id = req.params["project_id"], req.params["endpoint_id"]
    with req.cloud.store.begin() as conn:
        _association(conn, project_id, endpoint_id)
        conn.execute(_PE.delete().where(_PE.c.project_id == project_id, _PE.c.endpoint_id == endpoint_id))
    c.changed(req)
    return empty(204)


async def list_project_endpoints(req: Req) -> Any:
    """The project's endpoints: associated directly, or selected by one of its endpoint groups."""
    c.authorize(req, "identity:list_endpoints_for_project")
    with req.cloud.store.read() as conn:
        _project(conn, req.params["project_id"])
        found = project_endpoints(conn, req.params["project_id"])
    return c.collection(req, "endpoints", [views.endpoint(req, r) for r in found.values()])


async def list_endpoint_projects(req: Req) -> Any:
    c.authorize(req, "identity:list_projects_for_endpoint")
    with req.cloud.store.read() as conn:
        endpoint = _endpoint(conn, req.params["endpoint_id"])
        ids = [r[0] for r in conn.execute(sa.select(_PE.c.project_id).where(_PE.c.endpoint_id == endpoint["id"]))]
        return _projects(req, conn, ids)


# -- project <-> endpoint group ----------------------------------------------------------------------
def _group_association(conn: Connection, group_id: str, project_id: str) -> bool:
    query = sa.select(_PEG).where(_PEG.c.endpoint_group_id == group_id, _PEG.c.project_id == project_id)
    return conn.execute(query).first() is not None


def _group_association_not_found() -> ApiError:
    return ApiError(404, "Endpoint Group Project Association not found", "NotFound")


async def get_group_project(req: Req) -> Any:
    """Keystone links the association by a path alone (no host, no /v3)."""
    c.authorize(req, "identity:get_endpoint_group_in_project")
    group_id, project_id = req.params["endpoint_group_id"], req.params["project_id"]
    with req.cloud.store.read() as conn:
        _project(conn, project_id)
        endpoint_group_row(conn, group_id)
        if not _group_association(conn, group_id, project_id):
            raise _group_association_not_found()
    self_path = f"/OS-EP-FILTER/endpoint_groups/{group_id}/projects/{project_id}"
    return {"project_endpoint_group": {"endpoint_group_id": group_id, "project_id": project_id,
                                       "links": {"self": self_path}}}


async def add_group_project(req: Req) -> Any:
    c.authorize(req, "identity:add_endpoint_group_to_project")
    group_id, project_id = req.params["endpoint_group_id"], req.params["project_id"]
    with req.cloud.store.begin() as conn:
        _project(conn, project_id)
        endpoint_group_row(conn, group_id)
        if _group_association(conn, group_id, project_id):
            raise c.conflict("project_endpoint_group", "Duplicate entry")
        conn.execute(_PEG.insert().values(endpoint_group_id=group_id, project_id=project_id))
    c.changed(req)
    return empty(204)


async def remove_group_project(req: Req) -> Any:
    c.authorize(req, "identity:remove_endpoint_group_from_project")
    group_id, project_id = req.params["endpoint_group_id"], req.params["project_id"]
    with req.cloud.store.begin() as conn:
        _project(conn, project_id)
        endpoint_group_row(conn, group_id)
        if not _group_association(conn, group_id, project_id):
            raise _group_association_not_found()
        conn.execute(_PEG.delete().where(_PEG.c.endpoint_group_id == group_id, _PEG.c.project_id == project_id))
    c.changed(req)
    return empty(204)


async def list_group_projects(req: Req) -> Any:
    """An unknown group has no projects (keystone does not look it up)."""
    c.authorize(req, "identity:list_projects_associated_with_endpoint_group")
    with req.cloud.store.read() as conn:
        query = sa.select(_PEG.c.project_id).where(_PEG.c.endpoint_group_id == req.params["endpoint_group_id"])
        return _projects(req, conn, [r[0] for r in conn.execute(query)])


async def list_group_endpoints(req: Req) -> Any:
    c.authorize(req, "identity:list_endpoints_associated_with_endpoint_group")
    with req.cloud.store.read() as conn:
        group = endpoint_group_row(conn, req.params["endpoint_group_id"])
        found = group_endpoints(conn, group["filters"] or {})
    return c.collection(req, "endpoints", [views.endpoint(req, r) for r in found])


async def list_project_groups(req: Req) -> Any:
    c.authorize(req, "identity:list_endpoint_groups_for_project")
    eg = t.endpoint_groups
    with req.cloud.store.read() as conn:
        _project(conn, req.params["project_id"])
        query = sa.select(eg).join(_PEG, _PEG.c.endpoint_group_id == eg.c.id).where(
            _PEG.c.project_id == req.params["project_id"])
        found = c.rows(conn, query.order_by(eg.c.id))
    return c.collection(req, "endpoint_groups", [group_view(req, r) for r in found])
