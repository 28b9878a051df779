"""Ports: the attribute map (see the package docstring)."""

from __future__ import annotations

from typing import Any

from twinstack.network.schemas.converters import (
    REQUIRED,
    Attr,
    boolean,
    dict_or_empty,
    dns_name,
    one_of,
    string,
    uuid,
    uuid_or_none,
)

VNIC_TYPES = (
    "normal",
    "direct",
    "macvtap",
    "baremetal",
    "direct-physical",
    "virtio-forwarder",
    "smart-nic",
    "vdpa",
    "accelerator-direct",
    "accelerator-direct-physical",
    "remote-managed",
)


def _dhcp_opts(value: Any) -> list[dict[str, Any]]:
    """extra_dhcp_opt: [{"opt_name", "opt_value", "ip_version"}]; a null value removes the option on update."""
    if not isinstance(value, list):
        raise ValueError(f"'{value}' is not a list")
    out: list[dict[str, Any]] = []
    for opt in value:
        if (
            not isinstance(opt, dict)
            or not isinstance(opt.get("opt_name"), str)
            or not opt["opt_name"]
            or not set(opt) <= {"opt_name", "opt_value", "ip_version"}
            or not isinstance(opt.get("opt_value"), (str, type(None)))
        ):
            raise ValueError(f"Invalid data format for extra-dhcp-opt: '{opt}'")
        version = opt.get("ip_version", 4)
        if version not in (4, 6, "4", "6"):
            raise ValueError(f"'{version}' is not a valid IP version")
        out.append({"opt_name": opt["opt_name"], "opt_value": opt.get("opt_value"), "ip_version": int(version)})
    return out


def _fixed_ips(value: Any) -> Any:
    if not isinstance(value, list):
        raise ValueError(f"'{value}' is not a list")
    for item in value:
        if (
            not isinstance(item, dict)
            or not item
            or not set(item) <= {"subnet_id", "ip_address"}
            or not all(isinstance(v, str) for v in item.values())
        ):
            raise ValueError(f"Invalid data format for fixed IP: '{item}'")
    return value


ATTRIBUTES: list[Attr] = [
    Attr("network_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("admin_state_up", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("mac_address", post=True, put=True, default=None, filter=True, sort=True),
    Attr("fixed_ips", column=None, post=True, put=True, default=None, convert=_fixed_ips, filter=True),
    Attr("device_id", post=True, put=True, default="", convert=string(255), filter=True, sort=True),
    Attr("device_owner", post=True, put=True, default="", convert=string(255), filter=True, sort=True),
    Attr("status", filter=True, sort=True),
    Attr("security_groups", column=None, post=True, put=True, default=None, filter=True),
    Attr("allowed_address_pairs", post=True, put=True, default=list),
    Attr("port_security_enabled", post=True, put=True, default=None, convert=boolean),
    Attr(
        "binding:host_id",
        column="binding_host_id",
        post=True,
        put=True,
        default="",
        convert=string(255, nullable=True),
        filter=True,
        admin=True,
    ),
    Attr(
        "binding:vnic_type",
        column="binding_vnic_type",
        post=True,
        put=True,
        default="normal",
        convert=one_of(*VNIC_TYPES),
        filter=True,
    ),
    Attr(
        "binding:profile",
        column="binding_profile",
        post=True,
        put=True,
        default=dict,
        convert=dict_or_empty,
        admin=True,
    ),
    Attr("binding:vif_type", column=None, filter=True, admin=True),
    Attr("binding:vif_details", column=None, admin=True),
    Attr("extra_dhcp_opts", post=True, put=True, default=list, convert=_dhcp_opts),
    Attr("ip_allocation", column=None),
    Attr("resource_request", column=None),
    # the trunk extension extends only a trunk's parent port (neutron/services/trunk/plugin.py)
    Attr("trunk_details", column=None, omit_none=True),
    Attr("qos_policy_id", post=True, put=True, default=None, convert=uuid_or_none, filter=True),
    Attr("qos_network_policy_id", column=None),
    Attr("propagate_uplink_status", post=True, put=True, default=False, convert=boolean),
    Attr(
        "numa_affinity_policy",
        post=True,
        put=True,
        default=None,
        convert=one_of("required", "preferred", "legacy", "socket", nullable=True),
    ),
    Attr("device_profile", post=True, default=None, convert=string(255, nullable=True)),
    Attr("dns_name", post=True, put=True, default="", convert=dns_name, filter=True),
    Attr("dns_assignment", column=None),
]
