"""Small helpers the compute resource APIs share (flavors, keypairs, aggregates, quotas, ...):
Nova's boolean query parsing, closed query schemas, identity look-ups; its next links, integer
parsing and timestamps come from manager/crud.py (the runner of compute's declared resources)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute.manager.crud import (  # noqa: F401 - shared by the resource APIs from here
    fits_db_int,
    iso,
    limit_and_marker,
    next_links,
    parse_int,
)
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req


def removed_at(req: Req, major: int, minor: int) -> None:
    """An API Nova removed at ``major.minor`` (the proxies at 2.36): from there on an unknown resource."""
    if req.at_least(major, minor):
        raise errors.resource_not_found()


def strict_bool(value: Any, what: str) -> bool:
    """Nova's strict boolean (oslo.utils' spellings, through core.convert): anything else is a 400."""
    try:
        return to_bool(value, strict=True)
    except ValueError:
        raise ApiError(400, f"Invalid value '{value}' for {what}: it must be a boolean.") from None


def is_admin(req: Req) -> bool:
    return req.context.is_admin


def project_exists(conn: Connection, project_id: str) -> bool:
    from twinstack.identity import local as identity

    return identity.project_exists(conn, project_id)


def user_exists(conn: Connection, user_id: str) -> bool:
    from twinstack.identity import local as identity

    return identity.user_exists(conn, user_id)


def verify_project(req: Req, project_id: str) -> None:
    """Nova's identity.verify_project_id: an unknown project id is a 400."""
    with req.cloud.store.read() as conn:
        if not project_exists(conn, project_id):
            raise ApiError(400, f"Project ID {project_id} is not a valid project.")


def query_flag(req: Req, name: str) -> bool:
    value = req.query.get(name)
    if value is None:
        return False
    if value == "":
        return True
    return strict_bool(value, name)


def reject_unknown_query(req: Req, allowed: set[str] | frozenset[str] = frozenset()) -> None:
    """From the microversions where Nova closed its query schemas (additionalProperties false). The
    error has no path, so Nova's validator answers jsonschema's bare message."""
    extra = list(dict.fromkeys(k for k in req.query if k not in allowed))
    if extra:
        names = ", ".join(repr(e) for e in extra)
        verb = "was" if len(extra) == 1 else "were"
        raise ApiError(400, f"Additional properties are not allowed ({names} {verb} unexpected)")
