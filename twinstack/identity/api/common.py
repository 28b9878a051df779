"""What every Identity CRUD handler shares: policy targets, request-body validation in Keystone's
words, list filters (exact and ``__contains``-style), and ``links``. Keystone's error messages are in
``identity.errors``; they are re-exported here because handlers call them as ``c.not_found``."""

from __future__ import annotations

from typing import Any

import jsonschema
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.convert import to_bool
from twinstack.core.pipeline import Req
from twinstack.core.validation import compiled
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.errors import (  # noqa: F401  (handlers reach them as c.not_found ...)
    BAD_REQUEST_TAIL,
    bad_request,
    conflict,
    forbidden_action,
    forbidden_not_security,
    not_found,
    schema_error,
    validation_error,
)


# -- policy --------------------------------------------------------------------------------------
def flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(f"{prefix}.{key}" if prefix else key, item, out)
    else:
        out[prefix] = value


def authorize(req: Req, action: str, target: dict[str, Any] | None = None) -> None:
    """oslo.policy matches ``%(target.user.id)s`` against flat keys, so nested targets are flattened
    the way keystone's RBAC enforcer does; the 403 carries Keystone's ForbiddenAction message."""
    if not allowed(req.cloud, req.context, action, target):
        raise forbidden_action(action)


def allowed(cloud: Any, caller: Any, action: str, target: dict[str, Any] | None = None) -> bool:
    """Whether ``caller`` may do ``action`` on ``target`` (nested keys flattened as ``authorize`` says)."""
    flat: dict[str, Any] = {}
    flatten("target", target or {}, flat)
    flat.update({k: v for k, v in (target or {}).items() if not isinstance(v, dict)})
    # oslo.policy compares str(value): a None target would match a None credential ("None" == "None"),
    # e.g. a project-scoped token's domain_id against a global role's. Absent keys never match.
    flat = {k: v for k, v in flat.items() if v is not None}
    return bool(cloud.policy.allowed(action, flat, caller))


def changed(req: Req) -> None:
    """Every identity write: roles and catalog caches start over."""
    req.cloud.identity_changed()


# -- request bodies ------------------------------------------------------------------------------
def validate(body: Any, schema: dict[str, Any]) -> Any:
    """Keystone's SchemaValidationError: ``Invalid input for field 'path': reason`` (validators.py)."""
    error = jsonschema.exceptions.best_match(compiled(schema).iter_errors(body))
    if error is None:
        return body
    message = error.message
    if error.path:
        path = "/".join(str(p) for p in error.path)
        message = f"Invalid input for field '{path}': {message}"
    raise schema_error(message)


async def body_member(req: Req, key: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The ``{"user": {...}}`` member of the body, validated against the member's schema."""
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get(key), dict):
        raise validation_error(key, "request body" if not isinstance(body, dict) else "body")
    validate(body[key], schema)
    return body[key]




# -- queries -------------------------------------------------------------------------------------
def is_true(value: str | None) -> bool:
    """A boolean filter value as Keystone reads it (utils.attr_as_boolean): oslo's false spellings
    (``0``, ``false``, ``no``, ``off``...) are false, any other value true."""
    return value is not None and to_bool(value, default=True)


def query_flag(req: Req, name: str) -> bool:
    """A flag parameter (``?cascade``, ``?include_names=1``): on when present, even bare, unless its
    value is a false spelling. Keystone's query_filter_is_true, on the one boolean converter."""
    return name in req.query and is_true(req.query.get(name))


_COMPARATORS = ("contains", "icontains", "startswith", "istartswith", "endswith", "iendswith")


def apply_filters(req: Req, query: sa.Select[Any], table: sa.Table, names: tuple[str, ...],
                  booleans: tuple[str, ...] = ("enabled",)) -> sa.Select[Any]:
    """Keystone's list hints: exact ``name=x``, inexact ``name__icontains=x``, booleans as is_true."""
    return filter_query(req.query, query, table, names, booleans)


