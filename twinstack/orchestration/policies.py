"""Heat's policy-in-code defaults (heat/policies, secure RBAC): project members change their project's
stacks, readers read them; listing every project's stacks (global_tenant), the service list and
mark-unhealthy by others are admin's."""

from __future__ import annotations

ADMIN = "role:admin"
MEMBER = "role:admin or (role:member and project_id:%(project_id)s)"
READER = "role:admin or (role:reader and project_id:%(project_id)s)"

_MEMBER = ("stacks:create", "stacks:update", "stacks:update_patch", "stacks:delete", "stacks:abandon",
           "stacks:preview", "stacks:preview_update", "stacks:preview_update_patch", "stacks:snapshot",
           "stacks:delete_snapshot", "stacks:restore_snapshot", "stacks:validate_template",
           "resource:signal", "resource:mark_unhealthy", "actions:check", "actions:suspend", "actions:resume",
           "actions:cancel_update", "actions:cancel_without_rollback", "software_configs:create",
           "software_configs:delete", "software_deployments:create", "software_deployments:update",
           "software_deployments:delete")
_READER = ("stacks:index", "stacks:detail", "stacks:show", "stacks:lookup", "stacks:template", "stacks:environment",
           "stacks:files", "stacks:list_outputs", "stacks:show_output", "stacks:list_snapshots",
           "stacks:show_snapshot", "stacks:list_template_versions", "stacks:list_template_functions",
           "stacks:generate_template", "resource:index", "resource:show", "resource:metadata", "events:index",
           "events:show", "resource_types:index", "resource_types:show", "resource_types:template",
           "build_info:build_info", "software_configs:index", "software_configs:show",
           "software_deployments:index", "software_deployments:show", "software_deployments:metadata")
_ADMIN = ("stacks:global_index", "service:index")


def defaults() -> dict[str, str]:
    rules = {"context_is_admin": ADMIN}
    rules.update(dict.fromkeys(_MEMBER, MEMBER))
    rules.update(dict.fromkeys(_READER, READER))
    rules.update(dict.fromkeys(_ADMIN, ADMIN))
    return rules
