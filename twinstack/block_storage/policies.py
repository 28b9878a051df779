"""Cinder's default policies (cinder/policies), secure-RBAC flavour: project members act on their
project's resources, readers read them, admins do everything, admin-only APIs are ``rule:admin_api``."""

from __future__ import annotations

# cinder/policies/base.py: the admin-only APIs ask for admin_api, "is_admin:True or (role:admin and
# is_admin_project:True)"; Cinder's context sets is_admin from context_is_admin (role:admin, whatever the
# token's project or scope), so in effect any admin role passes, as tempest's dynamic admins (in their own
# projects) find on DevStack. The project resources let any admin role in too.
ADMIN = "is_admin:True or (role:admin and is_admin_project:True)"
MEMBER = "role:admin or (role:member and project_id:%(project_id)s)"
READER = "role:admin or (role:reader and project_id:%(project_id)s)"

_MEMBER_RULES = (
    "volume:create", "volume:update", "volume:delete", "volume:extend", "volume:extend_attached_volume",
    "volume:retype", "volume:create_volume_metadata", "volume:update_volume_metadata",
    "volume:delete_volume_metadata", "volume:update_readonly_flag", "volume_extension:volume_actions:upload_image",
    "volume_extension:volume_actions:reserve", "volume_extension:volume_actions:unreserve",
    "volume_extension:volume_actions:begin_detaching", "volume_extension:volume_actions:roll_detaching",
    "volume_extension:volume_actions:attach", "volume_extension:volume_actions:detach",
    "volume_extension:volume_actions:initialize_connection", "volume_extension:volume_actions:terminate_connection",
    "volume:update_bootable",
    "volume:create_snapshot", "volume:update_snapshot", "volume:delete_snapshot",
    "volume:update_snapshot_metadata", "volume:delete_snapshot_metadata",
    "group:create", "group:update", "group:delete", "group:create_group_snapshot", "group:delete_group_snapshot",
    "backup:create", "backup:update", "backup:delete", "backup:restore",
    "volume:create_transfer", "volume:delete_transfer", "volume:attachment_create", "volume:attachment_update",
    "volume:attachment_delete", "volume:attachment_complete", "volume:multiattach",
)
_READER_RULES = (
    "volume:get", "volume:get_all", "volume:get_volume_metadata", "volume:get_snapshot", "volume:get_all_snapshots",
    "volume:get_snapshot_metadata", "backup:get", "backup:get_all", "volume:get_transfer",
    "volume:get_all_transfers", "volume:attachment_get", "volume:attachment_get_all",
    "volume_extension:quotas:show", "limits_extension:used_limits",
    "volume_extension:availability_zone_list", "volume_extension:type_get", "volume_extension:type_get_all",
    "volume_extension:volume_type_access", "message:get_all", "volume_extension:default_get",
)
_ADMIN_RULES = (
    "volume_extension:volume_admin_actions:reset_status", "volume_extension:snapshot_admin_actions:reset_status",
    "volume_extension:backup_admin_actions:reset_status", "volume_extension:volume_admin_actions:force_delete",
    "volume_extension:snapshot_admin_actions:force_delete", "volume_extension:backup_admin_actions:force_delete",
    "volume_extension:volume_admin_actions:force_detach", "volume_extension:volume_admin_actions:migrate_volume",
    "volume_extension:volume_unmanage", "volume_extension:quotas:update",
    "volume_extension:quotas:delete", "volume_extension:type_create", "volume_extension:type_update",
    "volume_extension:type_delete", "volume_extension:types_extra_specs:create",
    "volume_extension:types_extra_specs:update", "volume_extension:types_extra_specs:delete",
    "volume_extension:volume_type_access:get_all_for_type", "volume_extension:access_types_extra_specs",
    "volume_extension:access_types_qos_specs_id", "volume_extension:volume_type_access:addProjectAccess",
    "volume_extension:volume_type_access:removeProjectAccess", "volume_extension:services:index",
    "volume_extension:services:update", "scheduler_extension:scheduler_stats:get_pools",
    "volume_extension:capabilities", "volume:get_all_admin", "volume_extension:volume_host_attribute",
    "volume_extension:default_set_or_update", "volume_extension:default_unset", "volume_extension:default_get_all",
    "volume_extension:volume_actions:upload_public", "volume_extension:quota_classes:get",
    "volume_extension:quota_classes:update",
    *(f"volume_extension:qos_specs_manage:{a}" for a in ("get_all", "get", "create", "update", "delete")),
    "volume_extension:hosts",
    "volume_extension:volume_type_encryption", "backup:export-import",
    "group:group_types_manage", "group:group_types_specs", "group:reset_status", "group:reset_group_snapshot_status",
)


def defaults() -> dict[str, str]:
    rules: dict[str, str] = {}
    rules.update(dict.fromkeys(_MEMBER_RULES, MEMBER))
    rules.update(dict.fromkeys(_READER_RULES, READER))
    rules.update(dict.fromkeys(_ADMIN_RULES, ADMIN))
    rules["volume:accept_transfer"] = "role:member or role:admin"
    rules["volume_extension:type_get"] = "@"
    rules["volume_extension:type_get_all"] = "@"
    rules["volume_extension:availability_zone_list"] = "@"
    rules["message:get_all"] = "@"
    return rules