def filter_query(params: Any, query: sa.Select[Any], table: sa.Table, names: tuple[str, ...] | frozenset[str],
                 booleans: tuple[str, ...] | frozenset[str] = ("enabled",)) -> sa.Select[Any]:
    """``apply_filters`` on a query string alone (the declared resources' runner has no request there)."""
    for key, value in params.multi_items():
        attr, _, comparator = key.partition("__")
        if attr not in names:
            continue
        column = table.c[attr]
        if attr in booleans:
            query = query.where(column.is_(is_true(value)))
        elif not comparator:
            query = query.where(column == value)
        elif comparator in _COMPARATORS:
            pattern = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = {"contains": f"%{pattern}%", "startswith": f"{pattern}%", "endswith": f"%{pattern}"}[
                comparator.lstrip("i")]
            if comparator.startswith("i"):
                query = query.where(sa.func.lower(column).like(pattern.lower(), escape="\\"))
            else:
                query = query.where(column.like(pattern, escape="\\"))
    return query


def listing_domain(req: Req) -> str | None:
    """The domain a list is about: the ``domain_id`` filter, else a domain-scoped token's domain
    (keystone narrows lists to the token's domain, so a domain reader may list without a filter)."""
    return req.query.get("domain_id") or req.context.domain_id


def in_domain(query: sa.Select[Any], table: sa.Table, domain_id: str | None) -> sa.Select[Any]:
    return query.where(table.c.domain_id == domain_id) if domain_id else query


def rows(conn: Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(query)]


def extra(data: dict[str, Any], known: set[str] | frozenset[str]) -> dict[str, Any]:
    """The attributes Keystone keeps in a row's ``extra`` and echoes back: all but the known ones
    (an ``id`` or ``links`` in a body is never stored)."""
    return {k: v for k, v in data.items() if k not in known and k not in ("id", "links")}


def merged_extra(row: dict[str, Any], data: dict[str, Any], known: set[str] | frozenset[str]) -> dict[str, Any]:
    """The update values for ``extra``: the row's merged with the body's, or nothing when the body has none."""
    new = extra(data, known)
    return {"extra": {**(row["extra"] or {}), **new}} if new else {}


def unique_in_domain(conn: Connection, table: sa.Table, kind: str, name: str, domain_id: str) -> None:
    """Users and groups: a name is taken once per domain (409 in Keystone's words)."""
    if m.find(conn, table, name=name, domain_id=domain_id):
        raise conflict(kind, f"Duplicate entry found with name {name} at domain ID {domain_id}")


def check_domain_update(conn: Connection, table: sa.Table, kind: str, row: dict[str, Any],
                        data: dict[str, Any]) -> None:
    """An update keeps a user or group in its domain, and may not take a name the domain already has."""
    if "domain_id" in data and data["domain_id"] != row["domain_id"]:
        raise bad_request("Cannot change Domain ID")
    if "name" in data and data["name"] != row["name"]:
        unique_in_domain(conn, table, kind, data["name"], row["domain_id"])


def role_from_ref(conn: Connection, ref: dict[str, Any]) -> dict[str, Any]:
    """A role named in a body by ``id``, or by ``name`` (and ``domain_id``; a global role without it)."""
    row = m.find(conn, t.roles, id=ref["id"]) if ref.get("id") else m.find(
        conn, t.roles, name=ref.get("name"), domain_id=ref.get("domain_id") or m.GLOBAL_ROLE)
    if row is None:
        raise not_found("role", ref.get("id") or ref.get("name", ""))
    return row


def get_row(conn: Connection, table: sa.Table, id_: str, kind: str) -> dict[str, Any]:
    row = conn.execute(sa.select(table).where(table.c.id == id_)).first()
    if row is None:
        raise not_found(kind, id_)
    return dict(row._mapping)


# -- links ---------------------------------------------------------------------------------------
def v3_url(req: Req, path: str) -> str:
    return f"{req.base_url()}/v3/{path}"


def collection(req: Req, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Keystone's wrap_collection: ``links.self`` is the URL asked for (with its query string)."""
    self_url = req.base_url() + req.raw.scope["twinstack.subpath"]
    if req.raw.url.query:
        self_url += "?" + req.raw.url.query
    return {key: items, "links": {"self": self_url, "previous": None, "next": None}}
