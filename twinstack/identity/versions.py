"""Keystone's Identity API v3 minor versions, one line of history each (api-ref "What's New in
Version 3.x"). Keystone has no microversion header: the version document names the newest."""

from __future__ import annotations

HISTORY: dict[str, str] = {
    "3.0": "Grizzly: one core API: domains, projects, groups, policies, credentials, domain or project grants",
    "3.1": "Havana: unscoped tokens by default, GET /role_assignments, nocatalog on token creation, bind",
    "3.2": "Icehouse: nocatalog on token validation, regions, inexact filters, truncated lists",
    "3.3": "Juno: service name in the catalog, GET /auth/catalog, JSON Home, /auth/projects and /auth/domains",
    "3.4": "Kilo: project hierarchy (parent_id), domain-specific configuration, tokenless scope headers",
    "3.5": "Liberty: credential type and endpoint region_id filters, is_domain reserved on projects",
    "3.6": "Mitaka: implied roles, domain-specific roles, projects acting as domains, subtree "
           "enable/delete, include_subtree and include_names on role assignments, inherited grants",
    "3.7": "Newton: password_expires_at on users, a flag to skip expiry and revocation checks",
    "3.8": "Ocata: services may fetch expired tokens (allow_expired), password_expires_at filter",
    "3.9": "Queens: project tags",
    "3.10": "Queens: application credentials, unified limits (experimental), system scope and grants",
    "3.11": "Rocky: GET /limits-model, limit descriptions, project_id filter on limits, include_limits",
    "3.12": "Stein: multi-factor auth receipts",
    "3.13": "Train: access rules on application credentials, GET /users/{id}/access_rules",
    "3.14": "Ussuri: federation: identity provider authorization_ttl, expiring group memberships",
}

CURRENT = "v" + list(HISTORY)[-1]  # "v3.14", the id GET /v3 and GET / answer with
