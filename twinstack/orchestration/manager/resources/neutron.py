"""OS::Neutron::* through network's local.py: each resource is one Neutron object (a router interface
is an action on its router), created, updated in place and deleted with the stack owner's context."""

from __future__ import annotations

from typing import Any, ClassVar

from twinstack.network import local as network
from twinstack.orchestration.manager.resources.base import (
    Plugin,
    Prop,
    ResourceContext,
    ResourceFailure,
    delete_quietly,
)


class NeutronPlugin(Plugin):
    kind: ClassVar[str] = ""
    # property -> the Neutron field it sets (None: not sent as is)
    fields: ClassVar[dict[str, str]] = {}

    async def body(self, rc: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = {field: props[prop] for prop, field in self.fields.items() if props.get(prop) is not None}
        out.update(props.get("value_specs") or {})
        return out

    async def create(self, rc: ResourceContext) -> None:
        body = await self.body(rc, rc.props)
        if "name" in self.fields and not rc.props.get("name"):
            body["name"] = rc.physical_name()
        created = await rc.call(network.create_resource, rc.cloud, rc.caller, self.kind, body)
        rc.set_id(str(created["id"]))

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        body = await self.body(rc, rc.props)
        send = {self.fields[k]: body.get(self.fields[k]) for k in changed if k in self.fields}
        for prop in changed:
            # a property removed from the template goes back to Neutron's empty value
            if prop in self.fields and send.get(self.fields[prop]) is None:
                kind = self.properties[prop].type
                if kind in ("List", "Map"):
                    send[self.fields[prop]] = [] if kind == "List" else {}
                elif prop not in ("name", "gateway_ip"):  # no gateway_ip: a subnet without a gateway
                    send.pop(self.fields[prop])
        if "name" in send and not send["name"]:
            send["name"] = rc.physical_name()
        if send:
            await rc.call(network.update_resource, rc.cloud, rc.caller, self.kind, str(rc.physical_id), send)

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, network.delete_resource, rc.cloud, rc.caller, self.kind, rc.physical_id)

    def show(self, rc: ResourceContext) -> dict[str, Any] | None:
        if not rc.physical_id:
            return None
        try:
            return network.show_resource(rc.cloud, rc.caller, self.kind, rc.physical_id)
        except Exception:
            return None

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        shown = self.show(rc)
        if shown is None:
            return None
        return shown if name == "show" else shown.get(name)


async def _id(rc: ResourceContext, kind: str, ref: Any) -> str | None:
    if ref in (None, ""):
        return None
    return str(await rc.call(network.find_resource_id, rc.cloud, rc.caller, kind, str(ref)))


class Net(NeutronPlugin):
    type_name = "OS::Neutron::Net"
    description = "A Neutron network."
    kind = "network"
    fields: ClassVar[dict[str, str]] = {"name": "name", "admin_state_up": "admin_state_up", "shared": "shared",
                                        "port_security_enabled": "port_security_enabled", "dns_domain": "dns_domain",
                                        "tenant_id": "tenant_id", "qos_policy": "qos_policy_id"}
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "A string specifying a symbolic name for the network.", update_allowed=True),
        "value_specs": Prop("Map", "Extra parameters to include in the request.", default={}, update_allowed=True),
        "admin_state_up": Prop("Boolean", "A boolean value specifying the administrative status of the network.",
                               default=True, update_allowed=True),
        "tenant_id": Prop("String", "The ID of the tenant which will own the network."),
        "shared": Prop("Boolean", "Whether this network should be shared across all tenants.", default=False,
                       update_allowed=True),
        "dhcp_agent_ids": Prop("List", "The IDs of the DHCP agent to schedule the network.", update_allowed=True),
        "port_security_enabled": Prop("Boolean", "Flag to enable/disable port security on the network.",
                                      update_allowed=True),
        "qos_policy": Prop("String", "The name or ID of QoS policy to attach to this network.", update_allowed=True),
        "dns_domain": Prop("String", "DNS domain associated with this network.", update_allowed=True),
        "tags": Prop("List", "The tags to be added to the network.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "status": "The status of the network.", "name": "The name of the network.",
        "subnets": "Subnets of this network.", "admin_state_up": "The administrative status of the network.",
        "tenant_id": "The tenant owning this network.", "port_security_enabled": "Port security enabled of the "
        "network.", "mtu": "The maximum transmission unit size(in bytes) for the network.",
        "qos_policy_id": "The QoS policy ID attached to this network.", "segments": "The segments of this network.",
        "l2_adjacency": "A boolean value for L2 adjacency.",
    }


