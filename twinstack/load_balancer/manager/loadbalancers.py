"""Creating a load balancer as Octavia's API does before it casts to the worker: the VIP resolved from
a port, a network or a subnet (the port made in Neutron now, ``octavia-lb-<id>`` owned by ``Octavia``,
so a bad address fails the request), the provider, flavor (its topology) and availability zone checked,
the quota counted, and the amphorae recorded PENDING_CREATE for manager/amphorae.py to boot."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.ids import uuid_str
from twinstack.load_balancer import errors
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import OFFLINE, PENDING_CREATE, VIP_OWNER, insert, quotas, settings
from twinstack.load_balancer.manager.amphorae import new_amphorae
from twinstack.network import local as network_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

PROVIDERS = {"amphora": "The Octavia Amphora driver.", "octavia": "Deprecated alias of the Octavia Amphora driver."}
DEFAULT_PROVIDER = "amphora"


def provider(name: str | None) -> str:
    name = name or DEFAULT_PROVIDER
    if name not in PROVIDERS:
        raise errors.bad_request(f"Provider '{name}' is not enabled.", "ProviderNotEnabled")
    return "amphora" if name == "octavia" else name


def _topology(cloud: Cloud, conn: Connection, flavor_id: str | None) -> str:
    topology = settings(cloud).amphora.topology
    if flavor_id is None:
        return topology
    row = conn.execute(sa.select(t.flavors).where(t.flavors.c.id == flavor_id)).mappings().first()
    if row is None:
        raise errors.invalid_subresource("flavor", flavor_id)
    if not row["enabled"]:
        raise errors.bad_request(f"The selected flavor is not allowed in this deployment: {flavor_id}",
                                 "DisabledOption")
    profile = conn.execute(sa.select(t.flavor_profiles.c.flavor_data).where(
        t.flavor_profiles.c.id == row["flavor_profile_id"])).scalar()
    data = json.loads(profile or "{}")
    return str(data.get("loadbalancer_topology", topology))


def _zone(conn: Connection, name: str | None) -> None:
    if name is None:
        return
    row = conn.execute(sa.select(t.availability_zones).where(t.availability_zones.c.id == name)).mappings().first()
    if row is None:
        raise errors.invalid_subresource("availability_zone", name)
    if not row["enabled"]:
        raise errors.bad_request(f"The selected availability_zone is not allowed in this deployment: {name}",
                                 "DisabledOption")


def _vip(cloud: Cloud, conn: Connection, lb_id: str, project_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """The VIP's port, network, subnet and address; the port is made unless the request named one."""
    port_id, network_id = values.get("vip_port_id"), values.get("vip_network_id")
    subnet_id, address = values.get("vip_subnet_id"), values.get("vip_address")
    if not (port_id or network_id or subnet_id):
        raise errors.bad_request("Validation failure: VIP must contain one of: vip_port_id, vip_network_id, "
                                 "vip_subnet_id.", "VIPValidationException")
    if port_id:
        port = network_local.port(cloud, conn, port_id)
        if port is None:
            raise errors.bad_request(f"Port {port_id} not found.", "InvalidSubresource")
        if port["device_id"] and port["device_owner"] != VIP_OWNER:
            raise errors.bad_request(f"Validation failure: Port {port_id} already has a compute device.",
                                     "ValidationException")
        if network_id and network_id != port["network_id"]:
            raise errors.validation("vip_network_id does not match the network of the vip_port_id.")
        ips = port["fixed_ips"]
        if subnet_id:
            ips = [ip for ip in ips if ip["subnet_id"] == subnet_id]
        if address:
            ips = [ip for ip in ips if ip["ip_address"] == address]
        if not ips:
            raise errors.validation(f"No VIP address found on port {port_id}.")
        network_local.claim_port(cloud, conn, port_id, f"lb-{lb_id}", VIP_OWNER)
        return {"vip_port_id": port_id, "vip_network_id": port["network_id"], "vip_subnet_id": ips[0]["subnet_id"],
                "vip_address": ips[0]["ip_address"], "vip_port_owned": False}
    if subnet_id:
        subnet = network_local.subnet(cloud, conn, subnet_id)
        if subnet is None:
            raise errors.bad_request(f"Subnet {subnet_id} not found.", "InvalidSubresource")
        if network_id and network_id != subnet["network_id"]:
            raise errors.validation(f"Subnet {subnet_id} is not on network {network_id}.")
        network_id = subnet["network_id"]
    else:
        subnets = network_local.network_subnets(cloud, conn, str(network_id))
        if subnets is None:
            raise errors.bad_request(f"Network {network_id} not found.", "InvalidSubresource")
        if not subnets:
            raise errors.validation("Supplied network does not contain a subnet.")
        if address:
            import ipaddress
            subnets = [s for s in subnets if ipaddress.ip_address(address) in ipaddress.ip_network(s["cidr"])] or \
                subnets
        subnet_id = subnets[0]["id"]
    port = network_local.create_service_port(cloud, conn, project_id, str(network_id), subnet_id, address,
                                             f"octavia-lb-{lb_id}", f"lb-{lb_id}", VIP_OWNER)
    ip = next((i for i in port["fixed_ips"] if i["subnet_id"] == subnet_id), port["fixed_ips"][0])
    return {"vip_port_id": port["id"], "vip_network_id": network_id, "vip_subnet_id": ip["subnet_id"],
            "vip_address": ip["ip_address"], "vip_port_owned": True}


def create(cloud: Cloud, conn: Connection, project_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Record a new load balancer PENDING_CREATE/OFFLINE with its VIP port and amphorae."""
    quotas.check(cloud, conn, project_id, "load_balancer")
    chosen = provider(values.get("provider"))
    topology = _topology(cloud, conn, values.get("flavor_id"))
    _zone(conn, values.get("availability_zone"))
    lb_id = values.get("id") or uuid_str()
    vip = _vip(cloud, conn, lb_id, project_id, values)
    row = {**{k: v for k, v in values.items() if k not in ("listeners", "pools")}, **vip, "id": lb_id,
           "project_id": project_id, "provider": chosen, "topology": topology,
           "provisioning_status": PENDING_CREATE, "operating_status": OFFLINE, "vip_vnic_type": "normal",
           "additional_vips": values.get("additional_vips") or []}
    lb = insert(cloud, conn, "loadbalancer", row)
    new_amphorae(cloud, conn, lb_id, topology)
    return lb
