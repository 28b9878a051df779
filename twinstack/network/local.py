"""Network for the other services, in-process (as Nova's network API talks to Neutron): ports for
servers, their addresses, interface attach/detach. Each call runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.network import tables as t
from twinstack.network.manager import auto_allocate, ports, quotas, security_groups
from twinstack.network.manager.rbac import granted_networks

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

DEVICE_OWNER = "compute:nova"
# A server's ports. The pattern is a literal, not a bound parameter: SQLite re-prepares a statement
# whose LIKE pattern is a parameter on every run (the value might change the plan), which cost every
# server GET about a tenth of a millisecond in its addresses and security groups.
COMPUTE_OWNED = t.ports.c.device_owner.like(sa.literal_column("'compute:%'"))


def _usable_networks(conn: Connection, project_id: str, auto: bool = False) -> list[dict[str, Any]]:
    """The networks a server that names none may land on, as Nova's _get_available_networks lists them:
    the project's own (its external ones too: DevStack's admin owns `public`, so an admin's unnamed
    request is ambiguous beside any network of its own, never silently put on one a test just made)
    and those shared with it. An "auto" request takes only its own networks that are up."""
    c = t.networks.c
    own = c.project_id == project_id
    rows = conn.execute(sa.select(t.networks).where(
        sa.or_(sa.and_(own, c.admin_state_up.is_(True)) if auto else own, c.shared.is_(True),
               c.id.in_(granted_networks(project_id, "access_as_shared")))).order_by(c.created_at, c.id))
    return [dict(r._mapping) for r in rows]


def _check_external_attach(conn: Connection, network: dict[str, Any], project_id: str, admin: bool) -> None:
    """Nova's network:attach_external_network (admin only), checked as Nova's allocate_for_instance does for
    every network a port is made on, named or chosen: no port on an external network that is not shared
    with the project (its own external network included)."""
    if admin or not network["external"] or network["shared"]:
        return
    if conn.execute(sa.select(t.networks.c.id).where(
            t.networks.c.id == network["id"],
            t.networks.c.id.in_(granted_networks(project_id, "access_as_shared")))).first() is None:
        raise ApiError(403, f"It is not allowed to create an interface on external network {network['id']}",
                       "ExternalNetworkAttachForbidden")


_NETWORK = sa.select(t.networks).where(t.networks.c.id == sa.bindparam("net_id"))
# granted_networks(project_id) for one network, built once (the same statement, with bind parameters)
_GRANTED = sa.select(t.rbac_policies.c.object_id).where(
    t.rbac_policies.c.object_type == "network",
    t.rbac_policies.c.target_tenant.in_([sa.bindparam("project_id"), sa.bindparam("everyone")]),
    t.rbac_policies.c.object_id == sa.bindparam("net_id"))


def _network(conn: Connection, net_id: str, project_id: str, admin: bool = False) -> dict[str, Any]:
    """The requested network, if the requester may see it: Nova looks it up with the caller's token, and
    an admin's token sees every network (DevStack's admin boots on demo's `private`)."""
    row = conn.execute(_NETWORK, {"net_id": net_id}).first()
    if admin and row is not None:
        return dict(row._mapping)
    # a network of the caller's needs no grant: skip the RBAC lookup (it cannot change the answer)
    granted = row is not None and row.project_id != project_id and conn.execute(
        _GRANTED, {"project_id": project_id or "", "everyone": "*", "net_id": net_id}).first() is not None
    if row is None or not (row.project_id == project_id or row.shared or row.external or granted):
        raise ApiError(400, f"Network {net_id} could not be found.", "NetworkNotFound")
    return dict(row._mapping)