class Subnet(NeutronPlugin):
    type_name = "OS::Neutron::Subnet"
    description = "A subnet of a Neutron network."
    kind = "subnet"
    fields: ClassVar[dict[str, str]] = {
        "name": "name", "cidr": "cidr", "ip_version": "ip_version", "enable_dhcp": "enable_dhcp",
        "dns_nameservers": "dns_nameservers", "gateway_ip": "gateway_ip", "allocation_pools": "allocation_pools",
        "host_routes": "host_routes", "ipv6_address_mode": "ipv6_address_mode", "ipv6_ra_mode": "ipv6_ra_mode",
        "prefixlen": "prefixlen", "tenant_id": "tenant_id", "network": "network_id", "subnetpool": "subnetpool_id",
    }
    properties: ClassVar[dict[str, Prop]] = {
        "network": Prop("String", "The ID of the attached network.", required=True),
        "subnetpool": Prop("String", "The name or ID of the subnet pool."),
        "prefixlen": Prop("Integer", "Prefix length for subnet allocation from subnet pool."),
        "cidr": Prop("String", "The CIDR."),
        "value_specs": Prop("Map", "Extra parameters to include in the request.", default={}, update_allowed=True),
        "name": Prop("String", "The name of the subnet.", update_allowed=True),
        "ip_version": Prop("Integer", "The IP version, which is 4 or 6.", default=4, allowed=(4, 6)),
        "dns_nameservers": Prop("List", "A specified set of DNS name servers to be used.", default=[],
                                update_allowed=True),
        "gateway_ip": Prop("String", "The gateway IP address.", update_allowed=True),
        "enable_dhcp": Prop("Boolean", "Set to true if DHCP is enabled and false if DHCP is disabled.",
                            default=True, update_allowed=True),
        "allocation_pools": Prop("List", "The start and end addresses for the allocation pools.",
                                 update_allowed=True),
        "tenant_id": Prop("String", "The ID of the tenant who owns the network."),
        "host_routes": Prop("List", "A list of host route dictionaries for the subnet.", update_allowed=True),
        "ipv6_ra_mode": Prop("String", "IPv6 RA (Router Advertisement) mode.",
                             allowed=("dhcpv6-stateful", "dhcpv6-stateless", "slaac")),
        "ipv6_address_mode": Prop("String", "IPv6 address mode.",
                                  allowed=("dhcpv6-stateful", "dhcpv6-stateless", "slaac")),
        "segment": Prop("String", "The name/ID of the segment to associate."),
        "tags": Prop("List", "The tags to be added to the subnet.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "name": "Friendly name of the subnet.", "network_id": "Parent network of the subnet.",
        "tenant_id": "Tenant owning the subnet.", "allocation_pools": "Ip allocation pools and their ranges.",
        "gateway_ip": "Ip of the subnet's gateway.", "host_routes": "Additional routes for this subnet.",
        "ip_version": "Ip version for the subnet.", "cidr": "CIDR block notation for this subnet.",
        "dns_nameservers": "List of dns nameservers.", "enable_dhcp": "'true' if DHCP is enabled for this subnet.",
        "segment_id": "The segment ID of the subnet.",
    }

    async def body(self, rc: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = await super().body(rc, props)
        out["network_id"] = await _id(rc, "network", props["network"])
        if props.get("gateway_ip") == "":
            out["gateway_ip"] = None
        if props.get("subnetpool"):
            out.pop("subnetpool_id", None)
            out["subnetpool_id"] = props["subnetpool"]
        return out


class Port(NeutronPlugin):
    type_name = "OS::Neutron::Port"
    description = "A Neutron port."
    kind = "port"
    fields: ClassVar[dict[str, str]] = {
        "name": "name", "admin_state_up": "admin_state_up", "mac_address": "mac_address",
        "device_id": "device_id", "device_owner": "device_owner", "binding:vnic_type": "binding:vnic_type",
        "allowed_address_pairs": "allowed_address_pairs", "port_security_enabled": "port_security_enabled",
        "dns_name": "dns_name", "fixed_ips": "fixed_ips", "security_groups": "security_groups",
        "network": "network_id", "qos_policy": "qos_policy_id",
    }
    properties: ClassVar[dict[str, Prop]] = {
        "network": Prop("String", "Network this port belongs to.", required=True),
        "name": Prop("String", "A symbolic name for this port.", update_allowed=True),
        "value_specs": Prop("Map", "Extra parameters to include in the request.", default={}, update_allowed=True),
        "admin_state_up": Prop("Boolean", "The administrative state of this port.", default=True,
                               update_allowed=True),
        "fixed_ips": Prop("List", "Desired IPs for this port.", update_allowed=True),
        "security_groups": Prop("List", "Security group IDs to associate with this port.", update_allowed=True),
        "mac_address": Prop("String", "MAC address to give to this port."),
        "device_id": Prop("String", "Device ID of this port.", update_allowed=True),
        "device_owner": Prop("String", "Name of the network owning the port.", update_allowed=True),
        "binding:vnic_type": Prop("String", "The vnic type to be bound on the neutron port.", default="normal",
                                  update_allowed=True),
        "allowed_address_pairs": Prop("List", "Additional MAC/IP address pairs allowed to pass through the port.",
                                      update_allowed=True),
        "port_security_enabled": Prop("Boolean", "Flag to enable/disable port security on the port.",
                                      update_allowed=True),
        "qos_policy": Prop("String", "The name or ID of QoS policy to attach to this port.", update_allowed=True),
        "dns_name": Prop("String", "DNS name associated with the port.", update_allowed=True),
        "replacement_policy": Prop("String", "Policy on how to respond to a stack-update for this resource.",
                                   default="AUTO", update_allowed=True, allowed=("REPLACE_ALWAYS", "AUTO")),
        "tags": Prop("List", "The tags to be added to the port.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "admin_state_up": "The administrative state of this port.", "device_id": "Unique identifier for the device.",
        "device_owner": "Name of the network owning the port.", "fixed_ips": "Fixed IP addresses.",
        "mac_address": "MAC address of the port.", "name": "Friendly name of the port.",
        "network_id": "Unique identifier for the network owning the port.", "security_groups": "A list of "
        "security groups for the port.", "status": "The status of the port.", "tenant_id": "Tenant owning the port.",
        "allowed_address_pairs": "Additional MAC/IP address pairs allowed to pass through a port.",
        "subnets": "Subnets of this resource.", "port_security_enabled": "Port security enabled of the port.",
        "dns_assignment": "The DNS assigned to this port.",
    }

    async def body(self, rc: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = await super().body(rc, props)
        out["network_id"] = await _id(rc, "network", props["network"])
        if props.get("fixed_ips") is not None:
            fixed = []
            for item in props["fixed_ips"]:
                entry = {}
                if item.get("subnet") or item.get("subnet_id"):
                    entry["subnet_id"] = await _id(rc, "subnet", item.get("subnet") or item.get("subnet_id"))
                if item.get("ip_address"):
                    entry["ip_address"] = item["ip_address"]
                fixed.append(entry)
            out["fixed_ips"] = fixed
        if props.get("security_groups") is not None:
            out["security_groups"] = [await _id(rc, "security_group", g) for g in props["security_groups"]]
        return out

    async def prepare_for_replace(self, rc: ResourceContext) -> None:
        await _free_fixed_ips(rc)


async def _free_fixed_ips(rc: ResourceContext) -> None:
    """Heat's Port.prepare_for_replace: the old port lets go of its IPs, so the new one can take them."""
    if rc.physical_id:
        await delete_quietly(rc, network.update_resource, rc.cloud, rc.caller, "port", rc.physical_id,
                             {"fixed_ips": []})


class Router(NeutronPlugin):
    type_name = "OS::Neutron::Router"
    description = "A Neutron router."
    kind = "router"
    fields: ClassVar[dict[str, str]] = {"name": "name", "admin_state_up": "admin_state_up", "ha": "ha",
                                        "distributed": "distributed",
                                        "external_gateway_info": "external_gateway_info"}
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "The name of the router.", update_allowed=True),
        "external_gateway_info": Prop("Map", "External network gateway configuration for a router.",
                                      update_allowed=True),
        "value_specs": Prop("Map", "Extra parameters to include in the creation request.", default={},
                            update_allowed=True),
        "admin_state_up": Prop("Boolean", "The administrative state of the router.", default=True,
                               update_allowed=True),
        "l3_agent_ids": Prop("List", "ID list of the L3 agent.", update_allowed=True),
        "distributed": Prop("Boolean", "Indicates whether or not to create a distributed router."),
        "ha": Prop("Boolean", "Indicates whether or not to create a highly available router."),
        "tags": Prop("List", "The tags to be added to the router.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "status": "The status of the router.", "external_gateway_info": "Gateway network for the router.",
        "name": "Friendly name of the router.", "admin_state_up": "Administrative state of the router.",
        "tenant_id": "Tenant owning the router.",
    }

    async def body(self, rc: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = await super().body(rc, props)
        info = props.get("external_gateway_info")
        if info:
            gateway: dict[str, Any] = {"network_id": await _id(rc, "network", info.get("network"))}
            if info.get("enable_snat") is not None:
                gateway["enable_snat"] = info["enable_snat"]
            if info.get("external_fixed_ips"):
                gateway["external_fixed_ips"] = info["external_fixed_ips"]
            out["external_gateway_info"] = gateway
        elif "external_gateway_info" in out:
            out["external_gateway_info"] = {}
        return out


class RouterInterface(Plugin):
    type_name = "OS::Neutron::RouterInterface"
    description = "A router interface on a subnet or a port."
    properties: ClassVar[dict[str, Prop]] = {
        "router": Prop("String", "The router.", required=True),
        "subnet": Prop("String", "The subnet, either subnet or port should be specified."),
        "port": Prop("String", "The port, either subnet or port should be specified."),
    }

    async def create(self, rc: ResourceContext) -> None:
        router = await _id(rc, "router", rc.props["router"])
        if bool(rc.props.get("subnet")) == bool(rc.props.get("port")):
            raise ResourceFailure("PropertyUnspecifiedError", "At least one of the following properties must be "
                                  "specified: subnet, port.")
        key, kind = ("subnet_id", "subnet") if rc.props.get("subnet") else ("port_id", "port")
        value = await _id(rc, kind, rc.props[kind])
        await rc.call(network.router_interface, rc.cloud, rc.caller, str(router), {key: value}, True)
        rc.set_id(f"{router}:{key}={value}")

    async def delete(self, rc: ResourceContext) -> None:
        if not rc.physical_id or ":" not in rc.physical_id:
            return
        router, spec = rc.physical_id.split(":", 1)
        key, value = spec.split("=", 1)
        await delete_quietly(rc, network.router_interface, rc.cloud, rc.caller, router, {key: value}, False)


class FloatingIP(NeutronPlugin):
    type_name = "OS::Neutron::FloatingIP"
    description = "A floating IP on an external network, optionally associated with a port."
    kind = "floatingip"
    fields: ClassVar[dict[str, str]] = {"floating_network": "floating_network_id", "port_id": "port_id",
                                        "fixed_ip_address": "fixed_ip_address",
                                        "floating_ip_address": "floating_ip_address", "dns_name": "dns_name",
                                        "dns_domain": "dns_domain"}
    properties: ClassVar[dict[str, Prop]] = {
        "floating_network": Prop("String", "Network to allocate floating IP from.", required=True),
        "floating_subnet": Prop("String", "Subnet to allocate floating IP from."),
        "value_specs": Prop("Map", "Extra parameters to include in the request.", default={}),
        "port_id": Prop("String", "ID of an existing port with at least one IP address to associate with this "
                        "floating IP.", update_allowed=True),
        "fixed_ip_address": Prop("String", "IP address to use if the port has multiple addresses.",
                                 update_allowed=True),
        "floating_ip_address": Prop("String", "IP address of the floating IP."),
        "dns_name": Prop("String", "DNS name associated with floating ip."),
        "dns_domain": Prop("String", "DNS domain associated with floating ip."),
    }
    attributes: ClassVar[dict[str, str]] = {
        "router_id": "ID of the router used as gateway, set when associated with a port.",
        "tenant_id": "The tenant owning this floating IP.", "floating_network_id": "ID of the network in which this "
        "IP is allocated.", "fixed_ip_address": "IP address of the associated port, if specified.",
        "floating_ip_address": "The allocated address of this IP.", "port_id": "ID of the port associated with this "
        "IP.",
    }

    async def body(self, rc: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = await super().body(rc, props)
        out["floating_network_id"] = await _id(rc, "network", props["floating_network"])
        if props.get("floating_subnet"):
            out["subnet_id"] = await _id(rc, "subnet", props["floating_subnet"])
        return out

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        body = {"port_id": rc.props.get("port_id")}
        if rc.props.get("fixed_ip_address"):
            body["fixed_ip_address"] = rc.props["fixed_ip_address"]
        await rc.call(network.update_resource, rc.cloud, rc.caller, "floatingip", str(rc.physical_id), body)


class FloatingIPAssociation(Plugin):
    type_name = "OS::Neutron::FloatingIPAssociation"
    description = "Associates a floating IP with a port."
    properties: ClassVar[dict[str, Prop]] = {
        "floatingip_id": Prop("String", "ID of the floating IP to associate.", required=True, update_allowed=True),
        "port_id": Prop("String", "ID of an existing port with at least one IP address to associate with this "
                        "floating IP.", required=True, update_allowed=True),
        "fixed_ip_address": Prop("String", "IP address to use if the port has multiple addresses.",
                                 update_allowed=True),
    }

    async def create(self, rc: ResourceContext) -> None:
        body = {"port_id": rc.props["port_id"]}
        if rc.props.get("fixed_ip_address"):
            body["fixed_ip_address"] = rc.props["fixed_ip_address"]
        await rc.call(network.update_resource, rc.cloud, rc.caller, "floatingip", str(rc.props["floatingip_id"]),
                      body)
        rc.set_id(f"{rc.props['floatingip_id']}:{rc.props['port_id']}")

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        if "floatingip_id" in changed:
            await delete_quietly(rc, network.update_resource, rc.cloud, rc.caller, "floatingip",
                                 str(old["floatingip_id"]), {"port_id": None})
        await self.create(rc)

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            fip = rc.physical_id.split(":", 1)[0]
            await delete_quietly(rc, network.update_resource, rc.cloud, rc.caller, "floatingip", fip,
                                 {"port_id": None})


def _rule_body(rule: dict[str, Any], group_id: str) -> dict[str, Any]:
    body = {"security_group_id": group_id, "direction": rule.get("direction", "ingress"),
            "ethertype": rule.get("ethertype", "IPv4")}
    for key in ("protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id",
                "description"):
        if rule.get(key) is not None:
            body[key] = rule[key]
    if rule.get("remote_mode") == "remote_group_id" and not rule.get("remote_group_id"):
        body["remote_group_id"] = group_id
    return body


class SecurityGroup(NeutronPlugin):
    type_name = "OS::Neutron::SecurityGroup"
    description = "A security group and its rules."
    kind = "security_group"
    fields: ClassVar[dict[str, str]] = {"name": "name", "description": "description"}
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "A string specifying a symbolic name for the security group.", update_allowed=True),
        "description": Prop("String", "Description of the security group.", update_allowed=True),
        "rules": Prop("List", "List of security group rules.", default=[], update_allowed=True),
    }

    async def create(self, rc: ResourceContext) -> None:
        await super().create(rc)
        await self._rules(rc, rc.props.get("rules") or [])

    async def _rules(self, rc: ResourceContext, rules: list[dict[str, Any]]) -> None:
        group = network.show_security_group(rc.cloud, rc.caller, str(rc.physical_id))
        # Heat removes Neutron's default egress rules when the template lists rules of its own
        if rules:
            for existing in group.get("security_group_rules") or []:
                await delete_quietly(rc, network.delete_security_group_rule, rc.cloud, rc.caller, existing["id"])
        for rule in rules:
            await rc.call(network.create_security_group_rule, rc.cloud, rc.caller,
                          _rule_body(rule, str(rc.physical_id)))

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        await super().update(rc, old, changed - {"rules"})
        if "rules" in changed:
            await self._rules(rc, rc.props.get("rules") or [])


class SecurityGroupRule(Plugin):
    type_name = "OS::Neutron::SecurityGroupRule"
    description = "A rule of a security group."
    properties: ClassVar[dict[str, Prop]] = {
        "security_group": Prop("String", "Security group name or ID to add rule.", required=True),
        "description": Prop("String", "Description of the security group rule."),
        "remote_group": Prop("String", "The remote group name or ID to be associated with this rule."),
        "remote_ip_prefix": Prop("String", "The remote IP prefix (CIDR) to be associated with this rule."),
        "direction": Prop("String", "The direction in which the rule is applied.", default="ingress",
                          allowed=("ingress", "egress")),
        "ethertype": Prop("String", "Ethertype of the traffic.", default="IPv4", allowed=("IPv4", "IPv6")),
        "port_range_min": Prop("Integer", "The minimum port number in the range."),
        "port_range_max": Prop("Integer", "The maximum port number in the range."),
        "protocol": Prop("String", "The protocol that is matched by the security group rule."),
    }

    async def create(self, rc: ResourceContext) -> None:
        group = await _id(rc, "security_group", rc.props["security_group"])
        rule = dict(rc.props)
        if rule.get("remote_group"):
            rule["remote_group_id"] = await _id(rc, "security_group", rule["remote_group"])
        created = await rc.call(network.create_security_group_rule, rc.cloud, rc.caller, _rule_body(rule, str(group)))
        rc.set_id(str(created["id"]))

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, network.delete_security_group_rule, rc.cloud, rc.caller, rc.physical_id)
