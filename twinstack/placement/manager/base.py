"""Placement's dialect of the core CRUD runner (placement/handlers/ and placement/util.py, small): routes
that exist from a microversion on, each route's policy checked before anything is read, bodies unwrapped
and checked by JSON Schema in Placement's words, ``links``, Last-Modified from 1.15, whole lists with
Placement's query-string check, and PUT that creates a named member unless it exists."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jsonschema
import sqlalchemy as sa

from twinstack.core.context import Context
from twinstack.core.crud import Crud, Messages
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Handler, Req
from twinstack.core.resource import Ops, Version
from twinstack.core.resource import Resource as CoreResource
from twinstack.core.validation import compiled
from twinstack.placement import errors, views

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

__all__ = ["Ops", "Resource"]  # Ops re-exported for the resource modules beside this one

LINK_ROOT = "/placement"  # links are relative to the host, as Placement writes them


@dataclass
class Resource(CoreResource):
    """A Placement resource: core's declaration plus its microversions, links and bodies."""

    since: Version | None = None  # the route's first microversion: 404 before it
    links: tuple[tuple[str, str, Version | None], ...] = ()  # (rel, path below the member, first microversion)
    schemas: dict[str, dict[Version, dict[str, Any]]] = field(default_factory=dict)  # create/update -> since -> schema
    ensure_since: Version | None = None  # from then on PUT on a member creates it unless it exists
    names_only: bool = False  # the resource is its name: a list of names, a show with no body (traits)
    row_modified: frozenset[str] = frozenset({"show"})  # answers whose Last-Modified is the row's, not now
    error_code: str = ""  # the code of its 404
    # its handlers let the object layer's NotFound through (providers, resource classes; traits catch it)
    not_found_uncaught: bool = False

    def common_attrs(self) -> list[Any]:
        return []  # rows are named by uuid or name; the integer id stays inside


def _own(resource: CoreResource) -> Resource:
    assert isinstance(resource, Resource)
    return resource


