"""``/v1/quotas`` (the caller's effective quotas) and ``/v1/project-quotas`` (an admin's per-project
values): barbican/api/controllers/quotas.py. -1 is unlimited, the default."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, empty
from twinstack.key_manager import errors, schemas, views
from twinstack.key_manager import tables as t
from twinstack.key_manager.api import common
from twinstack.key_manager.manager import common as mcommon
from twinstack.key_manager.manager import quotas


async def effective(req: Req) -> Any:
    common.authorize(req, "quotas:get")
    with req.cloud.store.read() as conn:
        return {"quotas": quotas.effective(conn, common.project(req))}


async def index(req: Req) -> Any:
    common.authorize(req, "project_quotas:get")
    offset, limit = mcommon.paging(req.query)
    with req.cloud.store.read() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(t.quotas).order_by(t.quotas.c.project_id)).mappings()]
    items = [{"project_id": r["project_id"], "project_quotas": r["quotas"]} for r in rows]
    return views.page(common.base(req), "project_quotas", items[offset:offset + limit], len(items), offset, limit)


async def show(req: Req) -> Any:
    common.authorize(req, "project_quotas:get")
    with req.cloud.store.read() as conn:
        values = quotas.project_quotas(conn, req.params["project_id"])
    if values is None:
        raise errors.not_found("project quotas")
    return {"project_quotas": values}


async def put(req: Req) -> Any:
    common.authorize(req, "project_quotas:put")
    values = schemas.project_quotas(await common.json_body(req))
    with req.cloud.store.begin() as conn:
        quotas.set_project(conn, req.params["project_id"], values)
    return empty(204)


async def delete(req: Req) -> Any:
    common.authorize(req, "project_quotas:delete")
    with req.cloud.store.begin() as conn:
        if not quotas.delete_project(conn, req.params["project_id"]):
            raise errors.not_found("project quotas")
    return empty(204)
