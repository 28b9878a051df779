"""What the model's network section declares, created as the API would create it (same checks), with
names resolved to ids and an unknown name reported with its place in the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.identity import local as identity
from twinstack.network import tables as t
from twinstack.network.manager import base, default_rules, quotas, routers, security_groups, subnetpools
from twinstack.network.manager.base import Resource
from twinstack.network.manager.networks import NETWORKS
from twinstack.network.manager.subnets import SUBNETS
from twinstack.network.model import NetworkModel

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def create(cloud: Cloud, conn: Connection, res: Resource, data: dict[str, Any], where: str) -> str:
    try:
        values = base.prepare(res, {res.singular: data}, None, True)
        with conn.begin_nested():
            return base.create_row(cloud, conn, res, values, None)
    except ApiError as exc:
        raise ModelReferenceError(f"{where}: {exc.message}") from None


def load_model(cloud: Cloud, conn: Connection, section: NetworkModel | None) -> None:
    default_rules.seed(conn)  # Neutron's migrations seed the rule templates
    if section is None:
        return
    projects = identity.project_ids_by_name(conn)

    def project(name: str, where: str) -> str:
        if name not in projects:
            raise ModelReferenceError(f"{where}: unknown project '{name}'")
        return projects[name]

    unknown_quotas = set(section.quotas) - set(quotas.DEFAULTS)
    if unknown_quotas:
        raise ModelReferenceError(f"network.quotas: unknown resource '{sorted(unknown_quotas)[0]}'")
    pools: dict[str, str] = {}
    for i, sp in enumerate(section.subnetpools):
        where = f"network.subnetpools[{i}]"
        pdata = {k: v for k, v in sp.model_dump().items() if k != "project" and v is not None}
        pdata["project_id"] = project(sp.project, f"{where}.project")
        pools[sp.name] = create(cloud, conn, subnetpools.SUBNETPOOLS, pdata, where)
    networks: dict[str, str] = {}
    subnets: dict[str, str] = {}
    for i, n in enumerate(section.networks):
        where = f"network.networks[{i}]"
        pid = project(n.project, f"{where}.project")
        data: dict[str, Any] = {"name": n.name, "project_id": pid, "shared": n.shared, "router:external": n.external,
                                "is_default": n.is_default, "mtu": n.mtu if "mtu" in n.model_fields_set else None,
                                "port_security_enabled": n.port_security_enabled,
                                "provider:network_type": n.network_type, "description": n.description,
                                "availability_zone_hints": n.availability_zone_hints}
        if n.physical_network:
            data["provider:physical_network"] = n.physical_network
        if n.segmentation_id is not None:
            data["provider:segmentation_id"] = n.segmentation_id
        networks[n.name] = net_id = create(cloud, conn, NETWORKS, data, where)
        for j, s in enumerate(n.subnets):
            if s.subnetpool is not None and s.subnetpool not in pools:
                raise ModelReferenceError(f"{where}.subnets[{j}].subnetpool: unknown subnet pool '{s.subnetpool}'")
            sdata: dict[str, Any] = {"name": s.name, "project_id": pid, "network_id": net_id, "cidr": s.cidr,
                                     "subnetpool_id": pools.get(s.subnetpool or ""),
                                     "ip_version": s.ip_version, "enable_dhcp": s.enable_dhcp,
                                     "dns_nameservers": s.dns_nameservers, "description": s.description,
                                     "host_routes": [r.model_dump() for r in s.host_routes],
                                     "ipv6_ra_mode": s.ipv6_ra_mode, "ipv6_address_mode": s.ipv6_address_mode}
            if s.prefixlen is not None:
                sdata["prefixlen"] = s.prefixlen
            if s.gateway_ip is not None:
                sdata["gateway_ip"] = None if s.gateway_ip.lower() == "none" else s.gateway_ip
            if s.allocation_pools:
                sdata["allocation_pools"] = [p.model_dump() for p in s.allocation_pools]
            subnets[s.name] = create(cloud, conn, SUBNETS, sdata, f"{where}.subnets[{j}]")
    for i, r in enumerate(section.routers):
        where = f"network.routers[{i}]"
        pid = project(r.project, f"{where}.project")
        rdata: dict[str, Any] = {"name": r.name, "project_id": pid, "description": r.description}
        if r.external_network:
            if r.external_network not in networks:
                raise ModelReferenceError(f"{where}.external_network: unknown network '{r.external_network}'")
            rdata["external_gateway_info"] = {"network_id": networks[r.external_network], "enable_snat": r.enable_snat}
        router_id = create(cloud, conn, routers.ROUTERS, rdata, where)
        row = dict(conn.execute(sa.select(t.routers).where(t.routers.c.id == router_id)).one()._mapping)
        for j, sub in enumerate(r.interfaces):
            if sub not in subnets:
                raise ModelReferenceError(f"{where}.interfaces[{j}]: unknown subnet '{sub}'")
            try:
                routers.add_interface(cloud, conn, row, {"subnet_id": subnets[sub]}, None)
            except ApiError as exc:
                raise ModelReferenceError(f"{where}.interfaces[{j}]: {exc.message}") from None
        if r.routes:
            routes = [x.model_dump() for x in r.routes]
            try:
                routers.check_routes(conn, router_id, routes)
            except ApiError as exc:
                raise ModelReferenceError(f"{where}.routes: {exc.message}") from None
            conn.execute(t.routers.update().where(t.routers.c.id == router_id).values(routes=routes))
    for i, g in enumerate(section.security_groups):
        where = f"network.security_groups[{i}]"
        pid = project(g.project, f"{where}.project")
        if g.name == "default":
            sg_id = security_groups.ensure_default(cloud, conn, pid)
        else:
            sg_id = create(cloud, conn, security_groups.SECURITY_GROUPS,
                           {"name": g.name, "project_id": pid, "description": g.description, "stateful": g.stateful},
                           where)
        groups = {g.name: sg_id}
        for j, rule in enumerate(g.rules):
            rdata = {k: v for k, v in rule.model_dump().items() if k != "remote_group" and v is not None}
            rdata.update(security_group_id=sg_id, project_id=pid)
            if rule.remote_group:
                remote = groups.get(rule.remote_group) or conn.execute(sa.select(t.security_groups.c.id).where(
                    t.security_groups.c.project_id == pid, t.security_groups.c.name == rule.remote_group)).scalar()
                if remote is None:
                    raise ModelReferenceError(f"{where}.rules[{j}].remote_group: unknown security group "
                                              f"'{rule.remote_group}'")
                rdata["remote_group_id"] = remote
            create(cloud, conn, security_groups.RULES, rdata, f"{where}.rules[{j}]")
    for name, values in section.project_quotas.items():
        unknown = set(values) - set(quotas.DEFAULTS)
        if unknown:
            raise ModelReferenceError(f"network.project_quotas.{name}: unknown resource '{sorted(unknown)[0]}'")
        quotas.set_limits(conn, project(name, f"network.project_quotas.{name}"), values)
