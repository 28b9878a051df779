"""``/servers/{id}/shares`` (2.97+): Manila shares attached to a server. This cloud has no Manila, so
no server has a share: the list is empty, one share is 404, and an attach fails where Nova's would
when Manila does not know the share (after the same policy and state checks, in Nova's order)."""

from __future__ import annotations

from typing import Any

from twinstack.compute import errors
from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.schemas import server_shares as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.validation import validate


def _server(req: Req, rule: str) -> dict[str, Any]:
    if not req.at_least(2, 97):
        raise errors.resource_not_found()
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize(f"os_compute_api:os-server-shares:{rule}", {"project_id": row["project_id"]})
    return row


def _not_found(share_id: str) -> ApiError:
    return ApiError(404, f"Share {share_id} could not be found.", "ShareNotFound")


async def index(req: Req) -> Any:
    _server(req, "index")
    return {"shares": []}


async def create(req: Req) -> Any:
    row = _server(req, "create")
    body = validate(await req.json(), schemas.CREATE)
    capi.check_state(row, "create share", [s.STOPPED], capi.ANY_TASK)
    raise _not_found(body["share"]["share_id"])  # Manila is asked next, and has no such share


async def show(req: Req) -> Any:
    _server(req, "show")
    raise _not_found(req.params["share_id"])


async def delete(req: Req) -> Any:
    row = _server(req, "delete")
    capi.check_state(row, "delete share", [s.STOPPED, s.ERROR], capi.ANY_TASK)
    raise _not_found(req.params["share_id"])
