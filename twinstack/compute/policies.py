"""Nova's default policies (nova/policies, secure-RBAC flavour): servers and their actions, the
compute resources (flavors, keypairs, aggregates...) and the proxy APIs, on core/policy.py's rules."""

from __future__ import annotations

from twinstack.core.policy import (
    ADMIN,
    ADMIN_OR_MEMBER_OWNER,
    ADMIN_OR_READER_OWNER,
    ANY,
    PROJECT_MEMBER,
    PROJECT_READER,
)

MEMBER = ADMIN_OR_MEMBER_OWNER
READER = ADMIN_OR_READER_OWNER
# the resource APIs' project rules leave out the system reader, as Nova's PROJECT_*_OR_ADMIN do
PROJECT_READER_OR_ADMIN = f"{ADMIN} or ({PROJECT_READER})"
PROJECT_MEMBER_OR_ADMIN = f"{ADMIN} or ({PROJECT_MEMBER})"
ADMIN_OR_KEY_OWNER = f"({ADMIN}) or user_id:%(user_id)s"

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
    "os-server-shares:create", "os-server-shares:delete",
]
_READER_RULES = [
    "servers:index", "servers:detail", "servers:show", "os-server-tags:index", "os-server-tags:show",
    "server-metadata:index", "server-metadata:show", "ips:index", "ips:show", "os-instance-actions:list",
    "os-instance-actions:show", "os-attach-interfaces:list", "os-attach-interfaces:show",
    "os-volumes-attachments:index", "os-volumes-attachments:show", "os-security-groups:list",
    "os-server-groups:index", "os-server-password:show", "os-server-shares:index", "os-server-shares:show",
    # the proxies (nova/policies/networks.py, tenant_networks.py)
    "os-networks:list", "os-networks:show", "os-tenant-networks:list", "os-tenant-networks:show",
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
    # the compute resources
    "os-flavor-manage:create", "os-flavor-manage:update", "os-flavor-manage:delete", "os-flavor-access",
    "os-flavor-access:add_tenant_access", "os-flavor-access:remove_tenant_access",
    "os-flavor-extra-specs:create", "os-flavor-extra-specs:update", "os-flavor-extra-specs:delete",
    "os-server-groups:index:all_projects", "os-availability-zone:detail",
    "os-services:list", "os-services:update", "os-services:delete",
    "os-quota-sets:update", "os-quota-sets:delete", "os-quota-class-sets:show", "os-quota-class-sets:update",
    "limits:other_project", "os-simple-tenant-usage:list",
    "os-migrations:index", "os-migrations:index:all_projects", "os-migrations:index:host",
    "os-instance-usage-audit-log:list", "os-instance-usage-audit-log:show",
    *(f"os-aggregates:{a}" for a in ("index", "create", "show", "update", "delete", "add_host", "remove_host",
                                     "set_metadata")),
    *(f"os-hosts:{a}" for a in ("list", "show", "update", "reboot", "shutdown", "start")),
    *(f"os-hypervisors:{a}" for a in ("list", "list-detail", "statistics", "show", "uptime", "search", "servers")),
]
_PROJECT_READER_RULES = [
    "os-flavor-extra-specs:index", "os-flavor-extra-specs:show", "os-server-groups:index", "os-server-groups:show",
    "os-quota-sets:show", "os-quota-sets:detail", "os-simple-tenant-usage:show",
]
_PROJECT_MEMBER_RULES = ["os-server-groups:create", "os-server-groups:delete"]
_ANY_RULES = ["extensions", "os-availability-zone:list", "os-quota-sets:defaults", "limits"]
_KEY_OWNER_RULES = [f"os-keypairs:{a}" for a in ("index", "create", "show", "delete")]
# the APIs Cinder and Neutron call with their service users (nova/policies/base.py's SERVICE_ROLE)
_SERVICE_RULES = ["os-server-external-events:create", "os-volumes-attachments:swap",
                  "os-assisted-volume-snapshots:create", "os-assisted-volume-snapshots:delete"]
SERVICE_OR_ADMIN = f"role:service or {ADMIN}"


def defaults() -> dict[str, str]:
    rules: dict[str, str] = {}
    for names, check in ((_MEMBER_RULES, MEMBER), (_READER_RULES, READER), (_ADMIN_RULES, ADMIN),
                         (_PROJECT_READER_RULES, PROJECT_READER_OR_ADMIN),
                         (_PROJECT_MEMBER_RULES, PROJECT_MEMBER_OR_ADMIN), (_ANY_RULES, ANY),
                         (_KEY_OWNER_RULES, ADMIN_OR_KEY_OWNER), (_SERVICE_RULES, SERVICE_OR_ADMIN)):
        rules.update({f"os_compute_api:{name}": check for name in names})
    rules["compute:aggregates:images"] = ADMIN
    # nova/policies/server_topology.py names these without the os_compute_api prefix
    rules["compute:server:topology:index"] = PROJECT_READER_OR_ADMIN
    rules["compute:server:topology:host:index"] = ADMIN
    return rules
