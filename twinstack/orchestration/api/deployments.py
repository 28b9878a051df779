"""``/software_deployments``: a software config applied to a server (the server reports back with PUT), and
``/software_deployments/metadata/{server_id}``, the configs a server's agent would fetch."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty
from twinstack.orchestration import errors as E
from twinstack.orchestration import tables as t
from twinstack.orchestration import views
from twinstack.orchestration.api.common import tenant
from twinstack.orchestration.api.stacks import _body
from twinstack.orchestration.manager import configs

D = t.software_deployments


def _view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "config_id": row["config_id"], "server_id": row["server_id"],
            "input_values": row["input_values"], "output_values": row["output_values"], "action": row["action"],
            "status": row["status"], "status_reason": row["status_reason"],
            "creation_time": views.time(row["created_at"]), "updated_time": views.time(row["updated_at"])}


def _owned(req: Req) -> Any:
    return sa.true() if req.context.is_admin else D.c.project_id == req.context.project_id


async def index(req: Req) -> Any:
    tenant(req)
    req.authorize("software_deployments:index", {"project_id": req.context.project_id})
    query = sa.select(D).where(_owned(req)).order_by(D.c.created_at)
    if req.query.get("server_id"):
        query = query.where(D.c.server_id == req.query["server_id"])
    with req.cloud.store.read() as conn:
        return {"software_deployments": [_view(dict(r._mapping)) for r in conn.execute(query)]}


async def create(req: Req) -> Any:
    tenant(req)
    req.authorize("software_deployments:create", {"project_id": req.context.project_id})
    body = _body(await req.json())
    for key in ("config_id", "server_id"):
        if not body.get(key):
            raise E.bad_request(f"Missing required parameter {key}")
    owner = None if req.context.is_admin else req.context.project_id
    if configs.get(req.cloud, str(body["config_id"]), owner) is None:
        raise E.not_found("Software Config", str(body["config_id"]))
    row = {"id": uuid_str(), "project_id": req.context.project_id or "", "config_id": body["config_id"],
           "server_id": str(body["server_id"]), "input_values": body.get("input_values") or {},
           "output_values": {}, "action": body.get("action") or "INIT", "status": body.get("status") or "COMPLETE",
           "status_reason": body.get("status_reason") or "", "created_at": req.cloud.clock.now(), "updated_at": None}
    with req.cloud.store.begin() as conn:
        conn.execute(D.insert().values(**row))
    return {"software_deployment": _view(row)}


def _get(req: Req) -> dict[str, Any]:
    tenant(req)
    with req.cloud.store.read() as conn:
        row = conn.execute(sa.select(D).where(D.c.id == req.params["deployment_id"], _owned(req))).first()
    if row is None:
        raise E.not_found("Software Deployment", req.params["deployment_id"])
    return dict(row._mapping)


async def show(req: Req) -> Any:
    row = _get(req)
    req.authorize("software_deployments:show", {"project_id": row["project_id"]})
    return {"software_deployment": _view(row)}


async def update(req: Req) -> Any:
    row = _get(req)
    req.authorize("software_deployments:update", {"project_id": row["project_id"]})
    body = _body(await req.json())
    keys = ("action", "status", "status_reason", "output_values", "input_values", "config_id")
    values: dict[str, Any] = {k: body[k] for k in keys if k in body}
    values["updated_at"] = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        conn.execute(D.update().where(D.c.id == row["id"]).values(**values))
    row.update(values)
    return {"software_deployment": _view(row)}


async def delete(req: Req) -> Any:
    row = _get(req)
    req.authorize("software_deployments:delete", {"project_id": row["project_id"]})
    with req.cloud.store.begin() as conn:
        conn.execute(D.delete().where(D.c.id == row["id"]))
    return empty(204)


async def metadata(req: Req) -> Any:
    tenant(req)
    req.authorize("software_deployments:metadata", {"project_id": req.context.project_id})
    query = sa.select(D).where(D.c.server_id == req.params["server_id"], _owned(req)).order_by(D.c.created_at)
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    out = []
    for row in rows:
        config = configs.get(req.cloud, row["config_id"])
        if config is not None:
            item = views.software_config(config)
            item.update(id=row["id"], inputs=[*config["inputs"], *[{"name": k, "value": v} for k, v in
                                                                   row["input_values"].items()]])
            out.append(item)
    return {"metadata": sorted(out, key=lambda c: c["name"] or "")}
