"""The operator's side: amphorae (list, show, failover, configure, stats), providers and their
capabilities, and quotas (per project, defaults, reset)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.pipeline import Req, empty, json_response
from twinstack.load_balancer import errors, views
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.api import common
from twinstack.load_balancer.manager import ACTIVE, ERROR, amphorae, lifecycle, quotas, set_status
from twinstack.load_balancer.manager.loadbalancers import PROVIDERS

AMPHORA_FILTERS = {"id", "loadbalancer_id", "compute_id", "status", "role", "lb_network_ip", "vrrp_ip", "ha_ip",
                   "cached_zone", "image_id", "compute_flavor"}


def _amphora(conn: Any, amphora_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.amphorae).where(t.amphorae.c.id == amphora_id)).mappings().first()
    if row is None:
        raise errors.not_found("amphora", amphora_id)
    return dict(row)


async def amphora_index(req: Req) -> Any:
    common.authorize(req, "amphora", "get_all", None)
    query = sa.select(t.amphorae).order_by(t.amphorae.c.created_at, t.amphorae.c.id)
    for name, value in req.query.multi_items():
        if name in ("fields", "limit", "marker", "sort", "sort_key", "sort_dir", "page_reverse"):
            continue
        if name not in AMPHORA_FILTERS:
            raise errors.invalid_filter()
        query = query.where(t.amphorae.c["load_balancer_id" if name == "loadbalancer_id" else name] == value)
    fields = common.CRUD.parse_fields(req.query)
    with req.cloud.store.read() as conn:
        rows = [views.amphora(dict(r)) for r in conn.execute(query).mappings()]
    if fields:
        rows = [{k: v for k, v in r.items() if k in fields} for r in rows]
    return json_response({"amphorae": rows, "amphorae_links": []})


async def amphora_show(req: Req) -> Any:
    common.authorize(req, "amphora", "get_one", None)
    with req.cloud.store.read() as conn:
        return {"amphora": views.amphora(_amphora(conn, req.params["amphora_id"]))}


async def amphora_failover(req: Req) -> Any:
    common.authorize(req, "amphora", "put_failover", None)
    with req.cloud.store.begin() as conn:
        amphora = _amphora(conn, req.params["amphora_id"])
        lb_id = amphora["load_balancer_id"]
        if lb_id is None:
            raise errors.validation(f"Amphora {amphora['id']} is not associated with a load balancer.")
        lb = conn.execute(sa.select(t.load_balancers).where(t.load_balancers.c.id == lb_id)).mappings().first()
        if lb is None or lb["provisioning_status"] not in (ACTIVE, ERROR):
            raise errors.immutable("loadbalancer", lb_id)
        set_status(req.cloud, conn, "loadbalancer", [lb_id], "PENDING_UPDATE")
    lifecycle.spawn(req.cloud, amphorae.failover, lb_id, [amphora["id"]])
    return empty(202)


async def amphora_config(req: Req) -> Any:
    common.authorize(req, "amphora", "put_config", None)
    with req.cloud.store.read() as conn:
        _amphora(conn, req.params["amphora_id"])
    return empty(202)


async def amphora_stats(req: Req) -> Any:
    common.authorize(req, "amphora", "get_stats", None)
    with req.cloud.store.read() as conn:
        amphora = _amphora(conn, req.params["amphora_id"])
        listeners = [r[0] for r in conn.execute(sa.select(t.listeners.c.id).where(
            t.listeners.c.load_balancer_id == amphora["load_balancer_id"]))]
    return {"amphora_stats": [{**views.zero_stats(), "id": amphora["id"], "listener_id": listener_id,
                               "loadbalancer_id": amphora["load_balancer_id"]} for listener_id in listeners]}


async def amphora_delete(req: Req) -> Any:
    common.authorize(req, "amphora", "delete", None)
    with req.cloud.store.begin() as conn:
        amphora = _amphora(conn, req.params["amphora_id"])
        if amphora["status"] not in ("ERROR", "READY"):
            raise errors.immutable("amphora", amphora["id"])
        conn.execute(t.amphorae.delete().where(t.amphorae.c.id == amphora["id"]))
    return empty(204)


# -- providers ---------------------------------------------------------------------------------------------
FLAVOR_CAPABILITIES = [
    {"name": "loadbalancer_topology", "description": "The load balancer topology. One of: SINGLE - One amphora "
     "per load balancer. ACTIVE_STANDBY - Two amphora per load balancer."},
    {"name": "compute_flavor", "description": "The compute driver flavor ID."},
    {"name": "amp_image_tag", "description": "The amphora image tag."},
    {"name": "sriov_vip", "description": "When true, the VIP port will be created using an SR-IOV VF port."},
]
AZ_CAPABILITIES = [
    {"name": "compute_zone", "description": "The compute availability zone."},
    {"name": "management_network", "description": "The management network ID for the amphora."},
    {"name": "valid_vip_networks", "description": "List of network IDs that are allowed for VIP use. This "
     "overrides/replaces the list of allowed networks configured in `octavia.conf`."},
]


async def providers(req: Req) -> Any:
    common.authorize(req, "provider", "get_all", None)
    fields = common.CRUD.parse_fields(req.query)
    out = [{"name": n, "description": d} for n, d in PROVIDERS.items()]
    return {"providers": [{k: v for k, v in p.items() if not fields or k in fields} for p in out]}


def _capabilities(kind: str, items: list[dict[str, str]]) -> Any:
    async def handler(req: Req) -> Any:
        common.authorize(req, f"provider-{kind.replace('_', '-')}", "get_all", None)
        if req.params["provider"] not in PROVIDERS:
            # driver_factory.get_driver: a provider that is not enabled is refused before any lookup
            raise errors.bad_request(f"Provider '{req.params['provider']}' is not enabled.", "ProviderNotEnabled")
        fields = common.CRUD.parse_fields(req.query)
        out = [{k: v for k, v in i.items() if not fields or k in fields} for i in items]
        return {f"{kind}_capabilities": out}
    return handler


flavor_capabilities = _capabilities("flavor", FLAVOR_CAPABILITIES)
az_capabilities = _capabilities("availability_zone", AZ_CAPABILITIES)


# -- quotas ------------------------------------------------------------------------------------------------
async def quota_index(req: Req) -> Any:
    common.authorize(req, "quota", "get_all", None)
    project = req.query.get("project_id")
    everyone = common.allowed(req, "quota", "get_all-global")
    with req.cloud.store.read() as conn:
        query = sa.select(t.quotas.c.project_id).order_by(t.quotas.c.project_id)
        if not everyone:
            query = query.where(t.quotas.c.project_id == (req.context.project_id or ""))
        elif project:
            query = query.where(t.quotas.c.project_id == project)
        out = [quotas.body(pid, quotas.limits(req.cloud, conn, pid)) for (pid,) in conn.execute(query)]
    return {"quotas": out, "quotas_links": []}


async def quota_defaults(req: Req) -> Any:
    common.authorize(req, "quota", "get_defaults", None)
    return {"quota": quotas.body(None, quotas.defaults(req.cloud))}


async def quota_show(req: Req) -> Any:
    project = req.params["project_id"]
    common.authorize(req, "quota", "get_one", project)
    with req.cloud.store.read() as conn:
        return {"quota": quotas.body(None, quotas.limits(req.cloud, conn, project))}


async def quota_update(req: Req) -> Any:
    project = req.params["project_id"]
    common.authorize(req, "quota", "put", project)
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("quota"), dict):
        raise errors.missing("quota")
    values: dict[str, int | None] = {}
    for name, value in body["quota"].items():
        field = quotas.ALIASES.get(name, name)
        if field not in quotas.RESOURCES:
            raise errors.unknown_attribute([name], "quota")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not -1 <= value
                                  <= 2000000000):
            raise errors.invalid_input(name, value, "Value should be an integer between -1 and 2000000000")
        values[field] = value
    with req.cloud.store.begin() as conn:
        quotas.set_limits(conn, project, values)
        out = quotas.body(None, quotas.limits(req.cloud, conn, project))
    return json_response({"quota": out}, 202)


async def quota_reset(req: Req) -> Any:
    project = req.params["project_id"]
    common.authorize(req, "quota", "delete", project)
    with req.cloud.store.begin() as conn:
        quotas.reset(conn, project)
    return empty(204)
