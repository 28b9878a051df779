"""Images: create, list (Glance's filters, sorts and pages), show, JSON-Patch update, delete,
deactivate/reactivate and tags. Data moves in image_data.py; sharing in members.py."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa

from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pagination import paginate
from twinstack.core.pipeline import Req, json_response
from twinstack.image import data, errors, manager, views
from twinstack.image import tables as t
from twinstack.image.api import common
from twinstack.image.api.schemas import check_image
from twinstack.image.manager import cache
from twinstack.image.schemas.images import IMAGE_PROPERTIES

DISALLOWED = ("direct_url", "self", "file", "schema", "stores")
READ_ONLY = ("created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url",
             "self", "file", "schema", "id", "os_hash_algo", "os_hash_value")
RESERVED = ("location", "deleted", "deleted_at")
RESERVED_NS = "os_glance"
BASE = ("checksum", "created_at", "container_format", "disk_format", "id", "min_disk", "min_ram", "name",
        "size", "virtual_size", "status", "tags", "owner", "updated_at", "visibility", "protected",
        "os_hidden")
COLUMNS = ("name", "disk_format", "container_format", "visibility", "min_disk", "min_ram", "protected",
           "os_hidden", "owner")
SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at")
PATCH_TYPES = {"application/openstack-images-v2.0-json-patch": 4,
               "application/openstack-images-v2.1-json-patch": 10}
LIMIT_DEFAULT, LIMIT_MAX = 25, 1000  # Glance's limit_param_default and api_limit_max
TAG_QUOTA, PROPERTY_QUOTA = 128, 128  # image_tag_quota, image_property_quota
IMPORT_METHODS_HEADER = "OpenStack-image-import-methods"
INT_MAX = 2**31 - 1


bad = errors.bad_request  # the many 400s of filters, sorting and JSON patch


def _reserved(key: str) -> bool:
    return key in RESERVED or key.startswith(RESERVED_NS)


def _check_min(key: str, value: Any) -> None:
    """min_disk and min_ram are 32-bit columns in Glance's database."""
    if not 0 <= value <= INT_MAX:
        raise bad(f"Invalid value for {key}: it must be between 0 and {INT_MAX}")


def _check_limits(properties: dict[str, Any], tags: list[str]) -> None:
    if len(properties) > PROPERTY_QUOTA:
        raise ApiError(413, "The limit has been exceeded on the number of allowed image properties. "
                            f"Attempted: {len(properties)}, Maximum: {PROPERTY_QUOTA}", "LimitExceeded")
    if len(tags) > TAG_QUOTA:
        raise ApiError(413, "The limit has been exceeded on the number of allowed image tags. "
                            f"Attempted: {len(tags)}, Maximum: {TAG_QUOTA}", "LimitExceeded")


# -- create ------------------------------------------------------------------------------------

