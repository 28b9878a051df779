"""Ports: fixed IPs through IPAM, MAC addresses, bindings (binding:*), security groups, allowed address
pairs and port security. ``create_port``/``delete_port`` serve the API, routers, floating IPs and Nova."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core import ids
from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, external_dns, ipam, networks, qos, security_groups, trunks
from twinstack.network.manager.base import (
    Ops,
    Resource,
)
from twinstack.network.schemas import ports as ports_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


ROUTER_OWNERS = ("network:router_interface", "network:router_gateway", "network:router_interface_distributed",
                 "network:ha_router_replicated_interface", "network:floatingip")
_MAC_RE = re.compile(r"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")
VIF_DETAILS = {"port_filter": True, "connectivity": "l2", "bridge_name": "br-int", "datapath_type": "system",
               "bound_drivers": {"0": "ovn"}}


# -- computed attributes ------------------------------------------------------------------------
# Statements built once (SQLAlchemy memoizes a statement's cache key on the object): every port
# created for a server runs them.
_FIXED_IPS_OF = (sa.select(t.ip_allocations.c.port_id, t.ip_allocations.c.subnet_id, t.ip_allocations.c.ip_address)
                 .where(t.ip_allocations.c.port_id.in_(sa.bindparam("port_ids", expanding=True)))
                 .order_by(t.ip_allocations.c.port_id, t.ip_allocations.c.ip_key))
_MAC_TAKEN = sa.select(t.ports.c.id).where(t.ports.c.network_id == sa.bindparam("network_id"),
                                           t.ports.c.mac_address == sa.bindparam("mac"))
_SUBNETS_OF = (sa.select(t.subnets).where(t.subnets.c.network_id == sa.bindparam("network_id"))
               .order_by(t.subnets.c.created_at, t.subnets.c.id))


_FIXED_IPS_OF_ONE = (sa.select(t.ip_allocations.c.port_id, t.ip_allocations.c.subnet_id, t.ip_allocations.c.ip_address)
                     .where(t.ip_allocations.c.port_id == sa.bindparam("port_id"))
                     .order_by(t.ip_allocations.c.ip_key))  # one port (a server's usual one): no IN list to expand
_PORT_GROUPS = t.port_security_groups.insert()


def fixed_ips_for(conn: Connection, port_ids: list[str]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {p: [] for p in port_ids}
    if not port_ids:
        return out
    rows = (conn.execute(_FIXED_IPS_OF_ONE, {"port_id": port_ids[0]}) if len(port_ids) == 1
            else conn.execute(_FIXED_IPS_OF, {"port_ids": list(port_ids)}))
    for port_id, subnet_id, ip in rows:
        out[port_id].append({"subnet_id": subnet_id, "ip_address": ip})
    return out


def groups_for(conn: Connection, port_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {p: [] for p in port_ids}
    if not port_ids:
        return out
    c = t.port_security_groups.c
    for port_id, sg in conn.execute(sa.select(c.port_id, c.security_group_id).where(c.port_id.in_(port_ids))):
        out[port_id].append(sg)
    return out


DNS_DOMAIN = "openstacklocal."  # Neutron's [DEFAULT] dns_domain


def _assignment(name: str, ip: str) -> dict[str, str]:
    """dns-integration's per-address record: the port's dns_name, or host-<ip with dashes>."""
    host = name or "host-" + ip.replace(".", "-").replace(":", "-")
    return {"hostname": host, "ip_address": ip, "fqdn": f"{host}.{DNS_DOMAIN}"}


class PortOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        # ports of one's own project, and ports others made on one's networks (Neutron's network owner rule)
        own_nets = sa.select(t.networks.c.id).where(t.networks.c.project_id == (caller.project_id if caller else None))
        return sa.or_(t.ports.c.project_id == (caller.project_id if caller else None),
                      t.ports.c.network_id.in_(own_nets))

    def filter(self, name: str, values: list[str]) -> Any:
        a = t.ip_allocations.c
        if name == "fixed_ips":
            clauses = []
            for value in values:
                k, _, v = value.partition("=")
                if k == "ip_address":
                    clauses.append(t.ports.c.id.in_(sa.select(a.port_id).where(a.ip_address == v)))
                elif k == "subnet_id":
                    clauses.append(t.ports.c.id.in_(sa.select(a.port_id).where(a.subnet_id == v)))
                elif k == "ip_address_substr":
                    clauses.append(t.ports.c.id.in_(sa.select(a.port_id).where(a.ip_address.contains(v))))
                else:
                    raise E.bad(f"Invalid input for operation: fixed_ips filter '{k}' is not supported.",
                                "InvalidInput")
            return sa.and_(*clauses)
        if name == "security_groups":
            c = t.port_security_groups.c
            return t.ports.c.id.in_(sa.select(c.port_id).where(c.security_group_id.in_(values)))
        if name == "binding:vif_type":
            bound = t.ports.c.binding_host_id != ""
            return sa.or_(*[bound if v == "ovs" else ~bound if v == "unbound" else sa.false() for v in values])
        raise E.bad(f"[{name}] is invalid attribute for filtering", "HTTPBadRequest")

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        ids = [r["id"] for r in rows]
        ips = fixed_ips_for(conn, ids)
        sgs = groups_for(conn, ids)
        trunk_info = trunks.trunk_details(conn, ids)
        net_ids = list({r["network_id"] for r in rows})
        net_qos = dict(conn.execute(sa.select(t.networks.c.id, t.networks.c.qos_policy_id)
                                    .where(t.networks.c.id.in_(net_ids))).tuples().all())
        for r in rows:
            r["qos_network_policy_id"] = net_qos.get(r["network_id"])
            r["trunk_details"] = trunk_info.get(r["id"])
            r["fixed_ips"] = ips[r["id"]]
            r["security_groups"] = sgs[r["id"]]
            bound = bool(r["binding_host_id"])
            r["binding:vif_type"] = "ovs" if bound else "unbound"
            r["binding:vif_details"] = dict(VIF_DETAILS) if bound else {}
            r["allowed_address_pairs"] = [{"ip_address": p["ip_address"],
                                           "mac_address": p.get("mac_address") or r["mac_address"]}
                                          for p in r["allowed_address_pairs"]]
            r["dns_assignment"] = [_assignment(r["dns_name"], i["ip_address"]) for i in r["fixed_ips"]]
            r["ip_allocation"] = "immediate"
            r["resource_request"] = None

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        return create_port(cloud, conn, values, caller)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        update_port(cloud, conn, row, changes, caller)

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if caller is not None and row["device_owner"] in ROUTER_OWNERS:
            raise E.in_use(f"Port {row['id']} cannot be deleted directly via the port API: has device owner "
                           f"{row['device_owner']}.", "ServicePortInUse")
        if conn.execute(sa.select(t.trunks.c.id).where(t.trunks.c.port_id == row["id"])).first() is not None:
            raise E.in_use(f"Port {row['id']} is currently a parent port for trunk.", "PortInUseAsTrunkParent")
        if conn.execute(sa.select(t.subports.c.trunk_id).where(t.subports.c.port_id == row["id"])).first():
            raise E.in_use(f"Port {row['id']} is currently a subport for trunk.", "PortInUseAsSubPort")
        delete_port(cloud, conn, row["id"])


# -- writes shared with routers, floating IPs and Nova -------------------------------------------------
def _new_mac(cloud: Cloud, conn: Connection, network_id: str) -> str:
    section = getattr(cloud.model, "network", None)
    prefix = (section.base_mac if section is not None else "fa:16:3e:00:00:00").split(":")[:3]
    for _ in range(16):
        mac = ":".join(prefix + [f"{ids.rng.randint(0, 255):02x}" for _ in range(3)])  # seeded with --seed
        if conn.execute(_MAC_TAKEN, {"network_id": network_id, "mac": mac}).first() is None:
            return mac
    raise E.in_use(f"Unable to generate unique mac on network {network_id}.", "MacAddressGenerationFailure")


def _check_mac(value: Any) -> str:
    if not isinstance(value, str) or not _MAC_RE.match(value):
        raise E.bad(f"Invalid input for mac_address. Reason: '{value}' is not a valid MAC address.", "HTTPBadRequest")
    mac = value.lower().replace("-", ":")
    if mac in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"):  # neutron-lib's INVALID_MAC_ADDRESSES, nothing more
        raise E.bad(f"Invalid input for mac_address. Reason: '{value}' is not a valid MAC address.",
                    "HTTPBadRequest")
    return mac


def subnets_of(conn: Connection, network_id: str) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(_SUBNETS_OF, {"network_id": network_id})]


def allocate(conn: Connection, port_id: str, network_id: str, mac: str, requested: list[dict[str, Any]] | None,
             ipv4_only: bool = False, device_owner: str = "") -> None:
    """Give a port its fixed IPs: the requested ones, or Neutron's defaults (one IPv4 address from the
    first subnet with room, an address on every SLAAC subnet and one stateful IPv6 address)."""
    subnets = subnets_of(conn, network_id)
    by_id = {s["id"]: s for s in subnets}
    if requested is None:
        # subnet-service-types: subnets that name the port's device owner serve it; the others only
        # serve owners no subnet names
        served = [s for s in subnets if device_owner and device_owner in (s["service_types"] or [])]
        subnets = served or [s for s in subnets if not s["service_types"]]
        v4 = [s for s in subnets if s["ip_version"] == 4]
        if v4:
            for s in v4:
                if ipam.allocate_any(conn, s, port_id) is not None:
                    break
            else:
                raise E.ip_generation_failure(network_id)
        if ipv4_only:
            return
        stateful_done = False
        for s in subnets:
            if s["ip_version"] != 6:
                continue
            if s["ipv6_address_mode"] in ipam.SLAAC_MODES or s["ipv6_ra_mode"] in ipam.SLAAC_MODES:
                ipam.allocate_eui64(conn, s, port_id, mac)
            elif not stateful_done:
                if ipam.allocate_any(conn, s, port_id) is None and not v4:
                    raise E.ip_generation_failure(network_id)
                stateful_done = True
        return
    if not isinstance(requested, list):
        raise E.bad(f"Invalid input for fixed_ips. Reason: '{requested}' is not a list.", "HTTPBadRequest")
    for item in requested:
        if not isinstance(item, dict) or not set(item) <= {"subnet_id", "ip_address"} or not item:
            raise E.bad(f"Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '{item}'.",
                        "HTTPBadRequest")
        subnet_id, address = item.get("subnet_id"), item.get("ip_address")
        if subnet_id is not None:
            subnet = by_id.get(subnet_id)
            if subnet is None:
                raise E.invalid_input(f"Failed to create port on network {network_id}, because fixed_ips included "
                                      f"invalid subnet {subnet_id}")
        else:
            ip = ipam.parse_ip(address, "fixed_ips")
            matches = [s for s in subnets if ip in netaddr.IPNetwork(s["cidr"])]
            if not matches:
                raise E.bad(f"IP address {address} is not a valid IP for any of the subnets on the specified "
                            "network.", "InvalidIpForNetwork")
            subnet = matches[0]
        if address is not None:
            ipam.allocate_specific(conn, subnet, port_id, address)
        elif subnet["ip_version"] == 6 and (subnet["ipv6_address_mode"] in ipam.SLAAC_MODES):
            ipam.allocate_eui64(conn, subnet, port_id, mac)
        elif ipam.allocate_any(conn, subnet, port_id) is None:
            raise E.ip_generation_failure(network_id)


def _check_pairs(pairs: Any) -> list[dict[str, str]]:
    if not isinstance(pairs, list):
        raise E.bad(f"Invalid input for allowed_address_pairs. Reason: '{pairs}' is not a list.", "HTTPBadRequest")
    out: list[dict[str, str]] = []
    for pair in pairs:
        if not isinstance(pair, dict) or "ip_address" not in pair or not set(pair) <= {"ip_address", "mac_address"}:
            raise E.bad("Allowed address pairs must be a list of dictionaries containing ip_address and optionally "
                        "mac_address.", "AllowedAddressPairsMissingIP")
        ip = pair["ip_address"]
        try:
            ip = str(netaddr.IPNetwork(ip)) if "/" in str(ip) else str(netaddr.IPAddress(ip))
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise E.bad(f"Invalid input for allowed_address_pairs. Reason: '{pair['ip_address']}' is not a valid IP "
                        "address.", "HTTPBadRequest") from None
        item = {"ip_address": ip}
        if pair.get("mac_address"):
            item["mac_address"] = _check_mac(pair["mac_address"])
        if item in out:
            raise E.bad("Request contains duplicate address pair: " + str(pair), "DuplicateAddressPairInRequest")
        out.append(item)
    return out


_GROUP_OWNER = sa.select(t.security_groups.c.project_id).where(t.security_groups.c.id == sa.bindparam("sg_id"))


def _check_groups(conn: Connection, groups: Any, project_id: str, caller: Context | None) -> list[str]:
    if not isinstance(groups, list):
        raise E.bad(f"Invalid input for security_groups. Reason: '{groups}' is not a list.", "HTTPBadRequest")
    out: list[str] = []
    for sg in groups:
        row = conn.execute(_GROUP_OWNER, {"sg_id": sg}).first() if isinstance(sg, str) else None
        if row is None or (caller is not None and not caller.is_admin and row.project_id != project_id):
            raise E.not_found("SecurityGroup", str(sg), f"Security group {sg} does not exist")
        if sg not in out:
            out.append(sg)
    return out


def port_status(host: str, owner: str, up: bool) -> str:
    """ACTIVE once bound to a host (router and other network: ports are bound to the network node) and
    administratively up; DOWN otherwise, as the ML2 mechanism driver reports it."""
    return "ACTIVE" if up and (host or owner.startswith("network:")) else "DOWN"


def create_port(cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None, *,
                network: dict[str, Any] | None = None, groups_read: bool = False) -> str:
    """A port with its MAC, fixed IPs, security groups and DNS records. A caller that has already read,
    in this transaction, the port's ``network`` (having checked the requester may use it) or the
    security groups in ``values`` (``groups_read``: they exist) passes that on instead of having them
    read again, as Nova's network API does for every server it boots."""
    values = dict(values)
    if network is None:
        network = base.get_visible(conn, networks.NETWORKS, values["network_id"], caller)
    if caller is not None and not caller.is_admin and network["external"] and not network["shared"] \
            and network["project_id"] != caller.project_id:
        raise E.policy("create_port")
    mac = values.get("mac_address")
    if mac is None:
        mac = _new_mac(cloud, conn, network["id"])
    else:
        mac = _check_mac(mac)
        if conn.execute(sa.select(t.ports.c.id).where(t.ports.c.network_id == network["id"],
                                                      t.ports.c.mac_address == mac)).first() is not None:
            raise E.mac_in_use(mac, network["id"])
    values["mac_address"] = mac
    security = values.get("port_security_enabled")
    if security is None:
        security = network["port_security_enabled"]
    values["port_security_enabled"] = security
    pairs = _check_pairs(values.get("allowed_address_pairs") or [])
    if pairs and not security:
        raise E.in_use("Port Security must be enabled in order to have allowed address pairs on a port.",
                       "AddressPairAndPortSecurityRequired")
    values["allowed_address_pairs"] = pairs
    values["extra_dhcp_opts"] = [o for o in values.get("extra_dhcp_opts") or [] if o["opt_value"] is not None]
    owner = values.get("device_owner") or ""
    groups = values.get("security_groups")
    if groups is None:
        groups = [] if not security or owner.startswith("network:") \
            else [security_groups.ensure_default(cloud, conn, values["project_id"])]
    else:
        groups = list(dict.fromkeys(groups)) if groups_read else _check_groups(conn, groups, values["project_id"],
                                                                                 caller)
        if groups and not security:
            raise E.in_use("Port has security group associated. Cannot disable port security or ip address until "
                           "security group is removed", "PortSecurityAndIPRequiredForSecurityGroups")
    host = values.get("binding:host_id") or ""
    values["binding:host_id"] = host
    values["binding:profile"] = values.get("binding:profile") or {}
    values["status"] = port_status(host, owner, values.get("admin_state_up", True))
    qos.check_policy(conn, values.get("qos_policy_id"), caller)
    requested = values.pop("fixed_ips", None)
    values.pop("security_groups", None)
    port_id = base.insert_row(cloud, conn, PORTS, values)
    allocate(conn, port_id, network["id"], mac, requested, device_owner=owner)
    if groups:
        conn.execute(_PORT_GROUPS, [{"port_id": port_id, "security_group_id": g} for g in groups])
    external_dns.port_created(cloud, conn, port_id, values.get("dns_name") or "")
    return port_id


