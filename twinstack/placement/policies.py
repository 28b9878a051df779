"""Placement's default policies (placement/policies): admin or service for everything, and a
project's readers may read that project's usages."""

from __future__ import annotations

_RESOURCES = {
    "resource_providers": ("list", "create", "show", "update", "delete"),
    "resource_providers:inventories": ("list", "create", "show", "update", "delete"),
    "resource_providers:aggregates": ("list", "update"),
    "resource_providers:usages": ("list",),
    "resource_providers:allocations": ("list",),
    "resource_providers:traits": ("list", "update", "delete"),
    "resource_classes": ("list", "create", "show", "update", "delete"),
    "traits": ("list", "show", "update", "delete"),
    "traits:resource_providers": ("list", "update", "delete"),
    "allocations": ("list", "manage", "update", "delete"),
    "allocation_candidates": ("list",),
    "reshaper": ("reshape",),
}


def defaults() -> dict[str, str]:
    rules = {
        "admin_api": "role:admin",
        "service_api": "role:service",
        "admin_or_service_api": "role:admin or role:service",
        "project_reader_api": "role:reader and project_id:%(project_id)s",
        "admin_or_project_reader_or_service_api": "role:admin or rule:project_reader_api or role:service",
        "placement:usages": "rule:admin_or_project_reader_or_service_api",
    }
    for resource, actions in _RESOURCES.items():
        for action in actions:
            rules[f"placement:{resource}:{action}"] = "rule:admin_or_service_api"
    return rules
