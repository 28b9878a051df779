"""Neutron's default policies (neutron/conf/policies), secure-RBAC flavour, with Neutron's rule names:
admins anywhere, members of the owning project, and admin-only attributes (``create_network:shared``)."""

from __future__ import annotations

ADMIN = "role:admin"
OWNER = "project_id:%(project_id)s"
ADMIN_OR_OWNER = f"{ADMIN} or {OWNER}"
ADMIN_OR_MEMBER = f"{ADMIN} or (role:member and {OWNER})"
ADMIN_OR_READER = f"{ADMIN} or (role:reader and {OWNER})"

_RESOURCES = ("network", "subnet", "subnetpool", "address_scope", "address_group", "policy", "port", "rbac_policy",
              "trunk", "router", "floatingip", "security_group", "security_group_rule")

_ADMIN_ONLY = (
    "create_network:shared", "create_network:router:external", "create_network:is_default",
    "create_network:provider:network_type", "create_network:provider:physical_network",
    "create_network:provider:segmentation_id", "update_network:shared", "update_network:router:external",
    "create_port:binding:host_id", "create_port:binding:profile", "update_port:binding:host_id",
    "update_port:binding:profile", "create_router:distributed", "create_router:ha",
    "create_router:external_gateway_info:enable_snat", "create_router:external_gateway_info:external_fixed_ips",
    "update_router:external_gateway_info:enable_snat", "update_router:external_gateway_info:external_fixed_ips",
    "create_floatingip:floating_ip_address", "create_subnetpool:shared", "create_subnetpool:is_default",
    "update_subnetpool:is_default", "create_address_scope:shared", "update_address_scope:shared",
    "create_policy:shared", "update_policy:shared",
    "create_segment", "get_segment", "update_segment", "delete_segment",
    "get_agent", "update_agent", "delete_agent", "get_l3-agents", "get_dhcp-agents", "get_l3-routers",
    "get_dhcp-networks", "get_network_ip_availability",
    "update_quota", "delete_quota",
    "create_flavor", "update_flavor", "delete_flavor", "create_service_profile", "get_service_profile",
    "update_service_profile", "delete_service_profile", "create_flavor_service_profile",
    "delete_flavor_service_profile",
    "create_default_security_group_rule", "update_default_security_group_rule",
    "delete_default_security_group_rule",
)


def defaults() -> dict[str, str]:
    rules: dict[str, str] = {}
    for res in _RESOURCES:
        rules[f"create_{res}"] = ADMIN_OR_MEMBER
        rules[f"get_{res}"] = ADMIN_OR_READER
        rules[f"update_{res}"] = ADMIN_OR_MEMBER
        rules[f"delete_{res}"] = ADMIN_OR_MEMBER
    for name in _ADMIN_ONLY:
        rules[name] = ADMIN
    rules["get_default_security_group_rule"] = "@"
    for name in ("get_availability_zone", "get_service_provider", "get_rule_type"):
        rules[name] = "role:reader"  # any reader of a project (neutron/conf/policies/*.py)
    rules["get_flavor"] = "@"  # Neutron's regular_user: any authenticated caller lists service flavors
    # upstream (neutron/conf/policies/quotas.py): a project's manager, not its readers
    rules["get_quota"] = f"{ADMIN} or (role:manager and {OWNER})"
    rules["add_addresses"] = rules["remove_addresses"] = ADMIN_OR_MEMBER  # address_group.py
    rules["add_prefixes"] = rules["remove_prefixes"] = ADMIN_OR_MEMBER  # subnetpool.py
    rules["get_floatingip_pool"] = ADMIN_OR_READER  # floatingip_pools.py
    rules["get_auto_allocated_topology"] = ADMIN_OR_READER
    rules["delete_auto_allocated_topology"] = ADMIN_OR_MEMBER
    return rules
