"""The two clouds as the harness sees them: where each service lives, how a persona authenticates, and
the variables (ids) each side has learnt so far."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from differential.compare import Response
from differential.steps import Step, encode, extract, fill


def password_token(identity_root: str, user: str, password: str, project: str | None) -> tuple[str, dict[str, Any]]:
    scope = {"project": {"name": project, "domain": {"id": "default"}}} if project else None
    auth: dict[str, Any] = {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "password": password, "domain": {"id": "default"}}}}}
    if scope:
        auth["scope"] = scope
    response = httpx.post(f"{identity_root}/v3/auth/tokens", json={"auth": auth}, timeout=30)
    response.raise_for_status()
    return response.headers["x-subject-token"], response.json()["token"]


@dataclass
class Side:
    name: str
    roots: dict[str, str]  # service -> root URL (no trailing slash)
    auth: dict[tuple[str, str], dict[str, str]]  # (service, persona) -> headers
    variables: dict[str, str] = field(default_factory=dict)
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=120))

    def headers_for(self, step: Step) -> dict[str, str]:
        headers = dict(self.auth.get((step.service, step.persona), {}))
        if step.version:
            if step.version.startswith("legacy:"):
                headers["X-OpenStack-Nova-API-Version"] = step.version.split(":", 1)[1]
            else:
                headers["OpenStack-API-Version"] = f"{step.service} {step.version}"
        if step.body is not None:
            headers["Content-Type"] = "application/json"
        headers.update(fill(step.headers, self.variables))
        return headers

    def send(self, step: Step) -> Response:
        url = self.roots[step.service] + fill(step.path, self.variables)
        body = encode(fill(step.body, self.variables) if not isinstance(step.body, bytes) else step.body)
        raw = self.client.request(step.method, url, content=body, headers=self.headers_for(step))
        response = Response(raw.status_code, list(raw.headers.multi_items()), raw.content)
        self._save(step, raw)
        return response

    def _save(self, step: Step, raw: httpx.Response) -> None:
        try:
            data = raw.json() if raw.content else None
        except ValueError:
            data = None
        for name, path in step.save.items():
            if path.startswith("header:"):
                value = raw.headers.get(path.split(":", 1)[1])
            else:
                value = extract(data, path)
            if value is not None:
                self.variables[name] = str(value)

    def wait(self, step: Step, timeout: float = 60.0) -> bool:
        assert step.wait is not None
        path, wanted = step.wait
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            url = self.roots[step.service] + fill(step.path, self.variables)
            raw = self.client.request(step.method, url, headers=self.headers_for(step))
            if wanted is None and raw.status_code == 404:
                return True
            if raw.status_code == 200 and wanted is not None and extract(raw.json(), path) == wanted:
                return True
            time.sleep(0.3)
        return False
