"""Keystone's default policies (keystone/common/policies), secure-RBAC flavour: admins anywhere,
readers of the system, and a user acting on itself."""

from __future__ import annotations

from twinstack.core.policy import Defaults

ADMIN = "role:admin or is_admin:1"
SYSTEM_READER = "role:reader and system_scope:all"
ADMIN_OR_SYSTEM_READER = f"({ADMIN}) or ({SYSTEM_READER})"
DOMAIN_READER = "role:reader and domain_id:%(target.domain_id)s"
ADMIN_OR_SYSTEM_OR_DOMAIN_READER = f"{ADMIN_OR_SYSTEM_READER} or ({DOMAIN_READER})"
OWNER = "user_id:%(target.user.id)s"
ANY = "@"
ADMIN_OR_OWNER = f"({ADMIN}) or {OWNER}"
ADMIN_OR_READER_OR_OWNER = f"{ADMIN_OR_SYSTEM_READER} or {OWNER}"

# keystone/common/policies/grant.py: a domain's reader reads the grants whose actor (user or group) and
# target (project or domain) both live in its domain
GRANT_DOMAIN_READER = "(" + " or ".join(
    f"(role:reader and domain_id:%(target.{actor}.domain_id)s and domain_id:%(target.{where})s)"
    for actor in ("user", "group") for where in ("project.domain_id", "domain.id")) + ")"


def manager_of(kind: str) -> str:
    """Keystone 30's domain manager: the manager role on the domain the target ``kind`` lives in."""
    return f"role:manager and domain_id:%(target.{kind}.domain_id)s"

# Targets are flattened as keystone's enforcer does: target.<resource>.<attr>, plus target.domain_id
# (the domain the record lives in) for the domain-reader checks. (get rule, list rule)
_CRUD = {
    # a token may read its own domain, or its project's domain (keystone's get_domain)
    "domain": ("domains", f"{ADMIN_OR_SYSTEM_READER} or domain_id:%(target.domain.id)s or "
               "project_domain_id:%(target.domain.id)s", ADMIN_OR_SYSTEM_READER),
    "project": ("projects", ADMIN_OR_SYSTEM_OR_DOMAIN_READER + " or project_id:%(target.project.id)s",
                ADMIN_OR_SYSTEM_OR_DOMAIN_READER),
    "user": ("users", ADMIN_OR_SYSTEM_OR_DOMAIN_READER, None),
    "group": ("groups", ADMIN_OR_SYSTEM_OR_DOMAIN_READER, None),
    "role": ("roles", ADMIN_OR_SYSTEM_OR_DOMAIN_READER, None),
    "region": ("regions", "@", "@"),
    "service": ("services", ADMIN_OR_SYSTEM_READER, None),
    "endpoint": ("endpoints", ADMIN_OR_SYSTEM_READER, None),
    "credential": ("credentials", ADMIN_OR_SYSTEM_READER + " or user_id:%(target.credential.user_id)s", None),
    "policy": ("policies", ADMIN_OR_SYSTEM_READER, None),
    "consumer": ("consumers", ADMIN_OR_SYSTEM_READER, None),
    "endpoint_group": ("endpoint_groups", ADMIN_OR_SYSTEM_READER, None),
    "domain_config": ("domain_configs", ADMIN_OR_SYSTEM_READER, None),
    "identity_provider": ("identity_providers", ADMIN_OR_SYSTEM_READER, None),
    "protocol": ("protocols", ADMIN_OR_SYSTEM_READER, None),
    "mapping": ("mappings", ADMIN_OR_SYSTEM_READER, None),
    "service_provider": ("service_providers", ADMIN_OR_SYSTEM_READER, None),
}
_OWNED = {"credential": f"({ADMIN}) or user_id:%(target.credential.user_id)s"}


# The token scopes keystone 30 registers each rule for (keystone/common/policies): most are for system-
# and project-scoped tokens, the user/group/project/grant/tag/limit/region ones for domain-scoped tokens
# too, a few for project tokens only, the token-subject ones for any; a domain admin's token is not a
# cloud admin's.
_ANY_SCOPE = ("get_auth_catalog", "get_auth_projects", "get_auth_domains", "get_auth_system",
              "list_projects_for_user", "list_domains_for_user", "update_password", "list_domain_configs")
_PROJECT_SCOPE = ("create_application_credential", "create_trust", "authorize_request_token",
                  "list_access_tokens", "get_access_token", "delete_access_token", "list_access_token_roles",
                  "get_access_token_role")
