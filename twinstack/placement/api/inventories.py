"""``/resource_providers/{uuid}/inventories[/{resource_class}]``: every write checks the provider
generation and bumps it; removing a class that has allocations is 409 ``placement.inventory.inuse``."""

from __future__ import annotations

from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.placement import errors, views
from twinstack.placement.manager import base, db
from twinstack.placement.schemas import inventories as schemas


def _payload(conn: Any, rp: dict[str, Any]) -> dict[str, Any]:
    invs = db.get_inventories(conn, rp["id"])
    return {"inventories": {rc: views.inventory(i) for rc, i in invs.items()},
            "resource_provider_generation": rp["generation"]}


def _one(rp: dict[str, Any], inv: dict[str, Any]) -> dict[str, Any]:
    return {**views.inventory(inv), "resource_provider_generation": rp["generation"]}


def _unknown_rc(rp_uuid: str) -> str:
    return "Unknown resource class in inventory for resource provider " + rp_uuid + ": {names}"


def _save(req: Req, conn: Any, rp: dict[str, Any], wanted: dict[str, dict[str, Any]]) -> None:
    db.require_resource_classes(conn, wanted, message=_unknown_rc(rp["uuid"]))
    records = {rc: db.inventory_record(rec) for rc, rec in wanted.items()}
    db.replace_inventories(req.cloud, conn, rp, records, allow_reserved_equal_total=req.at_least(1, 26))
    db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))


async def list_inventories(req: Req) -> Any:
    req.authorize("placement:resource_providers:inventories:list")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        return views.respond(req, _payload(conn, rp), modified=rp["updated_at"])


async def replace_all(req: Req) -> Any:
    req.authorize("placement:resource_providers:inventories:update")
    data = await base.body(req, schemas.update_all)
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.check_generation(rp, data["resource_provider_generation"])
        _save(req, conn, rp, data["inventories"])
        return views.respond(req, _payload(conn, rp), modified=db.now(req.cloud))


async def create_one(req: Req) -> Any:
    req.authorize("placement:resource_providers:inventories:create")
    data = await base.body(req, schemas.create)
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        rc = data.pop("resource_class")
        current = db.get_inventories(conn, rp["id"])
        if rc in current:
            raise ApiError(409, f"Update conflict: Inventory for {rc} on resource provider {rp['uuid']} "
                                "already exists.", errors.CONCURRENT_UPDATE)
        data.pop("resource_provider_generation", None)
        wanted = {k: {f: v[f] for f in views.INVENTORY_KEYS} for k, v in current.items()}
        wanted[rc] = data
        _save(req, conn, rp, wanted)
        inv = db.get_inventories(conn, rp["id"])[rc]
        location = {"location": f"{req.base_url()}/resource_providers/{rp['uuid']}/inventories/{rc}"}
        return views.respond(req, _one(rp, inv), 201, modified=db.now(req.cloud), headers=location)


async def delete_all(req: Req) -> Any:
    base.since(req, 1, 5)
    req.authorize("placement:resource_providers:inventories:delete")
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.replace_inventories(req.cloud, conn, rp, {})
        db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
    return empty(204)


def _require_inventory(conn: Any, rp: dict[str, Any], rc: str) -> dict[str, Any]:
    inv = db.get_inventories(conn, rp["id"]).get(rc)
    if inv is None:
        raise ApiError(404, f"No inventory of class {rc} for {rp['uuid']}")
    return inv


async def show_one(req: Req) -> Any:
    req.authorize("placement:resource_providers:inventories:show")
    with req.cloud.store.read() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        inv = _require_inventory(conn, rp, req.params["resource_class"])
        return views.respond(req, _one(rp, inv), modified=inv["updated_at"])


async def update_one(req: Req) -> Any:
    req.authorize("placement:resource_providers:inventories:update")
    data = await base.body(req, schemas.update)
    rc = req.params["resource_class"]
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        db.check_generation(rp, data.pop("resource_provider_generation"))
        current = db.get_inventories(conn, rp["id"])
        if rc not in current:
            db.require_resource_classes(conn, [rc], message=_unknown_rc(rp["uuid"]))
            raise ApiError(400, f"No inventory record with resource class for resource provider {rp['uuid']}: {rc}")
        wanted = {k: {f: v[f] for f in views.INVENTORY_KEYS} for k, v in current.items()}
        wanted[rc] = data
        _save(req, conn, rp, wanted)
        inv = db.get_inventories(conn, rp["id"])[rc]
        return views.respond(req, _one(rp, inv), modified=db.now(req.cloud))


async def delete_one(req: Req) -> Any:
    req.authorize("placement:resource_providers:inventories:delete")
    rc = req.params["resource_class"]
    with req.cloud.store.begin() as conn:
        rp = db.require_provider(conn, req.params["uuid"])
        inv = db.get_inventories(conn, rp["id"]).get(rc)
        if inv is None:
            raise ApiError(404, f"No inventory of class {rc} found for delete")
        if inv["used"] > 0:
            raise ApiError(409, f"Unable to delete inventory of class {rc}: Inventory for '{rc}' on resource "
                                f"provider '{rp['uuid']}' in use.", errors.INVENTORY_INUSE)
        current = db.get_inventories(conn, rp["id"])
        wanted = {k: {f: v[f] for f in views.INVENTORY_KEYS} for k, v in current.items() if k != rc}
        db.replace_inventories(req.cloud, conn, rp, wanted)
        db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
    return empty(204)
