"""What every Swift handler shares: who may touch an account (keystoneauth's rules and container ACLs),
the metadata headers a request carries (checked against Swift's constraints), and the names in the path."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from twinstack.core.pipeline import Req
from twinstack.object_storage import policies
from twinstack.object_storage import schemas as limits
from twinstack.object_storage.errors import denied, text_error

RESELLER_PREFIX = "AUTH_"


def now(req: Req) -> float:
    return req.cloud.clock.now().timestamp()


def names(req: Req) -> tuple[str, str, str]:
    """(account, container, object) from the path, with Swift's length and content checks."""
    account = req.params.get("account", "")
    container = unquote(req.params.get("container", ""))
    obj = req.params.get("object", "")
    if not account.startswith(RESELLER_PREFIX) or len(account) > limits.MAX_ACCOUNT_NAME_LENGTH:
        raise denied(req.ctx is not None)
    if len(container.encode()) > limits.MAX_CONTAINER_NAME_LENGTH:
        raise text_error(400, f"Container name length of {len(container.encode())} longer than "
                              f"{limits.MAX_CONTAINER_NAME_LENGTH}")
    if len(obj.encode()) > limits.MAX_OBJECT_NAME_LENGTH:
        raise text_error(400, f"Object name length of {len(obj.encode())} longer than {limits.MAX_OBJECT_NAME_LENGTH}")
    for name in (container, obj):
        if "\x00" in name:
            raise text_error(412, "Invalid UTF8 or contains NULL")
    return account, container, obj


# -- who may do what ------------------------------------------------------------------------------
def is_owner(req: Req, account: str) -> bool:
    """keystoneauth: an operator role on the account's project, or the reseller admin role anywhere."""
    ctx = req.ctx
    if ctx is None:
        return False
    roles = {r.lower() for r in ctx.role_names}
    if policies.RESELLER_ADMIN_ROLE.lower() in roles:
        return True
    return account == RESELLER_PREFIX + (ctx.project_id or "") and bool(roles & policies.OPERATOR_ROLES)


def require_owner(req: Req, account: str) -> None:
    if not is_owner(req, account):
        raise denied(req.ctx is not None)


def _acl(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def allowed_by_acl(req: Req, container: dict[str, Any], write: bool, listing: bool = False) -> bool:
    """Container ACLs as keystoneauth reads them: ``project:user`` pairs (ids or names, ``*`` for any),
    and, for reads, the referrer grants ``.r:*`` (objects) plus ``.rlistings`` (the listing)."""
    entries = _acl(container["meta"].get("x-container-write" if write else "x-container-read"))
    if not write and ".r:*" in entries and (not listing or ".rlistings" in entries):
        return True
    ctx = req.ctx
    if ctx is None:
        return False
    projects = {ctx.project_id, ctx.project_name, "*"}
    users = {ctx.user_id, ctx.user_name, "*"}
    for entry in entries:
        if entry.startswith("."):
            continue
        project, _, user = entry.partition(":")
        if project in projects and (user in users if user else False):
            return True
    return False


def authorize_container(req: Req, account: str, container: dict[str, Any] | None, write: bool,
                        listing: bool = False) -> None:
    if is_owner(req, account):
        return
    if container is not None and allowed_by_acl(req, container, write, listing):
        return
    raise denied(req.ctx is not None)


# -- metadata headers -----------------------------------------------------------------------------
def metadata(req: Req, level: str, extra: tuple[str, ...] = ()) -> dict[str, str | None]:
    """The ``X-<Level>-Meta-*`` headers (``X-Remove-...`` as None: a removal) plus the named system headers,
    lower-cased; checked as swift/common/constraints.py check_metadata does."""
    prefix, remove = f"x-{level}-meta-", f"x-remove-{level}-meta-"
    found: dict[str, str | None] = {}
    count = size = 0
    for key, value in req.headers.items():
        key = key.lower()
        if key.startswith(remove):
            found[prefix + key[len(remove):]] = None
            continue
        if key in extra:
            found[key] = value
            continue
        if key.startswith(f"x-remove-{level}-") and key[len("x-remove-"):] in extra:
            found[key[len("x-remove-"):]] = None
            continue
        if not key.startswith(prefix):
            continue
        name = key[len(prefix):]
        if not name:
            raise text_error(400, "Metadata name cannot be empty")
        if len(name) > limits.MAX_META_NAME_LENGTH:
            raise text_error(400, f"Metadata name too long: {key}")
        if len(value) > limits.MAX_META_VALUE_LENGTH:
            raise text_error(400, f"Metadata value longer than {limits.MAX_META_VALUE_LENGTH}: {key}")
        count += 1
        size += len(name) + len(value)
        found[key] = value
    if count > limits.MAX_META_COUNT:
        raise text_error(400, f"Too many metadata items; max {limits.MAX_META_COUNT}")
    if size > limits.MAX_META_OVERALL_SIZE:
        raise text_error(400, f"Total metadata too large; max {limits.MAX_META_OVERALL_SIZE}")
    return found


def listing_params(req: Req, default_limit: int) -> dict[str, Any]:
    q = req.query
    raw_limit = q.get("limit")
    limit = default_limit
    if raw_limit is not None:
        try:
            limit = int(raw_limit)
        except ValueError:
            raise text_error(412, "Value of limit must be a positive integer") from None
        if limit < 0:
            raise text_error(412, "Value of limit must be a positive integer")
        if limit > default_limit:
            raise text_error(412, f"Maximum limit is {default_limit}")
    reverse = (q.get("reverse") or "").lower() in ("true", "1", "yes", "on", "t", "y")
    for key in ("marker", "end_marker", "prefix", "delimiter"):
        if "\x00" in (q.get(key) or ""):
            raise text_error(412, f"{key} param contains NULL")
    delimiter = q.get("delimiter") or ""
    if len(delimiter) > 1:
        raise text_error(412, "Bad delimiter")
    return {"limit": limit, "marker": q.get("marker") or "", "end_marker": q.get("end_marker") or "",
            "prefix": q.get("prefix") or "", "delimiter": delimiter, "reverse": reverse}

