"""Designate's policy-in-code defaults (designate/common/policies, enforce_new_defaults): project members
change their project's zones and recordsets, readers read them, admins anything; ``all_projects`` is
admin's. A zone of another project is a 404 before any policy is asked (the lookup is project-scoped)."""

from __future__ import annotations

ADMIN = "role:admin"
MEMBER = "role:admin or (role:member and project_id:%(project_id)s)"
READER = "role:admin or (role:reader and project_id:%(project_id)s)"

# a recordset of a SECONDARY zone comes from its masters: only an admin writes one (recordset.py's *_ZONE_TYPE)
RECORDSET_WRITER = "role:admin or (role:member and project_id:%(project_id)s and 'PRIMARY':%(zone_type)s)"
_RECORDSET_WRITES = ("create_recordset", "update_recordset", "delete_recordset")
_MEMBER = ("create_zone", "update_zone", "delete_zone", "xfr_zone", "create_zone_transfer_request",
           "update_zone_transfer_request", "delete_zone_transfer_request", "create_zone_transfer_accept",
           "zone_export", "create_zone_import", "share_zone", "unshare_zone", "delete_zone_export",
           "delete_zone_import", "designate:update_floatingip")  # upstream update_floatingip: Neutron has that name
_READER = ("get_zone", "get_zones", "get_zone_ns_servers", "get_recordset", "get_recordsets",
           "find_recordsets", "get_quotas", "find_zone_transfer_requests", "find_zone_transfer_accepts",
           "find_zone_shares", "get_zone_share")
# the admin's lists and settings (tld.py, blacklist.py, pool.py, quota.py: rule:admin, even to read)
_ADMIN = ("create_tld", "update_tld", "delete_tld", "find_tlds", "get_tld", "create_blacklist", "update_blacklist",
          "delete_blacklist", "find_blacklists", "get_blacklist", "use_blacklisted_zone", "set_quota",
          "reset_quotas", "find_pools", "get_pool", "abandon_zone",
          "find_service_statuses", "find_service_status", "edit_managed_records", "create_tsigkey", "find_tsigkeys",
          "get_tsigkey",
          "update_tsigkey", "delete_tsigkey", "use_sudo", "create_pool", "update_pool", "delete_pool")


def defaults() -> dict[str, str]:
    rules = {"admin": ADMIN, "all_tenants": ADMIN,
             # RULE_ZONE_TRANSFER: the giver's members, or the project it is offered to (or anyone, if open)
             "get_zone_transfer_request": f"({MEMBER}) or project_id:%(target_project_id)s or "
                                          "None:%(target_project_id)s"}
    rules.update(dict.fromkeys(_MEMBER, MEMBER))
    rules.update(dict.fromkeys(_READER, READER))
    rules.update(dict.fromkeys(_ADMIN, ADMIN))
    rules.update(dict.fromkeys(_RECORDSET_WRITES, RECORDSET_WRITER))
    return rules
