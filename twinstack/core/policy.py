"""Policy through oslo.policy: each service registers its default rules; an operator's policy.yaml
(``--policy-dir DIR`` holding ``<service>.yaml`` or ``policy.yaml``) overrides any of them.

Defaults follow the services' secure-RBAC rules, with the admin/member/reader roles and the
``role:admin`` escape hatch DevStack users rely on (a project-scoped admin may do admin things).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from twinstack.core.context import Context
from twinstack.core.errors import ApiError

# Check strings the services compose their defaults from.
ADMIN = "role:admin"
SYSTEM_READER = "role:reader and system_scope:all"
PROJECT_MEMBER = "role:member and project_id:%(project_id)s"
PROJECT_READER = "role:reader and project_id:%(project_id)s"
ADMIN_OR_OWNER = f"{ADMIN} or project_id:%(project_id)s"
ADMIN_OR_READER_OWNER = f"{ADMIN} or {SYSTEM_READER} or ({PROJECT_READER})"
ADMIN_OR_MEMBER_OWNER = f"{ADMIN} or ({PROJECT_MEMBER})"
ANY = "@"


class Policy:
    """One enforcer for the whole cloud; rule names are service-qualified (identity:list_users)."""

    def __init__(self, policy_dir: str | None = None) -> None:
        conf = cfg.ConfigOpts()
        conf([], project="twinstack", default_config_files=[], default_config_dirs=[])
        policy_file = "policy.yaml"
        dirs: list[str] = []
        if policy_dir:
            path = Path(policy_dir)
            dirs = [str(path)]
            if not (path / policy_file).exists():
                policy_file = "twinstack-no-policy.yaml"
        self.enforcer = oslo_policy.Enforcer(
            conf, policy_file=policy_file, use_conf=False, overwrite=False
        )
        self._dir = Path(policy_dir) if policy_dir else None
        self._service_files: list[Path] = []
        # oslo.policy rejects a missing policy_file only when it looks it up; keep lookups cheap.
        conf.set_override("policy_dirs", dirs, group="oslo_policy")

    def register(self, service: str, defaults: dict[str, str]) -> None:
        self.enforcer.register_defaults(
            [oslo_policy.RuleDefault(name, check) for name, check in defaults.items()]
        )
        if self._dir is not None and (self._dir / f"{service}.yaml").exists():
            self._service_files.append(self._dir / f"{service}.yaml")
        # defaults, then the operator's policy.yaml, then the per-service files, later wins
        self.enforcer.load_rules(force_reload=True)
        for path in self._service_files:
            rules = oslo_policy.Rules.load(path.read_text(), default_rule=None)
            self.enforcer.set_rules(rules, overwrite=False, use_conf=False)

    def allowed(self, rule: str, target: dict[str, Any], ctx: Context) -> bool:
        return bool(self.enforcer.enforce(rule, target, ctx.creds(), do_raise=False))

    def authorize(self, rule: str, target: dict[str, Any], ctx: Context) -> None:
        try:
            ok = self.enforcer.enforce(rule, target, ctx.creds(), do_raise=False)
        except oslo_policy.PolicyNotRegistered:
            raise ApiError(500, f"Policy {rule} is not registered.") from None
        if not ok:
            raise ApiError(
                403,
                f"Policy doesn't allow {rule} to be performed.",
                "PolicyNotAuthorized",
            )
