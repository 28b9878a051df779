"""Nova's security group proxy (``/os-security-groups``, ``/os-security-group-rules``, gone from
2.36): as Nova asks Neutron with the caller's token, it asks ``network/local.py`` with the caller's
context, and answers in Nova's shapes and words."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import netaddr

from twinstack.compute.api.resources_common import removed_at
from twinstack.compute.manager import instances as inst
from twinstack.core.convert import to_bool
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty
from twinstack.network import local as network

T = TypeVar("T")
PROTOCOLS = {"tcp", "udp", "icmp"}


def call_neutron(req: Req, call: Callable[..., T], *args: Any, until: tuple[int, int] = (2, 36),
                 rule: bool = False, **kwargs: Any) -> T:
    """One call to Neutron (``network/local.py``), its errors as Nova's neutron client raises them:
    a 404 stays, a rule that exists already or any conflict is a 400, every other refusal too."""
    removed_at(req, *until)
    try:
        return call(req.cloud, req.context, *args, **kwargs)
    except ApiError as err:
        if err.status == 404:
            raise ApiError(404, err.message, err.kind) from None
        if err.kind == "SecurityGroupRuleExists" or (err.status == 409 and rule):
            raise ApiError(400, "Security group rule already exists.", err.kind) from None
        raise ApiError(400 if err.status < 500 else 500, err.message, err.kind) from None


def _rule(rule: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    group: dict[str, Any] = {}
    if rule.get("remote_group_id"):
        group = {"name": names.get(rule["remote_group_id"], ""), "tenant_id": rule.get("project_id")}
    protocol = rule.get("protocol")
    return {
        "id": rule["id"],
        "parent_group_id": rule["security_group_id"],
        "ip_protocol": protocol,
        "from_port": rule.get("port_range_min") if protocol else None,
        "to_port": rule.get("port_range_max") if protocol else None,
        "ip_range": {"cidr": rule["remote_ip_prefix"]}
        if rule.get("remote_ip_prefix")
        else (
            {} if rule.get("remote_group_id") else {"cidr": "0.0.0.0/0" if rule.get("ethertype") == "IPv4" else "::/0"}
        ),
        "group": group,
    }


def _group(group: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    rules = [r for r in group.get("security_group_rules") or [] if r.get("direction") == "ingress"]
    return {
        "id": group["id"],
        "name": group["name"],
        "description": group.get("description", ""),
        "tenant_id": group.get("project_id") or group.get("tenant_id"),
        "rules": [_rule(r, names) for r in rules],
    }


async def index(req: Req) -> Any:
    all_tenants = to_bool(req.query.get("all_tenants"))
    project_id = None if all_tenants and req.context.is_admin else req.context.project_id
    groups = call_neutron(req, network.list_security_groups, project_id)
    names = {g["id"]: g["name"] for g in groups}
    return {"security_groups": [_group(g, names) for g in groups]}


def _id(req: Req, name: str) -> str:
    """A group or rule id from the path: Nova checks it is a uuid before asking Neutron (400)."""
    removed_at(req, 2, 36)
    value = req.params[name]
    if not _is_uuid(value):
        raise ApiError(400, "Security group id should be uuid")
    return value


async def show(req: Req) -> Any:
    group = call_neutron(req, network.show_security_group, _id(req, "group_id"))
    return {"security_group": _group(group, {group["id"]: group["name"]})}


def _check_group(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("security_group"), dict):
        raise ApiError(400, "security_group not specified")
    group = body["security_group"]
    for field in ("name", "description"):
        value = group.get(field)
        if not isinstance(value, str) or (field == "name" and not value.strip()):
            raise ApiError(
                400,
                f"Security group {field} is not a string or unicode"
                if not isinstance(value, str)
                else f"Security group {field} cannot be empty.",
            )
        if len(value) > 255:
            raise ApiError(400, f"Security group {field} should not be greater than 255 characters.")
    return group


async def create(req: Req) -> Any:
    group = _check_group(await req.json())
    if group["name"] == "default":
        raise ApiError(400, "Unable to create a security group named 'default'.")
    created = call_neutron(
        req, network.create_security_group, {"name": group["name"], "description": group["description"]}
    )
    return {"security_group": _group(created, {})}


async def update(req: Req) -> Any:
    group_id = _id(req, "group_id")
    group = _check_group(await req.json())
    updated = call_neutron(
        req, network.update_security_group, group_id, {"name": group["name"], "description": group["description"]}
    )
    return {"security_group": _group(updated, {})}


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


async def delete(req: Req) -> Any:
    group = call_neutron(req, network.show_security_group, _id(req, "group_id"))
    if group["name"] == "default":
        raise ApiError(400, "Removing default security group not allowed.")
    # a group on a server's port is in use: Neutron refuses (409), which Nova answers as 400
    call_neutron(req, network.delete_security_group, group["id"])
    return empty(202)


def _port(value: Any, name: str) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Invalid port range {value}:{value}. {name} must be an integer.") from None
    return port


async def create_rule(req: Req) -> Any:
    body = await req.json()
    rule = body.get("security_group_rule") if isinstance(body, dict) else None
    if not isinstance(rule, dict):
        raise ApiError(400, "security_group_rule not specified")
    parent = rule.get("parent_group_id")
    for value in (parent, rule.get("group_id")):
        if value is not None and not _is_uuid(value):
            raise ApiError(400, "Security group id should be uuid")
    if not parent:
        raise ApiError(400, "Security group id should be uuid")
    call_neutron(req, network.show_security_group, parent)  # 404 when missing
    protocol = (rule.get("ip_protocol") or "").lower() or None
    if protocol is not None and protocol not in PROTOCOLS:
        raise ApiError(400, f"Invalid IP protocol {rule.get('ip_protocol')}.")
    neutron_rule: dict[str, Any] = {"security_group_id": parent, "direction": "ingress", "ethertype": "IPv4"}
    if protocol:
        low, high = _port(rule.get("from_port"), "from_port"), _port(rule.get("to_port"), "to_port")
        if protocol == "icmp":
            if not (-1 <= low <= 255 and -1 <= high <= 255):
                raise ApiError(400, f"Invalid port range {low}:{high}. ICMP type and code must be in -1..255.")
            neutron_rule.update(port_range_min=None if low == -1 else low, port_range_max=None if high == -1 else high)
        else:
            if not (1 <= low <= 65535 and 1 <= high <= 65535) or low > high:
                raise ApiError(400, f"Invalid port range {low}:{high}. Valid TCP ports should be between 1-65535")
            neutron_rule.update(port_range_min=low, port_range_max=high)
        neutron_rule["protocol"] = protocol
    if rule.get("group_id"):
        call_neutron(req, network.show_security_group, rule["group_id"])
        neutron_rule["remote_group_id"] = rule["group_id"]
    else:
        cidr = rule.get("cidr") or "0.0.0.0/0"
        try:
            prefix = netaddr.IPNetwork(cidr)
        except (ValueError, netaddr.AddrFormatError):
            raise ApiError(400, f"Invalid cidr {cidr}.") from None
        neutron_rule["remote_ip_prefix"] = str(prefix)  # as given: Nova does not normalise it
        neutron_rule["ethertype"] = "IPv6" if prefix.version == 6 else "IPv4"
    created = call_neutron(req, network.create_security_group_rule, neutron_rule, rule=True)
    names = {}
    if created.get("remote_group_id"):
        remote = call_neutron(req, network.show_security_group, created["remote_group_id"])
        names[created["remote_group_id"]] = remote["name"]
    return {"security_group_rule": _rule(created, names)}


async def delete_rule(req: Req) -> Any:
    call_neutron(req, network.delete_security_group_rule, _id(req, "rule_id"), rule=True)
    return empty(202)


async def server_groups(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        on_ports = {g["id"] for g in network.security_groups_for(req.cloud, conn, [row["uuid"]])[row["uuid"]]}
    groups = call_neutron(req, network.list_security_groups, row["project_id"])
    by_id = {g["id"]: g["name"] for g in groups}
    return {"security_groups": [_group(g, by_id) for g in groups if g["id"] in on_ports]}
