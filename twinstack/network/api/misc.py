"""Version discovery, the extensions list (``versions.HISTORY``: exactly what this Neutron implements),
availability zones."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, public
from twinstack.network import errors as E
from twinstack.network import views
from twinstack.network.manager.networks import default_az
from twinstack.network.versions import enabled


@public
async def versions(req: Req) -> Any:
    return views.versions(req.base_url())


# behind keystonemiddleware like every /v2.0 path (neutron's api-paste: only "/" is unauthenticated)
async def v2_root(req: Req) -> Any:
    return views.v2_root(req.base_url())


async def list_extensions(req: Req) -> Any:
    return {"extensions": [views.extension(alias) for alias in enabled(req.cloud.model.network)]}


async def show_extension(req: Req) -> Any:
    alias = req.params["alias"]
    if alias not in enabled(req.cloud.model.network):
        raise E.not_found("Extension", alias, f"Extension with alias {alias} does not exist")
    return {"extension": views.extension(alias)}


def _readable(req: Req, rule: str) -> None:
    """Neutron's reader rules on these fixed lists (get_availability_zone, get_service_provider: any
    reader of a project), project-scoped like the rest."""
    if not req.cloud.policy.allowed(rule, {"project_id": req.context.project_id}, req.context):
        raise E.policy(rule)


async def availability_zones(req: Req) -> Any:
    _readable(req, "get_availability_zone")
    az = default_az(req.cloud)
    zones = [{"name": az, "resource": res, "state": "available"} for res in ("network", "router")]
    return {"availability_zones": _filtered(req, zones, ("name", "resource", "state"))}


def _filtered(req: Req, items: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """A fixed list filtered by exact match on each of ``keys`` the query names (?key=a&key=b: either)."""
    for key in keys:
        wanted = req.query.getlist(key)
        if wanted:
            items = [i for i in items if i[key] in wanted]
    return items


# The L3 service providers of Neutron's in-tree router plugin (the one that announces l3-ha, as this
# cloud does): single_node is the default, ha/dvr/dvrha the router flavors it also offers.
SERVICE_PROVIDERS = [{"service_type": "L3_ROUTER_NAT", "name": name, "default": name == "single_node"}
                     for name in ("dvrha", "dvr", "ha", "single_node")]


async def service_providers(req: Req) -> Any:
    _readable(req, "get_service_provider")
    return {"service_providers": _filtered(req, SERVICE_PROVIDERS, ("service_type", "name"))}
