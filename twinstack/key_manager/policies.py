"""Barbican's policy-in-code defaults (barbican/common/policies/, the secure-RBAC rules that apply with
``enforce_new_defaults``), rule names and check strings as upstream writes them. Targets are flattened as
Barbican's controllers build them: ``target.secret.project_id``, ``.creator_id``, ``.read_project_access``
(the ACL's project-access) and ``.read`` (``"read"`` when the read ACL names the caller); the same for
containers and orders (api/common.py ``target``)."""

from __future__ import annotations

from twinstack.core.policy import Defaults


def _owned(kind: str, acl: bool) -> str:
    """Admin of the owning project, or a member who made it or may see it (not private), or an ACL user."""
    rule = (f"(rule:{kind}_project_admin or (rule:{kind}_project_member and rule:{kind}_owner) or "
            f"(rule:{kind}_project_member and rule:{kind}_is_not_private)")
    return rule + (f" or rule:{kind}_acl_read)" if acl else ")")


def _base(kind: str) -> dict[str, str]:
    """barbican/common/policies/base.py's rules for one kind of record."""
    return {
        f"{kind}_project_match": f"project_id:%(target.{kind}.project_id)s",
        f"{kind}_project_reader": f"role:reader and rule:{kind}_project_match",
        f"{kind}_project_member": f"role:member and rule:{kind}_project_match",
        f"{kind}_project_admin": f"role:admin and rule:{kind}_project_match",
        f"{kind}_owner": f"user_id:%(target.{kind}.creator_id)s",
        f"{kind}_is_not_private": f"True:%(target.{kind}.read_project_access)s",
        f"{kind}_acl_read": f"'read':%(target.{kind}.read)s",
    }


SECRET_READ, SECRET_CHANGE = _owned("secret", True), _owned("secret", False)
CONTAINER_READ, CONTAINER_CHANGE = _owned("container", True), _owned("container", False)
MEMBER = "role:member"
# project quotas: role:admin, or the deprecated rule's key-manager:service-admin (which openstacksdk's
# functional test assigns): oslo.policy lets either through while the deprecated rule is honoured
QUOTA_ADMIN = "role:admin or role:key-manager:service-admin"


def defaults() -> Defaults:
    """Every documented rule is registered for project-scoped tokens only (scope_types ['project']), so a
    system- or domain-scoped token is refused, admin or not."""
    rules = _rules()
    return Defaults(rules, {name: ["project"] for name in rules if ":" in name})


def _rules() -> dict[str, str]:
    return {
        **_base("secret"), **_base("container"),
        "order_project_match": "project_id:%(target.order.project_id)s",
        "order_project_member": "role:member and rule:order_project_match",
        "secrets:post": MEMBER, "secrets:get": MEMBER,
        "secret:decrypt": SECRET_READ, "secret:get": f"role:admin or {SECRET_READ}",
        "secret:put": SECRET_CHANGE, "secret:delete": f"role:admin or {SECRET_CHANGE}",
        "secret_meta:get": SECRET_READ, "secret_meta:post": SECRET_CHANGE, "secret_meta:put": SECRET_CHANGE,
        "secret_meta:delete": SECRET_CHANGE,
        "secret_consumers:get": SECRET_READ, "secret_consumers:post": SECRET_READ,
        "secret_consumers:delete": SECRET_READ,
        "secret_acls:get": SECRET_CHANGE, "secret_acls:put_patch": SECRET_CHANGE, "secret_acls:delete": SECRET_CHANGE,
        "containers:post": MEMBER, "containers:get": MEMBER,
        "container:get": CONTAINER_READ, "container:delete": CONTAINER_CHANGE,
        "container_secret:post": CONTAINER_CHANGE, "container_secret:delete": CONTAINER_CHANGE,
        "container_consumers:get": CONTAINER_READ, "container_consumers:post": CONTAINER_READ,
        "container_consumers:delete": CONTAINER_READ,
        "container_acls:get": CONTAINER_CHANGE, "container_acls:put_patch": CONTAINER_CHANGE,
        "container_acls:delete": CONTAINER_CHANGE,
        "orders:post": MEMBER, "orders:get": MEMBER, "orders:put": MEMBER,
        "order:get": "rule:order_project_member", "order:delete": "rule:order_project_member",
        "quotas:get": "role:reader",
        "project_quotas:get": QUOTA_ADMIN, "project_quotas:put": QUOTA_ADMIN, "project_quotas:delete": QUOTA_ADMIN,
        # secretstores.py: upstream's "True:%(enforce_new_defaults)s and role:..." with new defaults enforced
        "secretstores:get": "role:reader", "secretstores:get_global_default": "role:reader",
        "secretstores:get_preferred": "role:reader", "secretstore:get": "role:reader",
        "secretstore_preferred:post": "role:admin", "secretstore_preferred:delete": "role:admin",
    }


# the operation each rule guards, as Barbican's handle_exceptions names it in a 403 ("Secret retrieval
# attempt not allowed - please review your user/project privileges")
OPERATIONS = {
    "secrets:post": "Secret creation", "secrets:get": "Secret(s) retrieval", "secret:get": "Secret retrieval",
    "secret:decrypt": "Secret payload retrieval", "secret:put": "Secret update", "secret:delete": "Secret deletion",
    "secret_meta:get": "Secret metadata retrieval", "secret_meta:put": "Secret metadata creation",
    "secret_meta:post": "Secret metadatum creation", "secret_meta:delete": "Secret metadatum removal",
    "secret_consumers:get": "SecretConsumers(s) retrieval", "secret_consumers:post": "SecretConsumer creation",
    "secret_consumers:delete": "SecretConsumer deletion",
    "secret_acls:get": "SecretACL(s) retrieval", "secret_acls:put_patch": "SecretACL(s) Update",
    "secret_acls:delete": "SecretACL(s) deletion",
    "containers:post": "Container creation", "containers:get": "Containers(s) retrieval",
    "container:get": "Container retrieval", "container:delete": "Container deletion",
    "container_secret:post": "Container Secret creation", "container_secret:delete": "Container Secret deletion",
    "container_consumers:get": "ContainerConsumers(s) retrieval",
    "container_consumers:post": "ContainerConsumer creation",
    "container_consumers:delete": "ContainerConsumer deletion",
    "container_acls:get": "ContainerACL(s) retrieval", "container_acls:put_patch": "ContainerACL(s) Update",
    "container_acls:delete": "ContainerACL(s) deletion",
    "orders:post": "Order creation", "orders:get": "Order(s) retrieval", "order:get": "Order retrieval",
    "order:delete": "Order deletion", "quotas:get": "Quotas", "project_quotas:get": "Project Quotas",
    "project_quotas:put": "Project Quotas", "project_quotas:delete": "Project Quotas",
    "secretstores:get": "List available secret stores",
    "secretstores:get_global_default": "Retrieve global default secret store",
    "secretstores:get_preferred": "Retrieve project preferred store", "secretstore:get": "Secret store retrieval",
    "secretstore_preferred:post": "Setting preferred secret store",
    "secretstore_preferred:delete": "Removing preferred secret store",
}
