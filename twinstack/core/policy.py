"""Policy through oslo.policy: each service registers its default rules; an operator's policy.yaml
(``--policy-dir DIR`` holding ``<service>.yaml`` or ``policy.yaml``) overrides any of them.

oslo.policy (with oslo.config, stevedore, netaddr, rfc3986 behind it) is imported and the ~750 default
rules parsed on first use, not at start: that was 40% of start-up, and health needs none of it.
``warm()`` does it ahead of the first request, in the background once the cloud is ready.

Defaults follow the services' secure-RBAC rules, with the admin/member/reader roles and the
``role:admin`` escape hatch DevStack users rely on (a project-scoped admin may do admin things).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
# Upstream registers these services' rules for project-scoped tokens only (scope_types ['project'] in
# nova, neutron, glance and placement): a domain- or system-scoped token is refused, admin role or not,
# and a check like ``project_id:%(project_id)s`` never sees its ``None`` project. Cinder's rules carry
# no scope; Keystone's mix system, domain and project per rule.
PROJECT_SCOPED = frozenset({"compute", "network", "image", "placement"})


if TYPE_CHECKING:
    from oslo_policy import policy as oslo_policy


def _oslo() -> Any:
    from oslo_policy import policy

    return policy


class Defaults(dict[str, str]):
    """A service's default rules (name -> check string) that also say, rule by rule, which token
    scopes upstream registers them for (``scopes``: name -> ["system", "domain", "project"]);
    a rule not named there takes the service's scope."""

    def __init__(self, rules: dict[str, str], scopes: dict[str, list[str] | None]) -> None:
        super().__init__(rules)
        self.scopes = scopes