def _groups(cloud: Cloud, conn: Connection, project_id: str, names: list[str]) -> list[str]:
    if not names:
        return [security_groups.ensure_default(cloud, conn, project_id)]
    out: list[str] = []
    for name in names:
        if name == "default":
            out.append(security_groups.ensure_default(cloud, conn, project_id))
            continue
        c = t.security_groups.c
        rows = conn.execute(sa.select(c.id).where(c.project_id == project_id,
                                                  sa.or_(c.id == name, c.name == name))).all()
        if not rows:
            raise ApiError(400, f"Unable to find security_group with name or id '{name}'", "SecurityGroupNotFound")
        if len(rows) > 1:
            raise ApiError(409, f"Multiple security groups found matching '{name}'. Use an ID to be more specific.",
                           "NoUniqueMatch")
        out.append(rows[0][0])
    return list(dict.fromkeys(out))


def _new_port(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, host: str, net_id: str,
              fixed_ip: str | None, groups: list[str], admin: bool = False) -> str:
    network = _network(conn, net_id, project_id, admin)
    _check_external_attach(conn, network, project_id, admin)
    quotas.check(cloud, conn, project_id, "port", t.ports)
    values: dict[str, Any] = {
        "network_id": network["id"], "project_id": project_id, "name": "", "description": "",
        "device_id": instance_uuid, "device_owner": DEVICE_OWNER, "admin_state_up": True,
        "fixed_ips": [{"ip_address": fixed_ip}] if fixed_ip else None,
        "security_groups": groups if network["port_security_enabled"] else [],
        "binding:host_id": host, "binding:vnic_type": "normal", "binding:profile": {},
        "allowed_address_pairs": [], "dns_name": "", "port_security_enabled": None,
        "created_for_instance": True,
    }
    with conn.begin_nested():
        # the network and the groups were read (and checked) above, in this transaction
        return ports.create_port(cloud, conn, values, None, network=network, groups_read=True)


def _bind_existing(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, host: str,
                   port_id: str) -> None:
    row = conn.execute(sa.select(t.ports).where(t.ports.c.id == port_id)).first()
    if row is None or (row.project_id != project_id and not _on_own_network(conn, row.network_id, project_id)):
        raise ApiError(404, f"Port {port_id} could not be found.", "PortNotFound")
    if row.device_id and row.device_id != instance_uuid:
        raise ApiError(409, f"Port {port_id} is still in use.", "PortInUse")
    conn.execute(t.ports.update().where(t.ports.c.id == port_id).values(
        device_id=instance_uuid, device_owner=DEVICE_OWNER, binding_host_id=host, status="ACTIVE",
        updated_at=cloud.clock.now(), revision_number=t.ports.c.revision_number + 1))


def _on_own_network(conn: Connection, net_id: str, project_id: str) -> bool:
    return conn.execute(sa.select(t.networks.c.id).where(t.networks.c.id == net_id,
                                                         t.networks.c.project_id == project_id)).first() is not None


def _vifs_of(ports_: Any) -> Any:
    """Ports with their network's name and their fixed IPs (a row per address, the addresses of a port in
    key order; one with no address has one row), in one statement built once."""
    a = t.ip_allocations.c
    return (sa.select(t.ports.c.id, t.ports.c.network_id, t.ports.c.mac_address, t.ports.c.created_for_instance,
                      t.networks.c.name.label("network_name"), a.subnet_id, a.ip_address)
            .join(t.networks, t.networks.c.id == t.ports.c.network_id)
            .outerjoin(t.ip_allocations, a.port_id == t.ports.c.id)
            .where(ports_).order_by(a.ip_key))


_VIFS = _vifs_of(t.ports.c.id.in_(sa.bindparam("port_ids", expanding=True)))
_VIF = _vifs_of(t.ports.c.id == sa.bindparam("port_id"))  # one port (a server's usual one): no IN list


def vifs(conn: Connection, port_ids: list[str]) -> list[dict[str, Any]]:
    if not port_ids:
        return []
    found = (conn.execute(_VIF, {"port_id": port_ids[0]}) if len(port_ids) == 1
             else conn.execute(_VIFS, {"port_ids": list(port_ids)}))
    out: dict[str, dict[str, Any]] = {}
    for r in found:
        vif = out.get(r.id)
        if vif is None:
            vif = out[r.id] = {"port_id": r.id, "network_id": r.network_id, "network_name": r.network_name,
                               "mac_address": r.mac_address, "preexisting": not r.created_for_instance,
                               "fixed_ips": []}
        if r.ip_address is not None:
            vif["fixed_ips"].append({"ip_address": r.ip_address, "subnet_id": r.subnet_id,
                                     "version": 6 if ":" in r.ip_address else 4})
    return [out[pid] for pid in port_ids]


