"""Every route of every service, once: the route tables read as data (Compute below ``/v2.1`` only,
Block Storage below ``/v3/{project_id}`` only, Keystone without its trailing-slash twins, no HEAD:
those are the same handlers), and how a route's path parameters are filled for a request."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

SERVICES = ("identity", "compute", "image", "network", "block_storage", "placement")
PREFIX = {"identity": "/identity", "compute": "/compute", "image": "/image", "network": "/network",
          "block_storage": "/volume", "placement": "/placement"}
DUMMY = "00000000-0000-4000-8000-00000000dead"


@dataclass(frozen=True)
class Route:
    service: str
    method: str
    path: str  # the template, below the service's prefix

    @property
    def key(self) -> str:
        return f"{self.service} {self.method} {self.path}"


def _table(service: str) -> list[tuple[str, dict[str, Any]]]:
    module = importlib.import_module(f"twinstack.{service}.routes")
    if service == "compute":
        return [("/v2.1" + path, methods) for path, methods in module.RESOURCES]
    table: list[tuple[str, dict[str, Any]]] = module.ROUTES
    if service == "block_storage":
        return [(p, m) for p, m in table if not p.startswith("/v3/") or p.startswith("/v3/{project_id}")]
    if service == "identity":
        return [(p, m) for p, m in table if not p.endswith("/") or p in ("/", "/v2.0/")]
    return table


def all_routes() -> list[Route]:
    out = []
    for service in SERVICES:
        for path, methods in _table(service):
            out += [Route(service, method, path) for method in methods if method != "HEAD"]
    return out


# path parameter -> fixture name, per service; Neutron's generic {id} takes the collection before it
PARAMS = {
    "compute": {"server_id": "server", "flavor_id": "flavor", "keypair_name": "keypair", "group_id": "server_group",
                "aggregate_id": "aggregate", "hypervisor_id": "hypervisor", "host_name": "host",
                "image_id": "image", "volume_id": "volume", "port_id": "port", "network": "network_name",
                "tenant_id": "project", "network_id": "network", "snapshot_id": "snapshot", "key": "meta_key",
                "tag": "tag", "service_id": "compute_service"},
    "block_storage": {"project_id": "project", "volume_id": "volume", "snapshot_id": "snapshot",
                      "type_id": "volume_type", "backup_id": "backup", "transfer_id": "transfer",
                      "attachment_id": "attachment", "key": "meta_key", "target_project": "target_project"},
    "image": {"image_id": "image", "member_id": "alt_project", "tag": "tag"},
    "identity": {"user_id": "user", "project_id": "project", "domain_id": "domain", "group_id": "group",
                 "role_id": "member_role", "prior_role_id": "member_role", "implied_role_id": "reader_role",
                 "region_id": "region", "service_id": "service", "endpoint_id": "endpoint",
                 "credential_id": "credential", "application_credential_id": "app_cred", "tag": "tag"},
    "network": {"project_id": "project", "tag": "tag"},
    "placement": {"uuid": "provider", "consumer_uuid": "server", "resource_class": "resource_class",
                  "name": "trait"},
}
COLLECTIONS = {"networks": "network", "subnets": "subnet", "ports": "port", "routers": "router",
               "floatingips": "floating_ip", "security-groups": "security_group",
               "security-group-rules": "security_group_rule", "subnetpools": "subnetpool", "trunks": "trunk",
               "address-scopes": "address_scope", "policies": "qos_policy", "rbac-policies": "rbac_policy",
               "quotas": "project"}


def fill(route: Route, ids: dict[str, str]) -> str:
    """The route's path with each parameter replaced by a fixture's id (demo's resources), or a
    well-formed id nothing has when the matrix has no fixture of that kind."""
    names = PARAMS.get(route.service, {})

    def value(match: re.Match[str]) -> str:
        param = match.group(1)
        before = route.path[:match.start()].rstrip("/").rsplit("/", 1)[-1]
        fixture = COLLECTIONS.get(before) if param == "id" else names.get(param)
        return ids.get(fixture or "", DUMMY)

    return PREFIX[route.service] + re.sub(r"\{(\w+)(?::[^}]*)?\}", value, route.path)


def params(route: Route, path: str) -> dict[str, str]:
    """The path parameters a filled path carries (what a framework hands a handler as view args)."""
    pattern = re.sub(r"\\\{(\w+)(?::[^}]*)?\\\}", r"(?P<\1>[^/]+)", re.escape(PREFIX[route.service] + route.path))
    found = re.fullmatch(pattern, path.split("?", 1)[0])
    return dict(found.groupdict()) if found else {}
