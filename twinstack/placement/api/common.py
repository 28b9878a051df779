"""The parsers Placement's handlers share for ``resources``/``required``/``member_of``/``in_tree`` (body
and query checks, version gates and cache headers are manager/base.py's and views.py's)."""

from __future__ import annotations

import re
import uuid as uuidlib
from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.placement import errors
from twinstack.placement.manager.base import valid_uuid
from twinstack.placement.schemas.common import UUID_PATTERN


def is_uuid(value: str) -> bool:
    return bool(re.match(UUID_PATTERN, value)) and valid_uuid(value)


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
            if not re.match(UUID_PATTERN, u) or not valid_uuid(u):
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
