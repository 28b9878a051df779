"""Loading the load_balancer section: flavor and availability zone profiles, flavors and zones, default
quotas (read from the model when asked), and the model's load balancers, each created as Octavia's
single-call create would (its VIP port in Neutron now) and left PENDING_CREATE: the provider boots their
amphorae through Nova when the cloud starts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.core.ids import uuid_str
from twinstack.identity import local as identity_local
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import graph, loadbalancers
from twinstack.load_balancer.manager.resources import CRUD, LOADBALANCER
from twinstack.load_balancer.model import LoadBalancerModel
from twinstack.network import local as network_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def load(cloud: Cloud, conn: Connection, section: LoadBalancerModel | None) -> None:
    if section is None:
        return
    profiles: dict[str, str] = {}
    for fp in section.flavor_profiles:
        profiles[fp.name] = uuid_str()
        conn.execute(t.flavor_profiles.insert().values(id=profiles[fp.name], name=fp.name,
                                                       provider_name=fp.provider_name,
                                                       flavor_data=json.dumps(fp.flavor_data)))
    for flavor in section.flavors:
        if flavor.flavor_profile not in profiles:
            raise ModelReferenceError(f"load_balancer.flavors[{flavor.name}]: no flavor profile "
                                      f"{flavor.flavor_profile}")
        conn.execute(t.flavors.insert().values(
            id=uuid_str(), name=flavor.name, description=flavor.description, enabled=flavor.enabled,
            flavor_profile_id=profiles[flavor.flavor_profile]))
    zone_profiles: dict[str, str] = {}
    for zp in section.availability_zone_profiles:
        zone_profiles[zp.name] = uuid_str()
        conn.execute(t.availability_zone_profiles.insert().values(
            id=zone_profiles[zp.name], name=zp.name, provider_name=zp.provider_name,
            availability_zone_data=json.dumps(zp.availability_zone_data)))
    for zone in section.availability_zones:
        if zone.availability_zone_profile not in zone_profiles:
            raise ModelReferenceError(f"load_balancer.availability_zones[{zone.name}]: no availability zone profile "
                                      f"{zone.availability_zone_profile}")
        conn.execute(t.availability_zones.insert().values(
            id=zone.name, description=zone.description, enabled=zone.enabled,
            availability_zone_profile_id=zone_profiles[zone.availability_zone_profile]))
    for number, declared in enumerate(section.load_balancers):
        _load_balancer(cloud, conn, number, declared.model_dump())


def _subnet_id(conn: Connection, cloud: Cloud, name: str, where: str) -> str:
    found = network_local.find_subnet(cloud, conn, name)
    if found is None:
        raise ModelReferenceError(f"{where}: no subnet {name}")
    return found


def _load_balancer(cloud: Cloud, conn: Connection, number: int, data: dict[str, Any]) -> None:
    where = f"load_balancer.load_balancers[{number}]"
    project = identity_local.resolve_project(conn, data.pop("project"))
    if project is None:
        raise ModelReferenceError(f"{where}: no project {data.get('project')}")
    subnet, network = data.pop("vip_subnet", None), data.pop("vip_network", None)
    if subnet:
        data["vip_subnet_id"] = _subnet_id(conn, cloud, subnet, where)
    if network:
        found = network_local.find_network(cloud, conn, network)
        if found is None:
            raise ModelReferenceError(f"{where}: no network {network}")
        data["vip_network_id"] = found
    try:
        values = CRUD.prepare(LOADBALANCER, {"loadbalancer": data}, None, True)
        listeners, pools = values.pop("listeners") or [], values.pop("pools") or []
        lb = loadbalancers.create(cloud, conn, project.id, values)
        graph.create_tree(cloud, conn, lb, listeners, pools)
    except ApiError as err:
        raise ModelReferenceError(f"{where}: {err.message}") from None
