"""Upstream's answer to a policy question, evaluated in the policy venv (``make policy-venv``):
each service's ``list_rules()`` registered in an oslo.policy 6 Enforcer (new defaults and scope
enforcement always on there), as their 2026.2 releases ship them. Imports nothing from twinstack.

Reads JSON queries ``{"service", "rules", "target", "creds"}`` on stdin (``rules``: the names the rule
may carry upstream, first registered wins), writes one answer per query: ``true``/``false``, or
``null`` when upstream has no rule of any of those names.
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from typing import Any

from oslo_config import cfg
from oslo_policy import _checks
from oslo_policy import policy as oslo_policy

# where each service keeps its policy-in-code
MODULES = {"compute": "nova.policies", "network": "neutron.conf.policies", "block_storage": "cinder.policies",
           "image": "glance.policies", "identity": "keystone.common.policies", "placement": "placement.policies"}


class FieldCheck(_checks.Check):
    """Neutron's ``field:<resource>:<attr>=<value>`` check (neutron/policy.py), on the target's own
    attribute: a shared or external network, a shared security group."""

    def __call__(self, target: dict[str, Any], creds: dict[str, Any], enforcer: Any, current_rule: Any = None) -> bool:
        _resource, field_value = self.match.split(":", 1)
        field, value = field_value.split("=", 1)
        return str(target.get(field)).lower() == value.lower()


class OwnerCheck(_checks.Check):
    """Neutron's owner check (``project_id:%(network:project_id)s``): the owner of the parent resource
    (the network of a subnet or port, the security group of a rule). Neutron reads the parent from its
    database when the target lacks it; here the parent is taken to be in the resource's own project,
    which holds for the matrix's fixtures (each lives in its parent's project)."""

    def __call__(self, target: dict[str, Any], creds: dict[str, Any], enforcer: Any, current_rule: Any = None) -> bool:
        field = self.match[2:-2] if self.match.startswith("%(") else None
        if field is None:
            return str(creds.get(self.kind)) == self.match
        if field in target or ":" not in field:  # a plain project_id check, as oslo.policy's own
            owner = target.get(field)
        else:  # a parent's owner (neutron's "<parent>:project_id")
            owner = target.get("project_id", target.get("tenant_id"))
        return owner is not None and str(creds.get(self.kind)) == str(owner)


def enforcer(service: str) -> oslo_policy.Enforcer:
    conf = cfg.ConfigOpts()
    conf([], project=service, default_config_files=[], default_config_dirs=[])
    found = oslo_policy.Enforcer(conf, policy_file="upstream-no-policy.yaml", use_conf=False)
    found.register_defaults(list(importlib.import_module(MODULES[service]).list_rules()))
    # the defaults, as they are (no policy file): new defaults only, deprecated check strings ignored
    found.set_rules(oslo_policy.Rules({d.name: d.check for d in found.registered_rules.values()}),
                    use_conf=False)
    return found


def upstream_creds(service: str, creds: dict[str, Any]) -> dict[str, Any]:
    """The credentials as that service's context hands them to oslo.policy: oslo.context's
    ``to_policy_values`` for all; Keystone adds the token, Neutron ``tenant_id`` and its admin flags."""
    out = dict(creds)
    if service == "identity":  # keystone's checks also read the token itself (token.project.domain.id)
        out["token"] = {**creds.get("token", {}), "user": {"id": creds.get("user_id")},
                        "project": {"id": creds.get("project_id"), "domain": {"id": creds.get("project_domain_id")}},
                        "domain": {"id": creds.get("domain_id")}}
    if service in ("network", "block_storage"):  # both contexts set is_admin from their context_is_admin rule
        out["is_admin"] = "admin" in creds.get("roles", [])
    if service == "network":
        out["tenant_id"] = creds.get("project_id")
        out["is_advsvc"] = False
    return out


def answer(enforcers: dict[str, oslo_policy.Enforcer], query: dict[str, Any]) -> bool | None:
    service = query["service"]
    found = enforcers[service]
    rule = next((name for name in query["rules"] if name in found.registered_rules), None)
    if rule is None:
        return None
    try:
        return bool(found.enforce(rule, query["target"], upstream_creds(service, query["creds"])))
    except oslo_policy.InvalidScope:
        return False


def main() -> None:
    warnings.simplefilter("ignore")
    _checks.register("field", FieldCheck)
    _checks.register("project_id", OwnerCheck)
    queries = json.load(sys.stdin)
    enforcers = {service: enforcer(service) for service in {q["service"] for q in queries}}
    rules = {service: sorted(e.registered_rules) for service, e in enforcers.items()}
    json.dump({"answers": [answer(enforcers, q) for q in queries], "rules": rules}, sys.stdout)


if __name__ == "__main__":
    main()
