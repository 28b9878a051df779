"""Upstream's answer beside twinstack's: each policy decision a request made is asked again of the
upstream service's rule of the same name, with the same target and credentials."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from policymatrix.drive import Outcome

UPSTREAM_PYTHON = Path(".reliability/policy-venv/bin/python")
# twinstack qualifies the names Glance and Placement register bare ("image:get_image" is get_image)
_QUALIFIERS = {"image": "image:", "placement": "placement:"}
# where a caller with no valid token gets an answer upstream too: version documents, token issue
PUBLIC = {"identity GET /", "identity GET /v3", "identity POST /v3/auth/tokens", "compute GET /v2.1",
          "image GET /", "image GET /versions", "image GET /v2", "image GET /v2/", "identity GET /v2.0/",
          "network GET /", "block_storage GET /",
          "block_storage GET /v3", "placement GET /", "identity GET /v2.0",
          "identity GET /v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth",
          "identity POST /v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth",
          "identity POST /v3/auth/OS-FEDERATION/saml2", "identity POST /v3/auth/OS-FEDERATION/saml2/ecp",
          "identity GET /v3/auth/OS-FEDERATION/websso/{protocol_id}",
          "identity POST /v3/auth/OS-FEDERATION/websso/{protocol_id}",
          "identity GET /v3/auth/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/websso",
          "identity POST /v3/auth/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/websso",
          "identity GET /v3/OS-FEDERATION/saml2/metadata", "identity POST /v3/OS-EC2/tokens",
          "identity POST /v3/ec2tokens", "identity POST /v2.0/tokens"}
UNAUTHENTICATED = ("no_token", "revoked_token")
# who upstream lets see alt_demo's private resources: its own members, and an admin asking for all
# projects; Cinder's context_is_admin is role:admin whatever the token's scope, the others' rules are
# for project-scoped tokens only
SEES_ALL = ("admin", "other_project")
SEES_ALL_VOLUMES = (*SEES_ALL, "domain_admin", "system_admin")


def may_see_foreign(outcome: Outcome) -> bool:
    return outcome.persona in (SEES_ALL_VOLUMES if outcome.route.startswith("block_storage") else SEES_ALL)


def names(service: str, rule: str) -> list[str]:
    qualifier = _QUALIFIERS.get(service)
    return [rule, rule[len(qualifier):]] if qualifier and rule.startswith(qualifier) else [rule]


def upstream_target(service: str, check: dict[str, Any], outcome: Outcome) -> dict[str, Any]:
    """The target as upstream builds it: Keystone's RBAC enforcer adds the request's path parameters
    (flask's view_args: ``user_id``, ``project_id``...) to the flattened ``target.*`` keys, and keeps
    the None values twinstack leaves out (a global role's ``domain_id``)."""
    if service == "identity":
        target = {**outcome.path_params, **check["target"]}
        if "role_id" in outcome.path_params:  # the fixtures' roles are global: keystone's ref says domain None
            target.setdefault("target.role.domain_id", None)
        return target
    return dict(check["target"])


def ask_upstream(outcomes: list[Outcome]) -> None:
    """Fill each check's ``upstream`` (True, False or None: no such rule upstream)."""
    queries: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        service = outcome.route.split(" ", 1)[0]
        for check in outcome.checks:
            query = {"service": service, "rules": names(service, check["rule"]),
                     "target": upstream_target(service, check, outcome), "creds": check["creds"]}
            check["query"] = json.dumps(query, sort_keys=True)
            queries[check["query"]] = query
    keys = list(queries)
    done = subprocess.run([str(UPSTREAM_PYTHON), "-m", "policymatrix.upstream"], input=json.dumps(
        [queries[k] for k in keys]), capture_output=True, text=True, check=True)
    answers = dict(zip(keys, json.loads(done.stdout)["answers"], strict=True))
    for outcome in outcomes:
        for check in outcome.checks:
            check["upstream"] = answers[check.pop("query")]


def check_verdict(check: dict[str, Any]) -> str:
    if check["upstream"] is None:
        return "no_upstream_rule"
    if check["allowed"] == check["upstream"]:
        return "agree"
    return "leak" if check["allowed"] else "wrong_deny"


def verdict(outcome: Outcome) -> str:
    """One cell: a leak if any decision allowed what upstream denies, an unauthenticated caller got
    an answer on a route that needs a token, or alt_demo's private resources showed to an outsider;
    a wrong deny if a decision denied what upstream allows; else agree."""
    if outcome.persona in UNAUTHENTICATED and outcome.status < 400 and outcome.route not in PUBLIC:
        return "leak"
    if outcome.foreign_seen and not may_see_foreign(outcome):
        return "leak"
    found = {check_verdict(c) for c in outcome.checks}
    for name in ("leak", "wrong_deny", "no_upstream_rule"):
        if name in found:
            return name
    return "agree" if outcome.checks or outcome.status >= 400 else "unchecked"