def update_port(cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
                caller: Context | None) -> None:
    if "mac_address" in changes:
        # port-mac-address-regenerate: null asks for a fresh address
        mac = _new_mac(cloud, conn, row["network_id"]) if changes["mac_address"] is None \
            else _check_mac(changes["mac_address"])
        if mac != row["mac_address"]:
            if row["binding_host_id"] and row["device_owner"].startswith("compute:"):
                raise E.in_use(f"Port {row['id']} is bound; its MAC address cannot be changed.", "PortBound")
            if conn.execute(sa.select(t.ports.c.id).where(t.ports.c.network_id == row["network_id"],
                                                          t.ports.c.mac_address == mac)).first() is not None:
                raise E.mac_in_use(mac, row["network_id"])
        changes["mac_address"] = mac
    security = changes.get("port_security_enabled", row["port_security_enabled"])
    if "allowed_address_pairs" in changes:
        changes["allowed_address_pairs"] = _check_pairs(changes["allowed_address_pairs"] or [])
    pairs = changes.get("allowed_address_pairs", row["allowed_address_pairs"])
    if pairs and not security:
        raise E.in_use("Port Security must be enabled in order to have allowed address pairs on a port.",
                       "AddressPairAndPortSecurityRequired")
    if "security_groups" in changes:
        groups = _check_groups(conn, changes.pop("security_groups") or [], row["project_id"], caller)
        conn.execute(t.port_security_groups.delete().where(t.port_security_groups.c.port_id == row["id"]))
        if groups:
            conn.execute(t.port_security_groups.insert(), [{"port_id": row["id"], "security_group_id": g}
                                                            for g in groups])
    else:
        groups = groups_for(conn, [row["id"]])[row["id"]]
    if groups and not security:
        raise E.in_use("Port has security group associated. Cannot disable port security or ip address until "
                       "security group is removed", "PortSecurityPortHasSecurityGroup")
    renamed = "dns_name" in changes or "fixed_ips" in changes
    if "fixed_ips" in changes:
        wanted = changes.pop("fixed_ips")
        if not isinstance(wanted, list):
            raise E.bad(f"Invalid input for fixed_ips. Reason: '{wanted}' is not a list.", "HTTPBadRequest")
        current = fixed_ips_for(conn, [row["id"]])[row["id"]]
        # an entry naming an address keeps it; an entry naming only a subnet keeps the port's address
        # on that subnet (as Neutron matches them), else asks for a new one
        keep: list[dict[str, str]] = []
        new: list[dict[str, Any]] = []
        for w in wanted:
            match = next((c for c in current if c not in keep and (
                w.get("ip_address") == c["ip_address"] if w.get("ip_address")
                else w.get("subnet_id") == c["subnet_id"]) and w.get("subnet_id", c["subnet_id"]) == c["subnet_id"]),
                None)
            if match is not None:
                keep.append(match)
            else:
                new.append(w)
        for c in current:
            if c not in keep:
                ipam.release(conn, row["id"], ip=c["ip_address"])
        if new:
            allocate(conn, row["id"], row["network_id"], changes.get("mac_address", row["mac_address"]), new)
    if renamed:  # after the addresses moved: the records name the port's new ones
        external_dns.port_changed(cloud, conn, row["id"], changes.get("dns_name", row["dns_name"]))
    host = changes.get("binding:host_id", row["binding_host_id"]) or ""
    if "binding:host_id" in changes:
        changes["binding:host_id"] = host
    if "binding:host_id" in changes or "admin_state_up" in changes or "device_owner" in changes:
        changes["status"] = port_status(host, changes.get("device_owner", row["device_owner"]),
                                        changes.get("admin_state_up", row["admin_state_up"]))
    if "binding:profile" in changes:
        changes["binding:profile"] = changes["binding:profile"] or {}
    if changes.get("qos_policy_id"):
        qos.check_policy(conn, changes["qos_policy_id"], caller)
    if "extra_dhcp_opts" in changes:  # options merge by name and IP version, as Neutron's do
        changes["extra_dhcp_opts"] = _merge_dhcp_opts(row["extra_dhcp_opts"], changes["extra_dhcp_opts"])
    for name in [k for k in changes if PORTS.by_name[k].col is None]:
        changes.pop(name)
    if "status" in changes:
        conn.execute(t.ports.update().where(t.ports.c.id == row["id"]).values(status=changes.pop("status")))