class Policy:
    """One enforcer for the whole cloud; rule names are service-qualified (identity:list_users)."""

    def __init__(self, policy_dir: str | None = None) -> None:
        self._dir = Path(policy_dir) if policy_dir else None
        self._service_files: list[Path] = []
        self._pending: list[tuple[str, dict[str, str]]] = []
        self._enforcer: oslo_policy.Enforcer | None = None
        self._ready: oslo_policy.Enforcer | None = None  # set once every pending rule is loaded
        self._lock = threading.RLock()
        # Decisions, remembered: a check is a pure function of (rule, target, credentials) once the
        # rules are loaded, and oslo.policy spends about a millisecond on one (it stats its policy
        # files, walks every registered default and inspects each check's signature per call).
        self._decisions: dict[tuple[Any, ...], bool] = {}
        self._stamp: Any = self._files_stamp()

    @property
    def enforcer(self) -> oslo_policy.Enforcer:
        """The oslo.policy enforcer with every registered service's defaults loaded."""
        enforcer = self._ready
        if enforcer is None:
            with self._lock:
                enforcer = self._build()
        return enforcer

    def warm(self) -> None:
        """Import oslo.policy and parse the registered rules now (a background thread calls this)."""
        _ = self.enforcer

    def _build(self) -> oslo_policy.Enforcer:
        if self._enforcer is None:
            from oslo_config import cfg

            conf = cfg.ConfigOpts()
            conf([], project="twinstack", default_config_files=[], default_config_dirs=[])
            policy_file = "policy.yaml"
            dirs: list[str] = []
            if self._dir is not None:
                dirs = [str(self._dir)]
                if not (self._dir / policy_file).exists():
                    policy_file = "twinstack-no-policy.yaml"
            enforcer = _oslo().Enforcer(conf, policy_file=policy_file, use_conf=False, overwrite=False)
            # oslo.policy rejects a missing policy_file only when it looks it up; keep lookups cheap.
            conf.set_override("policy_dirs", dirs, group="oslo_policy")
            self._enforcer = enforcer
        if self._pending:
            pending, self._pending = self._pending, []
            for service, defaults in pending:
                self._register(self._enforcer, service, defaults)
            self._load(self._enforcer)
        self._ready = self._enforcer
        return self._enforcer

    def _files_stamp(self) -> Any:
        """What the operator's policy files look like now (names and mtimes); oslo.policy reloads a
        changed policy.yaml, so a change must forget the remembered decisions too."""
        if self._dir is None:
            return None
        try:
            return tuple(sorted((e.name, e.stat().st_mtime_ns) for e in os.scandir(self._dir)))
        except OSError:
            return ()

    def register(self, service: str, defaults: dict[str, str]) -> None:
        """Add a service's defaults; they are parsed when the enforcer is first needed."""
        with self._lock:
            self._pending.append((service, defaults))
            self._ready = None
            self._decisions.clear()

    def _register(self, enforcer: Any, service: str, defaults: dict[str, str]) -> None:
        oslo = _oslo()
        scope = ["project"] if service in PROJECT_SCOPED else None
        scopes = defaults.scopes if isinstance(defaults, Defaults) else {}
        enforcer.register_defaults(
            [oslo.RuleDefault(name, check, scope_types=scopes.get(name, scope)) for name, check in defaults.items()]
        )
        if self._dir is not None and (self._dir / f"{service}.yaml").exists():
            self._service_files.append(self._dir / f"{service}.yaml")

    def _load(self, enforcer: Any) -> None:
        # defaults, then the operator's policy.yaml, then the per-service files, later wins
        enforcer.load_rules(force_reload=True)
        for path in self._service_files:
            rules = _oslo().Rules.load(path.read_text(), default_rule=None)
            enforcer.set_rules(rules, overwrite=False, use_conf=False)
        self._decisions.clear()

    def _enforce(self, rule: str, target: dict[str, Any], ctx: Context) -> bool:
        ok = self._decide(rule, target, ctx)
        if _TRACE:
            _trace(rule, target, ctx, ok)
        return ok

    def _decide(self, rule: str, target: dict[str, Any], ctx: Context) -> bool:
        key = _key(rule, target, ctx)
        if self._dir is not None:
            stamp = self._files_stamp()
            if stamp != self._stamp:
                self._stamp = stamp
                self._decisions.clear()
        if key is not None:
            found = self._decisions.get(key)
            if found is not None:
                return found
        enforcer = self.enforcer
        try:
            ok = bool(enforcer.enforce(rule, target, ctx.creds(), do_raise=False))
        except _oslo().InvalidScope:
            ok = False
        if key is not None:
            if len(self._decisions) >= _MAX_DECISIONS:
                self._decisions.clear()
            self._decisions[key] = ok
        return ok

    def allowed(self, rule: str, target: dict[str, Any], ctx: Context) -> bool:
        return self._enforce(rule, target, ctx)

    def authorize(self, rule: str, target: dict[str, Any], ctx: Context) -> None:
        try:
            ok = self._enforce(rule, target, ctx)
        except _oslo().PolicyNotRegistered:
            raise ApiError(500, f"Policy {rule} is not registered.") from None
        if not ok:
            raise ApiError(
                403,
                f"Policy doesn't allow {rule} to be performed.",
                "PolicyNotAuthorized",
            )


_MAX_DECISIONS = 8192
# The policy matrix (policymatrix/) asks the same questions of upstream's rules: with this set, every
# decision is appended to that file as one JSON line (rule, target, credentials, result).
_TRACE = os.environ.get("TWINSTACK_POLICY_TRACE")


def _trace(rule: str, target: dict[str, Any], ctx: Context, ok: bool) -> None:
    line = json.dumps({"rule": rule, "target": target, "creds": ctx.creds(), "allowed": ok}, default=str)
    with open(str(_TRACE), "a", encoding="utf-8") as out:
        out.write(line + "\n")


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a target value that keeps its type (1, True and "1" differ)."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is dict:
        return (dict, tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(v) for v in value))
    if kind in (int, bool, float):
        return (kind, value)
    raise TypeError(kind)


def _key(rule: str, target: dict[str, Any], ctx: Context) -> tuple[Any, ...] | None:
    """Everything a decision depends on: the rule, the whole target, and every credential that
    ``Context.creds`` hands to oslo.policy. None (do not remember) for a target we cannot freeze."""
    try:
        frozen = _frozen(target)
    except TypeError:
        return None
    return (rule, frozen, ctx.user_id, ctx.user_domain_id, ctx.project_id, ctx.project_domain_id, ctx.domain_id,
            ctx.system, tuple(r["name"] for r in ctx.roles), ctx.is_admin_project, tuple(ctx.audit_ids))
