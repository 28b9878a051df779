"""OS::Nova::Server (with Heat's flavor resize on update) through compute's local.py; the networks,
ports and floating IPs it asks for through network's, images through image's."""

from __future__ import annotations

import base64
from typing import Any, ClassVar

from twinstack.compute import local as compute
from twinstack.image import local as image
from twinstack.network import local as network
from twinstack.orchestration.manager.resources.base import (
    Plugin,
    Prop,
    ResourceContext,
    ResourceFailure,
    delete_quietly,
)


def find_image(rc: ResourceContext, ref: str) -> str:
    """An image by id or by unique name, as Heat's glance client plugin finds it."""
    try:
        return str(image.proxy_get_image(rc.cloud, rc.caller, ref)["id"])
    except Exception:
        pass
    found = image.proxy_list_images(rc.cloud, rc.caller, name=ref)
    if not found:
        raise ResourceFailure("StackValidationFailed", f"Error validating value '{ref}': No images matching "
                              f"{{'name': '{ref}'}}.")
    if len(found) > 1:
        raise ResourceFailure("StackValidationFailed", f"Error validating value '{ref}': Multiple images matching "
                              f"{{'name': '{ref}'}}.")
    return str(found[0]["id"])


def _fault(state: dict[str, Any]) -> str:
    fault = state.get("fault") or {}
    return f"Message: {fault.get('message', 'Unknown')}, Code: {fault.get('code', 500)}"


def _status(rc: ResourceContext, wanted: tuple[str, ...]) -> bool:
    state = compute.server_state(rc.cloud, str(rc.physical_id))
    if state is None:
        raise ResourceFailure("ResourceUnknownStatus", "Resource failed - Unknown status DELETED due to "
                              "\"Server is not found\"")
    if state["status"] == "ERROR":
        raise ResourceFailure("ResourceInError", f"Went to status ERROR due to \"{_fault(state)}\"")
    return bool(state["status"] in wanted)


