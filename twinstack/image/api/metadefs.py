"""Metadata definitions (Glance's metadefs catalog): namespaces with their objects, properties and
tags, and the resource types they apply to. Admins write; anyone reads public namespaces, owners
their private ones (Glance's default policies)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import paginate
from twinstack.core.pipeline import Req, json_response
from twinstack.image import errors
from twinstack.image import tables as t
from twinstack.image.api import common
from twinstack.image.views import isotime

NS = t.metadef_namespaces
ITEMS = t.metadef_items
NAMESPACE_FIELDS = ("display_name", "description", "visibility", "protected")

bad = errors.bad_request  # most of this API's refusals are a 400 naming the schema


def _ns_target(req: Req, row: dict[str, Any] | None = None) -> dict[str, str]:
    if row is None:
        return {"project_id": req.context.project_id or ""}
    return {"project_id": row["owner"] or "", "visibility": row["visibility"]}


def _namespace(req: Req, conn: Connection, name: str, rule: str = "get_metadef_namespace") -> dict[str, Any]:
    row = conn.execute(sa.select(NS).where(NS.c.namespace == name)).first()
    found = dict(row._mapping) if row else None
    if found is None or not common.allowed(req, "get_metadef_namespace", _ns_target(req, found)):
        raise ApiError(404, f"Metadata definition namespace={name} was not found.", "NotFound")
    if rule != "get_metadef_namespace":
        common.enforce(req, rule, _ns_target(req, found))
    return found


def _body(req_body: Any, what: str) -> dict[str, Any]:
    if not isinstance(req_body, dict):
        raise bad(f"Provided object does not match schema '{what}': body must be a JSON object")
    return req_body


def _associations_of(conn: Connection, ns_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each namespace's resource type associations, oldest first, in one query for a whole page."""
    out: dict[str, list[dict[str, Any]]] = {ns_id: [] for ns_id in ns_ids}
    if ns_ids:
        rows = conn.execute(sa.select(t.metadef_associations).where(
            t.metadef_associations.c.namespace_id.in_(ns_ids)).order_by(t.metadef_associations.c.created_at))
        for r in rows:
            out[r.namespace_id].append(_association(dict(r._mapping)))
    return out


def _associations(conn: Connection, ns_id: str) -> list[dict[str, Any]]:
    return _associations_of(conn, [ns_id])[ns_id]


def _association(row: dict[str, Any]) -> dict[str, Any]:
    view = {"name": row["resource_type"], "created_at": isotime(row["created_at"]),
            "updated_at": isotime(row["updated_at"])}
    for key in ("prefix", "properties_target"):
        if row.get(key):
            view[key] = row[key]
    return view


def _items(conn: Connection, ns_id: str, kind: str | None = None) -> list[dict[str, Any]]:
    """A namespace's properties, objects or tags (all three without ``kind``), oldest first."""
    query = sa.select(ITEMS).where(ITEMS.c.namespace_id == ns_id)
    if kind is not None:
        query = query.where(ITEMS.c.kind == kind)
    return [dict(r._mapping) for r in conn.execute(query.order_by(ITEMS.c.created_at, ITEMS.c.name))]


def _object_view(ns: str, row: dict[str, Any]) -> dict[str, Any]:
    """Glance's MetadefObject through WSME: an unset description is left out, not null."""
    body = dict(row["body"])
    view = {"name": row["name"], "description": body.get("description"), "required": body.get("required", []),
            "properties": body.get("properties", {}), "created_at": isotime(row["created_at"]),
            "updated_at": isotime(row["updated_at"]), "schema": "/v2/schemas/metadefs/object",
            "self": f"/v2/metadefs/namespaces/{ns}/objects/{row['name']}"}
    return {k: v for k, v in view.items() if v is not None}


def _property_view(row: dict[str, Any]) -> dict[str, Any]:
    return {"name": row["name"], **row["body"]}


def _tag_view(row: dict[str, Any]) -> dict[str, Any]:
    """One tag as show, create and update give it; lists (a namespace's, GET .../tags) give names only."""
    return {"name": row["name"], "created_at": isotime(row["created_at"]), "updated_at": isotime(row["updated_at"])}


