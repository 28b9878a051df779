"""``/v1/orders``: key and asymmetric orders, fulfilled at once (202 with the ``order_ref``)."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.key_manager import errors, schemas, views
from twinstack.key_manager.api import common
from twinstack.key_manager.api.common import authorize, now
from twinstack.key_manager.manager import common as mcommon
from twinstack.key_manager.manager import orders
from twinstack.key_manager.manager.quotas import check_quota


def _load(req: Req, rule: str) -> dict[str, Any]:
    with req.cloud.store.read() as conn:
        row = orders.require(conn, req.params["order_id"])
    authorize(req, rule, row)
    return row


async def index(req: Req) -> Any:
    return common.listing(req, "orders", orders.listed, views.order)


async def show(req: Req) -> Any:
    return views.order(common.base(req), _load(req, "order:get"))


async def delete(req: Req) -> Any:
    row = _load(req, "order:delete")
    return common.deleted(req, orders.delete, row)


async def create(req: Req) -> Any:
    authorize(req, "orders:post")
    fields = schemas.new_order(await common.json_body(req))
    meta, at = fields["meta"], now(req)
    expiration = None
    if meta.get("expiration") is not None:
        expiration = mcommon.parse_time(meta["expiration"], "expiration")
        if expiration <= at:
            raise errors.bad("'expiration' is before current time")
    owner = {"project_id": common.project(req), "creator_id": req.context.user_id, "created_at": at,
             "updated_at": at}
    with req.cloud.store.begin() as conn:
        check_quota(conn, common.project(req), "orders")
        check_quota(conn, common.project(req), "secrets")
        order_id = orders.fulfil(req.cloud, conn, owner, fields["type"], meta, expiration)
    return common.created(req, "orders", order_id, 202)
