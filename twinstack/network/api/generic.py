"""The one CRUD runner for every declared resource (neutron/api/v2/base.py, small): body checks
against the attribute map, policy, quotas, filters, sorting, keyset pagination, ``fields=``,
``If-Match`` revision checks and Neutron's response shapes."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.clock import isotime
from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import paginate, parse_limit
from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.network import errors as E
from twinstack.network import quotas, tables as t
from twinstack.network.resource import REQUIRED, Attr, Resource

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

# query parameters that are not filters
_CONTROL = {"fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse", "tags", "tags-any",
            "not-tags", "not-tags-any", "verbose", "changed_since"}


def is_admin(caller: Context | None) -> bool:
    return caller is None or caller.is_admin


# -- reading ----------------------------------------------------------------------------------------
def visible_query(res: Resource, caller: Context | None) -> sa.Select[Any]:
    query = sa.select(res.table)
    if not is_admin(caller):
        clause = res.ops.visible(caller)
        if clause is not None:
            query = query.where(clause)
    return query


_BY_ID: dict[sa.Table, Any] = {}


def get_visible(conn: Connection, res: Resource, id_: str, caller: Context | None) -> dict[str, Any]:
    if is_admin(caller):
        # an admin (or the cloud itself) sees every row: one statement per table, built once
        # (SQLAlchemy memoizes its cache key on the object)
        query = _BY_ID.get(res.table)
        if query is None:
            query = _BY_ID[res.table] = sa.select(res.table).where(res.table.c.id == sa.bindparam("b_id"))
        row = conn.execute(query, {"b_id": id_}).first()
    else:
        row = conn.execute(visible_query(res, caller).where(res.table.c.id == id_)).first()
    if row is None:
        raise ApiError(404, res.not_found.format(kind=res.kind, id=id_), f"{res.error_type}NotFound")
    return dict(row._mapping)


def tags_for(conn: Connection, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {i: [] for i in ids}
    if not ids:
        return out
    for rid, tag in conn.execute(sa.select(t.tags.c.resource_id, t.tags.c.tag).where(t.tags.c.resource_id.in_(ids))
                                 .order_by(t.tags.c.tag)):
        out[rid].append(tag)
    return out


def view(res: Resource, row: dict[str, Any], caller: Context | None, fields: list[str] | None = None) -> dict[str, Any]:
    admin = is_admin(caller)
    body: dict[str, Any] = {}
    for attr in res.attrs:
        if not attr.visible or (attr.admin and not admin):
            continue
        if fields and attr.name not in fields:
            continue
        value = row.get(attr.name) if attr.col is None else row.get(attr.col)
        if attr.name in ("created_at", "updated_at") and value is not None:
            value = isotime(value)
        body[attr.name] = value
    return body


def render(cloud: "Cloud", conn: Connection, res: Resource, rows: list[dict[str, Any]], caller: Context | None,
           fields: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows -> API bodies, computed attributes filled in for the whole batch at once."""
    if not rows:
        return []
    wanted = set(fields or [a.name for a in res.attrs])
    if "tags" in wanted:
        tag_map = tags_for(conn, [r["id"] for r in rows])
        for r in rows:
            r["tags"] = tag_map[r["id"]]
    res.ops.expand(cloud, conn, rows, caller)
    return [view(res, r, caller, fields) for r in rows]


def show_one(cloud: "Cloud", conn: Connection, res: Resource, id_: str, caller: Context | None) -> dict[str, Any]:
    return render(cloud, conn, res, [get_visible(conn, res, id_, caller)], caller)[0]


# -- writing ----------------------------------------------------------------------------------------
def insert_row(cloud: "Cloud", conn: Connection, res: Resource, values: dict[str, Any]) -> str:
    """Write the plain columns of ``values`` (API names) with fresh standard attributes."""
    now = cloud.clock.now()
    row: dict[str, Any] = {"id": values.get("id") or uuid_str()}
    if res.standard:
        row.update(created_at=now, updated_at=now, revision_number=0)
    for name, value in values.items():
        attr = res.by_name.get(name)
        if attr is not None and attr.col and attr.col not in ("created_at", "updated_at", "revision_number"):
            row[attr.col] = value
        elif attr is None and name in res.table.c:
            row[name] = value
    insert = _INSERTS.get(res.table)
    if insert is None:
        insert = _INSERTS[res.table] = res.table.insert()
    conn.execute(insert, row)
    return str(row["id"])


# one INSERT statement per table, built once: SQLAlchemy memoizes its cache key on the object
_INSERTS: dict[sa.Table, Any] = {}


