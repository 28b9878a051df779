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
    failure = _failure(req, meta.get("name"))
    with req.cloud.store.begin() as conn:
        check_quota(conn, common.project(req), "orders")
        check_quota(conn, common.project(req), "secrets")
        order_id = orders.fulfil(req.cloud, conn, owner, fields["type"], meta, expiration, failure)
    return common.created(req, "orders", order_id, 202)


def _failure(req: Req, name: str | None) -> tuple[str, str] | None:
    """The fault engine's ``order_error`` outcome (``match.name`` a regex on the order's meta name):
    ``params.code`` and ``params.reason`` become the order's error_status_code and error_reason."""
    check = getattr(req.cloud.faults, "check", None)
    if check is None or not req.cloud.faults.rules:
        return None
    ctx = req.context
    rule = check("key_manager.order", service="key_manager", name=name, project_id=ctx.project_id,
                 user_id=ctx.user_id, project_name=ctx.project_name, user_name=ctx.user_name)
    if rule is None:
        return None
    params = rule.action.params
    return (str(params.get("code", "500")),
            str(params.get("reason") or rule.action.message or "Process TypeOrder failure seen - please contact "
                "site administrator."))
