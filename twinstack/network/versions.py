"""Neutron's API history. Neutron has one version (v2.0) and no microversions: it grows by API
extensions, which clients discover at ``GET /v2.0/extensions`` and test for by alias. So HISTORY
lists, one line each, the extensions twinstack implements (alias -> name, description): the list
the extensions API answers, every alias implemented and tested (tests/network/test_misc.py)."""

from __future__ import annotations

from typing import Any

VERSION = "v2.0"
UPDATED = "2026-01-01T00:00:00-00:00"  # the date every extension reports

HISTORY: dict[str, tuple[str, str]] = {
    "address-group": ("Address group", "Support address group"),
    "address-scope": ("Address scope", "Address scopes extension."),
    "agent": ("agent", "The agent management extension."),
    "allowed-address-pairs": ("Allowed Address Pairs", "Provides allowed address pairs"),
    "auto-allocated-topology": ("Auto Allocated Topology Services", "Auto Allocated Topology Services."),
    "availability_zone": ("Availability Zone", "The availability zone extension."),
    "binding": ("Port Binding", "Expose port bindings of a virtual port to external application"),
    "external-net": ("Neutron external network", "Adds external network attribute to network resource."),
    "default-subnetpools": ("Default Subnetpools", "Provides ability to mark and use a subnetpool as the default."),
    "dns-integration": ("DNS Integration", "Provides integration with DNS."),
    "empty-string-filtering": ("Empty String Filtering Extension",
                               "Allow filtering by attributes with empty string value"),
    "extra_dhcp_opt": ("Neutron Extra DHCP options", "Extra options configuration for DHCP. For example PXE boot "
                                                     "options to DHCP clients can be specified (e.g. tftp-server, "
                                                     "server-ip-address, bootfile-name)"),
    "ext-gw-mode": ("Neutron L3 Configurable external gateway mode",
                    "Extension of the router abstraction for specifying whether SNAT should occur on the external "
                    "gateway"),
    "extraroute": ("Neutron Extra Route", "Extra routes configuration for L3 router"),
    "extraroute-atomic": ("Atomically add/remove extra routes",
                          "Edit extra routes of a router on server side by atomically adding/removing extra routes"),
    "filter-validation": ("Filter parameters validation", "Provides validation on filter parameters."),
    "expose-port-forwarding-in-fip": ("Expose port forwardings in a floating IP",
                                      "Expose port forwardings in a floating IP"),
    "floating-ip-port-forwarding": ("Floating IP Port Forwarding",
                                    "Provide a way to forward a TCP/UDP port of a floating IP to a port of a "
                                    "fixed IP"),
    "fip-port-details": ("Floating IP Port Details Extension", "Add port_details attribute to Floating IP resource"),
    "ip_allocation": ("IP Allocation", "IP allocation extension."),
    "ip-substring-filtering": ("IP address substring filtering",
                               "Provides IP address substring filtering when listing ports"),
    "floatingip-pools": ("Floating IP Pools Extension", "Provides a floating IP pools API."),
    "flavors": ("Neutron Service Flavors", "Flavor specification for Neutron advanced services."),
    "l2_adjacency": ("L2 Adjacency", "Display L2 Adjacency for Neutron Networks."),
    # routers carry the admin-only `ha` attribute, which is what this extension announces
    "l3-ha": ("High Availability Router", "Adds HA capability to routers."),
    "net-mtu": ("Network MTU", "Provides MTU attribute for a network resource."),
    "net-mtu-writable": ("Network MTU (writable)", "Provides a writable MTU attribute for a network resource."),
    "network-ip-availability": ("Network IP Availability", "Provides IP availability data for each network and "
                                                            "subnet."),
    "network_availability_zone": ("Network Availability Zone", "Availability zone support for network."),
    "pagination": ("Pagination support", "Extension that indicates that pagination is enabled."),
    "port-device-profile": ("Port device profile", "Expose the port device profile (Cyborg)"),
    "port-numa-affinity-policy": ("Port NUMA affinity policy", "Expose the port NUMA affinity policy"),
    "port-numa-affinity-policy-socket": ("Port NUMA affinity policy \"socket\"",
                                         "Adds \"socket\" to the supported port NUMA affinity policies"),
    "port-mac-address-regenerate": ("Neutron Port MAC address regenerate",
                                    "Network port MAC address regenerate"),
    "port-security": ("Port Security", "Provides port security"),
    "port-security-groups-filtering": ("Port filtering on security groups",
                                       "Provides security groups filtering when listing ports"),
    "project-id": ("project_id field enabled", "Extension that indicates that project_id field is enabled."),
    "provider": ("Provider Network", "Expose mapping of virtual networks to physical networks"),
    "qos": ("Quality of Service", "The Quality of Service extension."),
    "qos-bw-limit-direction": ("Direction for QoS bandwidth limit rule",
                               "Allow to configure QoS bandwidth limit rule with specific direction: ingress or "
                               "egress"),
    "qos-bw-minimum-ingress": ("QoS minimum bandwidth rule for ingress direction",
                               "Allow to configure QoS minumum bandwidth rule with ingress direction."),
    "qos-default": ("QoS default policy", "Expose the QoS default policy per project"),
    "qos-gateway-ip": ("QoS gateway IP", "The Router gateway IP Quality of Service extension"),
    "qos-pps-minimum": ("QoS minimum packet rate rule", "API for the QoS minimum packet rate rule"),
    "qos-fip": ("Floating IP QoS", "The floating IP Quality of Service extension"),
    "qos-rule-type-filter": ("QoS rule type filter", "Add the filter parameters to the QoS rule type API"),
    "qos-rule-type-details": ("QoS rule type details", "Expose details about QoS rule types supported by loaded "
                                                       "backend drivers"),
    "quotas": ("Quota management support", "Expose functions for quotas management per project"),
    "quota-check-limit": ("Quota engine limit check", "Support for checking the resource usage before applying "
                          "a new quota limit"),
    "quota_details": ("Quota details management support", "Expose functions for quotas usage statistics per project"),
    "rbac-policies": ("RBAC Policies", "Allows creation and modification of policies that control tenant access "
                                       "to resources."),
    "revision-if-match": ("If-Match constraints based on revision_number",
                          "Extension indicating that If-Match based on revision_number is supported."),
    "router": ("Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and "
                                   "access to external networks via a NAT gateway."),
    "router_availability_zone": ("Router Availability Zone", "Availability zone support for router."),
    "security-group": ("security-group", "The security groups extension."),
    "security-groups-remote-address-group": ("Remote address group id field for security group rules",
                                             "Add new field of remote address group id in SG rules"),
    "security-groups-normalized-cidr": ("Normalized CIDR field for security group rules",
                                        "Add new field with normalized remote_ip_prefix cidr in SG rule"),
    "security-groups-default-rules": ("Default rules for security groups",
                                      "Configure set of security group rules used as default rules for every "
                                      "new security group"),
    "segment": ("Segment", "Segments extension."),
    "service-type": ("Neutron Service Type Management", "API for retrieving service providers for Neutron "
                     "advanced services"),
    "sorting": ("Sorting support", "Extension that indicates that sorting is enabled."),
    "standard-attr-description": ("standard-attr-description", "Extension to add descriptions to standard attributes"),
    "standard-attr-revisions": ("Resource revision numbers",
                                "This extension will display the revision number of neutron resources."),
    "standard-attr-tag": ("Tag support for resources with standard attribute: subnet, trunk, network_segment_range, "
                          "router, network, policy, subnetpool, port, security_group, floatingip",
                          "Enables to set tag on resources with standard attribute."),
    "tag-creation": ("Tag creation extension", "Allow to create multiple tags for a resource"),
    "standard-attr-timestamp": ("Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources "
                                                       "that have Neutron standard attributes."),
    "trunk": ("Trunk Extension", "Provides support for trunk ports"),
    "trunk-details": ("Trunk port details", "Expose trunk port details"),
    "subnet-service-types": ("Subnet service types", "Provides ability to set the subnet service_types field"),
    "subnetpool-prefix-ops": ("Subnet Pool Prefix Operations",
                              "Provides support for adjusting the prefix list of subnet pools"),
    "subnet_allocation": ("Subnet Allocation", "Enables allocation of subnets from a subnet pool"),
    "uplink-status-propagation": ("Uplink status propagation extension",
                                  "Provides ability to propagate uplink status of physical ports to VFs"),
    "stateful-security-group": ("Stateful security group", "Indicates if the security group is stateful or not"),
}


# extensions of optional service plugins, listed only when the model loads the plugin
OPTIONAL: dict[str, str] = {"segment": "segments"}


def enabled(model: Any) -> list[str]:
    """The aliases this cloud's Neutron lists: every extension, less the optional ones its model leaves out."""
    return sorted(a for a in HISTORY if a not in OPTIONAL or getattr(model, OPTIONAL[a], False))
