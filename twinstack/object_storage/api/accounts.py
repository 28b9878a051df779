"""``/v1/{account}``: the container listing with the account's totals, metadata by POST (TempURL keys and
quotas among it; a quota only the reseller admin may set), and the bulk middleware's ``?bulk-delete``.
An account exists from its owner's first look (account_autocreate); deleting one is not allowed."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from starlette.responses import Response

from twinstack.core.pipeline import Req
from twinstack.object_storage import manager, policies, views
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import common
from twinstack.object_storage.errors import denied, status, text_error
from twinstack.object_storage.manager import files

ACCOUNT_HEADERS = ("x-account-access-control",)


async def get(req: Req) -> Any:
    account, _, _ = common.names(req)
    common.require_owner(req, account)
    with req.cloud.store.read() as conn:
        row = manager.get_account(conn, account)
        totals = manager.account_totals(conn, account)
    headers = views.account_headers(row, totals, common.now(req))
    kind = views.listing_format(req)
    if req.method == "HEAD":
        return Response(status_code=204, headers={**headers, "Content-Type": views.FORMATS[kind] + "; charset=utf-8"})
    listing = manager.Listing(**common.listing_params(req, limits.ACCOUNT_LISTING_LIMIT))
    with req.cloud.store.read() as conn:
        items = manager.list_containers(conn, account, listing)
    return views.listing(kind, "account", account, items, headers)


async def post(req: Req) -> Any:
    account, _, _ = common.names(req)
    if "bulk-delete" in req.query:
        return await _bulk_delete(req, account)
    common.require_owner(req, account)
    meta = common.metadata(req, "account", ACCOUNT_HEADERS)
    quota_keys = [k for k in meta if k.startswith("x-account-meta-quota-")]
    roles = {r.lower() for r in (req.ctx.role_names if req.ctx else [])}
    if quota_keys and policies.RESELLER_ADMIN_ROLE.lower() not in roles:
        raise denied(True)
    with req.cloud.store.begin() as conn:
        manager.set_account_meta(conn, account, meta, common.now(req))
    return Response(status_code=204, headers={"Content-Type": "text/html; charset=UTF-8"})


async def put(req: Req) -> Any:
    common.names(req)
    raise status(405)


async def delete(req: Req) -> Any:
    common.names(req)
    raise status(405)


async def _bulk_delete(req: Req, account: str) -> Response:
    """Newline-separated ``/container/object`` (or ``/container``) paths, URL-quoted; each deleted as its
    own request would be, each failure reported, never more than the limit per request."""
    common.require_owner(req, account)
    lines = [unquote(line.strip()) for line in (await req.raw.body()).decode("utf-8", "replace").splitlines()]
    paths = [line.lstrip("/") for line in lines if line.strip()]
    if len(paths) > limits.MAX_DELETES_PER_REQUEST:
        raise text_error(413, f"Maximum Bulk Deletes: {limits.MAX_DELETES_PER_REQUEST} per request")
    deleted = missing = 0
    errors: list[list[str]] = []
    for path in paths:
        container, _, name = path.partition("/")
        with req.cloud.store.begin() as conn:
            crow = manager.get_container(conn, account, container)
            if crow is None:
                missing += 1
                continue
            if not name:
                if manager.delete_container(conn, crow):
                    deleted += 1
                else:
                    errors.append([f"/{container}", "409 Conflict"])
                continue
            gone = manager.delete_object(conn, crow["id"], name)
        if gone is None:
            missing += 1
        else:
            files.remove(req.cloud, gone["location"])
            deleted += 1
    return common.bulk_result(req, deleted, missing, errors)