# What may hang off a port besides its fixed IPs and security group bindings (which every port has), as
# columns a SELECT of ports can carry: a deletion writes only what is there.
DEPENDENTS = (
    sa.exists().where(t.floating_ips.c.port_id == t.ports.c.id).label("has_floating_ips"),
    sa.exists().where(t.port_forwardings.c.internal_port_id == t.ports.c.id).label("has_forwardings"),
    sa.exists().where(t.tags.c.resource_id == t.ports.c.id).label("has_tags"),
)

# Built once (SQLAlchemy memoizes a statement's cache key on the object): every server's delete runs them.
_PORT_GONE: Any = sa.bindparam("b_port_id")
_DEPENDENTS_OF = sa.select(t.ports.c.dns_name, *DEPENDENTS).where(t.ports.c.id == _PORT_GONE)
_DISASSOCIATE = t.floating_ips.update().where(t.floating_ips.c.port_id == _PORT_GONE).values(
    port_id=None, fixed_ip_address=None, router_id=None, status="DOWN", updated_at=sa.bindparam("b_now"),
    revision_number=t.floating_ips.c.revision_number + 1)
_UNFORWARD = t.port_forwardings.delete().where(t.port_forwardings.c.internal_port_id == _PORT_GONE)
_UNTAG = t.tags.delete().where(t.tags.c.resource_id == _PORT_GONE)
# Its fixed IPs and group bindings go by ON DELETE CASCADE, in SQLite's C: one statement instead of three
# (the statement journal that holds the three tables' pages stays in memory: the store's temp_store).
_DELETE_PORT = t.ports.delete().where(t.ports.c.id == _PORT_GONE)


