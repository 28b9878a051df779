"""Octavia's records: load balancers and the tree below them (listeners, pools, members, health monitors,
L7 policies and rules), amphorae, quotas, and the admin's flavors and availability zones. Every object
of the tree carries its load balancer's id, so immutability and cascades are one indexed lookup."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata


def _common(*columns: sa.Column) -> list[sa.Column]:
    """What every object of the tree has: id, project, names, admin state, both statuses, tags, times."""
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(64), nullable=False, index=True),
        sa.Column("name", sa.String(255), nullable=True),
        sa.Column("admin_state_up", sa.Boolean, nullable=False, default=True),
        sa.Column("provisioning_status", sa.String(16), nullable=False),
        sa.Column("operating_status", sa.String(16), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False, default=list),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=True),
        *columns,
    ]


load_balancers = sa.Table(
    "load_balancer_load_balancers", metadata, *_common(
        sa.Column("description", sa.String(255), nullable=True),
        sa.Column("vip_address", sa.String(64), nullable=True),
        sa.Column("vip_port_id", sa.String(36), nullable=True),
        sa.Column("vip_subnet_id", sa.String(36), nullable=True),
        sa.Column("vip_network_id", sa.String(36), nullable=True),
        sa.Column("vip_qos_policy_id", sa.String(36), nullable=True),
        sa.Column("vip_sg_ids", sa.JSON, nullable=True),
        sa.Column("vip_vnic_type", sa.String(16), nullable=False, default="normal"),
        sa.Column("additional_vips", sa.JSON, nullable=False, default=list),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("flavor_id", sa.String(36), nullable=True),
        sa.Column("availability_zone", sa.String(255), nullable=True),
        sa.Column("topology", sa.String(16), nullable=False),
        sa.Column("vip_port_owned", sa.Boolean, nullable=False, default=True),  # made by us: deleted with the LB
    ))

listeners = sa.Table(
    "load_balancer_listeners", metadata, *_common(
        sa.Column("load_balancer_id", sa.String(36), nullable=False, index=True),
        sa.Column("description", sa.String(255), nullable=True),
        sa.Column("protocol", sa.String(32), nullable=False),
        sa.Column("protocol_port", sa.Integer, nullable=False),
        sa.Column("connection_limit", sa.Integer, nullable=False),
        sa.Column("default_pool_id", sa.String(36), nullable=True),
        sa.Column("default_tls_container_ref", sa.String(255), nullable=True),
        sa.Column("sni_container_refs", sa.JSON, nullable=False, default=list),
        sa.Column("insert_headers", sa.JSON, nullable=False, default=dict),
        sa.Column("timeout_client_data", sa.Integer, nullable=False),
        sa.Column("timeout_member_connect", sa.Integer, nullable=False),
        sa.Column("timeout_member_data", sa.Integer, nullable=False),
        sa.Column("timeout_tcp_inspect", sa.Integer, nullable=False),
        sa.Column("client_authentication", sa.String(16), nullable=False),
        sa.Column("client_ca_tls_container_ref", sa.String(255), nullable=True),
        sa.Column("client_crl_container_ref", sa.String(255), nullable=True),
        sa.Column("allowed_cidrs", sa.JSON, nullable=True),
        sa.Column("tls_ciphers", sa.String(2048), nullable=True),
        sa.Column("tls_versions", sa.JSON, nullable=True),
        sa.Column("alpn_protocols", sa.JSON, nullable=True),
        sa.Column("hsts_max_age", sa.Integer, nullable=True),
        sa.Column("hsts_include_subdomains", sa.Boolean, nullable=False, default=False),
        sa.Column("hsts_preload", sa.Boolean, nullable=False, default=False),
    ))

pools = sa.Table(
    "load_balancer_pools", metadata, *_common(
        sa.Column("load_balancer_id", sa.String(36), nullable=False, index=True),
        sa.Column("listener_id", sa.String(36), nullable=True),  # the listener it was created for
        sa.Column("description", sa.String(255), nullable=True),
        sa.Column("protocol", sa.String(32), nullable=False),
        sa.Column("lb_algorithm", sa.String(32), nullable=False),
        sa.Column("session_persistence", sa.JSON, nullable=True),
        sa.Column("tls_enabled", sa.Boolean, nullable=False, default=False),
        sa.Column("tls_container_ref", sa.String(255), nullable=True),
        sa.Column("ca_tls_container_ref", sa.String(255), nullable=True),
        sa.Column("crl_container_ref", sa.String(255), nullable=True),
        sa.Column("tls_ciphers", sa.String(2048), nullable=True),
        sa.Column("tls_versions", sa.JSON, nullable=True),
        sa.Column("alpn_protocols", sa.JSON, nullable=True),
    ))

members = sa.Table(
    "load_balancer_members", metadata, *_common(
        sa.Column("load_balancer_id", sa.String(36), nullable=False, index=True),
        sa.Column("pool_id", sa.String(36), nullable=False, index=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("protocol_port", sa.Integer, nullable=False),
        sa.Column("weight", sa.Integer, nullable=False),
        sa.Column("backup", sa.Boolean, nullable=False, default=False),
        sa.Column("subnet_id", sa.String(36), nullable=True),
        sa.Column("monitor_address", sa.String(64), nullable=True),
        sa.Column("monitor_port", sa.Integer, nullable=True),
        sa.Column("vnic_type", sa.String(16), nullable=False, default="normal"),
    ))

health_monitors = sa.Table(
    "load_balancer_health_monitors", metadata, *_common(
        sa.Column("load_balancer_id", sa.String(36), nullable=False, index=True),
        sa.Column("pool_id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(36), nullable=False),
        sa.Column("delay", sa.Integer, nullable=False),
        sa.Column("timeout", sa.Integer, nullable=False),
        sa.Column("max_retries", sa.Integer, nullable=False),
        sa.Column("max_retries_down", sa.Integer, nullable=False),
        sa.Column("http_method", sa.String(16), nullable=True),
        sa.Column("url_path", sa.String(2048), nullable=True),
        sa.Column("expected_codes", sa.String(64), nullable=True),
        sa.Column("http_version", sa.Float, nullable=True),
        sa.Column("domain_name", sa.String(255), nullable=True),
    ))

l7policies = sa.Table(
    "load_balancer_l7policies", metadata, *_common(
        sa.Column("load_balancer_id", sa.String(36), nullable=False, index=True),
        sa.Column("listener_id", sa.String(36), nullable=False, index=True),
        sa.Column("description", sa.String(255), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("redirect_pool_id", sa.String(36), nullable=True),
        sa.Column("redirect_url", sa.String(2048), nullable=True),
        sa.Column("redirect_prefix", sa.String(2048), nullable=True),
        sa.Column("redirect_http_code", sa.Integer, nullable=True),
    ))

l7rules = sa.Table(
    "load_balancer_l7rules", metadata, *_common(
        sa.Column("load_balancer_id", sa.String(36), nullable=False, index=True),
        sa.Column("l7policy_id", sa.String(36), nullable=False, index=True),
        sa.Column("type", sa.String(36), nullable=False),
        sa.Column("compare_type", sa.String(36), nullable=False),
        sa.Column("key", sa.String(255), nullable=True),
        sa.Column("value", sa.String(255), nullable=False),
        sa.Column("invert", sa.Boolean, nullable=False, default=False),
    ))

amphorae = sa.Table(
    "load_balancer_amphorae", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("load_balancer_id", sa.String(36), nullable=True, index=True),
    sa.Column("compute_id", sa.String(36), nullable=True),
    sa.Column("status", sa.String(36), nullable=False),
    sa.Column("role", sa.String(36), nullable=True),  # STANDALONE, MASTER, BACKUP
    sa.Column("lb_network_ip", sa.String(64), nullable=True),
    sa.Column("vrrp_ip", sa.String(64), nullable=True),
    sa.Column("ha_ip", sa.String(64), nullable=True),
    sa.Column("vrrp_port_id", sa.String(36), nullable=True),
    sa.Column("ha_port_id", sa.String(36), nullable=True),
    sa.Column("vrrp_interface", sa.String(16), nullable=True),
    sa.Column("vrrp_id", sa.Integer, nullable=True),
    sa.Column("vrrp_priority", sa.Integer, nullable=True),
    sa.Column("cached_zone", sa.String(255), nullable=True),
    sa.Column("image_id", sa.String(36), nullable=True),
    sa.Column("compute_flavor", sa.String(255), nullable=True),
    sa.Column("cert_expiration", sa.String(32), nullable=True),
    sa.Column("cert_busy", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=True),
)

quotas = sa.Table(
    "load_balancer_quotas", metadata,
    sa.Column("project_id", sa.String(64), primary_key=True),
    sa.Column("load_balancer", sa.Integer, nullable=True),  # None: the default
    sa.Column("listener", sa.Integer, nullable=True),
    sa.Column("pool", sa.Integer, nullable=True),
    sa.Column("health_monitor", sa.Integer, nullable=True),
    sa.Column("member", sa.Integer, nullable=True),
    sa.Column("l7policy", sa.Integer, nullable=True),
    sa.Column("l7rule", sa.Integer, nullable=True),
)

flavor_profiles = sa.Table(
    "load_balancer_flavor_profiles", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("provider_name", sa.String(255), nullable=False),
    sa.Column("flavor_data", sa.String(4096), nullable=False),
)

flavors = sa.Table(
    "load_balancer_flavors", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, unique=True),
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("flavor_profile_id", sa.String(36), nullable=False),
)

availability_zone_profiles = sa.Table(
    "load_balancer_availability_zone_profiles", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("provider_name", sa.String(255), nullable=False),
    sa.Column("availability_zone_data", sa.String(4096), nullable=False),
)

availability_zones = sa.Table(
    "load_balancer_availability_zones", metadata,
    sa.Column("id", sa.String(255), primary_key=True),  # the zone's name: zones are named, not numbered
    sa.Column("description", sa.String(255), nullable=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("availability_zone_profile_id", sa.String(36), nullable=False),
)

# a table per tree object, by the kind names the lifecycle and views use
TREE = {"loadbalancer": load_balancers, "listener": listeners, "pool": pools, "member": members,
        "healthmonitor": health_monitors, "l7policy": l7policies, "l7rule": l7rules}