def bump(cloud: "Cloud", conn: Connection, table: sa.Table, id_: str, values: dict[str, Any] | None = None) -> None:
    """An update: new updated_at, revision_number + 1 (Neutron bumps it on every change)."""
    if "revision_number" not in table.c:
        if values:
            conn.execute(table.update().where(table.c.id == id_).values(**values))
        return
    conn.execute(table.update().where(table.c.id == id_).values(
        **(values or {}), updated_at=cloud.clock.now(), revision_number=table.c.revision_number + 1))


def prepare(res: Resource, body: Any, caller: Context | None, create: bool) -> dict[str, Any]:
    """Check a create or update body against the attribute map; return converted values."""
    key = res.singular
    if not isinstance(body, dict) or not isinstance(body.get(key), dict):
        raise E.bad(f"Failed to parse request. Resource body required: '{key}'.", "HTTPBadRequest")
    data = dict(body[key])
    unknown = [k for k in data if k not in res.by_name]
    if unknown:
        raise E.bad(f"Unrecognized attribute(s) '{', '.join(sorted(unknown))}'", "HTTPBadRequest")
    values: dict[str, Any] = {}
    for name, value in data.items():
        attr = res.by_name[name]
        if not (attr.post if create else attr.put):
            raise E.bad(f"Attribute '{name}' not allowed in {'POST' if create else 'PUT'}", "HTTPBadRequest")
        converted = _convert(attr, value)
        # admin-only attributes; asking for the default value (shared: false) is not asking for anything
        if (attr.admin or attr.admin_set) and not is_admin(caller) and not (create and converted == attr.default):
            raise E.policy(f"{'create' if create else 'update'}_{res.singular}:{name}")
        values[name] = converted
    if create:
        if res.standard:
            _owner(res, values, caller)
        for attr in res.attrs:
            if not attr.post or attr.name in values or attr.name in ("tenant_id", "project_id"):
                continue
            if attr.default is REQUIRED:
                raise E.bad(f"Failed to parse request. Required attribute '{attr.name}' not specified",
                            "HTTPBadRequest")
            values[attr.name] = attr.default() if callable(attr.default) else attr.default
    else:
        values.pop("tenant_id", None)
    return values


def _owner(res: Resource, values: dict[str, Any], caller: Context | None) -> None:
    """project_id (or its old name tenant_id): the caller's project unless an admin names another."""
    if "tenant_id" in values and "project_id" in values and values["tenant_id"] != values["project_id"]:
        raise E.bad("'project_id' and 'tenant_id' do not match", "HTTPBadRequest")
    project = values.pop("tenant_id", None) or values.get("project_id")
    if project is None:
        if caller is None or not caller.project_id:
            raise E.bad("Failed to parse request. Required attribute 'project_id' not specified", "HTTPBadRequest")
        project = caller.project_id
    elif caller is not None and project != caller.project_id and not caller.is_admin:
        raise E.policy(f"create_{res.singular}")
    values["project_id"] = project


def _convert(attr: Attr, value: Any) -> Any:
    if attr.convert is None:
        return value
    try:
        return attr.convert(value)
    except ValueError as exc:
        raise E.bad(f"Invalid input for {attr.name}. Reason: {exc}.", "HTTPBadRequest") from None


def check_if_match(req: Req, row: dict[str, Any]) -> None:
    header = req.headers.get("if-match")
    if not header or "revision_number" not in row:
        return
    for item in header.split(","):
        item = item.strip()
        if item.startswith("revision_number="):
            try:
                wanted = int(item.split("=", 1)[1])
            except ValueError:
                raise E.bad(f"Invalid If-Match header: {item}", "HTTPBadRequest") from None
            if wanted != row["revision_number"]:
                raise E.revision_mismatch(wanted, row["revision_number"])


# -- filters, sorting, pages -------------------------------------------------------------------------
def _filter_value(attr: Attr, column: Any, raw: str) -> Any:
    if isinstance(column.type, sa.Boolean):
        try:
            return _convert_bool(raw)
        except ValueError:
            raise E.bad(f"Invalid input for {attr.name}. Reason: '{raw}' is not a valid boolean value.",
                        "HTTPBadRequest") from None
    if isinstance(column.type, sa.Integer):
        try:
            return int(raw)
        except ValueError:
            raise E.bad(f"Invalid input for {attr.name}. Reason: '{raw}' is not an integer.", "HTTPBadRequest") from None
    return raw


def _convert_bool(raw: str) -> bool:
    low = raw.lower()
    if low in ("true", "1", "yes", "t", "y", "on"):
        return True
    if low in ("false", "0", "no", "f", "n", "off"):
        return False
    raise ValueError(raw)


