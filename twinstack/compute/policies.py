"""Nova's default policies for servers and their actions (nova/policies, secure-RBAC flavour),
merged with the compute-resources policies (flavors, keypairs, ...)."""

from __future__ import annotations

from twinstack.core.policy import ADMIN, ADMIN_OR_MEMBER_OWNER, ADMIN_OR_READER_OWNER, ANY
from twinstack.compute import policies_proxies, policies_resources

MEMBER = ADMIN_OR_MEMBER_OWNER
READER = ADMIN_OR_READER_OWNER

_MEMBER_RULES = [
    "servers:create", "servers:update", "servers:delete", "servers:reboot", "servers:stop", "servers:start",
    "servers:resize", "servers:confirm_resize", "servers:revert_resize", "servers:rebuild", "servers:create_image",
    "servers:create:attach_network", "servers:create:attach_volume", "servers:create:trusted_certs",
    "servers:trigger_crash_dump",
    "os-pause-server:pause", "os-pause-server:unpause", "os-suspend-server:suspend", "os-suspend-server:resume",
    "os-lock-server:lock", "os-lock-server:unlock", "os-rescue", "os-unrescue", "os-shelve:shelve",
    "os-shelve:unshelve", "os-console-output", "os-remote-consoles", "os-server-tags:update",
    "os-server-tags:update_all", "os-server-tags:delete", "os-server-tags:delete_all",
    "server-metadata:create", "server-metadata:update", "server-metadata:update_all", "server-metadata:delete",
    "os-attach-interfaces:create", "os-attach-interfaces:delete", "os-volumes-attachments:create",
    "os-volumes-attachments:update", "os-volumes-attachments:delete", "os-security-groups:add",
    "os-security-groups:remove", "os-create-backup", "os-admin-password", "os-server-password:clear",
    "os-deferred-delete:restore", "os-deferred-delete:force",
]
_READER_RULES = [
    "servers:index", "servers:detail", "servers:show", "os-server-tags:index", "os-server-tags:show",
    "server-metadata:index", "server-metadata:show", "ips:index", "ips:show", "os-instance-actions:list",
    "os-instance-actions:show", "os-attach-interfaces:list", "os-attach-interfaces:show",
    "os-volumes-attachments:index", "os-volumes-attachments:show", "os-security-groups:list",
    "os-server-groups:index", "os-server-password:show",
]
_ADMIN_RULES = [
    "servers:index:get_all_tenants", "servers:detail:get_all_tenants", "servers:allow_all_filters",
    "servers:create:forced_host", "servers:create:requested_destination", "servers:show:host_status",
    "servers:show:host_status:unknown-only", "servers:migrations:index", "servers:migrations:show",
    "servers:migrations:force_complete", "servers:migrations:delete",
    "os-extended-server-attributes", "os-admin-actions:reset_state", "os-admin-actions:inject_network_info",
    "os-lock-server:unlock:unlock_override", "os-migrate-server:migrate", "os-migrate-server:migrate_live",
    "os-migrate-server:migrate:host", "os-evacuate", "os-shelve:shelve_offload", "os-shelve:unshelve_to_host",
    "os-server-diagnostics", "os-instance-actions:events", "os-instance-actions:events:details",
    "os-server-external-events:create", "os-volumes-attachments:swap",
]


def defaults() -> dict[str, str]:
    rules: dict[str, str] = {}
    rules.update({f"os_compute_api:{r}": MEMBER for r in _MEMBER_RULES})
    rules.update({f"os_compute_api:{r}": READER for r in _READER_RULES})
    rules.update({f"os_compute_api:{r}": ADMIN for r in _ADMIN_RULES})
    rules["os_compute_api:os-flavor-extra-specs:index"] = READER
    rules["os_compute_api:extensions"] = ANY
    rules.update(policies_resources.defaults())
    rules.update(policies_proxies.defaults())
    return rules
