"""What every Heat handler does first: check the URL's tenant against the token's project, find the stack."""

from __future__ import annotations

from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.orchestration.manager import stacks


def tenant(req: Req) -> None:
    """Heat refuses a URL naming another project than the token's (an admin may name any)."""
    if req.params.get("tenant_id") != req.context.project_id and not req.context.is_admin:
        raise ApiError(403, "Access was denied to this resource.", "HTTPForbidden")


def stack(req: Req, deleted: bool = False) -> dict[str, Any]:
    tenant(req)
    with req.cloud.store.read() as conn:
        return stacks.find(conn, req.context, req.params["stack_name"], req.params.get("stack_id"), deleted=deleted)


def target(row: dict[str, Any]) -> dict[str, Any]:
    return {"project_id": row["project_id"]}