def apply_filters(res: Resource, query: sa.Select[Any], params: Any) -> sa.Select[Any]:
    table = res.table
    for name in dict.fromkeys(k for k, _ in params.multi_items()):
        if name in _CONTROL:
            continue
        values = [v for v in params.getlist(name)]
        attr = res.by_name.get(name)
        if attr is None or not attr.filter:
            raise E.bad(f"[{name}] is invalid attribute for filtering", "HTTPBadRequest")
        if attr.col is None:
            query = query.where(res.ops.filter(name, values))
            continue
        column = table.c[attr.col]
        if isinstance(column.type, sa.JSON):
            continue
        converted = [_filter_value(attr, column, v) for v in values]
        if len(converted) == 1:
            query = query.where(column == converted[0]) if converted[0] != "" or column.nullable is False \
                else query.where(sa.or_(column == "", column.is_(None)))
        else:
            query = query.where(column.in_(converted))
    since = params.get("changed_since")
    if since is not None:
        if "updated_at" not in table.c:
            raise E.bad("[changed_since] is invalid attribute for filtering", "HTTPBadRequest")
        try:
            moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            raise E.bad(f"Invalid input for changed_since. Reason: '{since}' is not a valid timestamp.",
                        "HTTPBadRequest") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        query = query.where(table.c.updated_at >= moment)
    for param, mode in (("tags", "all"), ("tags-any", "any"), ("not-tags", "not-all"), ("not-tags-any", "not-any")):
        for raw in params.getlist(param):
            wanted = [x for x in raw.split(",") if x]
            if not wanted:
                continue
            sub = sa.select(t.tags.c.resource_id).where(t.tags.c.tag.in_(wanted))
            if mode.endswith("all"):
                sub = sub.group_by(t.tags.c.resource_id).having(sa.func.count() == len(set(wanted)))
            clause = table.c.id.in_(sub)
            query = query.where(clause if not mode.startswith("not") else ~clause)
    return query


def parse_sorting(res: Resource, params: Any) -> list[tuple[str, str]]:
    keys = params.getlist("sort_key")
    dirs = params.getlist("sort_dir")
    if len(dirs) and len(keys) != len(dirs):
        raise E.bad("The number of sort_keys and sort_dirs must be same", "HTTPBadRequest")
    out: list[tuple[str, str]] = []
    for i, key in enumerate(keys):
        direction = dirs[i] if dirs else "asc"
        attr = res.by_name.get(key)
        if attr is None or not attr.sort or not attr.col:
            raise E.bad(f"{key} is an invalid attribute for sort_keys", "HTTPBadRequest")
        if direction not in ("asc", "desc"):
            raise E.bad(f"{direction} is an invalid value for sort_dirs, valid values are: ['asc', 'desc']",
                        "HTTPBadRequest")
        out.append((attr.col, direction))
    return out or list(res.default_sort)


def parse_fields(params: Any) -> list[str] | None:
    fields = [f for raw in params.getlist("fields") for f in raw.split(",") if f]
    return fields or None


def list_rows(cloud: "Cloud", conn: Connection, res: Resource, req: Req,
              extra: Any = None) -> tuple[list[dict[str, Any]], list[dict[str, str]] | None]:
    caller = req.context
    params = req.query
    query = apply_filters(res, visible_query(res, caller), params)
    if extra is not None:
        query = query.where(extra)
    sort = parse_sorting(res, params)
    limit = parse_limit(params.get("limit"), maximum=10000)
    if limit == 0:
        limit = None
    marker = params.get("marker") or None
    reverse = str(params.get("page_reverse", "false")).lower() == "true"
    if reverse:
        sort = [(k, "desc" if d == "asc" else "asc") for k, d in sort]
    page = paginate(conn, res.table, query, sort, marker, limit, marker_not_found="Marker {marker} not found.")
    rows = page.rows[::-1] if reverse else page.rows
    links = None
    if limit is not None:
        links = _links(req, res, rows, page.more, marker, limit, reverse)
    return rows, links


def _links(req: Req, res: Resource, rows: list[dict[str, Any]], more: bool, marker: str | None, limit: int,
           reverse: bool) -> list[dict[str, str]]:
    base = f"{req.base_url()}/v2.0/{res.path}"
    params = [(k, v) for k, v in req.query.multi_items() if k not in ("marker", "limit", "page_reverse")]
    links = []
    has_next = more if not reverse else marker is not None
    has_prev = marker is not None if not reverse else more
    if rows and has_next:
        links.append({"rel": "next", "href": f"{base}?{urlencode(params + [('limit', str(limit)), ('marker', rows[-1]['id'])])}"})
    if rows and has_prev:
        links.append({"rel": "previous", "href": f"{base}?{urlencode(params + [('limit', str(limit)), ('marker', rows[0]['id']), ('page_reverse', 'True')])}"})
    return links


