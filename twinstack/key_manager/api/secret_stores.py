"""``/v1/secret-stores`` (barbican/api/controllers/secretstores.py): the stores, the global default, the
project's preferred store and an admin's choice of it. With multiple backends disabled every call is the
404 "Multiple backends support is not enabled". As upstream, the collection's calls check policy before
that 404, the calls on one store look it up first (a missing one is a 404 before any policy)."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, empty
from twinstack.key_manager import errors, views
from twinstack.key_manager.api import common
from twinstack.key_manager.manager import stores


def _enabled(conn: Any) -> None:
    if not stores.enabled(conn):
        raise errors.multiple_backends_not_enabled()


async def index(req: Req) -> Any:
    common.authorize(req, "secretstores:get")
    with req.cloud.store.read() as conn:
        _enabled(conn)
        rows = stores.all_stores(conn)
    return {"secret_stores": [views.secret_store(common.base(req), r) for r in rows]}


async def global_default(req: Req) -> Any:
    common.authorize(req, "secretstores:get_global_default")
    with req.cloud.store.read() as conn:
        _enabled(conn)
        row = stores.global_default(conn)
    if row is None:  # sync_secret_stores refuses a configuration without exactly one
        raise errors.store_not_found()
    return views.secret_store(common.base(req), row)


async def preferred(req: Req) -> Any:
    common.authorize(req, "secretstores:get_preferred")
    with req.cloud.store.read() as conn:
        _enabled(conn)
        row = stores.preferred(conn, common.project(req))
    if row is None:
        raise errors.no_preferred_store()
    return views.secret_store(common.base(req), row)


def _store(req: Req, conn: Any) -> dict[str, Any]:
    _enabled(conn)
    row = stores.get(conn, req.params["store_id"])
    if row is None:
        raise errors.store_not_found()
    return row


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _store(req, conn)
    common.authorize(req, "secretstore:get")
    return views.secret_store(common.base(req), row)


async def set_preferred(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _store(req, conn)
        common.authorize(req, "secretstore_preferred:post")
        stores.set_preferred(conn, common.project(req), row["id"])
    return empty(204)


async def remove_preferred(req: Req) -> Any:
    """Removes the project's preferred store whichever store the path names (as upstream's on_delete)."""
    with req.cloud.store.begin() as conn:
        _store(req, conn)
        common.authorize(req, "secretstore_preferred:delete")
        if not stores.remove_preferred(conn, common.project(req)):
            raise errors.no_preferred_store()
    return empty(204)
