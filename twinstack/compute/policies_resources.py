"""Default policies of the compute resource APIs, as Nova's nova/policies/ declares them
(secure RBAC: admin, project member/reader, the key owner); compute-core's policies.py merges them."""

from __future__ import annotations

ADMIN = "role:admin"
PROJECT_READER_OR_ADMIN = f"{ADMIN} or (role:reader and project_id:%(project_id)s)"
PROJECT_MEMBER_OR_ADMIN = f"{ADMIN} or (role:member and project_id:%(project_id)s)"
ANY = "@"
ADMIN_OR_KEY_OWNER = f"({ADMIN}) or user_id:%(user_id)s"


def defaults() -> dict[str, str]:
    rules = {
        "os_compute_api:os-flavor-manage:create": ADMIN,
        "os_compute_api:os-flavor-manage:update": ADMIN,
        "os_compute_api:os-flavor-manage:delete": ADMIN,
        "os_compute_api:os-flavor-access": ADMIN,
        "os_compute_api:os-flavor-access:add_tenant_access": ADMIN,
        "os_compute_api:os-flavor-access:remove_tenant_access": ADMIN,
        "os_compute_api:os-flavor-extra-specs:index": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-flavor-extra-specs:show": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-flavor-extra-specs:create": ADMIN,
        "os_compute_api:os-flavor-extra-specs:update": ADMIN,
        "os_compute_api:os-flavor-extra-specs:delete": ADMIN,
        "os_compute_api:os-server-groups:create": PROJECT_MEMBER_OR_ADMIN,
        "os_compute_api:os-server-groups:delete": PROJECT_MEMBER_OR_ADMIN,
        "os_compute_api:os-server-groups:index": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-server-groups:index:all_projects": ADMIN,
        "os_compute_api:os-server-groups:show": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-availability-zone:list": ANY,
        "os_compute_api:os-availability-zone:detail": ADMIN,
        "os_compute_api:os-services:list": ADMIN,
        "os_compute_api:os-services:update": ADMIN,
        "os_compute_api:os-services:delete": ADMIN,
        "os_compute_api:os-quota-sets:show": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-quota-sets:detail": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-quota-sets:defaults": ANY,
        "os_compute_api:os-quota-sets:update": ADMIN,
        "os_compute_api:os-quota-sets:delete": ADMIN,
        "os_compute_api:os-quota-class-sets:show": ADMIN,
        "os_compute_api:os-quota-class-sets:update": ADMIN,
        "os_compute_api:limits": ANY,
        "os_compute_api:limits:other_project": ADMIN,
        "os_compute_api:os-simple-tenant-usage:show": PROJECT_READER_OR_ADMIN,
        "os_compute_api:os-simple-tenant-usage:list": ADMIN,
        "os_compute_api:os-migrations:index": ADMIN,
        "os_compute_api:os-migrations:index:all_projects": ADMIN,
        "os_compute_api:os-migrations:index:host": ADMIN,
        "compute:aggregates:images": ADMIN,
        "os_compute_api:os-instance-usage-audit-log:list": ADMIN,
        "os_compute_api:os-instance-usage-audit-log:show": ADMIN,
    }
    for action in ("index", "create", "show", "delete"):
        rules[f"os_compute_api:os-keypairs:{action}"] = ADMIN_OR_KEY_OWNER
    for action in ("index", "create", "show", "update", "delete", "add_host", "remove_host", "set_metadata"):
        rules[f"os_compute_api:os-aggregates:{action}"] = ADMIN
    for action in ("list", "show", "update", "reboot", "shutdown", "start"):
        rules[f"os_compute_api:os-hosts:{action}"] = ADMIN
    for action in ("list", "list-detail", "statistics", "show", "uptime", "search", "servers"):
        rules[f"os_compute_api:os-hypervisors:{action}"] = ADMIN
    return rules
