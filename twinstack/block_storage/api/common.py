"""What every Cinder handler shares: the project in the URL, who owns what, request bodies, and the
one list runner (filters, sort, keyset pages with offset, ``with_count``, links) that every paged
Cinder list declares itself to."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.block_storage import errors, views
from twinstack.block_storage import tables as t
from twinstack.block_storage.schemas import parameter_types
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pagination import parse_limit, parse_sort
from twinstack.core.pipeline import Req
from twinstack.core.resource import Attr
from twinstack.core.validation import validate

DB_MAX_INT = 2147483647  # cinder.db.constants


def project_of(req: Req) -> str:
    """The caller's project; a project id in the URL must be it (cinder/api/openstack/wsgi.py), for an
    admin too, and a domain- or system-scoped token (no project) matches none."""
    ctx = req.context
    url_project = req.params.get("project_id")
    if url_project and url_project != ctx.project_id:
        raise ApiError(400, f"Malformed request url: URL's project_id '{url_project}' doesn't match Context's "
                            f"project_id '{ctx.project_id}'", "BadRequest")
    return ctx.project_id or url_project or ""


def owner_filter(req: Req) -> str | None:
    """None for admins (they may see any project's resource by id), else the caller's project."""
    project_of(req)
    return None if req.context.is_admin else req.context.project_id


def authorize(req: Req, rule: str, project_id: str | None = None) -> None:
    req.authorize(rule, {"project_id": project_id or req.context.project_id})


async def body_member(req: Req, key: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await req.json()
    if not isinstance(body, dict) or key not in body:
        raise ApiError(400, f"Missing required element '{key}' in request body.", "BadRequest")
    if schema is not None:
        validate(body, {"type": "object", "properties": {key: schema}, "required": [key]})
    if not isinstance(body[key], dict):
        raise ApiError(400, f"Invalid input for field/attribute {key}. Value: {body[key]!r}. "
                            f"{body[key]!r} is not of type 'object'", "BadRequest")
    return body[key]


async def meta_item(req: Req) -> tuple[str, str]:
    """The one ``{"meta": {key: value}}`` of a metadata-item PUT, whose key must be the URI's."""
    key = req.params["key"]
    meta = await body_member(req, "meta", parameter_types.METADATA)
    if key not in meta:
        raise errors.bad_request("Request body and URI mismatch")
    if len(meta) > 1:
        raise errors.bad_request("Request body contains too many items")
    return key, meta[key]


def all_tenants(req: Req) -> bool:
    return req.context.is_admin and to_bool(req.query.get("all_tenants") or req.query.get("all_projects"))


def paginate(conn: Any, table: Any, query: Any, sort: Any, marker: str | None, limit: int | None,
             offset: str | None = None) -> Any:
    """Keyset pages; an unknown marker is Cinder's MarkerNotFound, a 404. ``offset`` (deprecated in
    Cinder, still accepted) skips rows after the marker."""
    from twinstack.core.pagination import paginate as _paginate

    if offset is not None and offset != "":
        if not offset.isdigit():
            raise ApiError(400, "Invalid input received: offset param must be an integer", "InvalidInput")
        if int(offset) > DB_MAX_INT:  # Cinder: validate_integer(offset, 'offset', 0, DB_MAX_INT); SQLite would overflow
            raise ApiError(400, f"Invalid input received: offset must be <= {DB_MAX_INT}", "InvalidInput")
        query = query.offset(int(offset))
    try:
        page = _paginate(conn, table, query, sort, marker, limit)
        page.more = page.more or (limit is not None and limit > 0 and len(page.rows) == limit)
        return page
    except ApiError as err:
        if marker and err.status == 400:
            raise ApiError(404, f"Marker {marker} could not be found.", "MarkerNotFound") from None
        raise


Render = Callable[[Connection, list[dict[str, Any]]], list[dict[str, Any]]]
Refine = Callable[[Any], Any]


@dataclass(frozen=True)
class Listing:
    """One of Cinder's paged lists, declared: its fields (``core.resource.Attr``: ``filter`` for an
    equality filter, ``sort`` for a sort key, ``column`` where the API name is an alias, and
    ``min_version``) and how it scopes; ``run_list`` runs every list the same way."""

    key: str  # "volumes": the body's member, and ``<key>_links``
    table: sa.Table
    attrs: tuple[Attr, ...]
    default_sort: tuple[tuple[str, str], ...] = (("created_at", "desc"), ("id", "desc"))
    project_filter: bool = True  # an admin's all_tenants list narrows to ?project_id=
    empty_filters: bool = True  # ?name= filters on the empty string (False: an empty value is ignored)
    with_count: bool = False  # ?with_count=true adds "count" (3.45)
    sort_cols: frozenset[str] = field(init=False)
    sort_aliases: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        sortable = [a for a in self.attrs if a.sort]
        object.__setattr__(self, "sort_cols", frozenset(str(a.col) for a in sortable))
        object.__setattr__(self, "sort_aliases", {a.name: str(a.col) for a in sortable if a.col != a.name})


def run_list(req: Req, listing: Listing, render: Render, refine: Refine | None = None) -> dict[str, Any]:
    """A page of ``listing`` as Cinder answers it; ``refine`` adds a list's own filters to the query,
    ``render`` turns the page's rows into bodies (summary or detail)."""
    q = req.query
    table = listing.table
    sort = parse_sort(q, set(listing.sort_cols), list(listing.default_sort), listing.sort_aliases)
    limit = parse_limit(q.get("limit"))
    query = sa.select(table)
    if all_tenants(req):
        if listing.project_filter and q.get("project_id"):
            query = query.where(table.c.project_id == q["project_id"])
    else:
        query = query.where(table.c.project_id == req.context.project_id)
    for attr in listing.attrs:
        if not attr.filter or not attr.in_version(req.version):
            continue
        value = q.get(attr.name)
        if value is not None and (value != "" or listing.empty_filters):
            query = query.where(table.c[str(attr.col)] == value)
    if refine is not None:
        query = refine(query)
    with req.cloud.store.read() as conn:
        page = paginate(conn, table, query, sort, q.get("marker"), limit, q.get("offset"))
        body: dict[str, Any] = {listing.key: render(conn, page.rows)}
        if listing.with_count and req.at_least(3, 45) and to_bool(q.get("with_count")):
            body["count"] = conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    body.update(views.collection_links(req, listing.key, page.more, page.last_id, limit))
    return body


def dict_filter(value: str) -> dict[str, str]:
    """A dict-valued query filter (``metadata={"k": "v"}``), JSON or a Python literal as Cinder takes it."""
    try:
        parsed = json.loads(value)
    except ValueError:
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise ApiError(400, f"Invalid input received: Invalid filter: {value}", "InvalidInput") from None
    if not isinstance(parsed, dict):
        raise ApiError(400, f"Invalid input received: Invalid filter: {value}", "InvalidInput")
    return {str(k): str(v) for k, v in parsed.items()}


def types_by_id(conn: Any) -> dict[str, dict[str, Any]]:
    return {r["id"]: dict(r) for r in conn.execute(sa.select(t.types)).mappings()}


def backend_hosts(conn: Any) -> dict[str, str]:
    return {r[0]: f"{r[1]}#{r[2]}" for r in conn.execute(
        sa.select(t.backends.c.name, t.backends.c.host, t.backends.c.volume_backend_name))}
