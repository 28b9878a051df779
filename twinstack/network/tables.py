"""Network's tables, in the shape of Neutron's own: one row per resource carrying its standard
attributes, IP allocations keyed so no address is handed out twice, tags in their own indexed table."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.store import metadata

ID = sa.String(64)


def _standard(name: str) -> list[sa.Column]:
    """Neutron's standard attributes: every resource has them."""
    return [
        sa.Column("id", ID, primary_key=True),
        sa.Column("project_id", ID, nullable=False, index=True),
        sa.Column("name", sa.String(255), nullable=False, default="", index=True),
        sa.Column("description", sa.String(255), nullable=False, default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("revision_number", sa.Integer, nullable=False, default=0),
    ]


networks = sa.Table(
    "network_networks", metadata,
    *_standard("network"),
    sa.Column("admin_state_up", sa.Boolean, nullable=False, default=True),
    sa.Column("status", sa.String(16), nullable=False, default="ACTIVE"),
    sa.Column("shared", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("external", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("is_default", sa.Boolean, nullable=False, default=False),
    sa.Column("mtu", sa.Integer, nullable=False, default=1500),
    sa.Column("port_security_enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("network_type", sa.String(32), nullable=True),
    sa.Column("physical_network", sa.String(64), nullable=True),
    sa.Column("segmentation_id", sa.Integer, nullable=True),
    sa.Column("availability_zone_hints", sa.JSON, nullable=False, default=list),
    sa.Column("dns_domain", sa.String(255), nullable=True),
    sa.Column("qos_policy_id", ID, nullable=True, index=True),
)

address_scopes = sa.Table(
    "network_address_scopes", metadata,
    *_standard("address_scope"),
    sa.Column("ip_version", sa.Integer, nullable=False),
    sa.Column("shared", sa.Boolean, nullable=False, default=False, index=True),
)

# Address groups (address-group): sets of CIDRs a security group rule may name as its remote end.
address_groups = sa.Table(
    "network_address_groups", metadata,
    *_standard("address_group"),
    sa.Column("addresses", sa.JSON, nullable=False, default=list),  # normalized CIDRs, sorted
)

subnetpools = sa.Table(
    "network_subnetpools", metadata,
    *_standard("subnetpool"),
    sa.Column("ip_version", sa.Integer, nullable=False),
    sa.Column("prefixes", sa.JSON, nullable=False, default=list),
    sa.Column("default_prefixlen", sa.Integer, nullable=False),
    sa.Column("min_prefixlen", sa.Integer, nullable=False),
    sa.Column("max_prefixlen", sa.Integer, nullable=False),
    sa.Column("shared", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("is_default", sa.Boolean, nullable=False, default=False),
    sa.Column("default_quota", sa.Integer, nullable=True),
    sa.Column("address_scope_id", ID, nullable=True, index=True),
)

# A network's segments (segment extension): the first mirrors its provider attributes.
segments = sa.Table(
    "network_segments", metadata,
    # a segment's name is null until given (neutron-lib's segment definition: default None)
    *[c if c.name != "name" else sa.Column("name", sa.String(255), nullable=True, index=True)
      for c in _standard("segment")],
    sa.Column("network_id", ID, sa.ForeignKey("network_networks.id"), nullable=False, index=True),
    sa.Column("network_type", sa.String(32), nullable=False),
    sa.Column("physical_network", sa.String(64), nullable=True),
    sa.Column("segmentation_id", sa.Integer, nullable=True),
)

subnets = sa.Table(
    "network_subnets", metadata,
    *_standard("subnet"),
    sa.Column("network_id", ID, sa.ForeignKey("network_networks.id"), nullable=False, index=True),
    sa.Column("ip_version", sa.Integer, nullable=False),
    sa.Column("cidr", sa.String(64), nullable=False, index=True),
    sa.Column("gateway_ip", sa.String(64), nullable=True),
    sa.Column("enable_dhcp", sa.Boolean, nullable=False, default=True),
    sa.Column("ipv6_ra_mode", sa.String(16), nullable=True),
    sa.Column("ipv6_address_mode", sa.String(16), nullable=True),
    sa.Column("subnetpool_id", ID, nullable=True, index=True),
    sa.Column("segment_id", ID, nullable=True),
    sa.Column("allocation_pools", sa.JSON, nullable=False, default=list),  # [{"start", "end"}]
    sa.Column("dns_nameservers", sa.JSON, nullable=False, default=list),
    sa.Column("host_routes", sa.JSON, nullable=False, default=list),
    sa.Column("service_types", sa.JSON, nullable=False, default=list),
    # IPAM: where the next search for a free address starts (an ip key, see ipam.py)
    sa.Column("ipam_cursor", sa.String(40), nullable=True),
)

# Every index of a table is one more page each insert and delete of a row writes (a server's boot and delete
# each write a port: its table, its indexes, its addresses'). Ports keep those that reads use: their id, the
# (network_id, mac_address) key (also serving lookups by network_id alone), project_id (visibility),
# device_id (a server's, a router's ports) and name (clients find a port by name: openstacksdk's find_port,
# Ansible's, Terraform's data sources); a filter on device_owner or binding:host_id alone reads the
# project's ports (or all, for an admin) instead. A QoS policy's ports (its deletion asks whether it is in use)
# are indexed where there is one: the ports without a policy, nearly all, are no part of that index.
ports = sa.Table(
    "network_ports", metadata,
    *_standard("port"),
    sa.Column("network_id", ID, sa.ForeignKey("network_networks.id"), nullable=False),
    sa.Column("mac_address", sa.String(32), nullable=False),
    sa.Column("admin_state_up", sa.Boolean, nullable=False, default=True),
    sa.Column("status", sa.String(16), nullable=False, default="DOWN"),
    sa.Column("device_id", sa.String(255), nullable=False, default="", index=True),
    sa.Column("device_owner", sa.String(255), nullable=False, default=""),
    sa.Column("binding_host_id", sa.String(255), nullable=False, default=""),
    sa.Column("binding_vnic_type", sa.String(32), nullable=False, default="normal"),
    sa.Column("binding_profile", sa.JSON, nullable=False, default=dict),
    sa.Column("port_security_enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("allowed_address_pairs", sa.JSON, nullable=False, default=list),
    sa.Column("dns_name", sa.String(255), nullable=False, default=""),
    sa.Column("extra_dhcp_opts", sa.JSON, nullable=False, default=list),
    sa.Column("qos_policy_id", ID, nullable=True),
    sa.Column("propagate_uplink_status", sa.Boolean, nullable=False, default=False),
    sa.Column("numa_affinity_policy", sa.String(16), nullable=True),
    sa.Column("device_profile", sa.String(255), nullable=True),
    # set by Nova's network API when it created the port for a server (deleted with it)
    sa.Column("created_for_instance", sa.Boolean, nullable=False, default=False),
    sa.UniqueConstraint("network_id", "mac_address", name="uq_network_ports_network_mac"),
)
# Partial: most ports have no QoS policy, and only those that do are indexed (MariaDB has no partial index:
# all). PostgreSQL's is plain DDL run when the table is made: `postgresql_where=` on the Index would import
# SQLAlchemy's PostgreSQL dialect at every start (~13 ms), whatever the store.
_QOS_INDEX = "ix_network_ports_qos_policy_id"


def _not_postgresql(*_args: Any, dialect: Any, **_kw: Any) -> bool:
    return bool(dialect.name != "postgresql")


sa.Index(_QOS_INDEX, ports.c.qos_policy_id, sqlite_where=ports.c.qos_policy_id.is_not(None)).ddl_if(
    callable_=_not_postgresql)
sa.event.listen(ports, "after_create", sa.DDL(
    f"CREATE INDEX {_QOS_INDEX} ON network_ports (qos_policy_id) WHERE qos_policy_id IS NOT NULL",
).execute_if(dialect="postgresql"))

# One row per fixed IP. (network_id, ip_address) is unique: two requests racing for the last free
# address cannot both win, whatever the isolation level. On SQLite the rows are that key's b-tree (WITHOUT
# ROWID): one b-tree fewer for each address written.
ip_allocations = sa.Table(
    "network_ip_allocations", metadata,
    sa.Column("port_id", ID, sa.ForeignKey("network_ports.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("subnet_id", ID, sa.ForeignKey("network_subnets.id"), nullable=False),
    sa.Column("network_id", ID, nullable=False),
    sa.Column("ip_address", sa.String(64), nullable=False, index=True),
    sa.Column("ip_key", sa.String(40), nullable=False),  # fixed-width hex, sorts as the address does
    sa.PrimaryKeyConstraint("network_id", "ip_address", name="pk_network_ip_allocations"),
    sa.Index("ix_network_ip_allocations_subnet_key", "subnet_id", "ip_key"),
    sqlite_with_rowid=False,
)

port_security_groups = sa.Table(
    "network_port_security_groups", metadata,
    sa.Column("port_id", ID, sa.ForeignKey("network_ports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("security_group_id", ID, sa.ForeignKey("network_security_groups.id"), primary_key=True, index=True),
    sqlite_with_rowid=False,  # the rows are their key's b-tree, as ip_allocations'
)

routers = sa.Table(
    "network_routers", metadata,
    *_standard("router"),
    sa.Column("admin_state_up", sa.Boolean, nullable=False, default=True),
    sa.Column("status", sa.String(16), nullable=False, default="ACTIVE"),
    sa.Column("gw_port_id", ID, nullable=True),
    sa.Column("gw_network_id", ID, nullable=True, index=True),
    sa.Column("enable_snat", sa.Boolean, nullable=False, default=True),
    sa.Column("gw_qos_policy_id", ID, nullable=True, index=True),  # qos-gateway-ip: the gateway's QoS policy
    sa.Column("distributed", sa.Boolean, nullable=False, default=False),
    sa.Column("ha", sa.Boolean, nullable=False, default=False),
    sa.Column("routes", sa.JSON, nullable=False, default=list),
    sa.Column("availability_zone_hints", sa.JSON, nullable=False, default=list),
    sa.Column("flavor_id", ID, nullable=True),
)

floating_ips = sa.Table(
    "network_floating_ips", metadata,
    *_standard("floatingip"),
    sa.Column("floating_network_id", ID, sa.ForeignKey("network_networks.id"), nullable=False, index=True),
    sa.Column("floating_ip_address", sa.String(64), nullable=False, index=True),
    sa.Column("floating_port_id", ID, nullable=False),
    sa.Column("port_id", ID, nullable=True, index=True),
    sa.Column("fixed_ip_address", sa.String(64), nullable=True),
    sa.Column("router_id", ID, nullable=True, index=True),
    sa.Column("status", sa.String(16), nullable=False, default="DOWN"),
    sa.Column("dns_name", sa.String(255), nullable=False, default=""),
    sa.Column("dns_domain", sa.String(255), nullable=False, default=""),
    sa.Column("qos_policy_id", ID, nullable=True, index=True),  # qos-fip
)

security_groups = sa.Table(
    "network_security_groups", metadata,
    *_standard("security_group"),
    sa.Column("stateful", sa.Boolean, nullable=False, default=True),
)

# Which group is a project's ``default`` one; the primary key stops two racing requests from
# creating two defaults for one project.
default_security_groups = sa.Table(
    "network_default_security_groups", metadata,
    sa.Column("project_id", ID, primary_key=True),
    sa.Column("security_group_id", ID, sa.ForeignKey("network_security_groups.id", ondelete="CASCADE"), nullable=False),
)

security_group_rules = sa.Table(
    "network_security_group_rules", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=False, index=True),
    sa.Column("description", sa.String(255), nullable=False, default=""),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("revision_number", sa.Integer, nullable=False, default=0),
    sa.Column("security_group_id", ID, sa.ForeignKey("network_security_groups.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("ethertype", sa.String(8), nullable=False),
    sa.Column("protocol", sa.String(40), nullable=True),
    sa.Column("port_range_min", sa.Integer, nullable=True),
    sa.Column("port_range_max", sa.Integer, nullable=True),
    sa.Column("remote_ip_prefix", sa.String(64), nullable=True),
    sa.Column("remote_group_id", ID, nullable=True, index=True),
    sa.Column("remote_address_group_id", ID, nullable=True),
)

# RBAC entries sharing a network with one project (or "*"): access_as_shared or access_as_external.
rbac_policies = sa.Table(
    "network_rbac_policies", metadata,
    *_standard("rbac_policy"),
    sa.Column("object_type", sa.String(32), nullable=False),
    sa.Column("object_id", ID, nullable=False, index=True),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target_tenant", sa.String(255), nullable=False, index=True),
    sa.UniqueConstraint("object_type", "object_id", "action", "target_tenant", name="uq_network_rbac_policies"),
)

# Templates of the rules every new security group gets (security-groups-default-rules); a
# remote_group_id of "PARENT" means the new group itself.
default_security_group_rules = sa.Table(
    "network_default_security_group_rules", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("description", sa.String(255), nullable=False, default=""),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("ethertype", sa.String(8), nullable=False),
    sa.Column("protocol", sa.String(40), nullable=True),
    sa.Column("port_range_min", sa.Integer, nullable=True),
    sa.Column("port_range_max", sa.Integer, nullable=True),
    sa.Column("remote_ip_prefix", sa.String(64), nullable=True),
    sa.Column("remote_group_id", ID, nullable=True),
    sa.Column("remote_address_group_id", ID, nullable=True),
    sa.Column("used_in_default_sg", sa.Boolean, nullable=False, default=False),
    sa.Column("used_in_non_default_sg", sa.Boolean, nullable=False, default=True),
)

trunks = sa.Table(
    "network_trunks", metadata,
    *_standard("trunk"),
    sa.Column("port_id", ID, sa.ForeignKey("network_ports.id"), nullable=False, unique=True),
    sa.Column("admin_state_up", sa.Boolean, nullable=False, default=True),
    sa.Column("status", sa.String(16), nullable=False, default="DOWN"),
)

# A sub-port belongs to one trunk; a segmentation id is used once per trunk.
subports = sa.Table(
    "network_subports", metadata,
    sa.Column("port_id", ID, sa.ForeignKey("network_ports.id"), primary_key=True),
    sa.Column("trunk_id", ID, sa.ForeignKey("network_trunks.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("segmentation_type", sa.String(32), nullable=False),
    sa.Column("segmentation_id", sa.Integer, nullable=False),
    sa.UniqueConstraint("trunk_id", "segmentation_type", "segmentation_id", name="uq_network_subports_segment"),
)

# Port forwardings on a floating IP (floating-ip-port-forwarding): external port -> a port's fixed IP.
port_forwardings = sa.Table(
    "network_port_forwardings", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("floatingip_id", ID, sa.ForeignKey("network_floating_ips.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("internal_port_id", ID, nullable=False, index=True),
    sa.Column("internal_ip_address", sa.String(64), nullable=False),
    sa.Column("internal_port", sa.Integer, nullable=False),
    sa.Column("external_port", sa.Integer, nullable=False),
    sa.Column("protocol", sa.String(8), nullable=False),
    sa.Column("description", sa.String(255), nullable=False, default=""),
    sa.UniqueConstraint("floatingip_id", "external_port", "protocol", name="uq_network_port_forwardings_external"),
)

qos_policies = sa.Table(
    "network_qos_policies", metadata,
    *_standard("qos_policy"),
    sa.Column("shared", sa.Boolean, nullable=False, default=False, index=True),
    sa.Column("is_default", sa.Boolean, nullable=False, default=False),
)

# One table for every rule type; (policy, type, direction) is unique, as Neutron allows one of each.
qos_rules = sa.Table(
    "network_qos_rules", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("qos_policy_id", ID, sa.ForeignKey("network_qos_policies.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("direction", sa.String(8), nullable=False, default="egress"),
    sa.Column("max_kbps", sa.Integer, nullable=True),
    sa.Column("max_burst_kbps", sa.Integer, nullable=True),
    sa.Column("dscp_mark", sa.Integer, nullable=True),
    sa.Column("min_kbps", sa.Integer, nullable=True),
    sa.Column("min_kpps", sa.Integer, nullable=True),
    sa.UniqueConstraint("qos_policy_id", "type", "direction", name="uq_network_qos_rules_type_direction"),
)

quotas = sa.Table(
    "network_quotas", metadata,
    sa.Column("project_id", ID, primary_key=True),
    sa.Column("resource", sa.String(64), primary_key=True),
    sa.Column("limit", sa.Integer, nullable=False),
)

agents = sa.Table(
    "network_agents", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("agent_type", sa.String(64), nullable=False),
    sa.Column("binary", sa.String(64), nullable=False),
    sa.Column("topic", sa.String(64), nullable=False),
    sa.Column("host", sa.String(255), nullable=False, index=True),
    sa.Column("availability_zone", sa.String(255), nullable=True),
    sa.Column("admin_state_up", sa.Boolean, nullable=False, default=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("configurations", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("heartbeat_timestamp", sa.DateTime, nullable=False),
    sa.UniqueConstraint("agent_type", "host", name="uq_network_agents_type_host"),
)

# One row per (resource, tag); resource ids are UUIDs, unique across resource types.
tags = sa.Table(
    "network_tags", metadata,
    sa.Column("resource_id", ID, primary_key=True),
    sa.Column("tag", sa.String(255), primary_key=True, index=True),
)

# Service flavors (flavors, a default service plugin of Neutron): not standard-attribute resources
flavors = sa.Table(
    "network_flavors", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, default="", index=True),
    sa.Column("description", sa.String(1024), nullable=False, default=""),
    sa.Column("service_type", sa.String(36), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
)

service_profiles = sa.Table(
    "network_service_profiles", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("description", sa.String(1024), nullable=False, default=""),
    sa.Column("driver", sa.String(1024), nullable=False, default=""),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("metainfo", sa.String(4096), nullable=False, default=""),
)

flavor_service_profiles = sa.Table(
    "network_flavor_service_profiles", metadata,
    sa.Column("flavor_id", ID, sa.ForeignKey("network_flavors.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_profile_id", ID, sa.ForeignKey("network_service_profiles.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)
