"""Designate's policy-in-code defaults (designate/common/policies, enforce_new_defaults): project members
change their project's zones and recordsets, readers read them, admins anything; ``all_projects`` is
admin's. A zone of another project is a 404 before any policy is asked (the lookup is project-scoped)."""

from __future__ import annotations

ADMIN = "role:admin"
MEMBER = "role:admin or (role:member and project_id:%(project_id)s)"
READER = "role:admin or (role:reader and project_id:%(project_id)s)"

_MEMBER = ("create_zone", "update_zone", "delete_zone", "create_recordset", "update_recordset",
           "delete_recordset")
_READER = ("get_zone", "get_zones", "get_zone_ns_servers", "get_recordset", "get_recordsets",
           "find_recordsets")


def defaults() -> dict[str, str]:
    rules = {"admin": ADMIN, "all_tenants": ADMIN}
    rules.update(dict.fromkeys(_MEMBER, MEMBER))
    rules.update(dict.fromkeys(_READER, READER))
    return rules
