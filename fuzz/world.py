"""Before the fuzz: tokens for every role the fuzzer plays, and real resources (a server, volume,
network, image, ...) of the admin project and of another project, so that ids in paths are real and
foreign ones exist. The fuzzer changes and deletes only what it made here; the model's own resources
(hosts, flavors, the demo project the final boot uses) it only reads."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

from fuzz.requests import World

VERSION_NAMES = {"compute": "compute", "block_storage": "volume", "placement": "placement"}


def _auth(user: str, password: str, project: str) -> dict[str, Any]:
    return {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}


def token(client: httpx.Client, user: str, password: str, project: str) -> str:
    response = client.post("/identity/v3/auth/tokens", json=_auth(user, password, project))
    response.raise_for_status()
    return response.headers["X-Subject-Token"]


class _Maker:
    """POSTs that record the id they made under the path-parameter names that take it."""

    def __init__(self, client: httpx.Client, tok: str, into: dict[str, list[str]]) -> None:
        self.client = client
        self.headers = {"X-Auth-Token": tok}
        self.into = into

    def make(self, path: str, body: Any, key: str, names: list[str], field: str = "id",
             headers: dict[str, str] | None = None) -> str | None:
        response = self.client.post(path, json=body, headers={**self.headers, **(headers or {})})
        if response.status_code >= 300:
            return None
        data = response.json()
        value = str((data.get(key) if key else data)[field])
        for name in names:
            self.into.setdefault(name, []).append(value)
        return value

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers).json()


def _project_resources(m: _Maker, tag: str, image_id: str, net_name: str) -> None:
    net = m.make("/network/v2.0/networks", {"network": {"name": f"fuzz-{tag}"}}, "network",
                 ["network:id", "compute:network_id", "network"])
    if net:
        m.make("/network/v2.0/subnets", {"subnet": {"network_id": net, "cidr": "192.168.77.0/24", "ip_version": 4}},
               "subnet", ["network:id"])
        m.make("/network/v2.0/ports", {"port": {"network_id": net}}, "port", ["network:id", "compute:port_id"])
    m.make("/network/v2.0/routers", {"router": {"name": f"fuzz-{tag}"}}, "router", ["network:id"])
    m.make("/network/v2.0/security-groups", {"security_group": {"name": f"fuzz-{tag}"}}, "security_group",
           ["network:id", "compute:group_id"])
    m.make("/network/v2.0/qos/policies", {"policy": {"name": f"fuzz-{tag}"}}, "policy", ["network:policy"])
    m.make("/image/v2/images", {"name": f"fuzz-{tag}", "disk_format": "raw", "container_format": "bare"}, "",
           ["image:image_id", "compute:image_id"])
    m.make("/volume/v3/volumes", {"volume": {"size": 1, "name": f"fuzz-{tag}"}}, "volume",
           ["block_storage:volume_id", "compute:volume_id"])
    m.make("/compute/v2.1/os-keypairs", {"keypair": {"name": f"fuzz-{tag}"}}, "keypair",
           ["compute:keypair_name"], field="name")
    m.make("/compute/v2.1/os-server-groups", {"server_group": {"name": f"fuzz-{tag}", "policies": ["affinity"]}},
           "server_group", ["compute:group_id"])
    m.make("/compute/v2.1/servers", {"server": {"name": f"fuzz-{tag}", "imageRef": image_id, "flavorRef": "1",
                                                "networks": [{"uuid": net}] if net else "auto"}},
           "server", ["compute:server_id"])


def _admin_only(m: _Maker) -> None:
    m.make("/identity/v3/projects", {"project": {"name": "fuzz-project"}}, "project", ["identity:project_id"])
    m.make("/identity/v3/users", {"user": {"name": "fuzz-user", "password": "fuzz"}}, "user", ["identity:user_id"])
    m.make("/identity/v3/roles", {"role": {"name": "fuzz-role"}}, "role", ["identity:role_id", "prior_role_id",
                                                                          "implied_role_id"])
    m.make("/identity/v3/groups", {"group": {"name": "fuzz-group"}}, "group", ["identity:group_id", "group"])
    m.make("/identity/v3/domains", {"domain": {"name": "fuzz-domain"}}, "domain", ["identity:domain_id"])
    m.make("/identity/v3/regions", {"region": {"id": "fuzz-region"}}, "region", ["identity:region_id"])
    m.make("/compute/v2.1/flavors", {"flavor": {"name": "fuzz-flavor", "ram": 64, "vcpus": 1, "disk": 1}}, "flavor",
           ["compute:flavor_id"])
    m.make("/compute/v2.1/os-aggregates", {"aggregate": {"name": "fuzz-aggregate"}}, "aggregate",
           ["compute:aggregate_id"])
    m.make("/volume/v3/types", {"volume_type": {"name": "fuzz-type"}}, "volume_type", ["block_storage:type_id"])
    m.make("/placement/resource_providers", {"name": "fuzz-provider", "uuid": str(uuid.uuid4())}, "",
           ["placement:uuid"], field="uuid", headers={"OpenStack-API-Version": "placement 1.20"})


def _shared(client: httpx.Client, tok: str, shared: dict[str, list[str]]) -> None:
    """The model's resources, by id, for reads only."""
    h = {"X-Auth-Token": tok}

    def ids(path: str, key: str, field: str = "id", headers: dict[str, str] | None = None) -> list[str]:
        response = client.get(path, headers={**h, **(headers or {})})
        return [str(item[field]) for item in response.json().get(key, [])] if response.status_code == 200 else []

    shared["compute:hypervisor_id"] = ids("/compute/v2.1/os-hypervisors", "hypervisors",
                                          headers={"OpenStack-API-Version": "compute 2.53"})
    shared["compute:service_id"] = ids("/compute/v2.1/os-services", "services",
                                       headers={"OpenStack-API-Version": "compute 2.53"})
    shared["compute:host_name"] = ids("/compute/v2.1/os-hosts", "hosts", "host_name")
    shared["compute:flavor_id"] = ids("/compute/v2.1/flavors", "flavors")
    shared["compute:image_id"] = shared["image:image_id"] = ids("/image/v2/images", "images")
    shared["network:id"] = ids("/network/v2.0/networks", "networks") + ids("/network/v2.0/subnets", "subnets")
    shared["placement:uuid"] = ids("/placement/resource_providers", "resource_providers", "uuid")
    shared["identity:user_id"] = ids("/identity/v3/users", "users")
    shared["identity:project_id"] = ids("/identity/v3/projects", "projects")
    shared["identity:role_id"] = ids("/identity/v3/roles", "roles")
    shared["identity:service_id"] = ids("/identity/v3/services", "services")
    shared["identity:endpoint_id"] = ids("/identity/v3/endpoints", "endpoints")
    shared["block_storage:type_id"] = ids("/volume/v3/types", "volume_types")


