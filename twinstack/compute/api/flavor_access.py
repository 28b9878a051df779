"""Nova's os-flavor-access: which projects may see and boot a private flavor."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.api.flavors import get_flavor
from twinstack.compute.api.resources_common import verify_project
from twinstack.compute.schemas import flavor_access as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.validation import validate


def _access_list(conn: Any, flavor_id: str) -> dict[str, Any]:
    rows = conn.execute(sa.select(t.flavor_access.c.project_id).where(t.flavor_access.c.flavor_id == flavor_id)
                        .order_by(t.flavor_access.c.project_id)).scalars().all()
    return {"flavor_access": [{"flavor_id": flavor_id, "tenant_id": p} for p in rows]}


async def index(req: Req) -> Any:
    req.authorize("os_compute_api:os-flavor-access")
    with req.cloud.store.read() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
        if flavor["is_public"]:
            raise ApiError(404, "Access list not available for public flavors.")
        return _access_list(conn, flavor["id"])


async def action(req: Req) -> Any:
    """POST /flavors/{id}/action: addTenantAccess or removeTenantAccess."""
    body = await req.json()
    if isinstance(body, dict) and "addTenantAccess" in body:
        return await _add(req, body)
    if isinstance(body, dict) and "removeTenantAccess" in body:
        return await _remove(req, body)
    raise ApiError(
        400, "There is no such action: %s" % (next(iter(body), "") if isinstance(body, dict) and body else "")
    )


async def _add(req: Req, body: Any) -> Any:
    req.authorize("os_compute_api:os-flavor-access:add_tenant_access")
    tenant = validate(body, schemas.add_tenant_access)["addTenantAccess"]["tenant"]
    verify_project(req, tenant)
    with req.cloud.store.begin() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
        if req.at_least(2, 7) and flavor["is_public"]:
            raise ApiError(409, "Can not add access to a public flavor.")
        exists = conn.execute(
            sa.select(t.flavor_access).where(
                t.flavor_access.c.flavor_id == flavor["id"], t.flavor_access.c.project_id == tenant
            )
        ).first()
        if exists:
            raise ApiError(
                409,
                f"Flavor access already exists for flavor {flavor['id']} and project {tenant} combination.",
                "FlavorAccessExists",
            )
        conn.execute(t.flavor_access.insert().values(flavor_id=flavor["id"], project_id=tenant))
        return _access_list(conn, flavor["id"])


async def _remove(req: Req, body: Any) -> Any:
    req.authorize("os_compute_api:os-flavor-access:remove_tenant_access")
    tenant = validate(body, schemas.remove_tenant_access)["removeTenantAccess"]["tenant"]
    with req.cloud.store.begin() as conn:
        flavor = get_flavor(req, conn, req.params["flavor_id"])
        deleted = conn.execute(
            t.flavor_access.delete().where(
                t.flavor_access.c.flavor_id == flavor["id"], t.flavor_access.c.project_id == tenant
            )
        ).rowcount
        if not deleted:
            raise ApiError(
                404, f"Flavor access not found for {flavor['id']} / {tenant} combination.", "FlavorAccessNotFound"
            )
        return _access_list(conn, flavor["id"])
