"""Discovery: the import methods this cloud accepts, its one store (file, or swift as the model says), and the
caller's quota usage."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.image import data, manager
from twinstack.image.api import common


async def import_info(req: Req) -> Any:
    return {"import-methods": {"description": "Import methods available.", "type": "array",
                               "value": list(req.cloud.model.image.import_methods)}}


def _store(req: Req) -> dict[str, Any]:
    if data.store_id(req.cloud) == data.SWIFT_STORE:
        return {"id": data.SWIFT_STORE, "description": "Swift: the service project's 'glance' container",
                "default": "true"}
    return {"id": data.STORE_ID, "description": "Local file store under the cloud's state directory",
            "default": "true"}


async def stores(req: Req) -> Any:
    return {"stores": [_store(req)]}


async def stores_detail(req: Req) -> Any:
    common.enforce(req, "stores_info_detail", {"project_id": req.context.project_id or ""})
    if data.store_id(req.cloud) == data.SWIFT_STORE:
        store = _store(req) | {"type": "swift", "weight": 0, "properties": {
            "container": data.SWIFT_CONTAINER, "large_object_size": 5120, "large_object_chunk_size": 200}}
    else:
        store = _store(req) | {"type": "file", "weight": 0, "properties": {
            "data_dir": str(data.root(req.cloud)), "chunk_size": data.CHUNK, "thin_provisioning": False}}
    return {"stores": [store]}


async def usage(req: Req) -> Any:
    project = req.context.project_id
    with req.cloud.store.read() as conn:
        limits = manager.limits(req.cloud, conn, project)
        used = manager.usage(conn, project)
    return {"usage": {key: {"limit": limits[key], "usage": used[key]} for key in
                      ("image_size_total", "image_count_total", "image_stage_total", "image_count_uploading")}}