class Server(Plugin):
    type_name = "OS::Nova::Server"
    description = "A Nova server, its ports and volumes."
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "Server name.", update_allowed=True),
        "image": Prop("String", "The ID or name of the image to boot with.", update_allowed=True),
        "flavor": Prop("String", "The ID or name of the flavor to boot onto.", required=True, update_allowed=True),
        "flavor_update_policy": Prop("String", "Policy on how to apply a flavor update.", default="RESIZE",
                                     update_allowed=True, allowed=("RESIZE", "REPLACE")),
        "image_update_policy": Prop("String", "Policy on how to apply an image-id update.",
                                    default="REBUILD", update_allowed=True,
                                    allowed=("REBUILD", "REPLACE", "REBUILD_PRESERVE_EPHEMERAL")),
        "key_name": Prop("String", "Name of keypair to inject into the server."),
        "admin_pass": Prop("String", "The administrator password for the server.", update_allowed=True),
        "availability_zone": Prop("String", "Name of the availability zone for server placement."),
        "networks": Prop("List", "An ordered list of nics to be added to this server.", update_allowed=True),
        "block_device_mapping": Prop("List", "Block device mappings for this server."),
        "block_device_mapping_v2": Prop("List", "Block device mappings v2 for this server."),
        "security_groups": Prop("List", "List of security group names or IDs.", default=[], update_allowed=True),
        "metadata": Prop("Map", "Arbitrary key/value metadata to store for this server.", update_allowed=True),
        "user_data": Prop("String", "User data script to be executed by cloud-init.", default="",
                          update_allowed=True),
        "user_data_format": Prop("String", "How the user_data should be formatted for the server.",
                                 default="HEAT_CFNTOOLS", allowed=("HEAT_CFNTOOLS", "RAW", "SOFTWARE_CONFIG")),
        "user_data_update_policy": Prop("String", "Policy on how to apply a user_data update.", default="REPLACE",
                                        update_allowed=True, allowed=("REPLACE", "IGNORE")),
        "software_config_transport": Prop("String", "How the server should receive the metadata.",
                                          default="POLL_SERVER_CFN", update_allowed=True),
        "config_drive": Prop("Boolean", "If True, enable config drive on the server."),
        "scheduler_hints": Prop("Map", "Arbitrary key-value pairs specified by the client to help boot a server."),
        "diskConfig": Prop("String", "Control how the disk is partitioned when the server is created.",
                           allowed=("AUTO", "MANUAL")),
        "reservation_id": Prop("String", "A UUID for the set of servers being requested."),
        "personality": Prop("Map", "A map of files to create/overwrite on the server upon boot.", default={}),
        "deployment_swift_data": Prop("Map", "Swift container and object to use for storing deployment data."),
        "tags": Prop("List", "Server tags.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "name": "Name of the server.", "first_address": "Convenience attribute to fetch the first assigned "
        "network address, or an empty string if nothing has been assigned at this time.",
        "addresses": "A dict of all network addresses with corresponding port_id and subnets.",
        "networks": "A dict of assigned network addresses of the form: {\"public\": [ip1, ip2...], ...}.",
        "instance_name": "AWS compatible instance name.", "accessIPv4": "The manually assigned alternative public "
        "IPv4 address of the server.", "accessIPv6": "The manually assigned alternative public IPv6 address.",
        "console_urls": "URLs of server's consoles.", "os_collect_config": "The os-collect-config configuration.",
    }

    async def create(self, rc: ResourceContext) -> None:
        p = rc.props
        flavor = await rc.call(compute.find_flavor, rc.cloud, rc.caller, str(p["flavor"]))
        server: dict[str, Any] = {"name": p.get("name") or rc.physical_name(), "flavorRef": str(flavor["id"])}
        if p.get("image"):
            server["imageRef"] = find_image(rc, str(p["image"]))
        groups = [await self._group(rc, str(g)) for g in p.get("security_groups") or []]
        server["networks"] = await self._nics(rc, p.get("networks"), [g["id"] for g in groups])
        bdms = self._bdms(rc, p)
        if bdms:
            server["block_device_mapping_v2"] = bdms
        for key, field in (("key_name", "key_name"), ("availability_zone", "availability_zone"),
                           ("admin_pass", "adminPass"), ("diskConfig", "OS-DCF:diskConfig")):
            if p.get(key):
                server[field] = p[key]
        if p.get("metadata"):
            server["metadata"] = {str(k): str(v) for k, v in p["metadata"].items()}
        if p.get("config_drive") is not None:
            server["config_drive"] = bool(p["config_drive"])
        if groups:
            server["security_groups"] = [{"name": g["name"]} for g in groups]
        if p.get("tags"):
            server["tags"] = [str(t) for t in p["tags"]]
        user_data = self._user_data(rc)
        if user_data:
            server["user_data"] = base64.b64encode(user_data.encode()).decode()
        uuid = await rc.call(compute.create_server, rc.cloud, rc.caller, server, p.get("scheduler_hints") or {})
        rc.set_id(uuid)
        await rc.poll(lambda: _status(rc, ("ACTIVE",)))
        await self._associate_floating_ips(rc, p.get("networks") or [])

    def _user_data(self, rc: ResourceContext) -> str:
        """RAW or HEAT_CFNTOOLS: the text; a SoftwareConfig's id (get_resource): that config's text."""
        from twinstack.orchestration.manager import configs

        text = str(rc.props.get("user_data") or "")
        config = configs.get(rc.cloud, text) if text else None
        return str(config["config"] or "") if config is not None else text

    async def _group(self, rc: ResourceContext, ref: str) -> dict[str, Any]:
        """A security group named by name or id (a template's get_resource gives its id)."""
        group_id = await rc.call(network.find_resource_id, rc.cloud, rc.caller, "security_group", ref)
        return dict(await rc.call(network.show_security_group, rc.cloud, rc.caller, group_id))

    async def _nics(self, rc: ResourceContext, networks: list[dict[str, Any]] | None, groups: list[str]) -> Any:
        if not networks:
            return "auto"
        nics: list[dict[str, Any]] = []
        for item in networks:
            if not isinstance(item, dict):
                raise ResourceFailure("StackValidationFailed", "networks: each item must be a map")
            if item.get("port"):
                nics.append({"port": str(item["port"])})
            elif item.get("subnet"):
                subnet = await rc.call(network.show_resource, rc.cloud, rc.caller, "subnet",
                                       await rc.call(network.find_resource_id, rc.cloud, rc.caller, "subnet",
                                                     str(item["subnet"])))
                fixed: dict[str, Any] = {"subnet_id": subnet["id"]}
                if item.get("fixed_ip"):
                    fixed["ip_address"] = item["fixed_ip"]
                body = {"network_id": subnet["network_id"], "fixed_ips": [fixed], "name": f"{rc.physical_name()}-port"}
                if groups:
                    body["security_groups"] = groups
                port = await rc.call(network.create_resource, rc.cloud, rc.caller, "port", body)
                rc.data.setdefault("internal_ports", []).append(port["id"])
                rc.save(rc)
                nics.append({"port": port["id"]})
            elif item.get("network"):
                net_id = await rc.call(network.find_resource_id, rc.cloud, rc.caller, "network", str(item["network"]))
                nic = {"uuid": net_id}
                if item.get("fixed_ip"):
                    nic["fixed_ip"] = str(item["fixed_ip"])
                nics.append(nic)
            else:
                raise ResourceFailure("StackValidationFailed", "One of the properties \"network\", \"port\" or "
                                      "\"subnet\" should be set for the specified network of server")
        return nics

    def _bdms(self, rc: ResourceContext, p: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for i, item in enumerate(p.get("block_device_mapping_v2") or []):
            bdm: dict[str, Any] = {"boot_index": item.get("boot_index", 0 if i == 0 and not p.get("image") else -1),
                                   "delete_on_termination": bool(item.get("delete_on_termination", False))}
            if item.get("device_name"):
                bdm["device_name"] = item["device_name"]
            if item.get("volume_id"):
                bdm.update(source_type="volume", destination_type="volume", uuid=str(item["volume_id"]))
            elif item.get("image") or item.get("image_id"):
                bdm.update(source_type="image", destination_type="volume", volume_size=item.get("volume_size"),
                           uuid=find_image(rc, str(item.get("image") or item.get("image_id"))))
            elif item.get("snapshot_id"):
                bdm.update(source_type="snapshot", destination_type="volume", uuid=str(item["snapshot_id"]),
                           volume_size=item.get("volume_size"))
            elif item.get("swap_size"):
                bdm.update(source_type="blank", destination_type="local", guest_format="swap",
                           volume_size=item["swap_size"], boot_index=-1)
            else:
                continue
            out.append({k: v for k, v in bdm.items() if v is not None})
        for item in p.get("block_device_mapping") or []:
            out.append({"source_type": "volume", "destination_type": "volume", "uuid": str(item.get("volume_id")),
                        "device_name": item.get("device_name"), "boot_index": 0 if not p.get("image") else -1,
                        "delete_on_termination": bool(item.get("delete_on_termination", False))})
        return out

    async def _associate_floating_ips(self, rc: ResourceContext, networks: list[dict[str, Any]]) -> None:
        for item in networks:
            if not isinstance(item, dict) or not item.get("floating_ip"):
                continue
            ports = network.list_ports(rc.cloud, rc.caller, str(rc.physical_id))
            port = next((pt for pt in ports if item.get("port") in (None, pt["id"])), None)
            if port is not None:
                await rc.call(network.update_floating_ip, rc.cloud, rc.caller, str(item["floating_ip"]),
                              {"port_id": port["id"]})

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        uuid = str(rc.physical_id)
        if "flavor" in changed:
            flavor = await rc.call(compute.find_flavor, rc.cloud, rc.caller, str(rc.props["flavor"]))
            state = compute.server_state(rc.cloud, uuid) or {}
            if str(flavor["id"]) != state.get("flavor_id"):
                await rc.call(compute.resize_server, rc.cloud, rc.caller, uuid, str(flavor["id"]))
                await rc.poll(lambda: _status(rc, ("VERIFY_RESIZE", "ACTIVE"))
                              and (compute.server_state(rc.cloud, uuid) or {}).get("task_state") is None)
                if (compute.server_state(rc.cloud, uuid) or {}).get("status") == "VERIFY_RESIZE":
                    await rc.call(compute.confirm_resize, rc.cloud, rc.caller, uuid)
                    await rc.poll(lambda: _status(rc, ("ACTIVE",)))
        if "name" in changed:
            await rc.call(compute.rename_server, rc.cloud, rc.caller, uuid, rc.props.get("name") or rc.physical_name())

    def needs_replace(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> bool:
        p = rc.props
        if "flavor" in changed and p.get("flavor_update_policy") == "REPLACE":
            return True
        if "user_data" in changed and p.get("user_data_update_policy") != "IGNORE":
            return True
        # in place here: the flavor (a resize) and the name; the rest of Heat's in-place updates (image
        # rebuild, network and security group changes, metadata) replace the server instead
        in_place = {"flavor", "name", "flavor_update_policy", "image_update_policy", "user_data_update_policy",
                    "software_config_transport", "admin_pass", "user_data"}
        return bool(changed - in_place) or super().needs_replace(rc, old, changed)

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            uuid = rc.physical_id
            await delete_quietly(rc, compute.delete_server, rc.cloud, rc.caller, uuid)
            await rc.poll(lambda: compute.server_state(rc.cloud, uuid) is None)
        for port_id in rc.data.get("internal_ports") or []:
            await delete_quietly(rc, network.delete_resource, rc.cloud, rc.caller, "port", port_id)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        if not rc.physical_id:
            return None
        state = compute.server_state(rc.cloud, rc.physical_id)
        if state is None:
            return None
        if name == "name":
            return state["name"]
        if name == "instance_name":
            return state["instance_name"]
        if name in ("accessIPv4", "accessIPv6"):
            return state["access_ip_v4" if name == "accessIPv4" else "access_ip_v6"]
        addresses = _addresses(rc)
        if name == "addresses":
            return addresses
        if name == "networks":
            nets: dict[str, list[str]] = {}
            for net_name, items in addresses.items():
                ips = [i["addr"] for i in items]
                nets[net_name] = ips
                if items and items[0].get("network_id"):
                    nets[items[0]["network_id"]] = ips
            return nets
        if name == "first_address":
            for items in addresses.values():
                for i in items:
                    return i["addr"]
            return ""
        if name == "show":
            return {"id": state["id"], "name": state["name"], "status": state["status"], "addresses": addresses,
                    "flavor": {"id": state["flavor_id"]}}
        if name == "console_urls":
            return {}
        if name == "os_collect_config":
            return {}
        return None


def _addresses(rc: ResourceContext) -> dict[str, list[dict[str, Any]]]:
    with rc.cloud.store.read() as conn:
        found = network.addresses(rc.cloud, conn, [str(rc.physical_id)]).get(str(rc.physical_id), {})
    ports = {p["mac_address"]: p for p in network.list_ports(rc.cloud, rc.caller, str(rc.physical_id))}
    out: dict[str, list[dict[str, Any]]] = {}
    for net_name, items in found.items():
        for item in items:
            port = ports.get(item.get("OS-EXT-IPS-MAC:mac_addr"), {})
            out.setdefault(net_name, []).append({
                **item, "port": port.get("id"), "network_id": port.get("network_id"),
                "subnets": [{"id": ip["subnet_id"]} for ip in port.get("fixed_ips") or []]})
    return out


class KeyPair(Plugin):
    type_name = "OS::Nova::KeyPair"
    description = "A Nova key pair: imported from public_key, or generated (save_private_key keeps the private key)."
    delete_first = True  # the name stays the same, and names are unique per user
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "The name of the key pair.", required=True),
        "save_private_key": Prop("Boolean", "True if the system should remember a generated private key; False "
                                 "otherwise.", default=False),
        "public_key": Prop("String", "The optional public key."),
        "type": Prop("String", "Keypair type.", allowed=("ssh", "x509")),
        "user": Prop("String", "ID or name of user to whom to add key-pair."),
    }
    attributes: ClassVar[dict[str, str]] = {"public_key": "The public key.", "private_key": "The private key if it "
                                            "has been saved."}

    async def create(self, rc: ResourceContext) -> None:
        key = await rc.call(compute.create_keypair, rc.cloud, rc.caller, str(rc.props["name"]),
                            rc.props.get("public_key"), rc.props.get("type") or "ssh")
        rc.data["public_key"] = key["public_key"]
        if rc.props.get("save_private_key"):
            rc.data["private_key"] = key["private_key"]
        rc.set_id(str(rc.props["name"]))

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, compute.delete_keypair, rc.cloud, rc.caller, rc.physical_id)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        return rc.data.get(name, "" if name == "private_key" else None)


