"""Barbican's policy-in-code defaults (barbican/common/policies, secure RBAC): readers of the owning
project read, members create, a member deletes what it created unless the owner made it private, the
project's admin anything. Targets carry ``project_id`` (the owner's) and ``creator_id``; ACL grants are
checked in code (api/common.py) before policy, as Barbican's ``secret_acl_read`` rule does."""

from __future__ import annotations

OWNER = "project_id:%(project_id)s"
READER = f"role:reader and {OWNER}"
MEMBER = f"role:member and {OWNER}"
ADMIN = f"role:admin and {OWNER}"
CREATOR = "user_id:%(creator_id)s"
CREATE = "role:admin or role:member"
LIST = "role:admin or role:member or role:reader"
READ = f"({READER}) or ({ADMIN})"
CHANGE = f"({ADMIN}) or (({MEMBER}) and {CREATOR})"
QUOTA_ADMIN = "role:admin or role:key-manager:service-admin"  # the legacy service_admin rule the SDK tests use


def defaults() -> dict[str, str]:
    return {
        "secrets:post": CREATE, "secrets:get": LIST,
        "secret:get": READ, "secret:decrypt": READ, "secret:put": CHANGE, "secret:delete": CHANGE,
        "secret_meta:get": READ, "secret_meta:post": CHANGE, "secret_meta:put": CHANGE,
        "secret_meta:delete": CHANGE,
        "containers:post": CREATE, "containers:get": LIST,
        "container:get": READ, "container:delete": CHANGE,
        "container_secret:post": CHANGE, "container_secret:delete": CHANGE,
        "container_consumers:get": READ, "container_consumers:post": READ, "container_consumers:delete": READ,
        "secret_consumers:get": READ, "secret_consumers:post": READ, "secret_consumers:delete": READ,
        "orders:post": CREATE, "orders:get": LIST, "order:get": READ, "order:delete": CHANGE,
        "secret_acls:get": READ, "secret_acls:put_patch": CHANGE, "secret_acls:delete": CHANGE,
        "container_acls:get": READ, "container_acls:put_patch": CHANGE, "container_acls:delete": CHANGE,
        "quotas:get": LIST,
        "project_quotas:get": QUOTA_ADMIN, "project_quotas:put": QUOTA_ADMIN, "project_quotas:delete": QUOTA_ADMIN,
    }
