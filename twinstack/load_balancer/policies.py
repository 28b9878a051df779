"""Octavia's policy-in-code (octavia/policies: base.py and keystone_default_roles.py, the secure-RBAC
defaults DevStack runs): project readers and members of the owning project, admins everywhere, the global
observer reading every project. The older Octavia roles (``load-balancer_member``, ``_observer``,
``_global_observer``, ``_quota_admin``, ``_admin``, advanced_rbac.py) are honoured beside them, so a
cloud that hands them out as DevStack's octavia plugin once did keeps working."""

from __future__ import annotations

API = "os_load-balancer_api"
_OWNER = "project_id:%(project_id)s"
ADMIN = "is_admin:True or role:admin or role:load-balancer_admin"
GLOBAL_OBSERVER = "role:admin or role:load-balancer_global_observer"
MEMBER_AND_OWNER = f"(role:member and {_OWNER}) or (role:load-balancer_member and {_OWNER})"
OBSERVER_AND_OWNER = f"(role:reader and {_OWNER}) or (role:load-balancer_observer and {_OWNER})"
QUOTA_ADMIN = "role:admin or role:load-balancer_quota_admin"

BASE = {
    "load-balancer:admin": ADMIN,
    "load-balancer:global_observer": GLOBAL_OBSERVER,
    "load-balancer:member_and_owner": MEMBER_AND_OWNER,
    "load-balancer:observer_and_owner": OBSERVER_AND_OWNER,
    "load-balancer:quota-admin": QUOTA_ADMIN,
    "load-balancer:read": "rule:load-balancer:observer_and_owner or rule:load-balancer:global_observer or "
                          "rule:load-balancer:member_and_owner or rule:load-balancer:admin",
    "load-balancer:read-global": "rule:load-balancer:global_observer or rule:load-balancer:admin",
    "load-balancer:write": "rule:load-balancer:member_and_owner or rule:load-balancer:admin",
    "load-balancer:read-quota": "rule:load-balancer:observer_and_owner or rule:load-balancer:global_observer or "
                                "rule:load-balancer:member_and_owner or rule:load-balancer:quota-admin or "
                                "rule:load-balancer:admin",
    "load-balancer:read-quota-global": "rule:load-balancer:global_observer or rule:load-balancer:quota-admin or "
                                       "rule:load-balancer:admin",
    "load-balancer:write-quota": "rule:load-balancer:quota-admin or rule:load-balancer:admin",
}

READ, READ_GLOBAL, WRITE = "rule:load-balancer:read", "rule:load-balancer:read-global", "rule:load-balancer:write"
ADMIN_RULE = "rule:load-balancer:admin"
_TREE = {"get_all": READ, "get_all-global": READ_GLOBAL, "post": WRITE, "get_one": READ, "put": WRITE,
         "delete": WRITE}

RULES: dict[str, dict[str, str]] = {
    "loadbalancer": {**_TREE, "get_stats": READ, "get_status": READ, "put_failover": ADMIN_RULE},
    "listener": {**_TREE, "get_stats": READ},
    "pool": dict(_TREE),
    "member": {k: v for k, v in _TREE.items() if k != "get_all-global"},
    "healthmonitor": dict(_TREE),
    "l7policy": dict(_TREE),
    "l7rule": {k: v for k, v in _TREE.items() if k != "get_all-global"},
    "quota": {"get_all": "rule:load-balancer:read-quota", "get_all-global": "rule:load-balancer:read-quota-global",
              "get_one": "rule:load-balancer:read-quota", "put": "rule:load-balancer:write-quota",
              "delete": "rule:load-balancer:write-quota", "get_defaults": "rule:load-balancer:read-quota"},
    "amphora": dict.fromkeys(("get_all", "get_one", "delete", "put_config", "put_failover", "get_stats"),
                             ADMIN_RULE),
    "flavor": {"get_all": READ, "get_one": READ, "post": ADMIN_RULE, "put": ADMIN_RULE, "delete": ADMIN_RULE},
    "flavor-profile": dict.fromkeys(("get_all", "get_one", "post", "put", "delete"), ADMIN_RULE),
    "availability-zone": {"get_all": READ, "get_one": READ, "post": ADMIN_RULE, "put": ADMIN_RULE,
                          "delete": ADMIN_RULE},
    "availability-zone-profile": dict.fromkeys(("get_all", "get_one", "post", "put", "delete"), ADMIN_RULE),
    "provider": {"get_all": READ},
    "provider-flavor": {"get_all": ADMIN_RULE},
    "provider-availability-zone": {"get_all": ADMIN_RULE},
}


def rule(kind: str, action: str) -> str:
    """``os_load-balancer_api:loadbalancer:get_one``."""
    return f"{API}:{kind}:{action}"


def defaults() -> dict[str, str]:
    rules = dict(BASE)
    for kind, actions in RULES.items():
        rules.update({rule(kind, action): check for action, check in actions.items()})
    return rules
