"""Small helpers the compute resource APIs share (flavors, keypairs, aggregates, quotas, ...):
Nova's next links (self/bookmark links come from compute.views), its boolean and integer query
parsing, identity look-ups."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute.views import roots
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req


def removed_at(req: Req, major: int, minor: int) -> None:
    """An API Nova removed at ``major.minor`` (the proxies at 2.36): from there on an unknown resource."""
    if req.at_least(major, minor):
        raise errors.resource_not_found()


# SQLite's INTEGER (and the other stores' BIGINT): a larger number in a query overflows the driver
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1


def fits_db_int(number: int) -> bool:
    """Whether ``number`` can be compared with an integer column (no row has an id beyond it)."""
    return DB_INT_MIN <= number <= DB_INT_MAX


def next_links(req: Req, collection: str, marker: Any, limit: int | None) -> list[dict[str, str]]:
    versioned, _ = roots(req)
    params = [(k, v) for k, v in req.query.multi_items() if k not in ("marker", "limit")]
    if limit is not None:
        params.append(("limit", str(limit)))
    params.append(("marker", str(marker)))
    return [{"rel": "next", "href": f"{versioned}/{collection}?{urlencode(params)}"}]


def strict_bool(value: Any, what: str) -> bool:
    """Nova's strict boolean (oslo.utils' spellings, through core.convert): anything else is a 400."""
    try:
        return to_bool(value, strict=True)
    except ValueError:
        raise ApiError(400, f"Invalid value '{value}' for {what}: it must be a boolean.") from None


def parse_int(value: str | None, what: str, minimum: int | None = 0) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"{what} param must be an integer") from None
    if minimum is not None and number < minimum:
        raise ApiError(400, f"{what} param must be >= {minimum}" if minimum else f"{what} param must be positive")
    return number


def limit_and_marker(req: Req, max_limit: int = 1000) -> tuple[int | None, str | None]:
    """Nova's common.get_limit_and_marker: limit >= 0, capped by osapi_max_limit (1000)."""
    limit = parse_int(req.query.get("limit"), "limit")
    if limit is not None:
        limit = min(limit, max_limit)
    return limit, req.query.get("marker")


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


def iso(value: datetime | None) -> str | None:
    """Nova's timestamps: 2026-11-27T04:31:39.000000 (no zone)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") if value else None


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
