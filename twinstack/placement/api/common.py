"""What Placement's handlers share: body and query validation with Placement's messages, the parsers
for ``resources``/``required``/``member_of``/``in_tree``, version gates and cache headers."""

from __future__ import annotations

import re
import uuid as uuidlib
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import jsonschema
from starlette.responses import Response

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import compiled
from twinstack.placement import errors
from twinstack.placement.schemas.common import UUID_PATTERN

_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("uuid")
def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


def is_uuid(value: str) -> bool:
    return bool(re.match(UUID_PATTERN, value)) and _is_uuid(value)


def since(req: Req, major: int, minor: int) -> None:
    """A route that exists only from a microversion on answers 404 before it, as Placement does."""
    if not req.at_least(major, minor):
        raise ApiError(404, "The resource could not be found.")


def schema_for(req: Req, by_version: dict[tuple[int, int], dict[str, Any]]) -> dict[str, Any]:
    """The schema in force at the request's microversion: ``by_version`` maps the version each
    schema starts at to the schema, oldest first (``{(1, 0): update, (1, 8): update_v1_8}``)."""
    version = (req.version.major, req.version.minor) if req.version is not None else (1, 0)
    chosen = next(iter(by_version.values()))
    for since_version, schema in by_version.items():
        if version >= since_version:
            chosen = schema
    return chosen


def validate(data: Any, schema: dict[str, Any]) -> Any:
    error = jsonschema.exceptions.best_match(compiled(schema, _FORMATS).iter_errors(data))
    if error is not None:
        raise ApiError(400, f"JSON does not validate: {error.message}")
    return data


async def body(req: Req, schema: dict[str, Any]) -> Any:
    ctype = req.headers.get("content-type", "")
    if ctype and not ctype.split(";")[0].strip().lower() == "application/json":
        raise ApiError(415, f"The media type {ctype} is not supported, use application/json")
    try:
        data = await req.json()
    except ApiError as err:
        if err.status == 400:
            raise ApiError(400, err.message.replace("Malformed request body", "Malformed JSON")) from None
        raise
    return validate(data, schema)


def check_query(req: Req, allowed: set[str]) -> None:
    extra = sorted(k for k in req.query if k not in allowed)
    if extra:
        raise ApiError(400, "Invalid query string parameters: Additional properties are not allowed "
                            f"({', '.join(repr(e) for e in extra)} {'was' if len(extra) == 1 else 'were'} unexpected)")


def path_uuid(req: Req, name: str = "uuid") -> str:
    return req.params[name]


def http_date(value: datetime | None) -> str:
    value = value or datetime.now(UTC).replace(tzinfo=None)
    return format_datetime(value.replace(tzinfo=UTC), usegmt=True)


