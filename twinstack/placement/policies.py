"""Placement's default policies (placement/policies): admin or service for everything, and a
project's readers may read that project's usages.

Upstream's base rules are bare names (``admin_api``, ``project_reader_api``); Nova registers rules of
the same names in this one shared enforcer, so ours carry a ``placement:`` prefix."""

from __future__ import annotations

_RESOURCES = {
    "resource_providers": ("list", "create", "show", "update", "delete"),
    "resource_providers:inventories": ("list", "create", "show", "update", "delete"),
    "resource_providers:aggregates": ("list", "update"),
    "resource_providers:allocations": ("list",),
    "resource_providers:traits": ("list", "update", "delete"),
    "resource_classes": ("list", "create", "show", "update", "delete"),
    "traits": ("list", "show", "update", "delete"),
    "allocations": ("list", "manage", "update", "delete"),
    "allocation_candidates": ("list",),
    "reshaper": ("reshape",),
}
ADMIN_OR_SERVICE = "rule:placement:admin_or_service_api"


def defaults() -> dict[str, str]:
    rules = {
        "placement:admin_api": "role:admin",
        "placement:service_api": "role:service",
        "placement:admin_or_service_api": "role:admin or role:service",
        "placement:project_reader_api": "role:reader and project_id:%(project_id)s",
        "placement:admin_or_project_reader_or_service_api":
            "role:admin or rule:placement:project_reader_api or role:service",
        "placement:usages": "rule:placement:admin_or_project_reader_or_service_api",
        "placement:resource_providers:usages": ADMIN_OR_SERVICE,
    }
    for resource, actions in _RESOURCES.items():
        for action in actions:
            rules[f"placement:{resource}:{action}"] = ADMIN_OR_SERVICE
    return rules