def allocate_for_instance(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, host: str,
                          requested: list[dict[str, Any]] | str | None, security_groups: list[str],
                          describe: bool = True, admin: bool = False) -> list[dict]:
    """All of a server's ports, or none of them (a savepoint: a failure leaves nothing behind).
    ``describe=False`` (a trial the caller rolls back) skips reading the new ports back: []."""
    with conn.begin_nested():
        allocated = _allocate(cloud, conn, instance_uuid, project_id, host, requested, security_groups, describe,
                              admin)
        if describe and allocated:
            _binding_fault(cloud, project_id, host, allocated)
        return allocated


def validate_for_instance(cloud: Cloud, conn: Connection, project_id: str,
                          requested: list[dict[str, Any]] | str | None, security_groups: list[str],
                          admin: bool = False) -> None:
    """Nova's validate_networks at POST /servers, without making ports (the build does, after
    scheduling): the named security groups exist, each requested network exists and the caller may use
    it (or, with none named, exactly one is usable), a requested port exists and is free, and the port
    quota has room for the new ones; raises as the allocation itself would. A fixed IP or "auto" is tried
    in a savepoint and rolled back instead: only an allocation can tell whether that address is free or
    the auto-allocated topology can be made."""
    if requested == "none":
        return
    if requested == "auto" or (isinstance(requested, list) and any(i.get("fixed_ip") for i in requested)):
        savepoint = conn.begin_nested()
        try:
            allocate_for_instance(cloud, conn, "00000000-0000-0000-0000-000000000000", project_id, "", requested,
                                  security_groups, describe=False, admin=admin)
        finally:
            savepoint.rollback()
        return
    _check_group_names(conn, project_id, list(security_groups or []))
    new_ports = 0
    if requested is None:
        nets = _usable_networks(conn, project_id)
        if len(nets) > 1:
            raise ApiError(409, "Multiple possible networks found, use a Network ID to be more specific.",
                           "NetworkAmbiguous")
        new_ports = len(nets)
    else:
        for item in cast("list[dict[str, Any]]", requested):  # "auto" and "none" are handled above
            if item.get("port"):
                _free_port(conn, project_id, item["port"])
            else:
                _network(conn, item["uuid"], project_id, admin)
                new_ports += 1
    if new_ports:
        quotas.check(cloud, conn, project_id, "port", t.ports, delta=new_ports)


_GROUP_BY_NAME = sa.select(t.security_groups.c.id).where(
    t.security_groups.c.project_id == sa.bindparam("project_id"),
    sa.or_(t.security_groups.c.id == sa.bindparam("name"), t.security_groups.c.name == sa.bindparam("name")))


def _check_group_names(conn: Connection, project_id: str, names: list[str]) -> None:
    """As _groups, read-only: "default" is made on first use, so only other names are looked up."""
    for name in names:
        if name == "default":
            continue
        rows = conn.execute(_GROUP_BY_NAME, {"project_id": project_id, "name": name}).all()
        if not rows:
            raise ApiError(400, f"Unable to find security_group with name or id '{name}'", "SecurityGroupNotFound")
        if len(rows) > 1:
            raise ApiError(409, f"Multiple security groups found matching '{name}'. Use an ID to be more specific.",
                           "NoUniqueMatch")


_PORT = sa.select(t.ports).where(t.ports.c.id == sa.bindparam("port_id"))


def _free_port(conn: Connection, project_id: str, port_id: str) -> None:
    """As _bind_existing, read-only: the port exists, is the caller's (or on their network) and is free."""
    row = conn.execute(_PORT, {"port_id": port_id}).first()
    if row is None or (row.project_id != project_id and not _on_own_network(conn, row.network_id, project_id)):
        raise ApiError(404, f"Port {port_id} could not be found.", "PortNotFound")
    if row.device_id:
        raise ApiError(409, f"Port {port_id} is still in use.", "PortInUse")


