"""Zone exports (``POST /v2/zones/{id}/tasks/export``, ``/v2/zones/tasks/exports[/{id}[/export]]``) and
imports (``POST /v2/zones/tasks/imports`` with a ``text/dns`` zone file). openstacksdk spells the export
collection ``/zones/tasks/export``; both spellings are served."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from starlette.responses import Response

from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.dns import errors, manager
from twinstack.dns import tables as t
from twinstack.dns.api import common
from twinstack.dns.manager import lifecycle, zonetasks

_COLLECTION = {"EXPORT": "exports", "IMPORT": "imports"}


def _view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    body = {"id": row["id"], "project_id": row["project_id"], "zone_id": row["zone_id"], "status": row["status"],
            "message": row["message"], "version": row["version"], "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "links": {"self": f"{req.base_url()}/v2/zones/tasks/{_COLLECTION[row['task_type']]}/{row['id']}"}}
    if row["task_type"] == "EXPORT":
        body["location"] = row["location"]
    elif row["zone_id"]:
        body["links"]["href"] = f"{req.base_url()}/v2/zones/{row['zone_id']}"
    return body


def _new(req: Req, kind: str, project_id: str, zone_id: str | None, source: str | None) -> dict[str, Any]:
    row = {"id": uuid_str(), "task_type": kind, "project_id": project_id, "zone_id": zone_id, "status": "PENDING",
           "message": None, "location": None, "source": source, "version": 1, "created_at": manager.now(req.cloud),
           "updated_at": None}
    with req.cloud.store.begin() as conn:
        conn.execute(t.zone_tasks.insert().values(**row))
    return row


async def create_export(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        zone = manager.get_zone(conn, req.params["zone_id"], common.scope(req))
    common.authorize(req, "zone_export", zone["project_id"])
    row = _new(req, "EXPORT", zone["project_id"], zone["id"], None)
    lifecycle.later(req.cloud, zonetasks.run_export, row["id"])
    body = _view(req, row)
    return json_response(body, 202, headers={"Location": body["links"]["self"]})


async def create_import(req: Req) -> Any:
    project_id = req.context.project_id or ""
    common.authorize(req, "create_zone_import", project_id)
    media = (req.raw.headers.get("content-type") or "").split(";")[0].strip()
    if media != "text/dns":
        raise ApiError(415, "Unsupported Content-Type", "unsupported_content_type")
    text = (await req.raw.body()).decode("utf-8", "replace")
    # a file that cannot be read is taken all the same (Designate answers 202); the task ends in ERROR
    row = _new(req, "IMPORT", project_id, None, text)
    lifecycle.later(req.cloud, zonetasks.run_import, row["id"])
    body = _view(req, row)
    return json_response(body, 202, headers={"Location": body["links"]["self"]})


def _find(req: Req, conn: Any, kind: str, task_id: str) -> dict[str, Any]:
    query = sa.select(t.zone_tasks).where(t.zone_tasks.c.id == task_id, t.zone_tasks.c.task_type == kind)
    owner = common.scope(req)
    if owner is not None:
        query = query.where(t.zone_tasks.c.project_id == owner)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise errors.not_found("zone_task" if kind == "IMPORT" else "zone_export",
                               "ZoneImport" if kind == "IMPORT" else "ZoneExport")
    return dict(row)


def handlers(kind: str) -> tuple[Handler, Handler, Handler]:
    """index, show, delete for exports or imports."""
    collection = _COLLECTION[kind]

    async def index(req: Req) -> Any:
        owner = common.scope(req)
        query = sa.select(t.zone_tasks).where(t.zone_tasks.c.task_type == kind)
        if owner is not None:
            query = query.where(t.zone_tasks.c.project_id == owner)
        with req.cloud.store.read() as conn:
            page = common.listing(req, conn, t.zone_tasks, query, f"zones/tasks/{collection}",
                                  ("status", "message", "zone_id"), ("created_at", "id", "updated_at"),
                                  lambda row: _view(req, row))
        return json_response(page)

    async def show(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            return json_response(_view(req, _find(req, conn, kind, req.params["task_id"])))

    async def delete(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            row = _find(req, conn, kind, req.params["task_id"])
            common.authorize(req, f"delete_zone_{kind.lower()}", row["project_id"])
            conn.execute(t.zone_tasks.delete().where(t.zone_tasks.c.id == row["id"]))
        return empty(204)

    return index, show, delete


def _accepts_zone_file(accept: str | None) -> bool:
    """pecan's negotiation for a controller exposed as ``text/dns`` only: no Accept, or one that admits it."""
    if accept is None:
        return True
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        q = next((p.split("=", 1)[1].strip() for p in params.split(";") if p.strip().startswith("q=")), "1")
        if media.strip().lower() in ("text/dns", "text/*", "*/*") and q not in ("0", "0.0", "0.00", "0.000"):
            return True
    return False


async def export_text(req: Req) -> Any:
    accept = req.raw.headers.get("accept")
    if not _accepts_zone_file(accept):  # webob's HTTPNotAcceptable, which pecan answers before the controller
        return Response(f"406 Not Acceptable\n\nThe resource could not be generated that was acceptable to your "
                        f"browser (content of type {accept}).\n\n   ", status_code=406, media_type="text/plain")
    with req.cloud.store.read() as conn:
        row = _find(req, conn, "EXPORT", req.params["task_id"])
        if row["status"] != "COMPLETE" or not row["zone_id"]:
            raise errors.bad_request("Zone can not be exported synchronously")
        text = zonetasks.export_text(conn, row["zone_id"])
    return Response(text, media_type="text/dns")