class Flavor(Plugin):
    type_name = "OS::Nova::Flavor"
    description = "A Nova flavor (admin's, by Nova's policy)."
    properties: ClassVar[dict[str, Prop]] = {
        "ram": Prop("Integer", "Memory in MB for the flavor.", required=True),
        "vcpus": Prop("Integer", "Number of VCPUs for the flavor.", required=True),
        "disk": Prop("Integer", "Size of local disk in GB.", default=0),
        "swap": Prop("Integer", "Swap space in MB.", default=0),
        "rxtx_factor": Prop("Number", "RX/TX factor.", default=1.0),
        "ephemeral": Prop("Integer", "Size of a secondary ephemeral data disk in GB.", default=0),
        "extra_specs": Prop("Map", "Key/Value pairs to extend the capabilities of the flavor.", update_allowed=True),
        "is_public": Prop("Boolean", "Scope of flavor accessibility.", default=True),
        "name": Prop("String", "Name of the flavor."),
        "flavorid": Prop("String", "Unique ID of the flavor."),
        "tenants": Prop("List", "List of tenants.", default=[], update_allowed=True),
        "description": Prop("String", "Description of the flavor.", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {"is_public": "Whether the flavor is shared across all projects.",
                                            "extra_specs": "Extra specs of the flavor in key-value pairs."}

    async def create(self, rc: ResourceContext) -> None:
        p = rc.props
        flavor = await rc.call(compute.create_flavor, rc.cloud, rc.caller, str(p.get("name") or rc.physical_name()),
                               int(p["vcpus"]), int(p["ram"]), int(p.get("disk") or 0), int(p.get("ephemeral") or 0),
                               int(p.get("swap") or 0), float(p.get("rxtx_factor") or 1.0),
                               bool(p.get("is_public", True)), {str(k): str(v) for k, v in
                                                                (p.get("extra_specs") or {}).items()},
                               p.get("flavorid"))
        rc.set_id(str(flavor["id"]))

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, compute.delete_flavor, rc.cloud, rc.caller, rc.physical_id)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        if name == "is_public":
            return bool(rc.props.get("is_public", True))
        if name == "extra_specs":
            return rc.props.get("extra_specs") or {}
        return None


class ServerGroup(Plugin):
    type_name = "OS::Nova::ServerGroup"
    description = "A server group (affinity or anti-affinity policy)."
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "Server Group name."),
        "policies": Prop("List", "A list of exactly one policy to apply.", default=["anti-affinity"]),
        "rules": Prop("Map", "Rules for the policy (max_server_per_host for anti-affinity)."),
    }

    async def create(self, rc: ResourceContext) -> None:
        policies = rc.props.get("policies") or ["anti-affinity"]
        group = await rc.call(compute.create_server_group, rc.cloud, rc.caller,
                              str(rc.props.get("name") or rc.physical_name()), str(policies[0]),
                              rc.props.get("rules"))
        rc.set_id(str(group["id"]))

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, compute.delete_server_group, rc.cloud, rc.caller, rc.physical_id)
