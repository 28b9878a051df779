"""Networks (neutron-lib network, external-net, provider, net-mtu, port-security, availability_zone)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import address_scopes, base, ports, qos, rbac, segments
from twinstack.network.manager.base import (
    Ops,
    Resource,
)
from twinstack.network.schemas import networks as networks_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


# ports Neutron deletes itself when their network goes (the DHCP port); others block the delete
AUTO_DELETE_OWNERS = ("network:dhcp",)


def default_az(cloud: Cloud) -> str:
    section = getattr(cloud.model, "network", None)
    return section.default_availability_zone if section is not None else "nova"


class NetworkOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        c = t.networks.c
        project = caller.project_id if caller else None
        return sa.or_(c.project_id == project, c.shared.is_(True), c.external.is_(True),
                      c.id.in_(rbac.granted_networks(project)))

    def before_list(self, cloud: Cloud, caller: Context | None) -> None:
        pass

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        ids = [r["id"] for r in rows]
        subnets: dict[str, list[str]] = {i: [] for i in ids}
        for net_id, sub_id in conn.execute(sa.select(t.subnets.c.network_id, t.subnets.c.id)
                                           .where(t.subnets.c.network_id.in_(ids)).order_by(t.subnets.c.created_at)):
            subnets[net_id].append(sub_id)
        scopes = address_scopes.scopes_for_networks(conn, ids)
        az = default_az(cloud)
        shared_with_me: set[str] = set()
        if caller is not None and caller.project_id:
            shared_with_me = set(conn.execute(rbac.granted_networks(caller.project_id, "access_as_shared")
                                              .where(t.rbac_policies.c.object_id.in_(ids))).scalars())
        for r in rows:
            r["shared"] = r["shared"] or (caller is not None and r["id"] in shared_with_me
                                          and r["project_id"] != caller.project_id)
            r["subnets"] = subnets[r["id"]]
            r["availability_zones"] = [az]
            r["ipv4_address_scope"] = scopes.get((r["id"], 4))
            r["ipv6_address_scope"] = scopes.get((r["id"], 6))
            r["l2_adjacency"] = True

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        values = dict(values)
        net_type = values.get("provider:network_type") or "geneve"
        if net_type in ("flat", "vlan") and not values.get("provider:physical_network"):
            if net_type == "flat":
                values["provider:physical_network"] = "public"
            else:
                raise E.invalid_input(f"physical_network required for {net_type} provider network")
        seg = values.get("provider:segmentation_id")
        if net_type in ("vlan", "vxlan", "geneve", "gre") and seg is None:
            current = conn.execute(sa.select(sa.func.max(t.networks.c.segmentation_id))
                                   .where(t.networks.c.network_type == net_type)).scalar()
            seg = (current or 0) + 1
        if net_type in ("flat", "local"):
            seg = None
        elif seg is not None and conn.execute(sa.select(t.networks.c.id).where(
                t.networks.c.network_type == net_type, t.networks.c.segmentation_id == seg,
                t.networks.c.physical_network.is_(values.get("provider:physical_network")) if net_type == "vlan"
                else sa.true())).first() is not None:
            raise E.in_use(f"Unable to create the network. The VLAN {seg} on physical network "
                           f"{values.get('provider:physical_network')} is in use." if net_type == "vlan" else
                           f"Unable to create the network. The tunnel ID {seg} is in use.",
                           "VlanIdInUse" if net_type == "vlan" else "TunnelIdInUse")
        values["provider:network_type"] = net_type
        values["provider:segmentation_id"] = seg
        if values.get("mtu") is None:
            values["mtu"] = 1442 if net_type in ("geneve", "vxlan", "gre") else 1500
        if values.get("is_default") and not values.get("router:external"):
            raise E.bad("Invalid input for operation: is_default can only be set on external networks.", "InvalidInput")
        if values.get("is_default"):
            _clear_default(conn)
        values["status"] = "ACTIVE"
        qos.check_policy(conn, values.get("qos_policy_id"), caller)
        new_id = base.insert_row(cloud, conn, NETWORKS, values)
        segments.first_segment(cloud, conn, {"id": new_id, "project_id": values["project_id"],
                                             "network_type": net_type,
                                             "physical_network": values.get("provider:physical_network"),
                                             "segmentation_id": seg})
        return new_id

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if changes.get("qos_policy_id"):
            qos.check_policy(conn, changes["qos_policy_id"], caller)
        if "mtu" in changes and changes["mtu"] is None:  # back to the segment's default
            changes["mtu"] = 1442 if row["network_type"] in ("geneve", "vxlan", "gre") else 1500
        if changes.get("is_default") and not changes.get("router:external", row["external"]):
            raise E.bad("Invalid input for operation: is_default can only be set on external networks.", "InvalidInput")
        if changes.get("is_default"):
            _clear_default(conn)
        if changes.get("router:external") is False and row["external"]:
            used = conn.execute(sa.select(t.floating_ips.c.id).where(
                t.floating_ips.c.floating_network_id == row["id"]).limit(1)).first()
            gw = conn.execute(sa.select(t.routers.c.id).where(t.routers.c.gw_network_id == row["id"]).limit(1)).first()
            if used or gw:
                raise E.in_use(f"External network {row['id']} cannot be updated to be made non-external, "
                               "since it has existing gateway ports.", "ExternalNetworkInUse")
        if changes.get("shared") is False and row["shared"]:
            other = conn.execute(sa.select(t.ports.c.id).where(t.ports.c.network_id == row["id"],
                                                               t.ports.c.project_id != row["project_id"],
                                                               t.ports.c.device_owner.notlike("network:%"))
                                 .limit(1)).first()
            if other:
                raise E.in_use(f"Unable to reconfigure sharing settings for network {row['id']}. Multiple "
                               "tenants are using it.", "InvalidSharedSetting")

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        # an external network takes its floating IPs with it (tempest's
        # test_delete_external_networks_with_floating_ip); their ports go with the network's below
        fips = [f for (f,) in conn.execute(sa.select(t.floating_ips.c.id).where(
            t.floating_ips.c.floating_network_id == row["id"]))]
        if fips:
            conn.execute(t.port_forwardings.delete().where(t.port_forwardings.c.floatingip_id.in_(fips)))
            conn.execute(t.floating_ips.delete().where(t.floating_ips.c.id.in_(fips)))
        blocking = conn.execute(sa.select(t.ports.c.id).where(
            t.ports.c.network_id == row["id"],
            t.ports.c.device_owner.not_in((*AUTO_DELETE_OWNERS, "network:floatingip"))).limit(1)).first()
        if blocking is not None:
            raise E.network_in_use(row["id"])
        for (port_id,) in conn.execute(sa.select(t.ports.c.id).where(t.ports.c.network_id == row["id"])).all():
            ports.delete_port(cloud, conn, port_id)
        sub_ids = [s for (s,) in conn.execute(sa.select(t.subnets.c.id).where(t.subnets.c.network_id == row["id"]))]
        if sub_ids:
            conn.execute(t.tags.delete().where(t.tags.c.resource_id.in_(sub_ids)))
            conn.execute(t.subnets.delete().where(t.subnets.c.id.in_(sub_ids)))
        conn.execute(t.rbac_policies.delete().where(t.rbac_policies.c.object_id == row["id"]))
        conn.execute(t.segments.delete().where(t.segments.c.network_id == row["id"]))
        conn.execute(t.networks.delete().where(t.networks.c.id == row["id"]))


def _clear_default(conn: Connection) -> None:
    conn.execute(t.networks.update().where(t.networks.c.is_default.is_(True)).values(is_default=False))


NETWORKS = Resource(
    "network", "networks", t.networks, networks_schema.ATTRIBUTES,
    NetworkOps(), kind="Network", quota="network",
)
