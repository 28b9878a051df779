"""Consumers: a service registers its use of a container (``name``, ``URL``: barbican/api/controllers/
consumers.py) or, from microversion 1.1, of a secret (``service``, ``resource_type``, ``resource_id``).
POST and DELETE answer the owner with its consumers; GET pages them with ``total``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twinstack.core.pipeline import Handler, Req
from twinstack.key_manager import schemas, views
from twinstack.key_manager.api import common, containers, secrets
from twinstack.key_manager.manager import common as mcommon
from twinstack.key_manager.manager import containers as mcontainers
from twinstack.key_manager.manager import secrets as msecrets

CONTAINER = ("name", "URL")
SECRET = ("service", "resource_type", "resource_id")


def _listing(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    offset, limit = mcommon.paging(req.query)
    items = [{**c, "status": "ACTIVE", "updated": c["created"]} for c in row["consumers"]]
    return views.page(common.base(req), "consumers", items[offset:offset + limit], len(items), offset, limit)


async def _change(req: Req, row: dict[str, Any], keys: tuple[str, ...], adding: bool,
                  save: Callable[[Any, str, dict[str, Any]], None]) -> list[dict[str, Any]]:
    consumer = schemas.consumer(await common.json_body(req), keys)
    if adding:
        created = {**consumer, "created": mcommon.iso(common.now(req))}
        updated = mcontainers.add_consumer(row["consumers"], created, keys)
    else:
        updated = mcontainers.remove_consumer(row["consumers"], consumer, keys)
    with req.cloud.store.begin() as conn:
        save(conn, row["id"], {"consumers": updated})
    return updated


def _handlers(load: Callable[[Req, str], dict[str, Any]], rules: str, keys: tuple[str, ...],
              save: Callable[[Any, str, dict[str, Any]], None],
              view: Callable[[str, dict[str, Any]], dict[str, Any]]) -> tuple[Handler, Handler, Handler]:
    """GET, POST and DELETE on the consumers of one kind of owner (a container or a secret)."""

    async def listing(req: Req) -> Any:
        return _listing(req, load(req, f"{rules}:get"))

    async def add(req: Req) -> Any:
        row = load(req, f"{rules}:post")
        return view(common.base(req), {**row, "consumers": await _change(req, row, keys, True, save)})

    async def remove(req: Req) -> Any:
        row = load(req, f"{rules}:delete")
        return view(common.base(req), {**row, "consumers": await _change(req, row, keys, False, save)})

    return listing, add, remove


list_container, add_container, remove_container = _handlers(
    containers.load, "container_consumers", CONTAINER, mcontainers.update, views.container)
list_secret, add_secret, remove_secret = _handlers(
    secrets.load, "secret_consumers", SECRET, msecrets.update, views.secret)
