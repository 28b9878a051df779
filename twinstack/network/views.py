"""Neutron's response bodies beyond the declared resources (which ``core/crud.py`` renders from
their attributes): the version documents, extensions, agents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twinstack.network.versions import HISTORY, UPDATED, VERSION

# the resources GET /v2.0 lists
RESOURCES = ("network", "subnet", "subnetpool", "port", "rbac_policy", "router", "floatingip", "security_group",
             "security_group_rule", "quota", "agent", "availability_zone", "extension")
_PLURAL = {"quota": "quotas", "agent": "agents", "availability_zone": "availability_zones", "extension": "extensions",
           "floatingip": "floatingips", "security_group": "security_groups",
           "security_group_rule": "security_group_rules", "rbac_policy": "rbac_policies"}


def versions(base_url: str) -> dict[str, Any]:
    """GET / : the one version."""
    links = [{"href": f"{base_url}/{VERSION}/", "rel": "self"}]
    return {"versions": [{"id": VERSION, "status": "CURRENT", "links": links}]}


def v2_root(base_url: str) -> dict[str, Any]:
    """GET /v2.0 : the resources and their collection links."""
    out = []
    for name in RESOURCES:
        collection = _PLURAL.get(name, name + "s")
        # the URL spells some collections with hyphens (security-group-rules, rbac-policies)
        path = collection.replace("security_group", "security-group").replace("p_rule", "p-rule")
        path = path.replace("rbac_", "rbac-")
        links = [{"href": f"{base_url}/{VERSION}/{path}", "rel": "self"}]
        out.append({"name": name, "collection": collection, "links": links})
    return {"resources": out}


def extension(alias: str) -> dict[str, Any]:
    name, description = HISTORY[alias]
    return {"alias": alias, "name": name, "description": description, "updated": UPDATED, "links": []}


def _agent_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def agent(row: Any, now: datetime) -> dict[str, Any]:
    """An agent, always alive: its heartbeat is now."""
    return {"id": row.id, "agent_type": row.agent_type, "binary": row.binary, "topic": row.topic, "host": row.host,
            "admin_state_up": row.admin_state_up, "alive": True, "availability_zone": row.availability_zone,
            "configurations": row.configurations, "description": row.description,
            "created_at": _agent_time(row.created_at), "started_at": _agent_time(row.started_at),
            "heartbeat_timestamp": _agent_time(now), "resources_synced": None, "ha_state": None}
