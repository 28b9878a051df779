"""Identity's route table: path -> method -> handler (everything below ``/identity``)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.identity.api import auth, v2, versions

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
    ("/v2.0", {"GET": versions.v2}),
    ("/v2.0/", {"GET": versions.v2}),
    ("/v2.0/tokens", {"POST": v2.tokens}),
    ("/v2.0/tenants", {"GET": v2.tenants}),
]
