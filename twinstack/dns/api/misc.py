"""Designate's small admin APIs: ``/v2/pools`` (DevStack's one default pool, read-only here),
``/v2/quotas/{project_id}`` (GET, PATCH, DELETE to the defaults) and ``/v2/service_statuses`` (DevStack's
Designate services, all UP: they are this process)."""

from __future__ import annotations

import uuid
from typing import Any

from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors
from twinstack.dns.api import common
from twinstack.dns.manager import NS_RECORDS, POOL_ID, quotas

POOL_CREATED = "2026-01-01T00:00:00.000000"
QUOTA_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {name: {"type": "integer", "minimum": 0, "maximum": 2147483647} for name in quotas.DEFAULTS},
}


def _pool(req: Req) -> dict[str, Any]:
    return {"id": POOL_ID, "name": "default", "description": "Default Pool", "attributes": {},
            "ns_records": [{"hostname": ns, "priority": 1} for ns in NS_RECORDS], "project_id": None,
            "provisioner": None, "created_at": POOL_CREATED, "updated_at": None,
            "links": {"self": f"{req.base_url()}/v2/pools/{POOL_ID}"}}


async def pools(req: Req) -> Any:
    req.authorize("find_pools", {})
    return json_response({"pools": [_pool(req)], "links": {"self": f"{req.base_url()}/v2/pools"},
                          "metadata": {"total_count": 1}})


async def pool(req: Req) -> Any:
    req.authorize("get_pool", {})
    if req.params["pool_id"] != POOL_ID:
        raise errors.not_found("pool", "Pool")
    return json_response(_pool(req))


async def quota_show(req: Req) -> Any:
    project_id = req.params["project_id"]
    common.authorize(req, "get_quotas", project_id)
    with req.cloud.store.read() as conn:
        return json_response(quotas.of(conn, project_id))


async def quota_update(req: Req) -> Any:
    project_id = req.params["project_id"]
    common.authorize(req, "set_quota", project_id)
    spec = await common.body(req, QUOTA_SCHEMA)
    with req.cloud.store.begin() as conn:
        quotas.set_many(conn, project_id, spec)
        return json_response(quotas.of(conn, project_id))


async def quota_reset(req: Req) -> Any:
    project_id = req.params["project_id"]
    common.authorize(req, "reset_quotas", project_id)
    with req.cloud.store.begin() as conn:
        quotas.reset(conn, project_id)
    return empty(204)


SERVICES = ("api", "central", "mdns", "producer", "worker")  # DevStack's designate-* services


def _status(req: Req, name: str) -> dict[str, Any]:
    status_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"designate-{name}"))
    now = req.cloud.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f")
    return {"id": status_id, "hostname": "twinstack", "service_name": name, "status": "UP", "stats": {},
            "capabilities": {}, "heartbeated_at": now, "created_at": POOL_CREATED, "updated_at": now,
            "links": {"self": f"{req.base_url()}/v2/service_statuses/{status_id}"}}


async def service_statuses(req: Req) -> Any:
    req.authorize("find_service_statuses", {})
    return json_response({"service_statuses": [_status(req, name) for name in SERVICES],
                          "links": {"self": f"{req.base_url()}/v2/service_statuses"},
                          "metadata": {"total_count": len(SERVICES)}})


async def service_status(req: Req) -> Any:
    req.authorize("find_service_status", {})
    for name in SERVICES:
        if _status(req, name)["id"] == req.params["status_id"]:
            return json_response(_status(req, name))
    raise errors.not_found("service_status", "ServiceStatus")
