"""Nova's flavors API (list, detail, show, create, update description, delete) and the flavor
records the model declares; private flavors are visible to admins and granted projects only."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.api.resources_common import (
    fits_db_int,
    is_admin,
    limit_and_marker,
    next_links,
    reject_unknown_query,
    strict_bool,
)
from twinstack.compute.manager.flavors import create_flavor
from twinstack.compute.schemas import flavors as schemas
from twinstack.compute.views import links
from twinstack.core.errors import ApiError
from twinstack.core.pagination import paginate
from twinstack.core.pipeline import Req, empty
from twinstack.core.validation import validate

# Nova's sort keys -> our columns (keys Nova has and we do not keep sort by id)
SORT_KEYS = {"flavorid": "id", "id": "id", "name": "name", "memory_mb": "ram", "root_gb": "disk",
             "ephemeral_gb": "ephemeral", "swap": "swap", "vcpus": "vcpus", "rxtx_factor": "rxtx_factor",
             "is_public": "is_public", "disabled": "disabled", "description": "description",
             "created_at": "created_at", "updated_at": "created_at", "vcpu_weight": "id"}
_QUERY_KEYS = {"limit", "marker", "is_public", "minRam", "minDisk", "sort_key", "sort_dir"}


# -- data ------------------------------------------------------------------------------------
def visible(query: sa.Select[Any], project_id: str | None) -> sa.Select[Any]:
    """Public flavors, or private ones the project was granted."""
    granted = sa.select(t.flavor_access.c.flavor_id).where(t.flavor_access.c.project_id == (project_id or ""))
    return query.where(sa.or_(t.flavors.c.is_public.is_(True), t.flavors.c.id.in_(granted)))


def get_flavor(req: Req, conn: Connection, flavor_id: str) -> dict[str, Any]:
    """A flavor the caller may see, or Nova's 404."""
    query = sa.select(t.flavors).where(t.flavors.c.id == flavor_id)
    if not is_admin(req):
        query = visible(query, req.context.project_id)
    row = conn.execute(query).first()
    if row is None:
        raise ApiError(404, f"Flavor {flavor_id} could not be found.", "FlavorNotFound")
    return dict(row._mapping)


# -- views -----------------------------------------------------------------------------------
def can_see_extra_specs(req: Req) -> bool:
    return req.at_least(2, 61) and req.cloud.policy.allowed(
        "os_compute_api:os-flavor-extra-specs:index", {"project_id": req.context.project_id}, req.context)


def basic_view(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"id": row["id"], "name": row["name"], "links": links(req, "flavors", row["id"])}
    if req.at_least(2, 55):
        body["description"] = row["description"]
    return body


def flavor_view(req: Req, row: dict[str, Any], extra_specs: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row["id"], "name": row["name"], "ram": row["ram"], "disk": row["disk"],
        "swap": row["swap"] or ("" if not req.at_least(2, 75) else 0),
        "OS-FLV-EXT-DATA:ephemeral": row["ephemeral"], "OS-FLV-DISABLED:disabled": row["disabled"],
        "vcpus": row["vcpus"], "os-flavor-access:is_public": row["is_public"],
        "rxtx_factor": row["rxtx_factor"] or "", "links": links(req, "flavors", row["id"]),
    }
    if req.at_least(2, 55):
        body["description"] = row["description"]
    if req.at_least(2, 102):  # the deprecated fields are gone
        del body["rxtx_factor"], body["OS-FLV-DISABLED:disabled"]
    if extra_specs:
        body["extra_specs"] = dict(row["extra_specs"] or {})
    return body


def _name_matches(pattern: str) -> Any:
    """2.102's name filter, as Nova applies it: the last value given, searched as a regular expression
    (the database's REGEXP / `~`, unanchored and case-sensitive). A pattern no engine can compile is a 400
    here, where Nova would pass it to the database and fail."""
    try:
        re.compile(pattern)
    except re.error:
        raise ApiError(400, f"Invalid name filter [{pattern}]") from None
    return t.flavors.c.name.regexp_match(pattern)


# -- handlers --------------------------------------------------------------------------------
def _list(req: Req) -> tuple[list[dict[str, Any]], bool, int | None]:
    v2102 = req.at_least(2, 102)
    if req.at_least(2, 75):
        reject_unknown_query(req, _QUERY_KEYS | {"name"} if v2102 else _QUERY_KEYS)
    limit, marker = limit_and_marker(req)
    sort_key = req.query.get("sort_key") or "flavorid"
    sort_dir = req.query.get("sort_dir") or "asc"
    if sort_key not in SORT_KEYS or (v2102 and sort_key == "rxtx_factor"):
        raise ApiError(400, f"Invalid input for query parameters sort_key. Value: {sort_key}.")
    if sort_dir not in ("asc", "desc"):
        raise ApiError(400, f"Invalid input for query parameters sort_dir. Value: {sort_dir}.")
    query = sa.select(t.flavors)
    if is_admin(req):
        raw = req.query.get("is_public")
        if raw is None:
            query = visible(query, req.context.project_id)
        elif raw.strip().lower() != "none":
            try:
                public = strict_bool(raw, "is_public")
            except ApiError:
                raise ApiError(400, f"Invalid is_public filter [{raw}]") from None
            query = visible(query, req.context.project_id) if public else query.where(t.flavors.c.is_public.is_(False))
    else:
        query = visible(query, req.context.project_id).where(t.flavors.c.disabled.is_(False))
    if v2102 and req.query.getlist("name"):
        query = query.where(_name_matches(req.query.getlist("name")[-1]))
    for param, column in (("minRam", t.flavors.c.ram), ("minDisk", t.flavors.c.disk)):
        if param in req.query:
            try:
                minimum = int(req.query[param])
            except ValueError:
                raise ApiError(400, f"Invalid {param} filter [{req.query[param]}]") from None
            # past the database's integers no flavor is that large (and the driver would overflow)
            query = query.where(column >= minimum if fits_db_int(minimum) else sa.literal(minimum < 0))
    with req.cloud.store.read() as conn:
        page = paginate(conn, t.flavors, query, [(SORT_KEYS[sort_key], sort_dir)], marker, limit)
    return page.rows, page.more, limit


