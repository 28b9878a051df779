"""The one runner for declared resources (core/resource.py): body checks against the fields, policy,
filters, sorting, keyset pagination with links, ``fields=``, ``with_count``, show, create, update,
delete. A service subclasses ``Crud`` once for its dialect (messages, owner rules, extra filters)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from twinstack.core.clock import isotime
from twinstack.core.context import Context
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import paginate, parse_limit
from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.core.resource import REQUIRED, Attr, Resource

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

Route = tuple[str, dict[str, Handler]]


_MATCHES_NOTHING = object()  # a filter value no row can hold


@dataclass(frozen=True)
class Messages:
    """The runner's error answers, as (status, text, type); texts are formatted with named fields.
    A service gives its own so clients read the words and types its upstream says."""

    body_required: tuple[int, str, str] = (400, "Resource body required: '{key}'.", "BadRequest")
    unknown_fields: tuple[int, str, str] = (400, "Unrecognized attribute(s) '{names}'", "BadRequest")
    not_allowed: tuple[int, str, str] = (400, "Attribute '{name}' not allowed in {verb}", "BadRequest")
    forbidden: tuple[int, str, str] = (403, "Policy doesn't allow {rule} to be performed.", "PolicyNotAuthorized")
    required: tuple[int, str, str] = (400, "Required attribute '{name}' not specified", "BadRequest")
    invalid: tuple[int, str, str] = (400, "Invalid input for {name}. Reason: {reason}.", "BadRequest")
    invalid_filter: tuple[int, str, str] = (400, "[{name}] is invalid attribute for filtering", "BadRequest")
    sort_count: tuple[int, str, str] = (400, "The number of sort_keys and sort_dirs must be same", "BadRequest")
    sort_key: tuple[int, str, str] = (400, "{key} is an invalid attribute for sort_keys", "BadRequest")
    sort_dir: tuple[int, str, str] = (400, "{direction} is an invalid value for sort_dirs, valid values are: "
                                      "['asc', 'desc']", "BadRequest")
    marker_not_found: str = "Marker {marker} not found."


@dataclass
class Crud:
    """Runs declared resources for one service. Override the hooks below for a service's dialect."""

    messages: Messages = field(default_factory=Messages)
    prefix: str = ""  # the version segment of collection URLs ("/v2.0"), for routes and links
    control: frozenset[str] = frozenset({"fields", "limit", "marker", "sort_key", "sort_dir"})
    reverse_param: str | None = None  # "page_reverse": a page before the marker, and previous links
    count_param: str | None = None  # "with_count": the body gets "count", the total before paging
    max_limit: int = 1000
    paged: bool = True  # lists read limit/marker/sort_key/sort_dir (Placement's lists are whole, in one order)
    owner_fields: frozenset[str] = frozenset()  # set by the owner hook, never from a default
    _plans: dict[Any, list[tuple[Attr, str | None, bool]]] = field(default_factory=dict, repr=False, compare=False)

    # -- hooks ------------------------------------------------------------------------------------
    def fail(self, which: str, **fmt: Any) -> ApiError:
        status, text, kind = getattr(self.messages, which)
        return ApiError(status, text.format(**fmt), kind)

    def not_found(self, res: Resource, id_: str) -> ApiError:
        return ApiError(404, res.not_found.format(kind=res.kind, id=id_), f"{res.error_type}NotFound")

    def is_admin(self, caller: Context | None) -> bool:
        return caller is None or caller.is_admin

    def authorize(self, cloud: Cloud, caller: Context | None, rule: str, target: dict[str, Any]) -> None:
        if caller is not None:
            cloud.policy.authorize(rule, target, caller)

    def rule(self, res: Resource, action: str) -> str:
        """The policy rule of an action on a resource (Neutron: create_network; Cinder would say volume:create)."""
        return f"{action}_{res.singular}"

    def target(self, project_id: str | None) -> dict[str, Any]:
        """The policy target for a row owned by ``project_id``."""
        return {"project_id": project_id, "tenant_id": project_id}

    def owner(self, res: Resource, values: dict[str, Any], caller: Context | None) -> None:
        """Fill the owner of a new row (a service names it project_id, tenant_id, ...)."""

    def extra_filters(self, res: Resource, query: sa.Select[Any], params: Any) -> sa.Select[Any]:
        """Filters beyond the fields' own (Neutron's tags and changed_since)."""
        return query

    def format_value(self, attr: Attr, value: Any) -> Any:
        """A stored value as the API shows it (asked for timestamps and computed fields only)."""
        return isotime(value) if isinstance(value, datetime) else value

    def new_row(self, cloud: Cloud, res: Resource) -> dict[str, Any]:
        """The columns every new row gets before its values (ids, timestamps)."""
        return {}

    def changed(self, cloud: Cloud, table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
        """The columns an update writes: ``values`` plus what every change bumps (updated_at...)."""
        return values

    def admit(self, req: Req, res: Resource, action: str) -> None:
        """Checks every request on a resource passes before anything else is read (Placement: the
        route's first microversion, then its policy)."""

    async def read_body(self, req: Req, res: Resource, action: str) -> Any:
        """The request body of a create or update (a service may check its media type or schema here)."""
        return await req.json()

    def reply(self, req: Req, res: Resource, action: str, body: Any, rows: list[dict[str, Any]]) -> Any:
        """A handler's answer: ``body`` is the list body, or the rendered item of show, create or
        update; ``rows`` the stored rows behind it. Neutron wraps an item in its singular name."""
        if action == "list":
            return body
        if action == "create":
            return json_response({res.singular: body}, 201)
        return {res.singular: body}

    def check_precondition(self, req: Req, row: dict[str, Any]) -> None:
        """A conditional request's header checked against the row (Neutron's If-Match revision)."""

    def after_delete(self, cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any]) -> None:
        """Rows that hang off every resource of a service (tags) go with it."""

    def before_render(self, cloud: Cloud, conn: Connection, res: Resource, rows: list[dict[str, Any]],
                      wanted: set[str]) -> None:
        """Fill service-wide computed fields (tags) for a page of rows, before the resource's expand."""

    def collection_url(self, req: Req, res: Resource) -> str:
        return f"{req.base_url()}{self.prefix}/{res.path}"

    def wants_count(self, req: Req) -> bool:
        return self.count_param is not None and to_bool(req.query.get(self.count_param))

    def list_body(self, req: Req, res: Resource, items: list[dict[str, Any]], links: list[dict[str, str]] | None,
                  count: int | None) -> dict[str, Any]:
        body: dict[str, Any] = {res.plural: items}
        if links is not None:
            body[f"{res.plural}_links"] = links
        if count is not None:
            body["count"] = count
        return body

    # -- reading ----------------------------------------------------------------------------------
    def visible_query(self, res: Resource, caller: Context | None) -> sa.Select[Any]:
        query = sa.select(res.table)
        if not self.is_admin(caller):
            clause = res.ops.visible(caller)
            if clause is not None:
                query = query.where(clause)
        return query

    def get_visible(self, conn: Connection, res: Resource, id_: Any, caller: Context | None,
                    by: str | None = None) -> dict[str, Any]:
        """The row whose ``by`` column (default: the resource's key) is ``id_``, if the caller sees it."""
        name = by or res.key
        column = res.table.c[name]
        if self.is_admin(caller):
            # an admin (or the cloud itself) sees every row: one statement per table and column, built
            # once (SQLAlchemy memoizes its cache key on the object)
            query = _BY_ID.get((res.table, name))
            if query is None:
                query = _BY_ID[(res.table, name)] = sa.select(res.table).where(column == sa.bindparam("b_id"))
            row = conn.execute(query, {"b_id": id_}).first()
        else:
            row = conn.execute(self.visible_query(res, caller).where(column == id_)).first()
        if row is None:
            raise self.not_found(res, id_)
        return dict(row._mapping)

    def view(self, res: Resource, row: dict[str, Any], caller: Context | None, fields: list[str] | None = None,
             version: Any = None) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for attr, col, formatted in self._shown(res, self.is_admin(caller), version):
            if fields and attr.name not in fields:
                continue
            value = row.get(attr.name) if col is None else row.get(col)
            if value is None and attr.omit_none:
                continue
            body[attr.name] = self.format_value(attr, value) if formatted and value is not None else value
        return body

    def _shown(self, res: Resource, admin: bool, version: Any) -> list[tuple[Attr, str | None, bool]]:
        """The fields a body shows, with their column and whether ``format_value`` may change them
        (computed fields and timestamps), worked out once per resource, rights and version: every
        row of every page asks."""
        key = (id(res), admin, None if version is None else (version.major, version.minor))
        shown = self._plans.get(key)
        if shown is None:
            shown = self._plans[key] = [
                (a, a.col, a.col is None or a.col not in res.table.c
                 or isinstance(res.table.c[a.col].type, sa.DateTime))
                for a in res.attrs if a.visible and (admin or not a.admin) and a.in_version(version)]
        return shown

    def render(self, cloud: Cloud, conn: Connection, res: Resource, rows: list[dict[str, Any]],
               caller: Context | None, fields: list[str] | None = None, version: Any = None) -> list[dict[str, Any]]:
        """Rows -> API bodies, computed attributes filled in for the whole batch at once."""
        if not rows:
            return []
        self.before_render(cloud, conn, res, rows, set(fields or [a.name for a in res.attrs]))
        res.ops.expand(cloud, conn, rows, caller)
        return [self.view(res, r, caller, fields, version) for r in rows]

    def show_one(self, cloud: Cloud, conn: Connection, res: Resource, id_: str,
                 caller: Context | None) -> dict[str, Any]:
        return self.render(cloud, conn, res, [self.get_visible(conn, res, id_, caller)], caller)[0]

    def view_for(self, res: Resource, body: dict[str, Any], caller: Context | None) -> dict[str, Any]:
        """Strip admin-only attributes from a body rendered with full rights."""
        if self.is_admin(caller):
            return body
        return {k: v for k, v in body.items() if not (k in res.by_name and res.by_name[k].admin)}

    # -- writing ----------------------------------------------------------------------------------
    def insert_row(self, cloud: Cloud, conn: Connection, res: Resource, values: dict[str, Any]) -> str:
        """Write the plain columns of ``values`` (API names) with a fresh id and the service's columns;
        return the new row's key."""
        row: dict[str, Any] = {"id": values.get("id") or uuid_str(), **self.new_row(cloud, res)}
        preset = set(row) - {"id"}
        for name, value in values.items():
            attr = res.by_name.get(name)
            if attr is not None and attr.col and attr.col not in preset:
                row[attr.col] = value
            elif attr is None and name in res.table.c:
                row[name] = value
        for column, default in _python_defaults(res.table):
            if column not in row:
                row[column] = default()
        insert = _INSERTS.get(res.table)
        if insert is None:
            insert = _INSERTS[res.table] = res.table.insert()
        conn.execute(insert, row)
        return str(row[res.key])

    def bump(self, cloud: Cloud, conn: Connection, table: sa.Table, id_: str,
             values: dict[str, Any] | None = None) -> None:
        """An update of one row: ``values`` plus what the service bumps on every change."""
        changes = self.changed(cloud, table, dict(values or {}))
        if changes:
            conn.execute(table.update().where(table.c.id == id_).values(**changes))

    def convert(self, attr: Attr, value: Any) -> Any:
        if attr.convert is None:
            return value
        try:
            return attr.convert(value)
        except ValueError as exc:
            raise self.fail("invalid", name=attr.name, reason=exc) from None

    def prepare(self, res: Resource, body: Any, caller: Context | None, create: bool,
                version: Any = None) -> dict[str, Any]:
        """Check a create or update body against the fields; return converted values (defaults
        filled in on create)."""
        key = res.singular
        if not isinstance(body, dict) or not isinstance(body.get(key), dict):
            raise self.fail("body_required", key=key)
        known = res.attrs_at(version)
        data = dict(body[key])
        unknown = [k for k in data if k not in known]
        if unknown:
            raise self.fail("unknown_fields", names=", ".join(sorted(unknown)))
        values: dict[str, Any] = {}
        for name, value in data.items():
            attr = known[name]
            if not (attr.post if create else attr.put):
                raise self.fail("not_allowed", name=name, verb="POST" if create else "PUT")
            converted = self.convert(attr, value)
            # admin-only fields; asking for the default value (shared: false) is not asking for anything
            if (attr.admin or attr.admin_set) and not self.is_admin(caller) and not (
                    create and converted == attr.default):
                raise self.fail("forbidden", rule=f"{self.rule(res, 'create' if create else 'update')}:{name}")
            values[name] = converted
        if create:
            self.owner(res, values, caller)
            for attr in known.values():
                if not attr.post or attr.name in values or attr.name in self.owner_fields:
                    continue
                if attr.default is REQUIRED:
                    raise self.fail("required", name=attr.name)
                values[attr.name] = attr.default() if callable(attr.default) else attr.default
        return values

    def update_row(self, cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any],
                   changes: dict[str, Any], caller: Context | None) -> None:
        with conn.begin_nested():
            res.ops.update(cloud, conn, row, changes, caller)
            cols: dict[str, Any] = {}
            for name, value in changes.items():
                attr = res.by_name.get(name)
                if attr is not None and attr.col:
                    cols[attr.col] = value
            self.bump(cloud, conn, res.table, row["id"], cols)

    def authorize_owner(self, cloud: Cloud, caller: Context | None, rule: str, row: dict[str, Any]) -> None:
        if caller is None:
            return
        project = row.get("project_id", caller.project_id)
        self.authorize(cloud, caller, rule, self.target(project))

    def create_one(self, cloud: Cloud, conn: Connection, res: Resource, values: dict[str, Any],
                   caller: Context | None) -> str:
        if caller is not None:
            project = values.get("project_id", caller.project_id)
            self.authorize(cloud, caller, self.rule(res, "create"), self.target(project))
        if res.quota:
            self.check_quota(cloud, conn, res, values)
        # no savepoint: the request's transaction is all-or-nothing already
        return self.create_row(cloud, conn, res, values, caller)

    def create_row(self, cloud: Cloud, conn: Connection, res: Resource, values: dict[str, Any],
                   caller: Context | None) -> str:
        """The resource's create (its Ops, or the plain columns), without policy or quota: the id."""
        new_id = res.ops.create(cloud, conn, values, caller)
        return new_id if new_id is not None else self.insert_row(cloud, conn, res, values)

    def check_quota(self, cloud: Cloud, conn: Connection, res: Resource, values: dict[str, Any]) -> None:
        """Refuse a create over the owner's quota for ``res.quota``."""

    # -- filters, sorting, pages ------------------------------------------------------------------
    def filter_value(self, attr: Attr, column: Any, raw: str) -> Any:
        if isinstance(column.type, sa.Boolean):
            try:
                return to_bool(raw, strict=True)
            except ValueError:
                raise self.fail("invalid", name=attr.name, reason=f"'{raw}' is not a valid boolean value") from None
        if isinstance(column.type, sa.Integer):
            try:
                number = int(raw)
            except ValueError:
                raise self.fail("invalid", name=attr.name, reason=f"'{raw}' is not an integer") from None
            # no row holds a number past the store's 64-bit INTEGER, which SQLite cannot even bind (a 500
            # the fuzzer found: ?revision_number=99999999999999999999): such a filter matches nothing
            return number if -(2**63) <= number < 2**63 else _MATCHES_NOTHING
        return raw

    def apply_filters(self, res: Resource, query: sa.Select[Any], params: Any, version: Any = None) -> sa.Select[Any]:
        table = res.table
        known = res.attrs_at(version)
        skip = self.control | {p for p in (self.reverse_param, self.count_param) if p}
        for name in dict.fromkeys(k for k, _ in params.multi_items()):
            if name in skip:
                continue
            values = list(params.getlist(name))
            attr = known.get(name)
            if attr is None or not attr.filter:
                raise self.fail("invalid_filter", name=name)
            if attr.col is None:
                query = query.where(res.ops.filter(name, values))
                continue
            column = table.c[attr.col]
            if isinstance(column.type, sa.JSON):
                continue
            converted = [c for c in (self.filter_value(attr, column, v) for v in values) if c is not _MATCHES_NOTHING]
            if not converted:
                query = query.where(sa.false())
            elif len(converted) == 1:
                # an empty value also matches NULL where the column may hold one
                query = query.where(column == converted[0]) if converted[0] != "" or column.nullable is False \
                    else query.where(sa.or_(column == "", column.is_(None)))
            else:
                query = query.where(column.in_(converted))
        return self.extra_filters(res, query, params)

    def parse_sorting(self, res: Resource, params: Any, version: Any = None) -> list[tuple[str, str]]:
        keys = params.getlist("sort_key")
        dirs = params.getlist("sort_dir")
        if len(dirs) and len(keys) != len(dirs):
            raise self.fail("sort_count")
        known = res.attrs_at(version)
        out: list[tuple[str, str]] = []
        for i, key in enumerate(keys):
            direction = dirs[i] if dirs else "asc"
            attr = known.get(key)
            if attr is None or not attr.sort or not attr.col:
                raise self.fail("sort_key", key=key)
            if direction not in ("asc", "desc"):
                raise self.fail("sort_dir", direction=direction)
            out.append((attr.col, direction))
        return out or list(res.default_sort)

    def parse_fields(self, params: Any) -> list[str] | None:
        fields = [f for raw in params.getlist("fields") for f in raw.split(",") if f]
        return fields or None

    def list_rows(self, cloud: Cloud, conn: Connection, res: Resource, req: Req, extra: Any = None,
                  ) -> tuple[list[dict[str, Any]], list[dict[str, str]] | None]:
        rows, links, _ = self.list_page(conn, res, req, extra)
        return rows, links

    def list_page(self, conn: Connection, res: Resource, req: Req, extra: Any = None,
                  ) -> tuple[list[dict[str, Any]], list[dict[str, str]] | None, int | None]:
        """One page of the rows the caller may see: (rows, links or None when unpaged, count or None)."""
        params = req.query
        query = self.apply_filters(res, self.visible_query(res, req.context), params, req.version)
        if extra is not None:
            query = query.where(extra)
        count = None
        if self.wants_count(req):
            count = int(conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar() or 0)
        if not self.paged:
            page = paginate(conn, res.table, query, list(res.default_sort), None, None)
            return page.rows, None, count
        sort = self.parse_sorting(res, params, req.version)
        limit = parse_limit(params.get("limit"), maximum=self.max_limit)
        if limit == 0:
            limit = None
        marker = params.get("marker") or None
        # exactly "true" in any case, as Neutron reads page_reverse (1/yes do not reverse)
        reverse = self.reverse_param is not None and str(params.get(self.reverse_param, "false")).lower() == "true"
        if reverse:
            sort = [(k, "desc" if d == "asc" else "asc") for k, d in sort]
        page = paginate(conn, res.table, query, sort, marker, limit, marker_not_found=self.messages.marker_not_found)
        rows = page.rows[::-1] if reverse else page.rows
        links = None
        if limit is not None:
            links = self.links(req, res, rows, page.more, marker, limit, reverse)
        return rows, links, count

    def links(self, req: Req, res: Resource, rows: list[dict[str, Any]], more: bool, marker: str | None,
              limit: int, reverse: bool) -> list[dict[str, str]]:
        base = self.collection_url(req, res)
        dropped = {"marker", "limit", self.reverse_param}
        params = [(k, v) for k, v in req.query.multi_items() if k not in dropped]
        links = []
        has_next = more if not reverse else marker is not None
        has_prev = self.reverse_param is not None and (marker is not None if not reverse else more)
        if rows and has_next:
            query = urlencode(params + [("limit", str(limit)), ("marker", rows[-1]["id"])])
            links.append({"rel": "next", "href": f"{base}?{query}"})
        if rows and has_prev:
            query = urlencode(params + [("limit", str(limit)), ("marker", rows[0]["id"]),
                                        (str(self.reverse_param), "True")])
            links.append({"rel": "previous", "href": f"{base}?{query}"})
        return links

    # -- handlers ---------------------------------------------------------------------------------
    def list_handler(self, res: Resource,
                     item_view: Callable[[Req, dict[str, Any]], dict[str, Any]] | None = None) -> Handler:
        """GET on the collection; ``item_view`` reshapes each body (a summary list beside a detail one)."""
        async def handler(req: Req) -> Any:
            self.admit(req, res, "list")
            fields = self.parse_fields(req.query)
            res.ops.before_list(req.cloud, req.context)
            with req.cloud.store.read() as conn:
                rows, links, count = self.list_page(conn, res, req)
                items = self.render(req.cloud, conn, res, rows, req.context, fields, req.version)
            if item_view is not None:
                items = [item_view(req, item) for item in items]
            return self.reply(req, res, "list", self.list_body(req, res, items, links, count), rows)
        return handler

    def show_handler(self, res: Resource) -> Handler:
        async def handler(req: Req) -> Any:
            self.admit(req, res, "show")
            fields = self.parse_fields(req.query)
            with req.cloud.store.read() as conn:
                row = self.get_visible(conn, res, req.params[res.key], req.context)
                one = self.render(req.cloud, conn, res, [row], req.context, fields, req.version)[0]
            return self.reply(req, res, "show", one, [row])
        return handler

    def create_handler(self, res: Resource) -> Handler:
        async def handler(req: Req) -> Any:
            self.admit(req, res, "create")
            body = await self.read_body(req, res, "create")
            caller = req.context
            cloud = req.cloud
            if isinstance(body, dict) and isinstance(body.get(res.plural), list):  # a bulk create
                items = [self.prepare(res, {res.singular: item}, caller, True, req.version)
                         for item in body[res.plural]]
                with cloud.store.begin() as conn:
                    ids = [self.create_one(cloud, conn, res, values, caller) for values in items]
                    key = res.table.c[res.key]
                    rows = [dict(r._mapping) for r in conn.execute(sa.select(res.table).where(key.in_(ids)))]
                    rows.sort(key=lambda r: ids.index(r[res.key]))
                    out = self.render(cloud, conn, res, rows, caller, None, req.version)
                return json_response({res.plural: out}, 201)
            values = self.prepare(res, body, caller, True, req.version)
            with cloud.store.begin() as conn:
                new_id = self.create_one(cloud, conn, res, values, caller)
                row = self.get_visible(conn, res, new_id, None)
                one = self.render(cloud, conn, res, [row], None, None, req.version)[0]
            return self.reply(req, res, "create", self.view_for(res, one, caller), [row])
        return handler

    def update_handler(self, res: Resource) -> Handler:
        async def handler(req: Req) -> Any:
            self.admit(req, res, "update")
            body = await self.read_body(req, res, "update")
            caller = req.context
            cloud = req.cloud
            changes = self.prepare(res, body, caller, False, req.version)
            with cloud.store.begin() as conn:
                row = self.get_visible(conn, res, req.params[res.key], caller)
                self.authorize_owner(cloud, caller, self.rule(res, "update"), row)
                self.check_precondition(req, row)
                self.update_row(cloud, conn, res, row, changes, caller)
                fresh = self.get_visible(conn, res, row["id"], None, by="id")  # the key itself may have changed
                one = self.render(cloud, conn, res, [fresh], None, None, req.version)[0]
            return self.reply(req, res, "update", self.view_for(res, one, caller), [fresh])
        return handler

    def delete_handler(self, res: Resource) -> Handler:
        async def handler(req: Req) -> Any:
            self.admit(req, res, "delete")
            caller = req.context
            cloud = req.cloud
            with cloud.store.begin() as conn:
                row = self.get_visible(conn, res, req.params[res.key], caller)
                self.authorize_owner(cloud, caller, self.rule(res, "delete"), row)
                self.check_precondition(req, row)
                with conn.begin_nested():
                    res.ops.delete(cloud, conn, row, caller)
                    self.after_delete(cloud, conn, res, row)
            return empty(204)
        return handler

    def routes(self, res: Resource, create: bool = True, update: bool = True, delete: bool = True) -> list[Route]:
        """The collection and member routes of a resource, for the service's route table."""
        collection: dict[str, Handler] = {"GET": self.list_handler(res)}
        if create:
            collection["POST"] = self.create_handler(res)
        member: dict[str, Handler] = {"GET": self.show_handler(res)}
        if update:
            member["PUT"] = self.update_handler(res)
        if delete:
            member["DELETE"] = self.delete_handler(res)
        return [(f"{self.prefix}/{res.path}", collection), (f"{self.prefix}/{res.path}/{{{res.key}}}", member)]


# one statement per table, built once: SQLAlchemy memoizes its cache key on the object
_BY_ID: dict[tuple[sa.Table, str], Any] = {}
_INSERTS: dict[sa.Table, Any] = {}
_DEFAULTS: dict[sa.Table, list[tuple[str, Callable[[], Any]]]] = {}


def _python_defaults(table: sa.Table) -> list[tuple[str, Callable[[], Any]]]:
    """The table's Python-side column defaults that need no statement to compute (a value, ``dict``, ``list``),
    as makers of the value. insert_row fills them in as SQLAlchemy would: an INSERT given every such column
    runs on the store's fast path, where one SQLAlchemy has to complete takes its own (~40 us of Python)."""
    found = _DEFAULTS.get(table)
    if found is None:
        found = []
        for column in table.c:
            default = column.default
            if isinstance(default, ScalarElementColumnDefault):
                found.append((column.key, _constant(default.arg)))
            elif isinstance(default, CallableColumnDefault) and hasattr(default.arg, "__wrapped__"):
                found.append((column.key, default.arg.__wrapped__))  # a callable SQLAlchemy calls with no argument
        _DEFAULTS[table] = found
    return found


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value