def _namespace_view(conn: Connection, row: dict[str, Any], detail: bool,
                    associations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """detail: with the namespace's properties (each naming itself), whole objects and tag names, as
    Glance's show builds it; a list, create's and update's answers are the namespace alone."""
    view: dict[str, Any] = {
        "namespace": row["namespace"], "display_name": row["display_name"], "description": row["description"],
        "visibility": row["visibility"], "protected": bool(row["protected"]), "owner": row["owner"],
        "created_at": isotime(row["created_at"]), "updated_at": isotime(row["updated_at"]),
        "schema": "/v2/schemas/metadefs/namespace", "self": f"/v2/metadefs/namespaces/{row['namespace']}",
    }
    view = {k: v for k, v in view.items() if v is not None}
    if associations is None:
        associations = _associations(conn, row["id"])
    if associations:
        view["resource_type_associations"] = associations
    if detail:
        items: dict[str, list[dict[str, Any]]] = {"property": [], "object": [], "tag": []}
        for item in _items(conn, row["id"]):
            items.setdefault(item["kind"], []).append(item)
        props, objects, tags = items["property"], items["object"], items["tag"]
        if props:
            view["properties"] = {p["name"]: _property_view(p) for p in props}
        if objects:
            view["objects"] = [_object_view(row["namespace"], o) for o in objects]
        if tags:
            view["tags"] = [{"name": tg["name"]} for tg in tags]
    return view


def _add_item(req: Req, conn: Connection, ns_id: str, kind: str, name: Any, body: dict[str, Any]) -> dict:
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        raise bad(f"Provided object does not match schema '{kind}': 'name' must be a non-empty string")
    exists = conn.execute(sa.select(ITEMS.c.name).where(ITEMS.c.namespace_id == ns_id, ITEMS.c.kind == kind,
                                                        ITEMS.c.name == name)).first()
    if exists:
        raise ApiError(409, f"A metadata definition {kind} with name={name} already exists in this namespace.",
                       "Duplicate")
    now = req.cloud.clock.now()
    row = {"namespace_id": ns_id, "kind": kind, "name": name, "body": body, "created_at": now, "updated_at": now}
    conn.execute(ITEMS.insert().values(**row))
    return row


def _associate(req: Req, conn: Connection, ns_id: str, item: Any) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise bad("Provided object does not match schema 'resource_type_association': 'name' is required")
    name = item["name"]
    now = req.cloud.clock.now()
    if conn.execute(sa.select(t.metadef_resource_types.c.name).where(
            t.metadef_resource_types.c.name == name)).first() is None:
        conn.execute(t.metadef_resource_types.insert().values(name=name, protected=False, created_at=now,
                                                              updated_at=now))
    if conn.execute(sa.select(t.metadef_associations.c.resource_type).where(
            t.metadef_associations.c.namespace_id == ns_id,
            t.metadef_associations.c.resource_type == name)).first():
        raise ApiError(409, f"The metadata definition resource-type association of resource-type={name} to "
                            "namespace already exists.", "Duplicate")
    row = {"namespace_id": ns_id, "resource_type": name, "prefix": item.get("prefix"),
           "properties_target": item.get("properties_target"), "created_at": now, "updated_at": now}
    conn.execute(t.metadef_associations.insert().values(**row))
    return row


# -- namespaces --------------------------------------------------------------------------------

async def list_namespaces(req: Req) -> Any:
    common.enforce(req, "get_metadef_namespaces", _ns_target(req))
    query = req.query
    ctx = req.context
    sort_key = query.get("sort_key", "created_at")
    sort_dir = query.get("sort_dir", "desc")
    if sort_key not in ("created_at", "updated_at", "namespace", "display_name"):
        raise bad(f"Invalid sort key: {sort_key}.")
    if sort_dir not in ("asc", "desc"):
        raise bad(f"Invalid sort direction: {sort_dir}")
    clauses = []
    if not ctx.is_admin:
        clauses.append(sa.or_(NS.c.visibility == "public", NS.c.owner == (ctx.project_id or "")))
    if "visibility" in query:
        clauses.append(NS.c.visibility == query["visibility"])
    if "resource_types" in query:
        names = [n.strip() for n in query["resource_types"].split(",") if n.strip()]
        clauses.append(NS.c.id.in_(sa.select(t.metadef_associations.c.namespace_id).where(
            t.metadef_associations.c.resource_type.in_(names))))
    limit = None
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise bad("limit param must be an integer") from None
    with req.cloud.store.read() as conn:
        marker = None
        if query.get("marker"):
            marker = conn.execute(sa.select(NS.c.id).where(NS.c.namespace == query["marker"])).scalar()
            if marker is None:
                raise bad(f"Namespace {query['marker']} could not be found.")
        page = paginate(conn, NS, sa.select(NS).where(*clauses), [(sort_key, sort_dir)], marker, limit)
        associations = _associations_of(conn, [r["id"] for r in page.rows])
        namespaces = [_namespace_view(conn, r, False, associations[r["id"]]) for r in page.rows]
    body: dict[str, Any] = {"namespaces": namespaces, "first": "/v2/metadefs/namespaces",
                            "schema": "/v2/schemas/metadefs/namespaces"}
    if page.more and page.rows:
        body["next"] = f"/v2/metadefs/namespaces?marker={page.rows[-1]['namespace']}&limit={limit}"
    return body


async def create_namespace(req: Req) -> Any:
    common.enforce(req, "add_metadef_namespace", _ns_target(req))
    body = _body(await req.json(), "namespace")
    name = body.get("namespace")
    if not isinstance(name, str) or not name.strip() or len(name) > 80:
        raise bad("Provided object does not match schema 'namespace': 'namespace' is a required property")
    if body.get("visibility", "private") not in ("public", "private"):
        raise bad(f"Provided object does not match schema 'namespace': {body.get('visibility')!r} is not one of "
                  "['public', 'private']")
    if not isinstance(body.get("protected", False), bool):
        raise bad("Provided object does not match schema 'namespace': 'protected' must be a boolean")
    now = req.cloud.clock.now()
    ns_id = uuid_str()
    with req.cloud.store.begin() as conn:
        if conn.execute(sa.select(NS.c.id).where(NS.c.namespace == name)).first():
            raise ApiError(409, f"Namespace {name} already exists", "Duplicate")
        conn.execute(NS.insert().values(
            id=ns_id, namespace=name, display_name=body.get("display_name"), description=body.get("description"),
            visibility=body.get("visibility", "private"), protected=body.get("protected", False),
            owner=body.get("owner") or req.context.project_id, created_at=now, updated_at=now))
        for item in body.get("resource_type_associations") or []:
            _associate(req, conn, ns_id, item)
        for prop_name, prop in (body.get("properties") or {}).items():
            _add_item(req, conn, ns_id, "property", prop_name, _property_body(prop))
        for obj in body.get("objects") or []:
            _add_item(req, conn, ns_id, "object", (obj or {}).get("name"), _object_body(obj))
        for tag in body.get("tags") or []:
            _add_item(req, conn, ns_id, "tag", (tag or {}).get("name"), {})
        row = dict(conn.execute(sa.select(NS).where(NS.c.id == ns_id)).one()._mapping)
        view = _namespace_view(conn, row, True)
    return json_response(view, 201, headers={"Location": f"{req.base_url()}/v2/metadefs/namespaces/{name}"})


async def show_namespace(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = _namespace(req, conn, req.params["namespace"])
        return _namespace_view(conn, row, True)


async def update_namespace(req: Req) -> Any:
    """PUT replaces: Glance's update sets every field from the body, an absent one to create's default
    (no display name or description, private, unprotected, the caller's project as owner)."""
    body = _body(await req.json(), "namespace")
    with req.cloud.store.begin() as conn:
        row = _namespace(req, conn, req.params["namespace"], "modify_metadef_namespace")
        values = {"display_name": None, "description": None, "visibility": "private", "protected": False,
                  **{k: body[k] for k in NAMESPACE_FIELDS if body.get(k) is not None},
                  "owner": body.get("owner") or req.context.project_id}
        if "visibility" in values and values["visibility"] not in ("public", "private"):
            raise bad(f"Provided object does not match schema 'namespace': {values['visibility']!r} is not one "
                      "of ['public', 'private']")
        new_name = body.get("namespace", row["namespace"])
        if new_name != row["namespace"]:
            if conn.execute(sa.select(NS.c.id).where(NS.c.namespace == new_name)).first():
                raise ApiError(409, f"Namespace {new_name} already exists", "Duplicate")
            values["namespace"] = new_name
        conn.execute(NS.update().where(NS.c.id == row["id"]).values(updated_at=req.cloud.clock.now(), **values))
        row = dict(conn.execute(sa.select(NS).where(NS.c.id == row["id"])).one()._mapping)
        return _namespace_view(conn, row, False, associations=[])


async def delete_namespace(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = _namespace(req, conn, req.params["namespace"], "delete_metadef_namespace")
        if row["protected"]:
            raise errors.forbidden(f"Metadata definition namespace {row['namespace']} is protected and cannot "
                                   "be deleted.")
        conn.execute(ITEMS.delete().where(ITEMS.c.namespace_id == row["id"]))
        conn.execute(t.metadef_associations.delete().where(t.metadef_associations.c.namespace_id == row["id"]))
        conn.execute(NS.delete().where(NS.c.id == row["id"]))
    return common.serialized_empty(204)


# -- objects, properties, tags -----------------------------------------------------------------

def _object_body(body: Any) -> dict[str, Any]:
    body = body if isinstance(body, dict) else {}
    return {"description": body.get("description"), "required": body.get("required") or [],
            "properties": body.get("properties") or {}}


def _property_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("Provided object does not match schema 'property': body must be a JSON object")
    if not isinstance(body.get("title"), str) or not isinstance(body.get("type"), str):
        raise bad("Provided object does not match schema 'property': 'title' and 'type' are required properties")
    if body["type"] not in ("array", "boolean", "integer", "number", "object", "string"):
        raise bad(f"Provided object does not match schema 'property': {body['type']!r} is not a valid type")
    return {k: v for k, v in body.items() if k != "name"}


def bind(handler: Any, kind: str) -> Any:
    """A route handler for one kind (object, property, tag) of a shared implementation."""
    async def bound(req: Req) -> Any:
        return await handler(req, kind)

    bound.__name__ = f"{handler.__name__}_{kind}"
    return bound


async def list_items(req: Req, kind: str) -> Any:
    with req.cloud.store.read() as conn:
        ns = _namespace(req, conn, req.params["namespace"])
        rows = _items(conn, ns["id"], kind)
    if kind == "object":
        return {"objects": [_object_view(ns["namespace"], r) for r in rows], "schema": "/v2/schemas/metadefs/objects"}
    if kind == "property":
        return {"properties": {r["name"]: _property_view(r) for r in rows}}
    return {"tags": [{"name": r["name"]} for r in rows]}


async def create_item(req: Req, kind: str) -> Any:
    body = _body(await req.json(), kind)
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], f"add_metadef_{kind}")
        if kind == "tag":  # POST .../tags creates many at once
            tags = body.get("tags")
            if not isinstance(tags, list):
                raise bad("Provided object does not match schema 'tags': 'tags' is a required property")
            # Glance appends when the X-Openstack-Append header reads true (oslo's spellings); the
            # ?append=true query this API took before is still honoured
            append = to_bool(req.headers.get("X-Openstack-Append")) or req.query.get("append", "").lower() == "true"
            if not append:
                conn.execute(ITEMS.delete().where(ITEMS.c.namespace_id == ns["id"], ITEMS.c.kind == "tag"))
            for tag in tags:
                _add_item(req, conn, ns["id"], "tag", (tag or {}).get("name") if isinstance(tag, dict) else None, {})
            return json_response({"tags": [{"name": tag["name"]} for tag in tags]}, 201)
        if kind == "object":
            row = _add_item(req, conn, ns["id"], "object", body.get("name"), _object_body(body))
            view = _object_view(ns["namespace"], row)
            if "required" not in body:  # Glance answers with the object as posted; a read gives []
                view.pop("required")
            return json_response(view, 201)
        row = _add_item(req, conn, ns["id"], "property", body.get("name"), _property_body(body))
        return json_response(_property_view(row), 201)


def _item(conn: Connection, ns: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    row = conn.execute(sa.select(ITEMS).where(ITEMS.c.namespace_id == ns["id"], ITEMS.c.kind == kind,
                                              ITEMS.c.name == name)).first()
    if row is None:
        raise ApiError(404, f"Metadata definition {kind} not found for namespace={ns['namespace']} and "
                            f"{kind}={name}.", "NotFound")
    return dict(row._mapping)


async def show_item(req: Req, kind: str) -> Any:
    with req.cloud.store.read() as conn:
        ns = _namespace(req, conn, req.params["namespace"])
        row = _item(conn, ns, kind, req.params["name"])
    return {"object": lambda r: _object_view(ns["namespace"], r), "property": _property_view,
            "tag": _tag_view}[kind](row)


async def update_item(req: Req, kind: str) -> Any:
    body = _body(await req.json(), kind)
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], f"modify_metadef_{kind}")
        row = _item(conn, ns, kind, req.params["name"])
        new_name = body.get("name", row["name"])
        if not isinstance(new_name, str) or not new_name.strip():
            raise bad(f"Provided object does not match schema '{kind}': 'name' must be a non-empty string")
        if new_name != row["name"] and conn.execute(sa.select(ITEMS.c.name).where(
                ITEMS.c.namespace_id == ns["id"], ITEMS.c.kind == kind, ITEMS.c.name == new_name)).first():
            raise ApiError(409, f"A metadata definition {kind} with name={new_name} already exists in this "
                                "namespace.", "Duplicate")
        new_body = {"object": _object_body, "property": _property_body, "tag": lambda b: {}}[kind](body)
        now = req.cloud.clock.now()
        conn.execute(ITEMS.update().where(ITEMS.c.namespace_id == ns["id"], ITEMS.c.kind == kind,
                                          ITEMS.c.name == row["name"]).values(name=new_name, body=new_body,
                                                                              updated_at=now))
        row.update(name=new_name, body=new_body, updated_at=now)
    return {"object": lambda r: _object_view(ns["namespace"], r), "property": _property_view,
            "tag": _tag_view}[kind](row)