async def create(req: Req) -> Any:
    body = await req.json(required=False)
    if body is None:
        raise bad("Body expected in request.")
    if not isinstance(body, dict):
        raise bad("Provided object does not match schema 'image': body must be a JSON object")
    for key in DISALLOWED:
        if key in body:
            raise errors.forbidden(f"Attribute '{key}' is read-only.")
    check_image(body)
    body = dict(body)
    tags = list(dict.fromkeys(body.pop("tags", []) or []))
    image = {key: body.pop(key) for key in BASE if key in body}
    for key in body:
        if len(key) > 255:
            raise bad("Custom property should not be greater than 255 characters.")
        # Glance's domain ImageFactory also reserves locations at create: they come through PATCH or 2.17's API
        if _reserved(key) or key == "locations":
            raise errors.forbidden(f"Attribute '{key}' is reserved.")
    for key in ("created_at", "updated_at", "status", "checksum", "os_hash_algo", "os_hash_value", "size",
                "virtual_size"):
        if key in image:
            raise errors.forbidden(f"Attribute '{key}' is read-only.")
    ctx = req.context
    image.setdefault("owner", ctx.project_id)
    target = {"project_id": image["owner"] or "", "owner": image["owner"] or "",
              "visibility": image.get("visibility") or "", "member_id": ""}
    if not common.allowed(req, "add_image", target):
        if image["owner"] != ctx.project_id:
            raise errors.forbidden(f"You are not permitted to create images owned by '{image['owner']}'")
        raise errors.forbidden("You are not authorized to complete add_image action.")
    common.visibility_check(req, image.get("visibility"), target)
    for key in ("min_disk", "min_ram"):
        _check_min(key, image.get(key, 0))
    _check_limits(body, tags)
    now = req.cloud.clock.now()
    values = {
        "id": image.get("id") or uuid_str(), "name": image.get("name"), "status": "queued",
        "visibility": image.get("visibility") or "shared", "owner": image["owner"],
        "disk_format": image.get("disk_format"), "container_format": image.get("container_format"),
        "min_disk": image.get("min_disk", 0), "min_ram": image.get("min_ram", 0),
        "protected": image.get("protected", False), "os_hidden": image.get("os_hidden", False),
        "properties": body, "tags": tags, "created_at": now, "updated_at": now,
    }
    with req.cloud.store.begin() as conn:
        if manager.load(conn, values["id"]) is not None:
            raise ApiError(409, f"Image with identifier {values['id']} already exists!", "Duplicate")
        manager.enforce(req.cloud, conn, ctx.project_id, "image_count_total", 1)
        row = manager.insert(conn, values)
    headers = {"Location": f"{req.base_url()}/v2/images/{row['id']}",
               IMPORT_METHODS_HEADER: ",".join(req.cloud.model.image.import_methods),
               "OpenStack-image-store-ids": data.store_id(req.cloud)}
    return json_response(views.image(row), 201, headers)


# -- list --------------------------------------------------------------------------------------

def _split_op(value: str) -> tuple[str, str]:
    """Glance's split_filter_op: ``op:value``, except an ISO 8601 time with no operator."""
    left, sep, right = value.partition(":")
    if not sep:
        return "eq", value
    if _parse_time(value) is not None:
        return "eq", value
    return left, right


def _parse_time(value: str) -> datetime | None:
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _compare(column: Any, op: str, value: Any) -> Any:
    ops = {"lt": column < value, "lte": column <= value, "gt": column > value, "gte": column >= value,
           "eq": column == value, "neq": column != value}
    if op not in ops:
        raise bad("Unable to filter on a unknown operator.")
    return ops[op]


def _bool_filter(name: str, value: str) -> bool:
    """Glance takes only true/false (any case) here: stricter than oslo's spellings, its own message."""
    value = value.lower()
    if value not in ("true", "false"):
        raise bad(f"Invalid value '{value}' for '{name}' filter. Valid values are 'true' or 'false'.")
    return to_bool(value, strict=True)


def _sorting(query: Any) -> list[tuple[str, str]]:
    def key(value: str) -> str:
        value = value.strip()
        if value not in SORT_KEYS:
            raise bad(f"Invalid sort key: {value}. It must be one of the following: {', '.join(SORT_KEYS)}.")
        return value

    def direction(value: str) -> str:
        value = value.strip()
        if value not in ("asc", "desc"):
            raise bad(f"Invalid sort direction: {value}")
        return value

    if "sort" in query:
        if "sort_key" in query or "sort_dir" in query:
            raise bad("Old and new sorting syntax cannot be combined")
        pairs = []
        for item in query["sort"].strip().split(","):
            k, _, d = item.partition(":")
            pairs.append((key(k), direction(d or "desc")))
        return pairs
    keys = [key(k) for k in query.getlist("sort_key")]
    dirs = [direction(d) for d in query.getlist("sort_dir")]
    if len(dirs) > 1 and len(dirs) != len(keys):
        raise bad("Number of sort dirs does not match the number of sort keys")
    keys = keys or ["created_at"]
    if not dirs:
        dirs = ["desc"] * len(keys)
    elif len(dirs) == 1:
        dirs = dirs * len(keys)
    return list(zip(keys, dirs, strict=False))


