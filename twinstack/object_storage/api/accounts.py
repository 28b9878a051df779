"""``/v1/{account}``: the container listing with the account's totals, metadata by POST (TempURL keys and
quotas among it; a quota only the reseller admin may set), and the bulk middleware (``?bulk-delete``,
``?extract-archive``).
An account exists from its owner's first look (account_autocreate); deleting one is not allowed."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from twinstack.core.pipeline import Req, raw_body
from twinstack.object_storage import manager, policies, views
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.api import bulk, common
from twinstack.object_storage.errors import denied, status, text_error

# account_quotas' headers (2.34 names beside the older meta one), only the reseller admin may set them
QUOTA_HEADERS = ("x-account-quota-bytes", "x-account-quota-count")
ACCOUNT_HEADERS = ("x-account-access-control", *QUOTA_HEADERS)


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
        return await bulk.delete(req, account)
    common.require_owner(req, account)
    meta = common.metadata(req, "account", ACCOUNT_HEADERS)
    quota_keys = [k for k in meta if k.startswith("x-account-meta-quota-") or k in QUOTA_HEADERS]
    roles = {r.lower() for r in (req.ctx.role_names if req.ctx else [])}
    if quota_keys and policies.RESELLER_ADMIN_ROLE.lower() not in roles:
        raise denied(True)
    for key in quota_keys:
        value = meta[key]
        if value and not value.isdigit():
            raise text_error(400, f"Invalid {'count' if key.endswith('count') else 'bytes'} quota.")
    with req.cloud.store.begin() as conn:
        manager.set_account_meta(conn, account, meta, common.now(req))
    return Response(status_code=204, headers={"Content-Type": "text/html; charset=UTF-8"})


@raw_body
async def put(req: Req) -> Any:
    account, _, _ = common.names(req)
    if "extract-archive" in req.query:
        return await bulk.extract(req, account, "")
    raise status(405)


async def delete(req: Req) -> Any:
    account, _, _ = common.names(req)
    if "bulk-delete" in req.query:
        return await bulk.delete(req, account)
    raise status(405)