def respond(req: Req, payload: Any, status: int = 200, modified: datetime | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """JSON with Placement's last-modified and cache-control headers from 1.15."""
    accept = req.headers.get("accept")
    if accept and payload is not None and req.method in ("GET", "HEAD"):
        offered = {part.split(";")[0].strip().lower() for part in accept.split(",")}
        if not offered & {"application/json", "application/*", "*/*"}:
            raise ApiError(406, "Only application/json is provided")
    out = dict(headers or {})
    if req.at_least(1, 15):
        out["last-modified"] = http_date(modified or req.cloud.clock.now())
        out["cache-control"] = "no-cache"
    if payload is None:
        return empty(status, out)
    return json_response(payload, status, out)


def link(req: Req, path: str) -> str:
    return f"/placement{path}"


# -- query parameter parsers -------------------------------------------------------------------
def parse_resources(value: str) -> dict[str, int]:
    if value.strip() == "":
        raise ApiError(400, "Badly formed resources parameter. Expected resources query string parameter in "
                            "form: ?resources=VCPU:2,MEMORY_MB:1024. Got: empty string.")
    out: dict[str, int] = {}
    for item in value.split(","):
        parts = item.split(":")
        if len(parts) != 2:
            raise ApiError(400, "Badly formed resources parameter. Expected resources query string parameter "
                                f"in form: ?resources=VCPU:2,MEMORY_MB:1024. Got: {item}.")
        rc, amount = parts
        try:
            n = int(amount)
        except ValueError:
            raise ApiError(400, f"Requested resource {rc} expected positive integer amount. Got: {amount}.") from None
        if n < 1:
            raise ApiError(400, f"Requested resource {rc} requires amount >= 1. Got: {n}.")
        out[rc] = n
    return out


def parse_required(req: Req, values: list[str], name: str = "required") -> tuple[list[list[str]], list[str]]:
    """``required`` values -> (any-of groups, forbidden traits); ``!`` from 1.22, ``in:`` from 1.39."""
    groups: list[list[str]] = []
    forbidden: list[str] = []
    for value in values:
        if value.startswith("in:"):
            if not req.at_least(1, 39):
                raise ApiError(400, f"Invalid query string parameters: The format 'in:' in the '{name}' "
                                    "parameter is not supported in the specified microversion", errors.BAD_VALUE)
            names = [t.strip() for t in value[3:].split(",")]
            if any(not t or t.startswith("!") for t in names):
                raise ApiError(400, f"Invalid query string parameters: Expected '{name}' parameter value of the "
                                    f"form: in:HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: {value}", errors.BAD_VALUE)
            groups.append(names)
            continue
        for t in value.split(","):
            t = t.strip()
            if not t:
                raise ApiError(400, f"Invalid query string parameters: Expected '{name}' parameter value of the "
                                    f"form: HW_CPU_X86_VMX,!CUSTOM_MAGIC. Got: {value}", errors.BAD_VALUE)
            if t.startswith("!"):
                if not req.at_least(1, 22):
                    raise ApiError(400, f"Invalid query string parameters: Expected '{name}' parameter value of "
                                        f"the form: HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: {value}", errors.BAD_VALUE)
                forbidden.append(t[1:])
            else:
                groups.append([t])
    return groups, forbidden


def known_traits(req: Req, conn: Any, groups: list[list[str]], forbidden: list[str], name: str = "required") -> None:
    from sqlalchemy import select

    from twinstack.placement.tables import traits

    wanted = {t for g in groups for t in g} | set(forbidden)
    if not wanted:
        return
    have = {t for (t,) in conn.execute(select(traits.c.name).where(traits.c.name.in_(wanted)))}
    missing = sorted(wanted - have)
    if missing:
        raise ApiError(400, f"Invalid trait(s) in \"{name}\" parameter: No such trait(s): {', '.join(missing)}.")


def parse_member_of(req: Req, values: list[str], name: str = "member_of") -> tuple[list[list[str]], list[str]]:
    """``member_of`` values -> (any-of aggregate groups, forbidden aggregates)."""
    if len(values) > 1 and not req.at_least(1, 24):
        raise ApiError(400, f"Multiple {name} parameters are not supported", errors.DUPLICATE_KEY)
    groups: list[list[str]] = []
    forbidden: list[str] = []
    for value in values:
        negate = value.startswith("!")
        if negate:
            if not req.at_least(1, 32):
                raise ApiError(400, f"Forbidden {name} parameters are not supported in the specified microversion",
                               errors.BAD_VALUE)
            value = value[1:]
        listed = value.startswith("in:")
        if listed:
            value = value[3:]
        uuids = value.split(",")
        if len(uuids) > 1 and not listed:
            raise ApiError(400, f"Multiple values for '{name}' must be prefixed with the 'in:' keyword. "
                                f"Got: {value}", errors.BAD_VALUE)
        for u in uuids:
            if not re.match(UUID_PATTERN, u) or not _is_uuid(u):
                raise ApiError(400, f"Invalid query string parameters: Expected '{name}' parameter to contain "
                                    f"valid UUID(s). Got: {u}", errors.BAD_VALUE)
        uuids = [str(uuidlib.UUID(u)) for u in uuids]
        if negate:
            if listed is False and len(uuids) > 1:
                raise ApiError(400, f"Invalid query string parameters: Expected '{name}' parameter to contain "
                                    f"valid UUID(s). Got: {value}", errors.BAD_VALUE)
            forbidden.extend(uuids)
        else:
            groups.append(uuids)
    return groups, forbidden


def parse_in_tree(value: str, name: str = "in_tree") -> str:
    try:
        return str(uuidlib.UUID(value))
    except ValueError:
        raise ApiError(400, f"Invalid query string parameters: Expected '{name}' parameter to be a format of "
                            f"uuid. Got: {value}", errors.BAD_VALUE) from None
