"""OS::Octavia::* through load balancing's local.py, as Heat's octavia resources drive Octavia: each
resource is one Octavia object. Octavia refuses a change while the load balancer is PENDING_* (409
immutable), so a create, update or delete that meets one is tried again on the cloud clock, as Heat's
octavia client plugin's conflict check makes it; a step is complete once the object is ACTIVE again (a
delete once it is gone). A load balancer's amphorae and VIP port go with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from twinstack.core.errors import ApiError
from twinstack.load_balancer import local as load_balancer
from twinstack.network import local as network
from twinstack.orchestration.manager.resources.base import (
    POLL_LIMIT,
    POLL_SECONDS,
    Plugin,
    Prop,
    ResourceContext,
    ResourceFailure,
    from_api_error,
)

PROTOCOLS = ("TCP", "HTTP", "HTTPS", "TERMINATED_HTTPS", "PROXY", "UDP")


async def _until_accepted(rc: ResourceContext, fn: Callable[..., Any], *args: Any) -> Any:
    """A call retried while Octavia answers 409 (an object PENDING_*); any other refusal fails the resource."""
    for _ in range(POLL_LIMIT):
        try:
            return fn(*args)
        except ApiError as err:
            if err.status != 409:
                raise from_api_error(err) from None
        await rc.cloud.clock.sleep(POLL_SECONDS)
    raise ResourceFailure("Timeout", "Resource did not reach its expected state in time")


class OctaviaPlugin(Plugin):
    kind: ClassVar[str] = ""
    # property -> the Octavia field it sets
    fields: ClassVar[dict[str, str]] = {}

    # property -> the kind of Octavia object (or "subnet") it names, by name or id
    refs: ClassVar[dict[str, str]] = {}

    async def body(self, rc: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
        out = {field: props[prop] for prop, field in self.fields.items() if props.get(prop) is not None}
        for prop, kind in self.refs.items():
            if props.get(prop) not in (None, ""):
                find = network.find_resource_id if kind == "subnet" else load_balancer.find_id
                out[self.fields[prop]] = await rc.call(find, rc.cloud, rc.caller, kind, str(props[prop]))
        return out

    def show(self, rc: ResourceContext) -> dict[str, Any] | None:
        return load_balancer.show(rc.cloud, self.kind, rc.physical_id) if rc.physical_id else None

    def _active(self, rc: ResourceContext) -> bool:
        shown = self.show(rc)
        if shown is None:
            raise ResourceFailure("ResourceUnknownStatus", f"{self.kind} {rc.physical_id} is gone")
        if shown["provisioning_status"] == "ERROR":
            raise ResourceFailure("ResourceInError", "Went to status ERROR due to \"Unknown\"")
        return bool(shown["provisioning_status"] == "ACTIVE")

    async def _made(self, rc: ResourceContext, body: dict[str, Any]) -> dict[str, Any]:
        made: dict[str, Any] = await _until_accepted(rc, load_balancer.create, rc.cloud, rc.caller, self.kind, body)
        return made

    async def create(self, rc: ResourceContext) -> None:
        body = await self.body(rc, rc.props)
        if "name" in self.fields and not rc.props.get("name"):
            body["name"] = rc.physical_name()
        made = await self._made(rc, body)
        rc.set_id(str(made["id"]))
        await rc.poll(lambda: self._active(rc))

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        body = await self.body(rc, rc.props)
        send: dict[str, Any] = {}
        for prop in changed:
            if prop not in self.fields:
                continue
            field = self.fields[prop]
            if field in body:
                send[field] = body[field]
            elif prop == "name":
                send[field] = rc.physical_name()
            else:  # removed from the template: back to Octavia's empty value
                send[field] = [] if self.properties[prop].type == "List" else None
        if send:
            await _until_accepted(rc, load_balancer.update, rc.cloud, rc.caller, self.kind, str(rc.physical_id),
                                  send)
            await rc.poll(lambda: self._active(rc))

    async def delete(self, rc: ResourceContext) -> None:
        if not rc.physical_id:
            return
        if self.show(rc) is not None:
            try:
                await _until_accepted(rc, load_balancer.delete, rc.cloud, rc.caller, self.kind, rc.physical_id)
            except ResourceFailure as err:
                if err.kind != "NotFound":
                    raise
        await rc.poll(lambda: self.show(rc) is None)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        shown = self.show(rc)
        if shown is None:
            return None
        return shown if name == "show" else shown.get(name)


def _ids(items: Any) -> list[str]:
    return [i["id"] if isinstance(i, dict) else str(i) for i in items or []]


class LoadBalancer(OctaviaPlugin):
    type_name = "OS::Octavia::LoadBalancer"
    description = "A resource for creating octavia Load Balancers."
    kind = "loadbalancer"
    fields: ClassVar[dict[str, str]] = {
        "name": "name", "description": "description", "provider": "provider", "vip_address": "vip_address",
        "admin_state_up": "admin_state_up", "tenant_id": "project_id", "flavor": "flavor_id",
        "availability_zone": "availability_zone", "vip_subnet": "vip_subnet_id",
    }
    refs: ClassVar[dict[str, str]] = {"vip_subnet": "subnet"}
    properties: ClassVar[dict[str, Prop]] = {
        "description": Prop("String", "Description of this Load Balancer.", default="", update_allowed=True),
        "name": Prop("String", "Name of this Load Balancer.", update_allowed=True),
        "provider": Prop("String", "Provider for this Load Balancer."),
        "vip_address": Prop("String", "IP address for the VIP."),
        "vip_subnet": Prop("String", "The name or ID of the subnet on which to allocate the VIP address.",
                           required=True),
        "admin_state_up": Prop("Boolean", "The administrative state of this Load Balancer.", default=True,
                               update_allowed=True),
        "tenant_id": Prop("String", "The ID of the tenant who owns the Load Balancer. Only administrative users "
                          "can specify a tenant ID other than their own."),
        "flavor": Prop("String", "The name or ID of the flavor of the Load Balancer."),
        "availability_zone": Prop("String", "The availability zone of the Load Balancer."),
    }
    attributes: ClassVar[dict[str, str]] = {
        "vip_address": "The VIP address of the LoadBalancer.", "vip_port_id": "The VIP port of the LoadBalancer.",
        "vip_subnet_id": "The VIP subnet of the LoadBalancer.", "pools": "Pools this LoadBalancer is associated "
        "with.", "flavor_id": "The flavor ID of the LoadBalancer.",
    }

    async def _made(self, rc: ResourceContext, body: dict[str, Any]) -> dict[str, Any]:
        made: dict[str, Any] = await rc.call(load_balancer.create_load_balancer, rc.cloud, rc.caller, body)
        return made

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        value = super().attribute(rc, name)
        return _ids(value) if name == "pools" else value


class Listener(OctaviaPlugin):
    type_name = "OS::Octavia::Listener"
    description = "A resource for managing octavia Listeners."
    kind = "listener"
    fields: ClassVar[dict[str, str]] = {
        "protocol_port": "protocol_port", "protocol": "protocol", "loadbalancer": "loadbalancer_id",
        "default_pool": "default_pool_id", "name": "name", "admin_state_up": "admin_state_up",
        "description": "description", "default_tls_container_ref": "default_tls_container_ref",
        "sni_container_refs": "sni_container_refs", "connection_limit": "connection_limit",
        "tenant_id": "project_id", "allowed_cidrs": "allowed_cidrs",
    }
    refs: ClassVar[dict[str, str]] = {"loadbalancer": "loadbalancer", "default_pool": "pool"}
    properties: ClassVar[dict[str, Prop]] = {
        "protocol_port": Prop("Integer", "TCP or UDP port on which to listen for client traffic.", required=True),
        "protocol": Prop("String", "Protocol on which to listen for the client traffic.", required=True,
                         allowed=PROTOCOLS),
        "loadbalancer": Prop("String", "ID or name of the load balancer with which listener is associated.",
                             required=True),
        "default_pool": Prop("String", "ID or name of the default pool for the listener.", update_allowed=True),
        "name": Prop("String", "Name of this listener.", update_allowed=True),
        "admin_state_up": Prop("Boolean", "The administrative state of this listener.", default=True,
                               update_allowed=True),
        "description": Prop("String", "Description of this listener.", default="", update_allowed=True),
        "default_tls_container_ref": Prop("String", "Default TLS container reference to retrieve TLS "
                                          "information.", update_allowed=True),
        "sni_container_refs": Prop("List", "List of TLS container references for SNI.", update_allowed=True),
        "connection_limit": Prop("Integer", "The maximum number of connections permitted for this load balancer. "
                                 "Defaults to -1, which is infinite.", default=-1, update_allowed=True),
        "tenant_id": Prop("String", "The ID of the tenant who owns the listener."),
        "allowed_cidrs": Prop("List", "A list of IPv4, IPv6 or mix of both CIDRs.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "loadbalancers": "ID of the load balancer this listener is associated to.",
        "default_pool_id": "ID of the default pool this listener is associated to.",
    }

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        value = super().attribute(rc, name)
        return _ids(value) if name == "loadbalancers" else value


class Pool(OctaviaPlugin):
    type_name = "OS::Octavia::Pool"
    description = "A resource for managing Octavia Pools."
    kind = "pool"
    fields: ClassVar[dict[str, str]] = {
        "admin_state_up": "admin_state_up", "description": "description",
        "session_persistence": "session_persistence", "name": "name", "lb_algorithm": "lb_algorithm",
        "listener": "listener_id", "loadbalancer": "loadbalancer_id", "protocol": "protocol",
        "tls_enabled": "tls_enabled",
    }
    refs: ClassVar[dict[str, str]] = {"listener": "listener", "loadbalancer": "loadbalancer"}
    properties: ClassVar[dict[str, Prop]] = {
        "admin_state_up": Prop("Boolean", "The administrative state of this pool.", default=True,
                               update_allowed=True),
        "description": Prop("String", "Description of this pool.", default="", update_allowed=True),
        "session_persistence": Prop("Map", "Configuration of session persistence (type: SOURCE_IP, HTTP_COOKIE "
                                    "or APP_COOKIE; cookie_name for APP_COOKIE).", update_allowed=True),
        "name": Prop("String", "Name of this pool.", update_allowed=True),
        "lb_algorithm": Prop("String", "The algorithm used to distribute load between the members of the pool.",
                             required=True, update_allowed=True,
                             allowed=("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT")),
        "listener": Prop("String", "Listener name or ID to be associated with this pool."),
        "loadbalancer": Prop("String", "Loadbalancer name or ID to be associated with this pool."),
        "protocol": Prop("String", "Protocol of the pool.", required=True, allowed=PROTOCOLS),
        "tls_enabled": Prop("Boolean", "Enable backend member re-encryption.", default=False,
                            update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "healthmonitor_id": "ID of the health monitor associated with this pool.",
        "listeners": "Listener associated with this pool.", "members": "Members associated with this pool.",
    }

    async def create(self, rc: ResourceContext) -> None:
        if not rc.props.get("listener") and not rc.props.get("loadbalancer"):
            raise ResourceFailure("StackValidationFailed", "At least one of the following properties must be "
                                  "specified: listener, loadbalancer.")
        persistence = rc.props.get("session_persistence") or {}
        if persistence:
            kind, cookie = persistence.get("type"), persistence.get("cookie_name")
            if kind == "APP_COOKIE" and not cookie:
                raise ResourceFailure("StackValidationFailed", "Property cookie_name is required when "
                                      "session_persistence type is set to APP_COOKIE.")
            if kind != "APP_COOKIE" and cookie:
                raise ResourceFailure("StackValidationFailed", "Property cookie_name must NOT be specified when "
                                      f"session_persistence type is set to {kind}.")
        await super().create(rc)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        value = super().attribute(rc, name)
        return _ids(value) if name in ("listeners", "members") else value


class PoolMember(OctaviaPlugin):
    type_name = "OS::Octavia::PoolMember"
    description = "A resource for managing Octavia Pool Members."
    kind = "member"
    fields: ClassVar[dict[str, str]] = {
        "pool": "pool_id", "address": "address", "protocol_port": "protocol_port",
        "monitor_address": "monitor_address", "monitor_port": "monitor_port", "weight": "weight",
        "admin_state_up": "admin_state_up", "subnet": "subnet_id", "tags": "tags",
    }
    refs: ClassVar[dict[str, str]] = {"pool": "pool", "subnet": "subnet"}
    properties: ClassVar[dict[str, Prop]] = {
        "pool": Prop("String", "Name or ID of the load balancing pool.", required=True),
        "address": Prop("String", "IP address of the pool member on the pool network.", required=True),
        "protocol_port": Prop("Integer", "Port on which the pool member listens for requests or connections.",
                              required=True),
        "monitor_address": Prop("String", "Alternate IP address which health monitor can use for health check."),
        "monitor_port": Prop("Integer", "Alternate Port which health monitor can use for health check."),
        "weight": Prop("Integer", "Weight of pool member in the pool (default to 1).", default=1,
                       update_allowed=True),
        "admin_state_up": Prop("Boolean", "The administrative state of the pool member.", default=True,
                               update_allowed=True),
        "subnet": Prop("String", "Subnet name or ID of this member."),
        "tags": Prop("List", "A list of simple strings assigned to the member.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "address": "The IP address of the pool member.", "pool_id": "The ID of the pool to which the pool member "
        "belongs.",
    }


class HealthMonitor(OctaviaPlugin):
    type_name = "OS::Octavia::HealthMonitor"
    description = "A resource to handle load balancer health monitors."
    kind = "healthmonitor"
    fields: ClassVar[dict[str, str]] = {
        "admin_state_up": "admin_state_up", "delay": "delay", "expected_codes": "expected_codes",
        "http_method": "http_method", "max_retries": "max_retries", "pool": "pool_id", "timeout": "timeout",
        "type": "type", "url_path": "url_path", "tenant_id": "project_id",
    }
    refs: ClassVar[dict[str, str]] = {"pool": "pool"}
    properties: ClassVar[dict[str, Prop]] = {
        "admin_state_up": Prop("Boolean", "The administrative state of the health monitor.", default=True,
                               update_allowed=True),
        "delay": Prop("Integer", "The minimum time in milliseconds between regular connections of the member.",
                      required=True, update_allowed=True),
        "expected_codes": Prop("String", "The HTTP status codes expected in response from the member to declare "
                               "it healthy.", update_allowed=True),
        "http_method": Prop("String", "The HTTP method used for requests by the monitor of type HTTP.",
                            update_allowed=True,
                            allowed=("GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT",
                                     "PATCH")),
        "max_retries": Prop("Integer", "Number of permissible connection failures before changing the member "
                            "status to INACTIVE.", required=True, update_allowed=True),
        "pool": Prop("String", "ID or name of the load balancing pool.", required=True),
        "timeout": Prop("Integer", "Maximum number of milliseconds for a monitor to wait for a connection to be "
                        "established before it times out.", required=True, update_allowed=True),
        "type": Prop("String", "One of predefined health monitor types.", required=True,
                     allowed=("PING", "TCP", "HTTP", "HTTPS", "UDP-CONNECT")),
        "url_path": Prop("String", "The HTTP path used in the HTTP request used by the monitor to test a member "
                         "health.", update_allowed=True),
        "tenant_id": Prop("String", "ID of the tenant who owns the health monitor."),
    }
    attributes: ClassVar[dict[str, str]] = {"pools": "The list of Pools related to this monitor."}

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        value = super().attribute(rc, name)
        return _ids(value) if name == "pools" else value


class L7Policy(OctaviaPlugin):
    type_name = "OS::Octavia::L7Policy"
    description = "A resource for managing octavia L7Policies."
    kind = "l7policy"
    fields: ClassVar[dict[str, str]] = {
        "name": "name", "description": "description", "admin_state_up": "admin_state_up", "action": "action",
        "redirect_pool": "redirect_pool_id", "redirect_url": "redirect_url", "position": "position",
        "listener": "listener_id",
    }
    refs: ClassVar[dict[str, str]] = {"listener": "listener", "redirect_pool": "pool"}
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "Name of the L7 policy.", update_allowed=True),
        "description": Prop("String", "Description of the L7 policy.", update_allowed=True),
        "admin_state_up": Prop("Boolean", "The administrative state of the L7 policy.", default=True,
                               update_allowed=True),
        "action": Prop("String", "Action type of the policy.", required=True, update_allowed=True,
                       allowed=("REJECT", "REDIRECT_TO_POOL", "REDIRECT_TO_URL")),
        "redirect_pool": Prop("String", "ID or name of the pool for REDIRECT_TO_POOL action type.",
                              update_allowed=True),
        "redirect_url": Prop("String", "URL for REDIRECT_TO_URL action type.", update_allowed=True),
        "position": Prop("Number", "L7 policy position in ordered policies list.", update_allowed=True),
        "listener": Prop("String", "ID or name of the listener this policy belongs to.", required=True),
    }
    attributes: ClassVar[dict[str, str]] = {"rules": "L7Rules associated with this policy."}

    async def create(self, rc: ResourceContext) -> None:
        action, pool, url = rc.props["action"], rc.props.get("redirect_pool"), rc.props.get("redirect_url")
        if action == "REDIRECT_TO_POOL" and not pool:
            raise ResourceFailure("StackValidationFailed", "Property redirect_pool is required when action type "
                                  "is set to REDIRECT_TO_POOL.")
        if action == "REDIRECT_TO_URL" and not url:
            raise ResourceFailure("StackValidationFailed", "Property redirect_url is required when action type "
                                  "is set to REDIRECT_TO_URL.")
        await super().create(rc)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        value = super().attribute(rc, name)
        return _ids(value) if name == "rules" else value


class L7Rule(OctaviaPlugin):
    type_name = "OS::Octavia::L7Rule"
    description = "A resource for managing octavia L7Rules."
    kind = "l7rule"
    fields: ClassVar[dict[str, str]] = {
        "admin_state_up": "admin_state_up", "l7policy": "l7policy_id", "type": "type",
        "compare_type": "compare_type", "invert": "invert", "key": "key", "value": "value",
    }
    refs: ClassVar[dict[str, str]] = {"l7policy": "l7policy"}
    properties: ClassVar[dict[str, Prop]] = {
        "admin_state_up": Prop("Boolean", "The administrative state of the rule.", default=True,
                               update_allowed=True),
        "l7policy": Prop("String", "ID or name of L7 policy this rule belongs to.", required=True),
        "type": Prop("String", "Rule type.", required=True, update_allowed=True,
                     allowed=("HOST_NAME", "PATH", "FILE_TYPE", "HEADER", "COOKIE")),
        "compare_type": Prop("String", "Rule compare type.", required=True, update_allowed=True,
                             allowed=("REGEX", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "EQUAL_TO")),
        "invert": Prop("Boolean", "Invert the compare type.", default=False, update_allowed=True),
        "key": Prop("String", "Key to compare. Relevant for HEADER and COOKIE types only.", update_allowed=True),
        "value": Prop("String", "Value to compare.", required=True, update_allowed=True),
    }
