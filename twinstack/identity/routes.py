"""Identity's route table: path -> method -> handler (everything below ``/identity``)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.identity.api import (
    app_creds,
    auth,
    credentials,
    domain_config,
    domains,
    endpoint_filter,
    extras,
    federation,
    grants,
    groups,
    limits,
    project_tags,
    projects,
    role_assignments,
    roles,
    trusts,
    users,
    v2,
    versions,
)
from twinstack.identity.crud import KEYSTONE
from twinstack.identity.resources import CREDENTIALS, ENDPOINT_GROUPS, ENDPOINTS, POLICIES, REGIONS, SERVICES

_DOMAIN_CONFIG: list[tuple[str, dict[str, Handler]]] = [
    (f"/v3/domains/{{domain_id}}/config{tail}", {
        "PUT": domain_config.put_config, "GET": domain_config.get_config, "HEAD": domain_config.get_config,
        "PATCH": domain_config.update_config, "DELETE": domain_config.delete_config})
    for tail in ("", "/{group}", "/{group}/{option}")
]


def _under(prefix: str, routes: list[tuple[str, dict[str, Handler]]]) -> list[tuple[str, dict[str, Handler]]]:
    return [(f"/v3/{prefix}{path}", methods) for path, methods in routes]


_EP_FILTER = _under("OS-EP-FILTER", [
    ("/projects/{project_id}/endpoints/{endpoint_id}", {
        "PUT": endpoint_filter.add_endpoint, "GET": endpoint_filter.check_endpoint,
        "HEAD": endpoint_filter.check_endpoint, "DELETE": endpoint_filter.remove_endpoint}),
    ("/projects/{project_id}/endpoints", {"GET": endpoint_filter.list_project_endpoints}),
    ("/projects/{project_id}/endpoint_groups", {"GET": endpoint_filter.list_project_groups}),
    ("/endpoints/{endpoint_id}/projects", {"GET": endpoint_filter.list_endpoint_projects}),
    ("/endpoint_groups/{endpoint_group_id}/projects", {"GET": endpoint_filter.list_group_projects}),
    ("/endpoint_groups/{endpoint_group_id}/endpoints", {"GET": endpoint_filter.list_group_endpoints}),
    ("/endpoint_groups/{endpoint_group_id}/projects/{project_id}", {
        "GET": endpoint_filter.get_group_project, "PUT": endpoint_filter.add_group_project,
        "DELETE": endpoint_filter.remove_group_project}),
])

_FEDERATION = _under("OS-FEDERATION", [
    ("/identity_providers", {"GET": federation.list_idps}),
    ("/identity_providers/{idp_id}", {"GET": federation.get_idp, "PUT": federation.create_idp,
                                      "PATCH": federation.update_idp, "DELETE": federation.delete_idp}),
    ("/identity_providers/{idp_id}/protocols", {"GET": federation.list_protocols}),
    ("/identity_providers/{idp_id}/protocols/{protocol_id}", {
        "GET": federation.get_protocol, "PUT": federation.create_protocol,
        "PATCH": federation.update_protocol, "DELETE": federation.delete_protocol}),
    ("/mappings", {"GET": federation.list_mappings}),
    ("/mappings/{mapping_id}", {"GET": federation.get_mapping, "PUT": federation.create_mapping,
                                "PATCH": federation.update_mapping, "DELETE": federation.delete_mapping}),
    ("/service_providers", {"GET": federation.list_sps}),
    ("/service_providers/{sp_id}", {"GET": federation.get_sp, "PUT": federation.create_sp,
                                    "PATCH": federation.update_sp, "DELETE": federation.delete_sp}),
])


def _declared() -> list[tuple[str, dict[str, Handler]]]:
    """The declared resources' routes; a region may also be made by PUT on its own URL."""
    declared = (REGIONS, SERVICES, ENDPOINTS, CREDENTIALS, POLICIES, ENDPOINT_GROUPS)
    out = [route for res in declared for route in KEYSTONE.routes(res)]
    out[1][1]["PUT"] = KEYSTONE.create_handler(REGIONS)
    return out


