"""Identity's tables, in the shape of Keystone's own (one assignment table for every actor/target)."""

from __future__ import annotations

import sqlalchemy as sa

from twinstack.core.store import metadata

ID = sa.String(64)

domains = sa.Table(
    "identity_domains", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("tags", sa.JSON, nullable=False, default=list),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

projects = sa.Table(
    "identity_projects", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, index=True),
    sa.Column("domain_id", ID, nullable=False, index=True),
    sa.Column("parent_id", ID, nullable=True, index=True),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("tags", sa.JSON, nullable=False, default=list),
    sa.Column("options", sa.JSON, nullable=False, default=dict),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
    sa.UniqueConstraint("domain_id", "name", name="uq_identity_projects_domain_name"),
)

# One row per project tag, so the tags/tags-any/not-tags filters are indexed lookups; the
# project's own ``tags`` column keeps the ordered list the API shows.
project_tags = sa.Table(
    "identity_project_tags", metadata,
    sa.Column("project_id", ID, sa.ForeignKey("identity_projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.String(255), primary_key=True, index=True),
)

users = sa.Table(
    "identity_users", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, index=True),
    sa.Column("domain_id", ID, nullable=False, index=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("email", sa.String(255), nullable=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("default_project_id", ID, nullable=True),
    sa.Column("password_expires_at", sa.DateTime, nullable=True),
    sa.Column("options", sa.JSON, nullable=False, default=dict),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("domain_id", "name", name="uq_identity_users_domain_name"),
)

groups = sa.Table(
    "identity_groups", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, index=True),
    sa.Column("domain_id", ID, nullable=False, index=True),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
    sa.UniqueConstraint("domain_id", "name", name="uq_identity_groups_domain_name"),
)

group_members = sa.Table(
    "identity_group_members", metadata,
    sa.Column("group_id", ID, sa.ForeignKey("identity_groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", ID, sa.ForeignKey("identity_users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

roles = sa.Table(
    "identity_roles", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False, index=True),
    # Keystone uses '<<null>>' for global roles so the unique constraint holds; so do we.
    sa.Column("domain_id", ID, nullable=False, default="<<null>>"),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("options", sa.JSON, nullable=False, default=dict),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
    sa.UniqueConstraint("name", "domain_id", name="uq_identity_roles_name_domain"),
)

implied_roles = sa.Table(
    "identity_implied_roles", metadata,
    sa.Column("prior_role_id", ID, sa.ForeignKey("identity_roles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("implied_role_id", ID, sa.ForeignKey("identity_roles.id", ondelete="CASCADE"), primary_key=True),
)

# type: UserProject, GroupProject, UserDomain, GroupDomain, UserSystem, GroupSystem (as Keystone)
assignments = sa.Table(
    "identity_assignments", metadata,
    sa.Column("type", sa.String(16), primary_key=True),
    sa.Column("actor_id", ID, primary_key=True, index=True),
    sa.Column("target_id", ID, primary_key=True, index=True),
    sa.Column("role_id", ID, sa.ForeignKey("identity_roles.id", ondelete="CASCADE"), primary_key=True, index=True),
    sa.Column("inherited", sa.Boolean, primary_key=True, default=False),
)

regions = sa.Table(
    "identity_regions", metadata,
    sa.Column("id", sa.String(255), primary_key=True),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("parent_region_id", sa.String(255), nullable=True),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

services = sa.Table(
    "identity_services", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("type", sa.String(255), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("builtin", sa.Boolean, nullable=False, default=False),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

endpoints = sa.Table(
    "identity_endpoints", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("service_id", ID, sa.ForeignKey("identity_services.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("interface", sa.String(8), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("region_id", sa.String(255), nullable=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

application_credentials = sa.Table(
    "identity_application_credentials", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("user_id", ID, nullable=False, index=True),
    sa.Column("project_id", ID, nullable=True),
    sa.Column("secret_hash", sa.String(255), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("expires_at", sa.DateTime, nullable=True),
    sa.Column("unrestricted", sa.Boolean, nullable=False, default=False),
    sa.Column("roles", sa.JSON, nullable=False, default=list),
    sa.Column("access_rules", sa.JSON, nullable=False, default=list),
    sa.UniqueConstraint("user_id", "name", name="uq_identity_app_creds_user_name"),
)

# Access rules outlive the application credentials that introduced them (keystone keeps them per user
# until deleted, refusing the delete while a credential still uses one).
access_rules = sa.Table(
    "identity_access_rules", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("user_id", ID, nullable=False, index=True),
    sa.Column("service", sa.String(64), nullable=True),
    sa.Column("path", sa.String(128), nullable=True),
    sa.Column("method", sa.String(16), nullable=True),
)

# Keystone's /v3/policies: opaque blobs a deployer stores (the endpoint-policy association is not served).
policies = sa.Table(
    "identity_policies", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("type", sa.String(255), nullable=False),
    sa.Column("blob", sa.Text, nullable=False),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

# OS-OAUTH1 consumers (the CRUD only; the OAuth1 token dance is not served).
oauth_consumers = sa.Table(
    "identity_oauth_consumers", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("secret_hash", sa.String(255), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

# OS-EP-FILTER endpoint groups: a name and the endpoint attributes they select.
endpoint_groups = sa.Table(
    "identity_endpoint_groups", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("filters", sa.JSON, nullable=False, default=dict),
)

# OS-EP-FILTER associations: a project's catalog narrows to the endpoints named here and to those its
# endpoint groups select (keystone's default sql catalog does this whenever a project has any).
project_endpoints = sa.Table(
    "identity_project_endpoints", metadata,
    sa.Column("endpoint_id", ID, primary_key=True),
    sa.Column("project_id", ID, primary_key=True, index=True),
)

project_endpoint_groups = sa.Table(
    "identity_project_endpoint_groups", metadata,
    sa.Column("endpoint_group_id", ID, primary_key=True),
    sa.Column("project_id", ID, primary_key=True, index=True),
)

# OS-FEDERATION: identity providers (each tied to a domain), the remote ids that name them (unique
# across all providers), their protocols (each naming a mapping), mappings and service providers.
identity_providers = sa.Table(
    "identity_identity_providers", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("domain_id", ID, nullable=False, index=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("authorization_ttl", sa.Integer, nullable=True),
)

idp_remote_ids = sa.Table(
    "identity_idp_remote_ids", metadata,
    sa.Column("remote_id", sa.String(255), primary_key=True),
    sa.Column("idp_id", ID, nullable=False, index=True),
)

federation_protocols = sa.Table(
    "identity_federation_protocols", metadata,
    sa.Column("idp_id", ID, primary_key=True),
    sa.Column("id", ID, primary_key=True),
    sa.Column("mapping_id", ID, nullable=False),
    sa.Column("remote_id_attribute", sa.String(64), nullable=True),
)

mappings = sa.Table(
    "identity_mappings", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("rules", sa.JSON, nullable=False),
    sa.Column("schema_version", sa.String(5), nullable=False, default="1.0"),
)

service_providers = sa.Table(
    "identity_service_providers", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("enabled", sa.Boolean, nullable=False, default=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("auth_url", sa.String(256), nullable=False),
    sa.Column("sp_url", sa.String(256), nullable=False),
    sa.Column("relay_state_prefix", sa.String(256), nullable=True),
)

# Per-domain configuration (the identity and ldap option groups keystone lets a domain override).
domain_configs = sa.Table(
    "identity_domain_configs", metadata,
    sa.Column("domain_id", ID, sa.ForeignKey("identity_domains.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("config", sa.JSON, nullable=False, default=dict),
)

# OS-TRUST trusts; roles is [{"id": ...}] (the delegated roles, checked against the trustor's at use).
trusts = sa.Table(
    "identity_trusts", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("trustor_user_id", ID, nullable=False, index=True),
    sa.Column("trustee_user_id", ID, nullable=False, index=True),
    sa.Column("project_id", ID, nullable=True),
    sa.Column("impersonation", sa.Boolean, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=True),
    sa.Column("remaining_uses", sa.Integer, nullable=True),
    sa.Column("roles", sa.JSON, nullable=False, default=list),
)

# Unified limits (flat model): a service's default per resource, and per-project or per-domain overrides.
registered_limits = sa.Table(
    "identity_registered_limits", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("service_id", ID, nullable=False, index=True),
    sa.Column("region_id", sa.String(255), nullable=True),
    sa.Column("resource_name", sa.String(255), nullable=False),
    sa.Column("default_limit", sa.Integer, nullable=False),
    sa.Column("description", sa.Text, nullable=True),
)

limits = sa.Table(
    "identity_limits", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("project_id", ID, nullable=True, index=True),
    sa.Column("domain_id", ID, nullable=True, index=True),
    sa.Column("service_id", ID, nullable=False, index=True),
    sa.Column("region_id", sa.String(255), nullable=True),
    sa.Column("resource_name", sa.String(255), nullable=False),
    sa.Column("resource_limit", sa.Integer, nullable=False),
    sa.Column("description", sa.Text, nullable=True),
)

credentials = sa.Table(
    "identity_credentials", metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("user_id", ID, nullable=False, index=True),
    sa.Column("project_id", ID, nullable=True),
    sa.Column("type", sa.String(255), nullable=False),
    sa.Column("blob", sa.Text, nullable=False),
    sa.Column("extra", sa.JSON, nullable=False, default=dict),
)

# Revocation events, as Keystone keeps them: any token matching all set fields and issued
# before issued_before is invalid.
revocations = sa.Table(
    "identity_revocations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("audit_id", sa.String(64), nullable=True, index=True),
    sa.Column("user_id", ID, nullable=True),
    sa.Column("project_id", ID, nullable=True),
    sa.Column("issued_before", sa.DateTime, nullable=False),
)

keys = sa.Table(
    "identity_keys", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(64), nullable=False),
)