def _binding_fault(cloud: Cloud, project_id: str, host: str, allocated: list[dict]) -> None:
    """The fault engine's port_binding_failure: the mechanism driver cannot bind on this host, as
    Neutron answers with binding:vif_type=binding_failed; Nova fails the build with PortBindingFailed
    (raising here also rolls the ports back)."""
    if cloud.faults.check("network.bind", host=host, project_id=project_id) is not None:
        port_id = allocated[0]["port_id"]
        raise ApiError(500, f"Binding failed for port {port_id}, please check neutron logs for more information.",
                       "PortBindingFailed")


def _allocate(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, host: str,
              requested: list[dict[str, Any]] | str | None, security_groups: list[str],
              describe: bool = True, admin: bool = False) -> list[dict]:
    if requested == "none":
        return []
    groups = _groups(cloud, conn, project_id, list(security_groups or []))
    port_ids: list[str] = []
    if requested is None or requested == "auto":
        nets = _usable_networks(conn, project_id, auto=requested == "auto")
        if len(nets) > 1:
            raise ApiError(409, "Multiple possible networks found, use a Network ID to be more specific.",
                           "NetworkAmbiguous")
        if not nets and requested == "auto":
            nets = [{"id": auto_allocate.allocate(cloud, conn, project_id)}]
        elif not nets:
            return []
        port_ids.append(_new_port(cloud, conn, instance_uuid, project_id, host, nets[0]["id"], None, groups, admin))
        return vifs(conn, port_ids) if describe else []
    for item in cast("list[dict[str, Any]]", requested):  # "auto", "none" and None are handled above
        if item.get("port"):
            _bind_existing(cloud, conn, instance_uuid, project_id, host, item["port"])
            port_ids.append(item["port"])
        else:
            port_ids.append(_new_port(cloud, conn, instance_uuid, project_id, host, item["uuid"],
                                      item.get("fixed_ip"), groups, admin))
    return vifs(conn, port_ids) if describe else []


def _release(cloud: Cloud, conn: Connection, row: Any) -> None:
    """Delete the port Nova made, or give back the one the user brought (``row``: _PORTS_OF's columns)."""
    if row.created_for_instance:
        ports.delete_port(cloud, conn, row.id, row)
    else:
        conn.execute(t.ports.update().where(t.ports.c.id == row.id).values(
            device_id="", device_owner="", binding_host_id="", status="DOWN", updated_at=cloud.clock.now(),
            revision_number=t.ports.c.revision_number + 1))


# a server's ports, with what a deletion has to clear besides them (ports.DEPENDENTS): one statement
_PORTS_OF = sa.select(t.ports, *ports.DEPENDENTS).where(t.ports.c.device_id == sa.bindparam("instance_uuid"),
                                                        COMPUTE_OWNED)


def deallocate_for_instance(cloud: Cloud, conn: Connection, instance_uuid: str) -> None:
    for row in conn.execute(_PORTS_OF, {"instance_uuid": instance_uuid}).all():
        _release(cloud, conn, row)


def bind_ports(cloud: Cloud, conn: Connection, instance_uuid: str, host: str) -> None:
    conn.execute(t.ports.update().where(t.ports.c.device_id == instance_uuid,
                                        COMPUTE_OWNED).values(
        binding_host_id=host, status="ACTIVE", updated_at=cloud.clock.now(),
        revision_number=t.ports.c.revision_number + 1))


def _over_addresses(columns: sa.Select[Any], servers: Any) -> sa.Select[Any]:
    """``columns`` over the fixed IPs of servers' ports with the floating IP on each (Neutron allows one
    floating IP per fixed IP: the outer join adds no rows)."""
    return (columns
            .join(t.networks, t.networks.c.id == t.ports.c.network_id)
            .join(t.ip_allocations, t.ip_allocations.c.port_id == t.ports.c.id)
            .outerjoin(t.floating_ips, sa.and_(t.floating_ips.c.port_id == t.ports.c.id,
                                               t.floating_ips.c.fixed_ip_address == t.ip_allocations.c.ip_address))
            .where(servers, COMPUTE_OWNED))