def _filters(req: Req, query: Any) -> list[Any]:
    img = t.images.c
    clauses: list[Any] = []
    handled = {"limit", "marker", "member_status", "tag", "sort", "sort_key", "sort_dir", "visibility"}
    if "changes-since" in query:
        raise bad('The "changes-since" filter is no longer available on v2.')
    clauses.append(img.os_hidden == _bool_filter("os_hidden", query.get("os_hidden", "false")))
    handled.add("os_hidden")
    if "protected" in query:
        clauses.append(img.protected == _bool_filter("protected", query["protected"]))
        handled.add("protected")
    for tag in query.getlist("tag"):
        clauses.append(img.id.in_(sa.select(t.image_tags.c.image_id).where(t.image_tags.c.tag == tag.strip())))
    for key, value in query.multi_items():
        if key in handled:
            continue
        if key.endswith(("_min", "_max")):
            column = key[:-4]
            if column not in ("size", "min_disk", "min_ram", "virtual_size"):
                clauses.append(t.property_equals(key, value))
                continue
            try:
                number = int(value)
            except ValueError:
                raise bad("Unable to filter on a range with a non-numeric value.") from None
            if not -(2**63) < number < 2**63:
                raise bad("Unable to filter using the specified range.")
            clauses.append(img[column] >= number if key.endswith("_min") else img[column] <= number)
        elif key in ("created_at", "updated_at"):
            op, when = _split_op(value)
            parsed = _parse_time(when)
            if parsed is None:
                raise bad(f'Bad "{key}" query filter format. Use ISO 8601 DateTime notation.')
            clauses.append(_compare(img[key], op, parsed))
        elif key in ("name", "id", "status", "container_format", "disk_format"):
            op, wanted = _split_op(value)
            if op == "in":
                clauses.append(img[key].in_(_split_quoted(wanted)))
            elif op == "eq":
                clauses.append(img[key] == wanted)
            else:
                raise bad(f"Unable to filter by unknown operator '{op}'.")
        elif key in ("owner", "checksum", "os_hash_value", "min_disk", "min_ram", "size", "virtual_size",
                     "os_hash_algo"):
            clauses.append(img[key] == value)
        else:  # anything else is an extra property
            clauses.append(t.property_equals(key, value))
    return clauses


def _split_quoted(value: str) -> list[str]:
    """``in:a,"b,c",d`` -> ['a', 'b,c', 'd'] (Glance's split_filter_value_for_quotes)."""
    try:
        return [v.strip() for v in next(csv.reader([value], skipinitialspace=True))]
    except (csv.Error, StopIteration):
        raise bad("Invalid filter value: the quotes are not closed.") from None


async def index(req: Req) -> Any:
    query = req.query
    ctx = req.context
    common.enforce(req, "get_images", {"project_id": ctx.project_id or ""})
    member_status = query.get("member_status", "accepted")
    if member_status not in ("pending", "accepted", "rejected", "all"):
        raise bad(f"Invalid status: {member_status}")
    visibility = query.get("visibility")
    if visibility and visibility not in ("community", "public", "private", "shared", "all"):
        raise bad(f"Invalid visibility value: {visibility}")
    limit = LIMIT_DEFAULT
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise bad("limit param must be an integer") from None
        if limit < 0:
            raise bad("limit param must be positive")
    limit = min(limit, LIMIT_MAX)
    sort = _sorting(query)
    clauses = _filters(req, query)
    clauses.append(manager.visible_clause(ctx, member_status, visibility or None))
    select = sa.select(t.images).where(*clauses)
    with req.cloud.store.read() as conn:
        marker = query.get("marker")
        if marker:
            marker_row = manager.load(conn, marker)
            if marker_row is None or not manager.can_see(conn, marker_row, ctx.project_id, ctx.is_admin):
                raise bad(f"No image found with ID {marker}")
        page = paginate(conn, t.images, select, sort, marker, limit)
    params = [(k, v) for k, v in query.multi_items() if k != "marker"]
    body: dict[str, Any] = {"images": [views.image(r) for r in page.rows], "first": "/v2/images",
                            "schema": "/v2/schemas/images"}
    if params:
        body["first"] = f"/v2/images?{urlencode(params)}"
    if page.more and page.last_id:
        body["next"] = f"/v2/images?{urlencode(params + [('marker', page.last_id)])}"
    return body