# -- handlers ------------------------------------------------------------------------------------------
def list_handler(res: Resource) -> Handler:
    async def handler(req: Req) -> Any:
        fields = parse_fields(req.query)
        res.ops.before_list(req.cloud, req.context)
        with req.cloud.store.read() as conn:
            rows, links = list_rows(req.cloud, conn, res, req)
            body: dict[str, Any] = {res.plural: render(req.cloud, conn, res, rows, req.context, fields)}
        if links is not None:
            body[f"{res.plural}_links"] = links
        return body
    return handler


def show_handler(res: Resource) -> Handler:
    async def handler(req: Req) -> Any:
        fields = parse_fields(req.query)
        with req.cloud.store.read() as conn:
            row = get_visible(conn, res, req.params["id"], req.context)
            return {res.singular: render(req.cloud, conn, res, [row], req.context, fields)[0]}
    return handler


def create_handler(res: Resource) -> Handler:
    async def handler(req: Req) -> Any:
        body = await req.json()
        caller = req.context
        cloud = req.cloud
        if isinstance(body, dict) and isinstance(body.get(res.plural), list):
            items = [prepare(res, {res.singular: item}, caller, True) for item in body[res.plural]]
            with cloud.store.begin() as conn:
                ids = [_create_one(cloud, conn, res, values, caller) for values in items]
                rows = [dict(r._mapping) for r in conn.execute(sa.select(res.table).where(res.table.c.id.in_(ids)))]
                rows.sort(key=lambda r: ids.index(r["id"]))
                out = render(cloud, conn, res, rows, caller)
            return json_response({res.plural: out}, 201)
        values = prepare(res, body, caller, True)
        with cloud.store.begin() as conn:
            new_id = _create_one(cloud, conn, res, values, caller)
            out = show_one(cloud, conn, res, new_id, None)
        return json_response({res.singular: view_for(res, out, caller)}, 201)
    return handler


def view_for(res: Resource, body: dict[str, Any], caller: Context | None) -> dict[str, Any]:
    """Strip admin-only attributes from a body rendered with full rights."""
    if is_admin(caller):
        return body
    return {k: v for k, v in body.items() if not (k in res.by_name and res.by_name[k].admin)}


def _create_one(cloud: "Cloud", conn: Connection, res: Resource, values: dict[str, Any], caller: Context | None) -> str:
    if caller is not None:
        project = values.get("project_id", caller.project_id)
        cloud.policy.authorize(f"create_{res.singular}", {"project_id": project, "tenant_id": project}, caller)
    if res.quota:
        quotas.check(cloud, conn, values["project_id"], res.quota, res.table)
    # no savepoint: the request's transaction is all-or-nothing already
    return res.ops.create(cloud, conn, values, caller)


def update_handler(res: Resource) -> Handler:
    async def handler(req: Req) -> Any:
        body = await req.json()
        caller = req.context
        cloud = req.cloud
        changes = prepare(res, body, caller, False)
        with cloud.store.begin() as conn:
            row = get_visible(conn, res, req.params["id"], caller)
            authorize_owner(cloud, caller, f"update_{res.singular}", row)
            check_if_match(req, row)
            update_row(cloud, conn, res, row, changes, caller)
            out = show_one(cloud, conn, res, row["id"], None)
        return {res.singular: view_for(res, out, caller)}
    return handler


def update_row(cloud: "Cloud", conn: Connection, res: Resource, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
    with conn.begin_nested():
        res.ops.update(cloud, conn, row, changes, caller)
        cols = {res.by_name[k].col: v for k, v in changes.items() if k in res.by_name and res.by_name[k].col}
        bump(cloud, conn, res.table, row["id"], cols)


def authorize_owner(cloud: "Cloud", caller: Context | None, rule: str, row: dict[str, Any]) -> None:
    if caller is None:
        return
    project = row.get("project_id", caller.project_id)
    cloud.policy.authorize(rule, {"project_id": project, "tenant_id": project}, caller)


def delete_handler(res: Resource) -> Handler:
    async def handler(req: Req) -> Any:
        caller = req.context
        cloud = req.cloud
        with cloud.store.begin() as conn:
            row = get_visible(conn, res, req.params["id"], caller)
            authorize_owner(cloud, caller, f"delete_{res.singular}", row)
            check_if_match(req, row)
            with conn.begin_nested():
                res.ops.delete(cloud, conn, row, caller)
                conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))
        return empty(204)
    return handler


def crud_routes(res: Resource, create: bool = True, update: bool = True,
                delete: bool = True) -> list[tuple[str, dict[str, Handler]]]:
    collection: dict[str, Handler] = {"GET": list_handler(res)}
    if create:
        collection["POST"] = create_handler(res)
    member: dict[str, Handler] = {"GET": show_handler(res)}
    if update:
        member["PUT"] = update_handler(res)
    if delete:
        member["DELETE"] = delete_handler(res)
    return [(f"/v2.0/{res.path}", collection), (f"/v2.0/{res.path}/{{id}}", member)]