_DECLARED = _declared()

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": versions.root}),
    ("/v3", {"GET": versions.v3}),
    ("/v3/", {"GET": versions.v3}),
    ("/v3/auth/tokens", {"POST": auth.issue_token, "GET": auth.validate_token,
                         "HEAD": auth.validate_token, "DELETE": auth.revoke_token}),
    ("/v3/auth/catalog", {"GET": auth.auth_catalog}),
    ("/v3/auth/projects", {"GET": auth.auth_projects}),
    ("/v3/auth/domains", {"GET": auth.auth_domains}),
    ("/v3/auth/system", {"GET": auth.auth_system}),
    # domains and projects
    ("/v3/domains", {"GET": domains.list_domains, "HEAD": domains.list_domains, "POST": domains.create_domain}),
    ("/v3/domains/{domain_id}", {"GET": domains.get_domain, "HEAD": domains.get_domain,
                                 "PATCH": domains.update_domain, "DELETE": domains.delete_domain}),
    ("/v3/domains/config/default", {"GET": domain_config.get_default}),
    ("/v3/domains/config/{group}/default", {"GET": domain_config.get_default}),
    ("/v3/domains/config/{group}/{option}/default", {"GET": domain_config.get_default}),
    *_DOMAIN_CONFIG,
    ("/v3/projects", {"GET": projects.list_projects, "HEAD": projects.list_projects,
                      "POST": projects.create_project}),
    ("/v3/projects/{project_id}", {"GET": projects.get_project, "HEAD": projects.get_project,
                                   "PATCH": projects.update_project, "DELETE": projects.delete_project}),
    ("/v3/projects/{project_id}/tags", {"GET": project_tags.list_tags, "HEAD": project_tags.list_tags,
                                        "PUT": project_tags.replace_tags, "DELETE": project_tags.delete_tags}),
    ("/v3/projects/{project_id}/tags/{tag}", {"GET": project_tags.check_tag, "HEAD": project_tags.check_tag,
                                              "PUT": project_tags.add_tag, "DELETE": project_tags.delete_tag}),
    # users and groups
    ("/v3/users", {"GET": users.list_users, "HEAD": users.list_users, "POST": users.create_user}),
    ("/v3/users/{user_id}", {"GET": users.get_user, "HEAD": users.get_user, "PATCH": users.update_user,
                             "DELETE": users.delete_user}),
    ("/v3/users/{user_id}/password", {"POST": users.change_password}),
    ("/v3/users/{user_id}/projects", {"GET": users.user_projects, "HEAD": users.user_projects}),
    ("/v3/users/{user_id}/groups", {"GET": users.user_groups, "HEAD": users.user_groups}),
    ("/v3/users/{user_id}/application_credentials", {"GET": app_creds.list_app_creds,
                                                     "HEAD": app_creds.list_app_creds,
                                                     "POST": app_creds.create_app_cred}),
    ("/v3/users/{user_id}/application_credentials/{application_credential_id}",
     {"GET": app_creds.get_app_cred, "HEAD": app_creds.get_app_cred, "DELETE": app_creds.delete_app_cred}),
    ("/v3/users/{user_id}/credentials/OS-EC2", {"GET": credentials.list_ec2, "HEAD": credentials.list_ec2,
                                                "POST": credentials.create_ec2}),
    ("/v3/users/{user_id}/credentials/OS-EC2/{access}", {"GET": credentials.get_ec2, "HEAD": credentials.get_ec2,
                                                         "DELETE": credentials.delete_ec2}),
    ("/v3/users/{user_id}/access_rules", {"GET": app_creds.list_access_rules, "HEAD": app_creds.list_access_rules}),
    ("/v3/users/{user_id}/access_rules/{access_rule_id}", {"GET": app_creds.get_access_rule,
                                                           "HEAD": app_creds.get_access_rule,
                                                           "DELETE": app_creds.delete_access_rule}),
    ("/v3/groups", {"GET": groups.list_groups, "HEAD": groups.list_groups, "POST": groups.create_group}),
    ("/v3/groups/{group_id}", {"GET": groups.get_group, "HEAD": groups.get_group, "PATCH": groups.update_group,
                               "DELETE": groups.delete_group}),
    ("/v3/groups/{group_id}/users", {"GET": groups.list_members, "HEAD": groups.list_members}),
    ("/v3/groups/{group_id}/users/{user_id}", {"PUT": groups.add_member, "HEAD": groups.check_member,
                                               "GET": groups.check_member, "DELETE": groups.remove_member}),
    # roles, implied roles, grants, assignments
    ("/v3/roles", {"GET": roles.list_roles, "HEAD": roles.list_roles, "POST": roles.create_role}),
    ("/v3/roles/{role_id}", {"GET": roles.get_role, "HEAD": roles.get_role, "PATCH": roles.update_role,
                             "DELETE": roles.delete_role}),
    ("/v3/roles/{prior_role_id}/implies", {"GET": roles.list_implied, "HEAD": roles.list_implied}),
    ("/v3/roles/{prior_role_id}/implies/{implied_role_id}", {"PUT": roles.create_implied, "GET": roles.get_implied,
                                                             "HEAD": roles.check_implied,
                                                             "DELETE": roles.delete_implied}),
    ("/v3/role_inferences", {"GET": roles.role_inferences, "HEAD": roles.role_inferences}),
    ("/v3/role_assignments", {"GET": role_assignments.list_role_assignments,
                              "HEAD": role_assignments.list_role_assignments}),
    *grants.routes(),
    # regions, services, endpoints, policies and credentials: declared resources
    *_DECLARED,
    ("/v3/OS-OAUTH1/consumers", {"GET": extras.list_consumers, "POST": extras.create_consumer}),
    ("/v3/OS-OAUTH1/consumers/{consumer_id}", {"GET": extras.get_consumer, "PATCH": extras.update_consumer,
                                               "DELETE": extras.delete_consumer}),
    *_EP_FILTER,
    *_FEDERATION,
    ("/v3/OS-TRUST/trusts", {"GET": trusts.list_trusts, "HEAD": trusts.list_trusts, "POST": trusts.create_trust}),
    ("/v3/OS-TRUST/trusts/{trust_id}", {"GET": trusts.get_trust, "HEAD": trusts.get_trust,
                                        "DELETE": trusts.delete_trust}),
    ("/v3/OS-TRUST/trusts/{trust_id}/roles", {"GET": trusts.trust_roles, "HEAD": trusts.trust_roles}),
    ("/v3/OS-TRUST/trusts/{trust_id}/roles/{role_id}", {"GET": trusts.trust_role, "HEAD": trusts.trust_role}),
    ("/v3/registered_limits", {"GET": limits.list_registered, "HEAD": limits.list_registered,
                               "POST": limits.create_registered}),
    ("/v3/registered_limits/{registered_limit_id}", {"GET": limits.get_registered, "HEAD": limits.get_registered,
                                                     "PATCH": limits.update_registered,
                                                     "DELETE": limits.delete_registered}),
    ("/v3/limits/model", {"GET": limits.limits_model, "HEAD": limits.limits_model}),
    ("/v3/limits", {"GET": limits.list_limits, "HEAD": limits.list_limits, "POST": limits.create_limits}),
    ("/v3/limits/{limit_id}", {"GET": limits.get_limit, "HEAD": limits.get_limit, "PATCH": limits.update_limit,
                               "DELETE": limits.delete_limit}),
    # v2.0 for legacy clients
    ("/v2.0", {"GET": versions.v2}),
    ("/v2.0/", {"GET": versions.v2}),
    ("/v2.0/tokens", {"POST": v2.tokens}),
    ("/v2.0/tenants", {"GET": v2.tenants}),
]

# Keystone's flask app does not insist on slashes (strict_slashes=False): tempest's trust client, for
# one, asks for "OS-TRUST/trusts/". Every v3 resource answers with a trailing slash too.
ROUTES += [(path + "/", methods) for path, methods in list(ROUTES)
           if path.startswith("/v3/") and not path.endswith("/")]
