"""Network's route table: path -> method -> handler (everything below ``/network``)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.network.api import (
                                   address_groups,
                                   address_scopes,
                                   agents,
                                   auto_allocate,
                                   default_rules,
                                   flavors,
                                   floating_ips,
                                   ip_availability,
                                   misc,
                                   networks,
                                   port_forwardings,
                                   ports,
                                   qos,
                                   quotas,
                                   rbac,
                                   routers,
                                   security_groups,
                                   segments,
                                   subnetpools,
                                   subnets,
                                   tags,
                                   trunks,
)

_TAGGED = (networks.NETWORKS, subnets.SUBNETS, subnetpools.SUBNETPOOLS, ports.PORTS, routers.ROUTERS,
           floating_ips.FLOATING_IPS, security_groups.SECURITY_GROUPS, trunks.TRUNKS, qos.QOS_POLICIES)

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": misc.versions}),
    ("/v2.0", {"GET": misc.v2_root}),
    ("/v2.0/", {"GET": misc.v2_root}),
    ("/v2.0/extensions", {"GET": misc.list_extensions}),
    ("/v2.0/extensions/{alias}", {"GET": misc.show_extension}),
    ("/v2.0/availability_zones", {"GET": misc.availability_zones}),
    ("/v2.0/service-providers", {"GET": misc.service_providers}),
    *networks.ROUTES,
    *segments.ROUTES,
    *address_scopes.ROUTES,
    *address_groups.ROUTES,
    *flavors.ROUTES,
    *subnetpools.ROUTES,
    *subnets.ROUTES,
    *ports.ROUTES,
    *routers.ROUTES,
    *floating_ips.ROUTES,
    *port_forwardings.ROUTES,
    *security_groups.ROUTES,
    *default_rules.ROUTES,
    *quotas.ROUTES,
    *rbac.ROUTES,
    *trunks.ROUTES,
    *qos.ROUTES,
    *agents.ROUTES,
    *ip_availability.ROUTES,
    *auto_allocate.ROUTES,
    *[route for res in _TAGGED for route in tags.routes(res)],
]
