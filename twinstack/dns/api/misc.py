"""Designate's small admin APIs: ``/v2/pools`` (DevStack's default pool, and those the admin adds through the
deprecated pool writes), ``/v2/limits``,
``/v2/quotas/{project_id}`` (GET, PATCH, DELETE to the defaults) and ``/v2/service_statuses`` (DevStack's
Designate services, all UP: they are this process)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.dns import errors
from twinstack.dns import tables as t
from twinstack.dns.api import common
from twinstack.dns.manager import NS_RECORDS, POOL_ID, names, quotas
from twinstack.identity import local as identity

POOL_CREATED = "2026-01-01T00:00:00.000000"
QUOTA_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "properties": {name: {"type": "integer", "minimum": 0, "maximum": 2147483647} for name in quotas.DEFAULTS},
}


DEFAULT_POOL: dict[str, Any] = {"id": POOL_ID, "name": "default", "description": "Default Pool", "attributes": {},
                "ns_records": [{"hostname": ns, "priority": 1} for ns in NS_RECORDS], "project_id": None,
                "created_at": POOL_CREATED, "updated_at": None}
NS_RECORD = {"type": "object", "additionalProperties": False, "required": ["hostname", "priority"],
             "properties": {"hostname": {"type": "string", "maxLength": 255},
                            "priority": {"type": "integer", "minimum": 1, "maximum": 65535}}}
POOL_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "minLength": 1, "maxLength": 50},
    "description": {"type": ["string", "null"], "maxLength": 160},
    "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
    "ns_records": {"type": "array", "items": NS_RECORD, "minItems": 1},
    "project_id": {"type": ["string", "null"], "maxLength": 64},
}


def _pool(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: row[k] for k in ("id", "name", "description", "attributes", "ns_records", "project_id",
                                   "created_at", "updated_at")},
            "provisioner": None, "links": {"self": f"{req.base_url()}/v2/pools/{row['id']}"}}


def _find_pool(conn: Any, pool_id: str) -> dict[str, Any]:
    if pool_id == POOL_ID:
        return dict(DEFAULT_POOL)
    row = conn.execute(sa.select(t.pools).where(t.pools.c.id == pool_id)).mappings().first()
    if row is None:
        raise errors.not_found("pool", "Pool")
    return dict(row)


async def pools(req: Req) -> Any:
    req.authorize("find_pools", {})
    with req.cloud.store.read() as conn:
        rows = [DEFAULT_POOL, *(dict(r) for r in conn.execute(sa.select(t.pools).order_by(t.pools.c.created_at))
                                .mappings())]
    return json_response({"pools": [_pool(req, r) for r in rows], "links": {"self": f"{req.base_url()}/v2/pools"},
                          "metadata": {"total_count": len(rows)}})


async def pool(req: Req) -> Any:
    req.authorize("get_pool", {})
    with req.cloud.store.read() as conn:
        return json_response(_pool(req, _find_pool(conn, req.params["pool_id"])))


def _check_ns(spec: dict[str, Any]) -> None:
    """PoolNsRecord: each hostname a fully qualified domain name."""
    for ns in spec.get("ns_records") or []:
        if not names.is_hostname(ns["hostname"]):
            raise errors.invalid_object(f"Provided object does not match schema: ns_records: {ns['hostname']!r} "
                                        "is not a valid hostname")


def _unique_pool(conn: Any, name: str) -> None:
    if name == DEFAULT_POOL["name"] or conn.execute(sa.select(t.pools.c.id).where(t.pools.c.name == name)).first():
        raise errors.duplicate("pool", "Pool")


async def pool_create(req: Req) -> Any:
    """The deprecated pools API (designate-manage pool update is the way): a 201 with the pool."""
    req.authorize("create_pool", {})
    spec = await common.body(req, {"type": "object", "additionalProperties": False, "properties": POOL_FIELDS,
                                   "required": ["name", "ns_records"]})
    _check_ns(spec)
    row = {"id": str(uuid.uuid4()), "description": None, "attributes": {}, "project_id": None, **spec,
           "created_at": req.cloud.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f"), "updated_at": None}
    with req.cloud.store.begin() as conn:
        _unique_pool(conn, row["name"])
        conn.execute(t.pools.insert().values(**row))
    body = _pool(req, row)
    return json_response(body, 201, headers={"Location": body["links"]["self"]})


async def pool_update(req: Req) -> Any:
    req.authorize("update_pool", {})
    spec = await common.body(req, {"type": "object", "additionalProperties": False, "properties": POOL_FIELDS})
    _check_ns(spec)
    with req.cloud.store.begin() as conn:
        row = _find_pool(conn, req.params["pool_id"])
        if row["id"] == POOL_ID:
            raise errors.bad_request("The default pool is kept by designate-manage, not this API")
        if "name" in spec and spec["name"] != row["name"]:
            _unique_pool(conn, spec["name"])
        row = {**row, **spec, "updated_at": req.cloud.clock.now().strftime("%Y-%m-%dT%H:%M:%S.%f")}
        conn.execute(t.pools.update().where(t.pools.c.id == row["id"]).values(
            **{k: v for k, v in row.items() if k != "id"}))
    return json_response(_pool(req, row), 202)


async def pool_delete(req: Req) -> Any:
    req.authorize("delete_pool", {})
    with req.cloud.store.begin() as conn:
        row = _find_pool(conn, req.params["pool_id"])
        if row["id"] == POOL_ID:
            raise errors.bad_request("The default pool is kept by designate-manage, not this API")
        conn.execute(t.pools.delete().where(t.pools.c.id == row["id"]))
    return empty(204)


async def limits(req: Req) -> Any:
    """``/v2/limits``: the caller's project quotas and designate.conf's field limits (min_ttl unset,
    max_zone_name_len and max_recordset_name_len 255, max_limit_v2 1000)."""
    with req.cloud.store.read() as conn:
        mine = quotas.of(conn, req.context.project_id or "")
    return json_response({"max_zones": mine["zones"], "max_zone_recordsets": mine["zone_recordsets"],
                          "max_zone_records": mine["zone_records"], "max_recordset_records": mine["recordset_records"],
                          "min_ttl": None, "max_zone_name_length": 255, "max_recordset_name_length": 255,
                          "max_page_limit": 1000})


async def quota_own(req: Req) -> Any:
    """``GET /v2/quotas``: the caller's project's."""
    project_id = req.context.project_id or ""
    common.authorize(req, "get_quotas", project_id)
    with req.cloud.store.read() as conn:
        return json_response(quotas.of(conn, project_id))


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
        # quotas_verify_project_id (DevStack sets it): keystone.verify_project_id's InvalidProject
        if not identity.project_exists(conn, project_id):
            raise ApiError(400, f"{project_id} is not a valid project ID.", "invalid_project")
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