def build(base_url: str) -> World:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        tokens = {"admin": token(client, "admin", "admin", "admin"),
                  "member": token(client, "demo", "demo", "demo"),
                  "reader": token(client, "reader", "reader", "demo"),
                  "foreign": token(client, "alt_demo", "alt_demo", "alt_demo")}
        revoked = token(client, "admin", "admin", "admin")
        client.delete("/identity/v3/auth/tokens", headers={"X-Auth-Token": tokens["admin"], "X-Subject-Token": revoked})
        tokens["revoked"] = revoked
        world = World(tokens=tokens, versions=dict(VERSION_NAMES))
        admin = _Maker(client, tokens["admin"], world.safe)
        images = admin.get("/image/v2/images").get("images", [])
        image_id = next((i["id"] for i in images if i.get("status") == "active"), "")
        project = admin.get("/identity/v3/auth/projects").get("projects", [])
        admin_project = next((p["id"] for p in project if p["name"] == "admin"), "")
        for name in ("compute:project_id", "compute:tenant_id", "block_storage:project_id",
                     "block_storage:target_project", "network:project_id"):
            world.safe[name] = [admin_project]
        _admin_only(admin)
        _project_resources(admin, "admin", image_id, "private")
        _project_resources(_Maker(client, tokens["foreign"], world.foreign), "foreign", image_id, "private")
        _shared(client, tokens["admin"], world.shared)
        time.sleep(0.5)  # servers and volumes settle (the default lifecycles are immediate or sub-second)
    return world


def boots_a_server(base_url: str, timeout: float = 120) -> bool:
    """What a user does first: as demo, boot a server on the private network and see it ACTIVE."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        tok = token(client, "demo", "demo", "demo")
        h = {"X-Auth-Token": tok}
        images = client.get("/image/v2/images", headers=h).json()["images"]
        image = next(i["id"] for i in images if i["name"].startswith("cirros"))
        nets = client.get("/network/v2.0/networks?name=private", headers=h).json()["networks"]
        body = {"server": {"name": "fuzz-after", "imageRef": image, "flavorRef": "1",
                           "networks": [{"uuid": nets[0]["id"]}]}}
        response = client.post("/compute/v2.1/servers", json=body, headers=h)
        if response.status_code != 202:
            return False
        server_id = response.json()["server"]["id"]
        deadline = time.monotonic() + timeout
        status = ""
        while time.monotonic() < deadline:
            status = client.get(f"/compute/v2.1/servers/{server_id}", headers=h).json()["server"]["status"]
            if status in ("ACTIVE", "ERROR"):
                break
            time.sleep(0.2)
        client.delete(f"/compute/v2.1/servers/{server_id}", headers=h)
        return status == "ACTIVE"
