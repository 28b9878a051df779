"""``POST /reshaper`` (1.30): move inventory and the allocations against it between providers of a
tree in one step (a VGPU inventory moving from the compute node to a child, say), all or nothing."""

from __future__ import annotations

from typing import Any

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.placement import errors
from twinstack.placement.api.allocations import _normalize
from twinstack.placement.manager import allocs, base, db
from twinstack.placement.schemas import reshaper as schemas

SCHEMAS = {(1, 30): schemas.reshape_v1_30, (1, 34): schemas.reshape_v1_34, (1, 38): schemas.reshape_v1_38}


async def reshape(req: Req) -> Any:
    base.since(req, 1, 30)
    req.authorize("placement:reshaper:reshape")
    data = await base.body(req, base.schema_for(req, SCHEMAS))
    with req.cloud.store.begin() as conn:
        providers: dict[str, dict[str, Any]] = {}
        for rp_uuid, inv in data["inventories"].items():
            rp = db.get_provider(conn, rp_uuid)
            if rp is None:
                raise ApiError(400, f"Resource provider {rp_uuid} in inventories not found",
                               errors.PROVIDER_NOT_FOUND)
            db.check_generation(rp, inv["resource_provider_generation"])
            db.require_resource_classes(conn, inv["inventories"], message="Unknown resource class in inventory "
                                        f"for resource provider {rp_uuid}: " + "{names}")
            providers[rp_uuid] = rp
        # every consumer named gives back what it holds before any inventory changes
        for consumer_uuid, body in data["allocations"].items():
            allocs.check_consumer_generation(allocs.get_consumer(conn, consumer_uuid), body["consumer_generation"],
                                             consumer_uuid)
            allocs.release(conn, allocs.consumer_allocations(conn, consumer_uuid), consumer_uuid)
        for rp_uuid, inv in data["inventories"].items():
            rp = providers[rp_uuid]
            records = {rc: db.inventory_record(rec) for rc, rec in inv["inventories"].items()}
            db.replace_inventories(req.cloud, conn, rp, records, allow_reserved_equal_total=True)
            db.bump_generation(conn, rp, rp["generation"], db.now(req.cloud))
        for consumer_uuid, body in data["allocations"].items():
            wanted, _ = _normalize(req, body)
            allocs.set_allocations(req.cloud, conn, consumer_uuid, wanted, body["project_id"], body["user_id"],
                                   allocs.UNSET, body.get("consumer_type"))
    return empty(204)
