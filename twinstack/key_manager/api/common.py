"""What every handler needs: the caller's project and user, the cloud's now, and authorization against a
record (its owner project, its creator, and the ACL that may let a user of another project read it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twinstack.core.pipeline import Req


def now(req: Req) -> datetime:
    return req.cloud.clock.now()


def project(req: Req) -> str:
    return req.context.project_id or ""


def authorize(req: Req, rule: str, row: dict[str, Any] | None = None, acl_op: str | None = None) -> None:
    """Policy on the record's owner; a read the record's ACL grants the caller passes first, as
    Barbican's ``secret_acl_read``/``container_acl_read`` rules do."""
    if row is not None and acl_op is not None and acl_allows(req, row, acl_op):
        return
    target = {"project_id": row["project_id"], "creator_id": row["creator_id"]} if row else {
        "project_id": project(req)}
    req.authorize(rule, target)


def acl_allows(req: Req, row: dict[str, Any], operation: str) -> bool:
    rule: dict[str, Any] = (row.get("acl") or {}).get(operation) or {}
    return bool(rule) and req.context.user_id in rule.get("users", [])


def base(req: Req) -> str:
    return req.base_url()