def _addresses_of(servers: Any) -> Any:
    """Servers' addresses in one statement built once (SQLAlchemy memoizes a statement's cache key on the
    object): every server body asks it."""
    return (_over_addresses(sa.select(t.ports.c.id, t.ports.c.device_id, t.ports.c.mac_address, t.networks.c.name,
                                      t.ip_allocations.c.ip_address, t.floating_ips.c.floating_ip_address), servers)
            .order_by(t.ports.c.created_at, t.ports.c.id, t.ip_allocations.c.ip_key,
                      t.floating_ips.c.floating_ip_address))


_ADDRESSES = _addresses_of(t.ports.c.device_id.in_(sa.bindparam("uuids", expanding=True)))
_ADDRESSES_ONE = _addresses_of(t.ports.c.device_id == sa.bindparam("uuid"))  # a show: no IN list to expand


def addresses(cloud: Cloud, conn: Connection, instance_uuids: list[str]) -> dict[str, dict[str, list[dict]]]:
    out: dict[str, dict[str, list[dict]]] = {u: {} for u in instance_uuids}
    if not instance_uuids:
        return out
    if len(instance_uuids) == 1:
        rows = conn.execute(_ADDRESSES_ONE, {"uuid": instance_uuids[0]}).all()
    else:
        rows = conn.execute(_ADDRESSES, {"uuids": instance_uuids}).all()
    _add_addresses(out, rows)
    return out


def _add_addresses(out: dict[str, dict[str, list[dict]]], rows: Sequence[Any]) -> None:
    """Rows of _addresses_of's columns, in its order, into Nova's ``addresses`` per server and network."""
    last: tuple[str, str] | None = None
    entries: list[dict] = []
    for r in rows:
        if (r.id, r.ip_address) != last:
            last = (r.id, r.ip_address)
            entries = out[r.device_id].setdefault(r.name, [])
            entries.append({"addr": r.ip_address, "version": 6 if ":" in r.ip_address else 4,
                            "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": r.mac_address})
        if r.floating_ip_address is not None:
            entries.append({"addr": r.floating_ip_address, "version": 4, "OS-EXT-IPS:type": "floating",
                            "OS-EXT-IPS-MAC:mac_addr": r.mac_address})


def attach_interface(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, host: str,
                     net_id: str | None = None, port_id: str | None = None, fixed_ip: str | None = None,
                     admin: bool = False) -> dict:
    if port_id:
        _bind_existing(cloud, conn, instance_uuid, project_id, host, port_id)
        return vifs(conn, [port_id])[0]
    if net_id is None:
        nets = _usable_networks(conn, project_id)
        if not nets:
            raise ApiError(400, "No network available for the interface.", "NetworkRequired")
        if len(nets) > 1:
            raise ApiError(409, "Multiple possible networks found, use a Network ID to be more specific.",
                           "NetworkAmbiguous")
        net_id = nets[0]["id"]
    groups = _groups(cloud, conn, project_id, [])
    return vifs(conn, [_new_port(cloud, conn, instance_uuid, project_id, host, net_id, fixed_ip, groups, admin)])[0]


def detach_interface(cloud: Cloud, conn: Connection, instance_uuid: str, port_id: str) -> None:
    row = conn.execute(sa.select(t.ports, *ports.DEPENDENTS)
                       .where(t.ports.c.id == port_id, t.ports.c.device_id == instance_uuid)).first()
    if row is None:
        raise ApiError(404, f"Port {port_id} is not attached", "PortNotFound")
    _release(cloud, conn, row)


# -- security groups of a server (Nova's addSecurityGroup/removeSecurityGroup, os-security-groups) ----
def _over_groups(columns: sa.Select[Any], servers: Any) -> sa.Select[Any]:
    """``columns`` over the security groups bound to servers' ports."""
    c = t.port_security_groups.c
    return (columns
            .join(t.port_security_groups, c.port_id == t.ports.c.id)
            .join(t.security_groups, t.security_groups.c.id == c.security_group_id)
            .where(servers, COMPUTE_OWNED))