def delete_port(cloud: Cloud, conn: Connection, port_id: str, dependents: Any = None) -> None:
    """Remove a port with its addresses; floating IPs on it are disassociated, as in Neutron.
    ``dependents``: the port's row with the DEPENDENTS columns, when the caller read it in this transaction."""
    facts = dependents if dependents is not None else conn.execute(_DEPENDENTS_OF, {"b_port_id": port_id}).first()
    if facts is None:
        return  # no such port: nothing to remove
    params = {"b_port_id": port_id, "b_now": cloud.clock.now()}
    if facts.dns_name:
        external_dns.port_deleting(cloud, conn, port_id)
    if facts.has_floating_ips:
        conn.execute(_DISASSOCIATE, params)
    if facts.has_forwardings:
        conn.execute(_UNFORWARD, params)
    if facts.has_tags:
        conn.execute(_UNTAG, params)
    conn.execute(_DELETE_PORT, params)


def _merge_dhcp_opts(current: list[dict[str, Any]], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = {(o["opt_name"], o["ip_version"]): o for o in current}
    for opt in changes:
        key = (opt["opt_name"], opt["ip_version"])
        if opt["opt_value"] is None:
            merged.pop(key, None)
        else:
            merged[key] = opt
    return list(merged.values())


PORTS = Resource(
    "port", "ports", t.ports, ports_schema.ATTRIBUTES,
    PortOps(), kind="Port", quota="port",
)