_DOMAIN_SCOPE = (
    "add_user_to_group", "check_grant", "check_token", "check_user_in_group", "create_credential", "create_grant",
    "create_group", "create_project", "create_project_tag", "create_user", "delete_credential", "delete_group",
    "delete_project", "delete_project_tag", "delete_project_tags", "delete_user", "ec2tokens_validate",
    "get_credential", "get_domain", "get_group", "get_limit", "get_limit_model", "get_project", "get_project_tag",
    "get_region", "get_registered_limit", "get_role", "get_security_compliance_domain_config", "get_user",
    "list_credentials", "list_domains", "list_grants", "list_groups", "list_groups_for_user", "list_limits",
    "list_project_tags", "list_projects", "list_regions", "list_registered_limits", "list_role_assignments",
    "list_role_assignments_for_tree", "list_roles", "list_user_projects", "list_users", "list_users_in_group",
    "remove_user_from_group", "revoke_grant", "revoke_token", "revoke_tokens_for_user", "s3tokens_validate",
    "update_credential", "update_group", "update_project", "update_project_tags", "update_user", "validate_token",
)


def scope_of(name: str) -> list[str] | None:
    action = name.removeprefix("identity:")
    if not name.startswith("identity:") or action in _ANY_SCOPE:
        return None
    if action in _PROJECT_SCOPE:
        return ["project"]
    return ["system", "domain", "project"] if action in _DOMAIN_SCOPE else ["system", "project"]


def defaults() -> Defaults:
    return Defaults(_rules(), {name: scope_of(name) for name in _rules()})