async def index(req: Req) -> Any:
    rows, more, limit = _list(req)
    body: dict[str, Any] = {"flavors": [basic_view(req, r) for r in rows]}
    if more and rows:
        body["flavors_links"] = next_links(req, "flavors", rows[-1]["id"], limit)
    return body


async def detail(req: Req) -> Any:
    rows, more, limit = _list(req)
    specs = can_see_extra_specs(req)
    body: dict[str, Any] = {"flavors": [flavor_view(req, r, specs) for r in rows]}
    if more and rows:
        body["flavors_links"] = next_links(req, "flavors/detail", rows[-1]["id"], limit)
    return body


async def show(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = get_flavor(req, conn, req.params["flavor_id"])
    return {"flavor": flavor_view(req, row, can_see_extra_specs(req))}


MAX_INT = 2147483647  # nova.db.constants.MAX_INT: the flavor columns are 32-bit


def _int(value: Any, name: str, minimum: int = 0) -> int:
    """A size the schema let through as an integer or a string of digits, checked as Nova's
    flavors.create does with utils.validate_integer: a string of digits has no maximum in the schema,
    and "12409407825991502174" overflowed the store (a 500 found by the fuzzer)."""
    try:
        number = int(str(value))
    except ValueError:
        raise ApiError(400, f"Invalid input received: {name} must be an integer") from None
    if number < minimum:
        raise ApiError(400, f"Invalid input received: {name} must be >= {minimum}")
    if number > MAX_INT:
        raise ApiError(400, f"Invalid input received: {name} must be <= {MAX_INT}")
    return number


async def create(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-manage:create")
    schema = schemas.create_v2_102 if req.at_least(2, 102) else (
        schemas.create_v2_55 if req.at_least(2, 55) else schemas.create)
    body = validate(await req.json(), schema)["flavor"]
    is_public = strict_bool(body.get("os-flavor-access:is_public", True), "os-flavor-access:is_public")
    rxtx = float(body.get("rxtx_factor", 1.0))
    if rxtx <= 0:
        raise ApiError(400, "Invalid input for field/attribute rxtx_factor. Value: 0. must be > 0")
    flavor_id = body.get("id")
    if isinstance(flavor_id, float) and flavor_id.is_integer():
        flavor_id = int(flavor_id)
    with req.cloud.store.begin() as conn:
        row = create_flavor(
            conn, body["name"], _int(body["vcpus"], "vcpus", 1), _int(body["ram"], "memory_mb", 1),
            _int(body["disk"], "root_gb"), req.cloud.clock.now(),
            flavor_id=None if flavor_id is None else str(flavor_id),
            ephemeral=_int(body.get("OS-FLV-EXT-DATA:ephemeral", 0), "ephemeral_gb"),
            swap=_int(body.get("swap", 0), "swap"),
            rxtx_factor=rxtx, is_public=is_public,
            description=body.get("description") if req.at_least(2, 55) else None)
    return {"flavor": flavor_view(req, row, can_see_extra_specs(req))}


async def update(req: Req) -> Any:
    if not req.at_least(2, 55):
        raise errors.resource_not_found()
    req.authorize("os_compute_api:os-flavor-manage:update")
    body = validate(await req.json(), schemas.update_v2_55)["flavor"]
    with req.cloud.store.begin() as conn:
        row = get_flavor(req, conn, req.params["flavor_id"])
        conn.execute(t.flavors.update().where(t.flavors.c.id == row["id"]).values(description=body["description"]))
        row["description"] = body["description"]
    return {"flavor": flavor_view(req, row, can_see_extra_specs(req))}


async def delete(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-manage:delete")
    flavor_id = req.params["flavor_id"]
    with req.cloud.store.begin() as conn:
        if conn.execute(sa.select(t.flavors.c.id).where(t.flavors.c.id == flavor_id)).first() is None:
            raise ApiError(404, f"Flavor {flavor_id} could not be found.", "FlavorNotFound")
        conn.execute(t.flavor_access.delete().where(t.flavor_access.c.flavor_id == flavor_id))
        conn.execute(t.flavors.delete().where(t.flavors.c.id == flavor_id))
    return empty(202)