# -- show, update, delete ----------------------------------------------------------------------

async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        image = common.get_image(req, conn, req.params["image_id"])
    return views.image(image)


def _pointer(path: Any) -> list[str]:
    if not isinstance(path, str):
        raise bad("Pointer must be a string.")
    if not path.startswith("/"):
        raise bad(f'Pointer `{path}` does not start with "/".')
    if re.search(r"/\s*?/", path[1:]):
        raise bad(f'Pointer `{path}` contains adjacent "/".')
    if len(path) > 1 and path.endswith("/"):
        raise bad(f'Pointer `{path}` end with "/".')
    if re.search("~[^01]", path) or path.endswith("~"):
        raise bad(f'Pointer `{path}` contains "~" not part of a recognized escape sequence.')
    return [part.replace("~1", "/").replace("~0", "~").strip() for part in path.lstrip("/").split("/")]


# Glance's RequestDeserializer._path_depth_limits: a location is added or removed by its index
# (/locations/N or /locations/-), the list is replaced whole (/locations); every other path is one deep
PATH_DEPTH = {("locations", "add"): 2, ("locations", "remove"): 2}


def _refuse_locations(req: Req, op: str, target: dict[str, str]) -> None:
    """Locations through PATCH: the policy first, then Glance's refusal when show_multiple_locations is off
    (always here: this cloud does not show locations, it has the 2.17 location APIs)."""
    common.enforce(req, "delete_image_location" if op == "remove" else "set_image_location", target)
    verb = {"add": "add", "remove": "remove", "replace": "update"}[op]
    raise errors.forbidden(f"It's not allowed to {verb} locations if locations are invisible.")


def _parse_changes(body: Any, draft: int) -> list[dict[str, Any]]:
    if not isinstance(body, list):
        raise bad("Request body must be a JSON array of operation objects.")
    ops = ("add", "remove", "replace")
    changes = []
    for raw in body:
        if not isinstance(raw, dict):
            raise bad("Operations must be JSON objects.")
        if draft == 10:
            op = raw.get("op")
            if op is None:
                raise bad("Unable to find `op` in JSON Schema change. It must be one of the following: "
                          "add, remove, replace.")
            if op not in ops:
                raise bad(f"Invalid operation: `{op}`. It must be one of the following: add, remove, replace.")
            if "path" not in raw:
                raise bad("Unable to find 'path' in JSON Schema change")
            path = _pointer(raw["path"])
        else:
            present = [k for k in ops if k in raw]
            if len(present) != 1:
                raise bad('Operation objects must contain exactly one member named "add", "remove", or "replace".')
            op = present[0]
            path = _pointer(raw[op])
        if len(path) != PATH_DEPTH.get((path[0], op), 1):
            raise bad(f"Invalid JSON pointer for this resource: '/{'/'.join(path)}'")
        change: dict[str, Any] = {"op": op, "path": path[0]}
        if op != "remove":
            if "value" not in raw:
                raise bad(f'Operation "{op}" requires a member named "value".')
            change["value"] = raw["value"]
        root = path[0]
        if root in READ_ONLY:
            raise errors.forbidden(f"Attribute '{root}' is read-only.")
        if _reserved(root):
            raise errors.forbidden(f"Attribute '{root}' is reserved.")
        if op != "remove":  # an added location is one item of the list
            check_image({root: [change["value"]] if len(path) == 2 else change["value"]})
        changes.append(change)
    return changes


