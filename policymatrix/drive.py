"""Ask twinstack: every route as every persona, over HTTP, with the policy decisions each request
made (read back from the server's policy trace), the cloud restored after every request that
changed it, and every answer searched for alt_demo's private resources."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from policymatrix.routes import Route, fill, params
from policymatrix.setup import PERSONAS, Setup

SNAPSHOT = "policymatrix"
# a request that shows what each listing filter does (upstream's all_tenants, project_id, shared, ...)
ALT = "alt_project"
FILTERS: list[tuple[str, str, str, str]] = [  # service, route, the fixture the alt project replaces, query
    ("compute", "/v2.1/servers", "", "?all_tenants=1"), ("compute", "/v2.1/servers/detail", "", "?all_tenants=1"),
    ("compute", "/v2.1/servers/detail", "", "?all_tenants=1&project_id={alt_project}"),
    ("compute", "/v2.1/servers/detail", "", "?tenant_id={alt_project}"),
    ("compute", "/v2.1/os-server-groups", "", "?all_projects=True"),
    ("compute", "/v2.1/os-quota-sets/{tenant_id}", "project", ""),
    ("compute", "/v2.1/limits", "", "?tenant_id={alt_project}"),
    ("block_storage", "/v3/{project_id}/volumes/detail", "", "?all_tenants=1"),
    ("block_storage", "/v3/{project_id}/volumes", "", "?all_tenants=1&project_id={alt_project}"),
    ("block_storage", "/v3/{project_id}/snapshots", "", "?all_tenants=1"),
    ("block_storage", "/v3/{project_id}/os-quota-sets/{target_project}", "target_project", ""),
    ("network", "/v2.0/networks", "", "?project_id={alt_project}"), ("network", "/v2.0/networks", "", "?shared=true"),
    ("network", "/v2.0/networks", "", "?tenant_id={alt_project}"), ("network", "/v2.0/ports", "", "?all_tenants=1"),
    ("network", "/v2.0/networks", "", "?router:external=true"),
    ("image", "/v2/images", "", "?visibility=private"), ("image", "/v2/images", "", "?visibility=shared"),
    ("image", "/v2/images", "", "?visibility=community"), ("image", "/v2/images", "", "?visibility=public"),
    ("image", "/v2/images", "", "?visibility=all"), ("image", "/v2/images", "", "?owner={alt_project}"),
]
# a few server actions that matter most, with bodies that pass validation so their policy is reached
ACTIONS = [{"os-stop": None}, {"reboot": {"type": "SOFT"}}, {"os-resetState": {"state": "active"}},
           {"migrate": None}, {"lock": None}, {"createImage": {"name": "pm"}}, {"forceDelete": None},
           {"os-getConsoleOutput": {}}, {"pause": None}, {"shelveOffload": None}]


@dataclass
class Outcome:
    route: str
    variant: str
    persona: str
    status: int
    checks: list[dict[str, Any]] = field(default_factory=list)
    foreign_seen: list[str] = field(default_factory=list)
    path_params: dict[str, str] = field(default_factory=dict)

    @property
    def http(self) -> str:
        if self.status == 401:
            return "unauthenticated"
        if self.status == 403:
            return "denied"
        if self.status == 404:
            return "hidden"
        return "allowed"


class Driver:
    def __init__(self, setup: Setup, trace: Path) -> None:
        self.setup, self.trace, self.http = setup, trace, setup.http
        self.offset = 0

    def _new_checks(self) -> list[dict[str, Any]]:
        text = self.trace.read_text(encoding="utf-8") if self.trace.exists() else ""
        new, self.offset = text[self.offset:], len(text)
        return [json.loads(line) for line in new.splitlines() if line]

    def ask(self, route: Route, variant: str, persona: str, path: str, body: Any) -> Outcome:
        token = self.setup.tokens[persona]
        headers = {"X-Auth-Token": token} if token else {}
        if route.service == "compute":
            headers["OpenStack-API-Version"] = "compute latest"
        kwargs: dict[str, Any] = {}
        if route.method in ("POST", "PUT", "PATCH"):
            kwargs["json"] = body
            if route.service == "image" and route.method == "PATCH":
                headers["Content-Type"] = "application/openstack-images-v2.1-json-patch"
                kwargs = {"content": json.dumps([])}
        self._new_checks()
        try:
            response = self.http.request(route.method, path, headers=headers, **kwargs)
            status, text = response.status_code, response.text
        except httpx.HTTPError:
            status, text = 599, ""
        outcome = Outcome(route.key, variant, persona, status, self._new_checks(), path_params=params(route, path))
        outcome.foreign_seen = [kind for kind, rid in self.setup.foreign.items() if rid in text]
        if route.method != "GET" and status < 400:
            self.http.post(f"/_twinstack/snapshots/{SNAPSHOT}/load").raise_for_status()
            self._new_checks()
        return outcome

    def path(self, route: Route, persona: str, ids: dict[str, str]) -> str:
        """Cinder's URLs carry the caller's own project, as its catalog entry puts it there (demo's for
        a persona without one of its own: a domain or system token, which Cinder then refuses)."""
        if route.service != "block_storage":
            return fill(route, ids)
        return fill(route, {**ids, "project": self.setup.url_project.get(persona, ids["project"])})

    def run(self, routes: list[Route]) -> list[Outcome]:
        self.http.post("/_twinstack/snapshots", json={"name": SNAPSHOT}).raise_for_status()
        ids = self.setup.ids
        outcomes = []
        for route in routes:
            for persona in PERSONAS:
                outcomes.append(self.ask(route, "", persona, self.path(route, persona, ids), {}))
            if route.service == "compute" and route.path == "/v2.1/servers/{server_id}/action":
                for body in ACTIONS:
                    for persona in PERSONAS:
                        outcomes.append(self.ask(route, json.dumps(body), persona, fill(route, ids), body))
        for service, template, replaced, query in FILTERS:
            route = Route(service, "GET", template)
            variant = (f"{{{replaced}}}=alt " if replaced else "") + query.replace("{alt_project}", "alt")
            for persona in PERSONAS:
                filled = self.path(route, persona, {**ids, replaced: ids[ALT]} if replaced else ids)
                outcomes.append(self.ask(route, variant, persona, filled + query.format(**ids), None))
        return outcomes
