"""``/servers/{id}/migrations`` (2.22+): the server's live migrations still in progress, force-complete
and abort. Fake live migrations finish at once, so the list is usually empty, as it is on a quiet Nova."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import fits_db_int
from twinstack.compute.manager import instances as inst
from twinstack.core.clock import isotime
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty

IN_PROGRESS = ("queued", "preparing", "running", "migrating", "post-migrating")


def _need(req: Req, minor: int) -> None:
    if not req.at_least(2, minor):
        raise errors.resource_not_found()


def _view(req: Req, m: dict[str, Any]) -> dict[str, Any]:
    body = {"id": m["id"], "server_uuid": m["instance_uuid"], "source_compute": m["source_compute"],
            "dest_compute": m["dest_compute"], "source_node": m["source_node"], "dest_node": m["dest_node"],
            "dest_host": m["dest_host"], "status": m["status"], "created_at": isotime(m["created_at"]),
            "updated_at": isotime(m["updated_at"]) if m["updated_at"] else None, "memory_total_bytes": 0,
            "memory_processed_bytes": 0, "memory_remaining_bytes": 0, "disk_total_bytes": 0,
            "disk_processed_bytes": 0, "disk_remaining_bytes": 0}
    if req.at_least(2, 59):
        body["uuid"] = m["uuid"]
    if req.at_least(2, 80):
        body["user_id"] = m["user_id"]
        body["project_id"] = m["project_id"]
    return body


def _rows(req: Req, migration_id: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with req.cloud.store.read() as conn:
        server = inst.get(conn, req.params["server_id"], req.context)
        query = sa.select(t.migrations).where(t.migrations.c.instance_uuid == server["uuid"],
                                              t.migrations.c.migration_type == "live-migration",
                                              t.migrations.c.status.in_(IN_PROGRESS))
        if migration_id is not None:
            query = query.where(t.migrations.c.id == int(migration_id)
                                 if migration_id.isdigit() and fits_db_int(int(migration_id)) else sa.false())
        return server, [dict(r) for r in conn.execute(query.order_by(t.migrations.c.id)).mappings()]


async def index(req: Req) -> Any:
    _need(req, 23)
    server, rows = _rows(req)
    req.authorize("os_compute_api:servers:migrations:index", {"project_id": server["project_id"]})
    return {"migrations": [_view(req, m) for m in rows]}


async def show(req: Req) -> Any:
    _need(req, 23)
    server, rows = _rows(req, req.params["migration_id"])
    req.authorize("os_compute_api:servers:migrations:show", {"project_id": server["project_id"]})
    if not rows:
        raise ApiError(404, f"In-progress live migration {req.params['migration_id']} is not found for server "
                       f"{server['uuid']}.", "MigrationNotFoundForInstance")
    return {"migration": _view(req, rows[0])}


async def action(req: Req) -> Any:
    _need(req, 22)
    server, rows = _rows(req, req.params["migration_id"])
    req.authorize("os_compute_api:servers:migrations:force_complete", {"project_id": server["project_id"]})
    if not rows:
        raise ApiError(400, f"Migration {req.params['migration_id']} for instance {server['uuid']} is not a live "
                       "migration in progress.", "InvalidMigrationState")
    return empty(202)


async def delete(req: Req) -> Any:
    _need(req, 24)
    server, rows = _rows(req, req.params["migration_id"])
    req.authorize("os_compute_api:servers:migrations:delete", {"project_id": server["project_id"]})
    if not rows:
        raise ApiError(404, f"In-progress live migration {req.params['migration_id']} is not found for server "
                       f"{server['uuid']}.", "MigrationNotFoundForInstance")
    return empty(202)
