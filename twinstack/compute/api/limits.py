"""Nova's /limits: the caller's absolute limits with what is in use (``rate`` is always empty)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.api.resources_common import reject_unknown_query
from twinstack.compute.manager import quota
from twinstack.core.pipeline import Req

_NAMES: dict[str, tuple[str, ...]] = {
    "ram": ("maxTotalRAMSize",),
    "instances": ("maxTotalInstances",),
    "cores": ("maxTotalCores",),
    "key_pairs": ("maxTotalKeypairs",),
    "floating_ips": ("maxTotalFloatingIps",),
    "metadata_items": ("maxServerMeta", "maxImageMeta"),
    "injected_files": ("maxPersonality",),
    "injected_file_content_bytes": ("maxPersonalitySize",),
    "security_groups": ("maxSecurityGroups",),
    "security_group_rules": ("maxSecurityGroupRules",),
    "server_groups": ("maxServerGroups",),
    "server_group_members": ("maxServerGroupMembers",),
}
_USED = {"totalRAMUsed": "ram", "totalCoresUsed": "cores", "totalInstancesUsed": "instances",
         "totalFloatingIpsUsed": "floating_ips", "totalSecurityGroupsUsed": "security_groups",
         "totalServerGroupsUsed": "server_groups"}


def _hidden(req: Req) -> set[str]:
    if req.at_least(2, 57):
        return {"floating_ips", "security_groups", "security_group_rules", "injected_files",
                "injected_file_content_bytes"}
    if req.at_least(2, 36):
        return {"floating_ips", "security_groups", "security_group_rules"}
    return set()


async def index(req: Req) -> Any:
    if req.at_least(2, 75):
        reject_unknown_query(req, {"tenant_id"})
    req.authorize("os_compute_api:limits")
    project_id = req.context.project_id or ""
    if "tenant_id" in req.query:
        project_id = req.query["tenant_id"]
        req.authorize("os_compute_api:limits:other_project", {"project_id": project_id})
    hidden = _hidden(req)
    with req.cloud.store.read() as conn:
        limits = quota.limits_for(conn, project_id)
        usage = quota.count_usage(conn, project_id, None, ("instances", "cores", "ram", "server_groups"))
    absolute: dict[str, Any] = {}
    for resource, names in _NAMES.items():
        if resource in hidden:
            continue
        for name in names:
            if name == "maxImageMeta" and req.at_least(2, 39):
                continue
            absolute[name] = limits[resource]
    for name, resource in _USED.items():
        if resource not in hidden:
            absolute[name] = usage.get(resource, 0)
    return {"limits": {"rate": [], "absolute": absolute}}
