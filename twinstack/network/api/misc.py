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


@public
async def v2_root(req: Req) -> Any:
    return views.v2_root(req.base_url())


async def list_extensions(req: Req) -> Any:
    return {"extensions": [views.extension(alias) for alias in enabled(req.cloud.model.network)]}


async def show_extension(req: Req) -> Any:
    alias = req.params["alias"]
    if alias not in enabled(req.cloud.model.network):
        raise E.not_found("Extension", alias, f"Extension with alias {alias} does not exist")
    return {"extension": views.extension(alias)}


async def availability_zones(req: Req) -> Any:
    az = default_az(req.cloud)
    zones = [{"name": az, "resource": res, "state": "available"} for res in ("network", "router")]
    for key in ("name", "resource", "state"):
        wanted = req.query.getlist(key)
        if wanted:
            zones = [z for z in zones if z[key] in wanted]
    return {"availability_zones": zones}


# The L3 service providers of Neutron's in-tree router plugin (the one that announces l3-ha, as this
# cloud does): single_node is the default, ha/dvr/dvrha the router flavors it also offers.
SERVICE_PROVIDERS = [{"service_type": "L3_ROUTER_NAT", "name": name, "default": name == "single_node"}
                     for name in ("dvrha", "dvr", "ha", "single_node")]


async def service_providers(req: Req) -> Any:
    providers = SERVICE_PROVIDERS
    for key in ("service_type", "name"):
        wanted = req.query.getlist(key)
        if wanted:
            providers = [p for p in providers if p[key] in wanted]
    return {"service_providers": providers}