async def update(req: Req) -> Any:
    content_type = req.headers.get("content-type", "").split(";")[0].strip()
    if content_type not in PATCH_TYPES:
        allowed = ", ".join(sorted(PATCH_TYPES))
        raise ApiError(415, f"Image PATCH expects Content-Type one of: {allowed}", "UnsupportedMediaType",
                       {"Accept-Patch": allowed})
    body = await req.json(required=False)
    if body is None:
        raise bad("Body expected in request.")
    changes = _parse_changes(body, PATCH_TYPES[content_type])
    ctx = req.context
    with req.cloud.store.begin() as conn:
        image = manager.get_visible(conn, ctx, req.params["image_id"])
        target = common.enforce_on_image(req, conn, image, "modify_image")
        base = {k: image[k] for k in COLUMNS}
        props = dict(image["properties"] or {})
        tags = list(image["tags"] or [])
        for change in changes:
            op, key = change["op"], change["path"]
            value = change.get("value")
            if key == "locations":
                _refuse_locations(req, op, target)
            if key == "visibility":
                common.visibility_check(req, value, target)
            if key == "owner" and op != "remove" and not ctx.is_admin:
                raise errors.forbidden("Owner can't be updated by non admin.")
            is_base = key in base or key == "tags"
            if op == "remove":
                if is_base or key in IMAGE_PROPERTIES:
                    raise errors.forbidden(f"Property {key} may not be removed.")
                if key not in props:
                    raise errors.conflict(f"Property {key} does not exist.")
                del props[key]
            elif op == "replace" and not is_base and key not in props:
                raise errors.conflict(f"Property {key} does not exist.")
            elif op == "add" and change_draft4(req) and (is_base or key in props):
                raise errors.conflict(f"Property {key} already present.")
            elif key == "tags":
                tags = list(dict.fromkeys(value or []))
            elif is_base:
                if key in ("min_disk", "min_ram"):
                    _check_min(key, value)
                base[key] = value
            else:
                props[key] = value
        _check_limits(props, tags)
        now = req.cloud.clock.now()
        manager.set_tags(conn, image["id"], tags)
        row = manager.update(conn, image["id"], now, properties=props, **base)
    return views.image(row)


def change_draft4(req: Req) -> bool:
    return req.headers.get("content-type", "").split(";")[0].strip().endswith("v2.0-json-patch")


async def delete(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        common.enforce_on_image(req, conn, image, "delete_image")
        if image["protected"]:
            raise errors.forbidden(f"Image {image['id']} is protected and cannot be deleted.")
        location = image["location"]
        staged = image["staged_size"] is not None
        manager.delete(conn, image["id"])
        cache.forget(conn, image["id"], queue_entry=False)  # Glance's cache middleware; the queue keeps it
    data.remove(req.cloud, location)
    if staged:
        data.remove(req.cloud, data.staging_location(image["id"]))
    return common.serialized_empty(204)


# -- actions and tags --------------------------------------------------------------------------

async def deactivate(req: Req) -> Any:
    return _set_active(req, False)


async def reactivate(req: Req) -> Any:
    return _set_active(req, True)


def _set_active(req: Req, active: bool) -> Any:
    action, rule = ("reactivate", "reactivate") if active else ("deactivate", "deactivate")
    with req.cloud.store.begin() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        common.enforce_on_image(req, conn, image, rule)
        wanted, source = ("active", "deactivated") if active else ("deactivated", "active")
        if image["status"] == wanted:
            return common.serialized_empty(204)
        if image["status"] != source:
            raise errors.forbidden(f"Not allowed to {action} image in status '{image['status']}'")
        manager.transition(conn, image["id"], source, req.cloud.clock.now(), status=wanted)
    return common.serialized_empty(204)


async def add_tag(req: Req) -> Any:
    tag = req.params["tag"]
    if len(tag) > 255:
        raise bad(f"Provided object does not match schema 'image': '{tag}' is too long")
    with req.cloud.store.begin() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        common.enforce_on_image(req, conn, image, "modify_image")
        tags = list(image["tags"] or [])
        if tag not in tags:
            tags.append(tag)
            _check_limits({}, tags)
            manager.set_tags(conn, image["id"], tags)
            manager.update(conn, image["id"], req.cloud.clock.now())
    return common.serialized_empty(204)


async def delete_tag(req: Req) -> Any:
    tag = req.params["tag"]
    with req.cloud.store.begin() as conn:
        image = manager.get_visible(conn, req.context, req.params["image_id"])
        common.enforce_on_image(req, conn, image, "modify_image")
        tags = list(image["tags"] or [])
        if tag not in tags:
            raise ApiError(404, f"Tag {tag} not found", "NotFound")
        tags.remove(tag)
        manager.set_tags(conn, image["id"], tags)
        manager.update(conn, image["id"], req.cloud.clock.now())
    return common.serialized_empty(204)