async def delete_item(req: Req, kind: str) -> Any:
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], f"delete_metadef_{kind}")
        row = _item(conn, ns, kind, req.params["name"])
        conn.execute(ITEMS.delete().where(ITEMS.c.namespace_id == ns["id"], ITEMS.c.kind == kind,
                                          ITEMS.c.name == row["name"]))
    return common.serialized_empty(204)


async def create_tag(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], "add_metadef_tag")
        row = _add_item(req, conn, ns["id"], "tag", req.params["name"], {})
    return json_response(_tag_view(row), 201)


async def delete_tags(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], "delete_metadef_tags")
        conn.execute(ITEMS.delete().where(ITEMS.c.namespace_id == ns["id"], ITEMS.c.kind == "tag"))
    return common.serialized_empty(204)


# -- resource types ----------------------------------------------------------------------------

async def list_resource_types(req: Req) -> Any:
    common.enforce(req, "list_metadef_resource_types", _ns_target(req))
    with req.cloud.store.read() as conn:
        rows = conn.execute(sa.select(t.metadef_resource_types).order_by(t.metadef_resource_types.c.created_at,
                                                                         t.metadef_resource_types.c.name))
        # no API changes a resource type, so Glance's rows keep a null updated_at, which WSME leaves out
        return {"resource_types": [{"name": r.name, "created_at": isotime(r.created_at)} for r in rows]}


async def list_associations(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        ns = _namespace(req, conn, req.params["namespace"])
        return {"resource_type_associations": _associations(conn, ns["id"])}


async def create_association(req: Req) -> Any:
    body = _body(await req.json(), "resource_type_association")
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], "add_metadef_resource_type_association")
        row = _associate(req, conn, ns["id"], body)
    return json_response(_association(row), 201)


async def delete_association(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        ns = _namespace(req, conn, req.params["namespace"], "remove_metadef_resource_type_association")
        result = conn.execute(t.metadef_associations.delete().where(
            t.metadef_associations.c.namespace_id == ns["id"],
            t.metadef_associations.c.resource_type == req.params["name"]))
        if result.rowcount == 0:
            raise ApiError(404, f"Failed to find resource type {req.params['name']} in namespace "
                                f"{ns['namespace']}.", "NotFound")
    return common.serialized_empty(204)