@dataclass
class PlacementCrud(Crud):
    """The hooks where Placement differs from the core runner."""

    def rule(self, res: CoreResource, action: str) -> str:
        return f"placement:{res.plural}:{action}"

    def admit(self, req: Req, res: CoreResource, action: str) -> None:
        first = _own(res).since
        if first is not None:
            since(req, *first)
        req.authorize(self.rule(res, action))

    def authorize(self, cloud: Cloud, caller: Context | None, rule: str, target: dict[str, Any]) -> None:
        """Nothing: ``admit`` checked the route's rule before the body was read, as Placement does."""

    def not_found(self, res: CoreResource, id_: str) -> ApiError:
        err = ApiError(404, res.not_found.format(kind=res.kind, id=id_), _own(res).error_code)
        return errors.uncaught(err) if _own(res).not_found_uncaught else err

    def parse_fields(self, params: Any) -> list[str] | None:
        return None  # no fields=

    def apply_filters(self, res: CoreResource, query: sa.Select[Any], params: Any,
                      version: Any = None) -> sa.Select[Any]:
        """Placement's filters each have a syntax of their own (in:, startswith:, !), so every one is the
        resource's ``Ops.filter``, in declaration order; a list with no filters reads no query string."""
        known = [a for a in res.attrs_at(version).values() if a.filter]
        if not known:
            return query
        check_query(params, {a.name for a in known})
        for attr in known:
            if attr.name in params:
                query = query.where(res.ops.filter(attr.name, list(params.getlist(attr.name))))
        return query

    async def read_body(self, req: Req, res: CoreResource, action: str) -> Any:
        return await body(req, schema_for(req, _own(res).schemas[action]))

    def prepare(self, res: CoreResource, body: Any, caller: Context | None, create: bool,
                version: Any = None) -> dict[str, Any]:
        """The body as values: its JSON Schema (``read_body``) is all the checking Placement does."""
        return dict(body)

    def changed(self, cloud: Cloud, table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "updated_at": cloud.clock.now()} if values else values

    def view(self, res: CoreResource, row: dict[str, Any], caller: Context | None, fields: list[str] | None = None,
             version: Any = None) -> dict[str, Any]:
        body = super().view(res, row, caller, fields, version)
        if "links" in body:
            base = f"{LINK_ROOT}/{res.path}/{row[res.key]}"
            body["links"] = [{"rel": rel, "href": base + suffix} for rel, suffix, first in _own(res).links
                             if first is None or version is None or (version.major, version.minor) >= first]
        return body

    def list_body(self, req: Req, res: CoreResource, items: list[dict[str, Any]],
                  links: list[dict[str, str]] | None, count: int | None) -> dict[str, Any]:
        if _own(res).names_only:
            return {res.plural: [item[res.key] for item in items]}
        return {res.plural: items}

    def reply(self, req: Req, res: CoreResource, action: str, body: Any, rows: list[dict[str, Any]]) -> Any:
        modified = self.modified(res, action, rows)
        if action == "create":
            return views.respond(req, None, 201, headers=self.location(req, res, rows[0][res.key]))
        if action == "show" and _own(res).names_only:
            return views.respond(req, None, 204, modified=modified)
        return views.respond(req, body, modified=modified)

    def modified(self, res: CoreResource, action: str, rows: list[dict[str, Any]]) -> Any:
        """The newest row's time for the answers the resource dates by its rows; None: now."""
        if action not in _own(res).row_modified:
            return None
        return max((r["updated_at"] or r["created_at"] for r in rows if r["updated_at"] or r["created_at"]),
                   default=None)

    def location(self, req: Req, res: CoreResource, key: str) -> dict[str, str]:
        return {"location": f"{req.base_url()}/{res.path}/{key}"}

    def ensure_handler(self, res: CoreResource) -> Handler:
        """PUT on a member named in the path: 201 when it is made, 204 when it was there already."""
        async def handler(req: Req) -> Any:
            self.admit(req, res, "update")
            key = self.convert(res.by_name[res.key], req.params[res.key])
            location = self.location(req, res, key)
            column = res.table.c[res.key]
            with req.cloud.store.begin() as conn:
                row = conn.execute(sa.select(res.table).where(column == key)).first()
                if row is not None:
                    modified = self.modified(res, "ensure", [dict(row._mapping)])
                    return views.respond(req, None, 204, modified=modified, headers=location)
                self.create_row(req.cloud, conn, res, {res.key: key}, req.context)
            return views.respond(req, None, 201, headers=location)
        return handler

    def routes(self, res: CoreResource, create: bool = True, update: bool = True,
               delete: bool = True) -> list[tuple[str, dict[str, Handler]]]:
        """Core's routes; PUT on a member creates it from ``ensure_since`` on (and updates before)."""
        out = super().routes(res, create, update, delete)
        first = _own(res).ensure_since
        if first is not None:
            member = out[1][1]
            ensure = self.ensure_handler(res)
            member["PUT"] = ensure if "PUT" not in member else by_version(first, ensure, member["PUT"])
        return out


def by_version(first: Version, newer: Handler, older: Handler) -> Handler:
    """One route whose handler changed at a microversion."""
    async def handler(req: Req) -> Any:
        return await (newer if req.at_least(*first) else older)(req)
    return handler


PLACEMENT = PlacementCrud(messages=Messages(invalid=(400, "{reason}", "")), control=frozenset(), paged=False)


# -- what hand-written handlers share with the runner ----------------------------------------------
_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("uuid")
def valid_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


def since(req: Req, major: int, minor: int) -> None:
    """A route that exists only from a microversion on answers 404 before it, as Placement does."""
    if not req.at_least(major, minor):
        raise ApiError(404, "The resource could not be found.")


def schema_for(req: Req, by_version: dict[Version, dict[str, Any]]) -> dict[str, Any]:
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


def check_query(query: Any, allowed: set[str]) -> None:
    extra = sorted(k for k in query if k not in allowed)
    if extra:
        raise ApiError(400, "Invalid query string parameters: Additional properties are not allowed "
                            f"({', '.join(repr(e) for e in extra)} {'was' if len(extra) == 1 else 'were'} unexpected)")
