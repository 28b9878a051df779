"""``/v3/regions``, ``/v3/services`` and ``/v3/endpoints``, as keystone/api/{regions,services,endpoints}.py
and keystone/catalog/core.py: the catalog in tokens and at ``/v3/auth/catalog`` is rebuilt from these
tables after every write, so it follows each change as Keystone's SQL catalog does."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity import views
from twinstack.identity.api import common as c
from twinstack.identity.schemas.catalog import (
    ENDPOINT_CREATE,
    ENDPOINT_PROPERTIES,
    ENDPOINT_UPDATE,
    REGION_CREATE,
    REGION_UPDATE,
    SERVICE_CREATE,
    SERVICE_PROPERTIES,
    SERVICE_UPDATE,
)

_REGION = {"description", "parent_region_id"}


# -- regions -------------------------------------------------------------------------------------
async def list_regions(req: Req) -> Any:
    c.authorize(req, "identity:list_regions")
    query = c.apply_filters(req, sa.select(t.regions), t.regions, ("parent_region_id",))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.regions.c.id))
    return c.collection(req, "regions", [views.region(req, r) for r in found])


async def create_region(req: Req) -> Any:
    c.authorize(req, "identity:create_region")
    data = await c.body_member(req, "region", REGION_CREATE)
    url_id = req.params.get("region_id")
    if url_id and data.get("id") not in (None, url_id):
        raise c.bad_request(f'Conflicting region IDs specified: "{url_id}" != "{data["id"]}"')
    region_id = url_id or data.get("id") or hex_id()
    with req.cloud.store.begin() as conn:
        parent = data.get("parent_region_id")
        if parent and m.find(conn, t.regions, id=parent) is None:
            raise c.not_found("region", parent)
        row = m.create_region(conn, region_id, data.get("description") or "", parent, extra=c.extra(data, _REGION))
    c.changed(req)
    return json_response({"region": views.region(req, row)}, 201)


async def get_region(req: Req) -> Any:
    c.authorize(req, "identity:get_region")
    with req.cloud.store.read() as conn:
        row = c.get_row(conn, t.regions, req.params["region_id"], "region")
    return {"region": views.region(req, row)}


async def update_region(req: Req) -> Any:
    c.authorize(req, "identity:update_region")
    data = await c.body_member(req, "region", REGION_UPDATE)
    region_id = req.params["region_id"]
    with req.cloud.store.begin() as conn:
        row = c.get_row(conn, t.regions, region_id, "region")
        parent = data.get("parent_region_id")
        if parent:
            ancestor: str | None = parent
            while ancestor:
                if ancestor == region_id:
                    raise ApiError(400, f"The specified parent region {parent} would create a circular region "
                                   "hierarchy.", "CircularRegionHierarchyError")
                found = m.find(conn, t.regions, id=ancestor)
                if found is None:
                    raise c.not_found("region", ancestor)
                ancestor = found["parent_region_id"]
        values = {k: data[k] for k in _REGION if k in data}
        if values.get("description", "") is None:
            values["description"] = ""
        values.update(c.merged_extra(row, data, _REGION))
        conn.execute(t.regions.update().where(t.regions.c.id == region_id).values(**values))
        row = c.get_row(conn, t.regions, region_id, "region")
    c.changed(req)
    return {"region": views.region(req, row)}


async def delete_region(req: Req) -> Any:
    """Keystone deletes the child regions too, unless an endpoint still names one of them."""
    c.authorize(req, "identity:delete_region")
    region_id = req.params["region_id"]
    with req.cloud.store.begin() as conn:
        c.get_row(conn, t.regions, region_id, "region")
        family, frontier = [region_id], [region_id]
        while frontier:
            frontier = [r[0] for r in conn.execute(sa.select(t.regions.c.id).where(
                t.regions.c.parent_region_id.in_(frontier), t.regions.c.id.not_in(family)))]
            family += frontier
        if conn.execute(sa.select(t.endpoints.c.id).where(t.endpoints.c.region_id.in_(family)).limit(1)).first():
            raise c.forbidden_not_security(f"Unable to delete region {region_id} because it or its child regions "
                                           "have associated endpoints.")
        conn.execute(t.regions.delete().where(t.regions.c.id.in_(family)))
    c.changed(req)
    return empty(204)


# -- services ------------------------------------------------------------------------------------
async def list_services(req: Req) -> Any:
    c.authorize(req, "identity:list_services")
    query = c.apply_filters(req, sa.select(t.services), t.services, ("type", "name", "enabled"))
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.services.c.type, t.services.c.id))
    return c.collection(req, "services", [views.service(req, r) for r in found])


async def create_service(req: Req) -> Any:
    c.authorize(req, "identity:create_service")
    data = await c.body_member(req, "service", SERVICE_CREATE)
    with req.cloud.store.begin() as conn:
        row = m.create_service(conn, data["type"], data.get("name"), description=data.get("description"),
                               enabled=data.get("enabled", True), extra=c.extra(data, set(SERVICE_PROPERTIES)))
    c.changed(req)
    return json_response({"service": views.service(req, row)}, 201)


async def get_service(req: Req) -> Any:
    c.authorize(req, "identity:get_service")
    with req.cloud.store.read() as conn:
        row = c.get_row(conn, t.services, req.params["service_id"], "service")
    return {"service": views.service(req, row)}


async def update_service(req: Req) -> Any:
    c.authorize(req, "identity:update_service")
    data = await c.body_member(req, "service", SERVICE_UPDATE)
    with req.cloud.store.begin() as conn:
        row = c.get_row(conn, t.services, req.params["service_id"], "service")
        values = {k: data[k] for k in SERVICE_PROPERTIES if k in data}
        values |= c.merged_extra(row, data, set(SERVICE_PROPERTIES))
        conn.execute(t.services.update().where(t.services.c.id == row["id"]).values(**values))
        row = c.get_row(conn, t.services, row["id"], "service")
    c.changed(req)
    return {"service": views.service(req, row)}


async def delete_service(req: Req) -> Any:
    c.authorize(req, "identity:delete_service")
    with req.cloud.store.begin() as conn:
        row = c.get_row(conn, t.services, req.params["service_id"], "service")
        conn.execute(t.endpoints.delete().where(t.endpoints.c.service_id == row["id"]))
        conn.execute(t.services.delete().where(t.services.c.id == row["id"]))
    c.changed(req)
    return empty(204)


# -- endpoints -----------------------------------------------------------------------------------
def _endpoint_refs(conn: Any, data: dict[str, Any]) -> dict[str, Any]:
    """keystone's rules: a legacy ``region`` is created on the fly, a ``region_id`` must exist, and so
    must the service (400 ValidationError, not 404, for both)."""
    values = dict(data)
    if values.get("region_id") is None and values.get("region") is not None:
        values["region_id"] = values["region"]
        if m.find(conn, t.regions, id=values["region_id"]) is None:
            m.create_region(conn, values["region_id"])
    values.pop("region", None)
    if values.get("region_id") is not None and m.find(conn, t.regions, id=values["region_id"]) is None:
        raise c.validation_error("endpoint region_id", "region table")
    if "service_id" in values and m.find(conn, t.services, id=values["service_id"]) is None:
        raise c.validation_error("endpoint service_id", "service table")
    return values


async def list_endpoints(req: Req) -> Any:
    c.authorize(req, "identity:list_endpoints")
    query = c.apply_filters(
        req, sa.select(t.endpoints), t.endpoints, ("interface", "service_id", "region_id", "enabled")
    )
    with req.cloud.store.read() as conn:
        found = c.rows(conn, query.order_by(t.endpoints.c.id))
    return c.collection(req, "endpoints", [views.endpoint(req, r) for r in found])


async def create_endpoint(req: Req) -> Any:
    c.authorize(req, "identity:create_endpoint")
    data = await c.body_member(req, "endpoint", ENDPOINT_CREATE)
    with req.cloud.store.begin() as conn:
        values = _endpoint_refs(conn, data)
        row = m.create_endpoint(
            conn,
            values["service_id"],
            values["interface"],
            values["url"],
            values.get("region_id"),
            enabled=values.get("enabled", True),
            extra=c.extra(values, set(ENDPOINT_PROPERTIES)),
        )
    c.changed(req)
    return json_response({"endpoint": views.endpoint(req, row)}, 201)


async def get_endpoint(req: Req) -> Any:
    c.authorize(req, "identity:get_endpoint")
    with req.cloud.store.read() as conn:
        row = c.get_row(conn, t.endpoints, req.params["endpoint_id"], "endpoint")
    return {"endpoint": views.endpoint(req, row)}


async def update_endpoint(req: Req) -> Any:
    c.authorize(req, "identity:update_endpoint")
    data = await c.body_member(req, "endpoint", ENDPOINT_UPDATE)
    with req.cloud.store.begin() as conn:
        row = c.get_row(conn, t.endpoints, req.params["endpoint_id"], "endpoint")
        values = _endpoint_refs(conn, data)
        keys = ("service_id", "interface", "url", "region_id", "enabled")
        update: dict[str, Any] = {k: values[k] for k in keys if k in values}
        update.update(c.merged_extra(row, values, set(ENDPOINT_PROPERTIES)))
        conn.execute(t.endpoints.update().where(t.endpoints.c.id == row["id"]).values(**update))
        row = c.get_row(conn, t.endpoints, row["id"], "endpoint")
    c.changed(req)
    return {"endpoint": views.endpoint(req, row)}


async def delete_endpoint(req: Req) -> Any:
    c.authorize(req, "identity:delete_endpoint")
    with req.cloud.store.begin() as conn:
        row = c.get_row(conn, t.endpoints, req.params["endpoint_id"], "endpoint")
        conn.execute(t.endpoints.delete().where(t.endpoints.c.id == row["id"]))
        conn.execute(t.project_endpoints.delete().where(t.project_endpoints.c.endpoint_id == row["id"]))
    c.changed(req)
    return empty(204)