def _groups_of(servers: Any) -> Any:
    return (_over_groups(sa.select(t.ports.c.device_id, t.security_groups.c.id, t.security_groups.c.name,
                                   t.security_groups.c.description).distinct(), servers)
            .order_by(t.security_groups.c.name))


_GROUPS_OF_ONE = _groups_of(t.ports.c.device_id == sa.bindparam("uuid"))


def security_groups_for(cloud: Cloud, conn: Connection, instance_uuids: list[str]) -> dict[str, list[dict]]:
    """{instance_uuid: [{"id", "name", "description"}]}: the groups on the server's ports, in one query."""
    out: dict[str, list[dict]] = {u: [] for u in instance_uuids}
    if not instance_uuids:
        return out
    if len(instance_uuids) == 1:  # a show: one statement built once
        rows = conn.execute(_GROUPS_OF_ONE, {"uuid": instance_uuids[0]})
    else:
        rows = conn.execute(_groups_of(t.ports.c.device_id.in_(instance_uuids)))
    for r in rows:
        out[r.device_id].append({"id": r.id, "name": r.name, "description": r.description})
    return out


class ServerNetworking(NamedTuple):
    """What a server body shows from Neutron, per server."""

    addresses: dict[str, dict[str, list[dict]]]  # as addresses() answers
    security_groups: dict[str, list[dict]]  # as security_groups_for() answers


def _networking_of(servers: Any) -> Any:
    """What a server body shows from Neutron, its addresses and its security groups, in one statement
    built once: _addresses_of's rows (kind 0, in its order), then _groups_of's (kind 1, by name; a group on
    two ports of a server comes twice: a DISTINCT would have PostgreSQL type this branch's nulls as text).
    The columns one kind does not use are null."""
    p, a, f, sg = t.ports.c, t.ip_allocations.c, t.floating_ips.c, t.security_groups.c

    def nulls(*names: str) -> list[Any]:
        return [sa.null().label(name) for name in names]

    fixed = _over_addresses(sa.select(
        sa.literal_column("0").label("kind"), p.device_id, p.created_at, p.id, a.ip_key, f.floating_ip_address,
        *nulls("group_name"), p.mac_address, t.networks.c.name, a.ip_address, *nulls("group_id", "group_description")),
        servers)
    groups = _over_groups(sa.select(
        sa.literal_column("1"), p.device_id, *nulls("created_at", "id", "ip_key", "floating_ip_address"), sg.name,
        *nulls("mac_address", "name", "ip_address"), sg.id, sg.description), servers)
    both = sa.union_all(fixed, groups)
    c = both.selected_columns
    return both.order_by(c.kind, c.created_at, c.id, c.ip_key, c.floating_ip_address, c.group_name)


_NETWORKING = _networking_of(t.ports.c.device_id.in_(sa.bindparam("uuids", expanding=True)))
_NETWORKING_ONE = _networking_of(t.ports.c.device_id == sa.bindparam("uuid"))  # a show: no IN list to expand


def server_networking(cloud: Cloud, conn: Connection, instance_uuids: list[str]) -> ServerNetworking:
    """addresses() and security_groups_for() of the same servers in one statement (a server body shows
    both; one read instead of two for every GET of a server)."""
    out = ServerNetworking({u: {} for u in instance_uuids}, {u: [] for u in instance_uuids})
    if not instance_uuids:
        return out
    rows = (conn.execute(_NETWORKING_ONE, {"uuid": instance_uuids[0]}) if len(instance_uuids) == 1
            else conn.execute(_NETWORKING, {"uuids": instance_uuids})).all()
    split = next((i for i, r in enumerate(rows) if r.kind == 1), len(rows))
    _add_addresses(out.addresses, rows[:split])
    seen: set[tuple[str, str]] = set()
    for r in rows[split:]:
        if (r.device_id, r.group_id) not in seen:
            seen.add((r.device_id, r.group_id))
            out.security_groups[r.device_id].append({"id": r.group_id, "name": r.group_name,
                                                     "description": r.group_description})
    return out


