"""Discovery: the import methods this cloud accepts, its one store, and the caller's quota usage."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.image import data, manager, views
from twinstack.image.api import common


async def import_info(req: Req) -> Any:
    return {"import-methods": {"description": "Import methods available.", "type": "array",
                               "value": list(req.cloud.model.image.import_methods)}}


def _store() -> dict[str, Any]:
    return {"id": views.STORE_ID, "description": "Local file store under the cloud's state directory",
            "default": "true"}


async def stores(req: Req) -> Any:
    return {"stores": [_store()]}


async def stores_detail(req: Req) -> Any:
    common.enforce(req, "stores_info_detail", {"project_id": req.context.project_id or ""})
    store = _store() | {"type": "file", "weight": 0, "properties": {
        "data_dir": str(data.root(req.cloud)), "chunk_size": data.CHUNK, "thin_provisioning": False}}
    return {"stores": [store]}


async def usage(req: Req) -> Any:
    project = req.context.project_id
    with req.cloud.store.read() as conn:
        limits = manager.limits(req.cloud, conn, project)
        used = manager.usage(conn, project)
    return {"usage": {key: {"limit": limits[key], "usage": used[key]} for key in
                      ("image_size_total", "image_count_total", "image_stage_total", "image_count_uploading")}}
