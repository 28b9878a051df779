"""Who is calling: the validated token's user, scope and roles, as policy and handlers see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class Context:
    token: str
    user_id: str
    user_name: str
    user_domain_id: str
    user_domain_name: str
    expires_at: datetime
    issued_at: datetime
    methods: list[str]
    audit_ids: list[str]
    roles: list[dict[str, str]] = field(default_factory=list)
    project_id: str | None = None
    project_name: str | None = None
    project_domain_id: str | None = None
    project_domain_name: str | None = None
    domain_id: str | None = None  # domain-scoped token
    domain_name: str | None = None
    system: bool = False  # system-scoped token (system: all)
    is_admin_project: bool = False
    application_credential_id: str | None = None
    access_rules: list[dict[str, str]] | None = None  # the credential's rules, when it has any

    @property
    def role_names(self) -> list[str]:
        return [r["name"] for r in self.roles]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.role_names

    @property
    def scoped(self) -> bool:
        return bool(self.project_id or self.domain_id or self.system)

    def creds(self) -> dict[str, Any]:
        """The credentials dict oslo.policy checks are written against."""
        return {
            "user_id": self.user_id,
            "user_domain_id": self.user_domain_id,
            "project_id": self.project_id,
            "project_domain_id": self.project_domain_id,
            "domain_id": self.domain_id,
            "system_scope": "all" if self.system else None,
            "roles": self.role_names,
            "is_admin_project": self.is_admin_project,
            "is_admin": self.is_admin,  # Cinder's and Neutron's contexts: their context_is_admin (role:admin)
            "token": {"audit_ids": self.audit_ids},
        }