def _rules() -> dict[str, str]:
    rules: dict[str, str] = {"admin_required": ADMIN, "service_role": "role:service"}
    for singular, (plural, read, list_rule) in _CRUD.items():
        rules[f"identity:get_{singular}"] = read
        rules[f"identity:list_{plural}"] = list_rule or read
        for verb in ("create", "update", "delete"):
            rules[f"identity:{verb}_{singular}"] = _OWNED.get(singular, ADMIN)
    rules.update({
        "identity:get_user": f"{ADMIN_OR_SYSTEM_OR_DOMAIN_READER} or user_id:%(target.user.id)s",
        "identity:list_user_projects": f"{ADMIN_OR_SYSTEM_OR_DOMAIN_READER} or user_id:%(target.user.id)s",
        "identity:list_groups_for_user": f"{ADMIN_OR_SYSTEM_OR_DOMAIN_READER} or user_id:%(target.user.id)s",
        "identity:update_password": "@",  # the handler checks the caller is the user
        "identity:list_projects_for_user": "@",
        "identity:list_domains_for_user": "@",
        "identity:get_auth_catalog": "@",
        "identity:get_auth_projects": "@",
        "identity:get_auth_domains": "@",
        "identity:get_auth_system": "@",
        "identity:validate_token": f"{ADMIN_OR_SYSTEM_READER} or rule:service_role or user_id:%(target.token.user_id)s",
        "identity:check_token": f"{ADMIN_OR_SYSTEM_READER} or rule:service_role or user_id:%(target.token.user_id)s",
        "identity:revoke_token": f"({ADMIN}) or user_id:%(target.token.user_id)s",
        "identity:list_users_in_group": ADMIN_OR_SYSTEM_OR_DOMAIN_READER,
        # a domain's reader (manager) must hold both the group's and the user's domain (keystone/.../group.py)
        "identity:check_user_in_group": f"{ADMIN_OR_SYSTEM_READER} or (role:reader and "
                                        "domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)",
        **{f"identity:{action}": f"({ADMIN}) or ({manager_of('group')} and domain_id:%(target.user.domain_id)s)"
           for action in ("add_user_to_group", "remove_user_from_group")},
        "identity:list_role_assignments": ADMIN_OR_SYSTEM_OR_DOMAIN_READER,
        "identity:list_role_assignments_for_tree": ADMIN_OR_SYSTEM_OR_DOMAIN_READER,
        "identity:check_grant": f"{ADMIN_OR_SYSTEM_READER} or {GRANT_DOMAIN_READER}",
        "identity:list_grants": f"{ADMIN_OR_SYSTEM_READER} or {GRANT_DOMAIN_READER}",
        "identity:create_grant": ADMIN,
        "identity:revoke_grant": ADMIN,
        "identity:list_system_grants_for_user": ADMIN_OR_SYSTEM_READER,
        "identity:check_system_grant_for_user": ADMIN_OR_SYSTEM_READER,
        "identity:create_system_grant_for_user": ADMIN,
        "identity:revoke_system_grant_for_user": ADMIN,
        "identity:list_system_grants_for_group": ADMIN_OR_SYSTEM_READER,
        "identity:check_system_grant_for_group": ADMIN_OR_SYSTEM_READER,
        "identity:create_system_grant_for_group": ADMIN,
        "identity:revoke_system_grant_for_group": ADMIN,
        "identity:get_implied_role": ADMIN_OR_SYSTEM_READER,
        "identity:list_implied_roles": ADMIN_OR_SYSTEM_READER,
        "identity:list_role_inference_rules": ADMIN_OR_SYSTEM_READER,
        "identity:check_implied_role": ADMIN_OR_SYSTEM_READER,
        "identity:create_implied_role": ADMIN,
        "identity:delete_implied_role": ADMIN,
        "identity:get_application_credential": ADMIN_OR_READER_OR_OWNER,
        "identity:list_application_credentials": ADMIN_OR_READER_OR_OWNER,
        "identity:create_application_credential": OWNER,
        "identity:delete_application_credential": ADMIN_OR_OWNER,
        # keystone/common/policies/access_rule.py: a system reader or admin, or the user; not a project admin
        "identity:list_access_rules": f"({SYSTEM_READER}) or {OWNER}",
        "identity:get_access_rule": f"({SYSTEM_READER}) or {OWNER}",
        "identity:delete_access_rule": f"(role:admin and system_scope:all) or {OWNER}",
        "identity:get_domain_config_default": ADMIN_OR_SYSTEM_READER,
        "identity:list_registered_limits": ANY,
        "identity:get_registered_limit": ANY,
        "identity:create_registered_limits": ADMIN,
        "identity:update_registered_limit": ADMIN,
        "identity:delete_registered_limit": ADMIN,
        "identity:list_limits": ANY,  # the handler narrows what each scope sees, as keystone's does
        "identity:get_limit": f"{ADMIN_OR_SYSTEM_READER} or project_id:%(target.limit.project_id)s",
        "identity:create_limits": ADMIN,
        "identity:update_limit": ADMIN,
        "identity:delete_limit": ADMIN,
        "identity:create_trust": "user_id:%(target.trust.trustor_user_id)s",
        "identity:list_trusts": ADMIN_OR_SYSTEM_READER,
        "identity:list_trusts_for_trustor": f"{ADMIN_OR_SYSTEM_READER} or user_id:%(target.trust.trustor_user_id)s",
        "identity:list_trusts_for_trustee": f"{ADMIN_OR_SYSTEM_READER} or user_id:%(target.trust.trustee_user_id)s",
        **{f"identity:{action}": f"{ADMIN_OR_SYSTEM_READER} or user_id:%(target.trust.trustor_user_id)s or "
                                 "user_id:%(target.trust.trustee_user_id)s"
           for action in ("get_trust", "list_roles_for_trust", "get_role_for_trust")},
        "identity:delete_trust": f"({ADMIN}) or user_id:%(target.trust.trustor_user_id)s",
        "identity:ec2_list_credentials": ADMIN_OR_READER_OR_OWNER,
        "identity:ec2_get_credential": f"{ADMIN_OR_SYSTEM_READER} or user_id:%(target.credential.user_id)s",
        "identity:ec2_create_credential": ADMIN_OR_OWNER,
        "identity:ec2_delete_credential": f"({ADMIN}) or user_id:%(target.credential.user_id)s",
        # OS-EP-FILTER associations (keystone/common/policies/{project_endpoint,endpoint_group}.py)
        **{f"identity:{action}": ADMIN_OR_SYSTEM_READER for action in (
            "list_projects_for_endpoint", "check_endpoint_in_project", "list_endpoints_for_project",
            "list_projects_associated_with_endpoint_group", "list_endpoints_associated_with_endpoint_group",
            "get_endpoint_group_in_project", "list_endpoint_groups_for_project")},
        **{f"identity:{action}": ADMIN for action in (
            "add_endpoint_to_project", "remove_endpoint_from_project", "add_endpoint_group_to_project",
            "remove_endpoint_group_from_project")},
        # keystone/common/policies/project_tag.py: readers of the project or of its domain
        **{f"identity:{action}": f"{ADMIN_OR_SYSTEM_READER} or (role:reader and "
                                 "domain_id:%(target.project.domain_id)s) or project_id:%(target.project.id)s"
           for action in ("get_project_tag", "list_project_tags")},
        # keystone 30's domain managers (keystone/common/policies/{project,project_tag,group,user,role}.py)
        **{f"identity:{action}": f"({ADMIN}) or ({manager_of('project')})" for action in (
            "create_project", "update_project", "delete_project", "create_project_tag", "update_project_tags",
            "delete_project_tag", "delete_project_tags")},
        **{f"identity:{verb}_{kind}": f"({ADMIN}) or ({manager_of(kind)})"
           for verb in ("create", "update", "delete") for kind in ("group", "user")},
        "identity:list_roles": f"{ADMIN_OR_SYSTEM_READER} or (role:manager and not domain_id:None)",
    })
    return rules
