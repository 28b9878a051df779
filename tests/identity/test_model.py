"""The identity section of the model: domains, nested projects, groups and assignments across domains."""

from __future__ import annotations

from pathlib import Path

import httpx

from twinstack.testing import Cloud

MODEL = """
identity:
  domains:
    - {name: acme}
  projects:
    - {name: api, domain: acme, parent: web}
    - {name: web, domain: acme}
  users:
    - {name: alice, domain: acme, password: a}
  groups:
    - {name: devs, domain: acme, users: [alice]}
  assignments:
    - {role: member, group: devs, actor_domain: acme, project: web, project_domain: acme, inherited: true}
    - {role: reader, user: alice, actor_domain: acme, domain: acme}
"""


def test_model_grants_across_domains(tmp_path: Path) -> None:
    model = tmp_path / "acme.yaml"
    model.write_text(MODEL)
    with Cloud(model=str(model)) as cloud, httpx.Client(base_url=cloud.url, timeout=30) as client:
        def token(scope: dict) -> httpx.Response:
            return client.post("/identity/v3/auth/tokens", json={"auth": {
                "identity": {"methods": ["password"], "password": {"user": {
                    "name": "alice", "domain": {"name": "acme"}, "password": "a"}}}, "scope": scope}})

        child = token({"project": {"name": "api", "domain": {"name": "acme"}}})
        assert child.status_code == 201, child.text  # inherited from web through the group
        assert {r["name"] for r in child.json()["token"]["roles"]} == {"member", "reader"}
        assert token({"project": {"name": "web", "domain": {"name": "acme"}}}).status_code == 401  # inherited only
        domain = token({"domain": {"name": "acme"}})
        assert domain.status_code == 201 and [r["name"] for r in domain.json()["token"]["roles"]] == ["reader"]