def _server_ports(conn: Connection, instance_uuid: str) -> list[Any]:
    return list(conn.execute(sa.select(t.ports).where(t.ports.c.device_id == instance_uuid,
                                                      COMPUTE_OWNED)))


def _no_ports(instance_uuid: str) -> ApiError:
    return ApiError(404, f"instance_id {instance_uuid} could not be found as device id on any ports",
                    "SecurityGroupNotFound")


def add_security_group(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, group: str) -> None:
    """Add a group (name or id) to every port of the server; 404 when the project has no such group or
    the server no port; 400 when a port has it already (Neutron refuses the duplicate Nova sends)."""
    c = t.security_groups.c
    if group == "default":
        sg_id = security_groups.ensure_default(cloud, conn, project_id)
    else:
        rows = conn.execute(sa.select(c.id).where(c.project_id == project_id,
                                                  sa.or_(c.id == group, c.name == group))).all()
        if not rows:
            raise ApiError(404, f"Security group {group} not found for project {project_id}.",
                           "SecurityGroupNotFound")
        if len(rows) > 1:
            raise ApiError(409, f"Multiple security groups found matching '{group}'. Use an ID to be more "
                           "specific.", "NoUniqueMatch")
        sg_id = rows[0][0]
    server_ports = _server_ports(conn, instance_uuid)
    if not server_ports:
        raise _no_ports(instance_uuid)
    for port in server_ports:  # noqa: F402 (service_ports.port, re-exported below, is not used here)
        if not port.port_security_enabled:
            raise ApiError(400, f"Cannot add security group {group} to port {port.id}: port security is disabled.",
                           "PortSecurityDisabled")
        exists = conn.execute(sa.select(t.port_security_groups.c.port_id).where(
            t.port_security_groups.c.port_id == port.id, t.port_security_groups.c.security_group_id == sg_id)).first()
        if exists is not None:
            raise ApiError(400, f"Invalid input for security_groups. Reason: Duplicate items in the list: '{sg_id}'.",
                           "SecurityGroupCannotBeApplied")
        conn.execute(t.port_security_groups.insert().values(port_id=port.id, security_group_id=sg_id))


def remove_security_group(cloud: Cloud, conn: Connection, instance_uuid: str, project_id: str, group: str) -> None:
    """Remove a group (name or id) from the server's ports; 400 when it is not on them, as Nova says."""
    c = t.security_groups.c
    ids = [r[0] for r in conn.execute(sa.select(c.id).where(c.project_id == project_id,
                                                            sa.or_(c.id == group, c.name == group)))]
    if not ids:
        raise ApiError(404, f"Security group {group} not found for project {project_id}.", "SecurityGroupNotFound")
    port_ids = [p.id for p in _server_ports(conn, instance_uuid)]
    if not port_ids:
        raise _no_ports(instance_uuid)
    gone = conn.execute(t.port_security_groups.delete().where(
        t.port_security_groups.c.port_id.in_(port_ids), t.port_security_groups.c.security_group_id.in_(ids)))
    if not gone.rowcount:
        raise ApiError(400, f"Security group {group} not associated with the instance {instance_uuid}",
                       "SecurityGroupNotAssociated")


# the proxy APIs' and service ports' calls live in their own modules; this stays the one door
from twinstack.network.proxies import (  # noqa: E402,F401
    create_floating_ip,
    create_security_group,
    create_security_group_rule,
    delete_floating_ip,
    delete_security_group,
    delete_security_group_rule,
    external_networks,
    list_floating_ips,
    list_ports,
    list_security_groups,
    show_floating_ip,
    show_port,
    show_security_group,
    update_floating_ip,
    update_security_group,
    visible_networks,
)
from twinstack.network.service_ports import (  # noqa: E402,F401
    claim_port,
    create_resource,
    create_service_port,
    delete_resource,
    find_network,
    find_resource_id,
    find_subnet,
    network_subnets,
    port,
    release_service_port,
    router_interface,
    show_resource,
    subnet,
    update_resource,
)
