"""OS-FEDERATION through the ``openstack`` CLI, openstacksdk and raw HTTP: identity providers (their
domain, remote ids, protocols), mappings (rules checked per schema version), service providers."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import openstack.exceptions as exc
import pytest

from tests.conftest import openstack_cli
from twinstack.testing import Cloud

FED = "/identity/v3/OS-FEDERATION"
RULES = [{"local": [{"user": {"name": "{0}"}}, {"group": {"id": "g1"}}],
          "remote": [{"type": "REMOTE_USER"}, {"type": "orgPersonType", "any_one_of": ["Employee"]}]}]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def admin(admin_token: str) -> dict[str, str]:
    return {"X-Auth-Token": admin_token}


def test_cli_federation_flow(cloud: Cloud, tmp_path: Path) -> None:
    idp, mapping, sp = unique("idp"), unique("map"), unique("sp")
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(RULES))
    created = openstack_cli(cloud, "mapping", "create", "--rules", str(rules), mapping, "-f", "json")
    assert created["id"] == mapping and created["rules"] == RULES
    provider = openstack_cli(cloud, "identity", "provider", "create", "--remote-id", f"{idp}-remote",
                             "--description", "d", idp, "-f", "json")
    assert provider["id"] == idp and provider["enabled"] is True  # the CLI enables by default
    assert provider["remote_ids"] in ([f"{idp}-remote"], f"{idp}-remote")
    # OSC 10.2's "federation protocol create" passes the protocol as openstacksdk's ``name``, which
    # openstacksdk 4.18 drops ("Request requires an ID"), before any request: create it with the SDK.
    cloud.connect().identity.create_federation_protocol(idp, id="saml2", mapping_id=mapping)
    protocol = openstack_cli(cloud, "federation", "protocol", "show", "--identity-provider", idp, "saml2",
                             "-f", "json")
    assert protocol["id"] == "saml2" and protocol["mapping"] == mapping
    listed = openstack_cli(cloud, "federation", "protocol", "list", "--identity-provider", idp, "-f", "json")
    assert [p["id"] for p in listed] == ["saml2"]
    service = openstack_cli(cloud, "service", "provider", "create", "--auth-url", "https://sp.example/v3/auth",
                            "--service-provider-url", "https://sp.example/Shibboleth.sso/SAML2/ECP", sp,
                            "-f", "json")
    assert service["id"] == sp and service["relay_state_prefix"] == "ss:mem:"
    openstack_cli(cloud, "identity", "provider", "delete", idp)
    openstack_cli(cloud, "mapping", "delete", mapping)
    openstack_cli(cloud, "service", "provider", "delete", sp)
    gone = openstack_cli(cloud, "identity", "provider", "show", idp, check=False)
    assert gone.returncode != 0


def test_identity_provider_crud(openstack_connection) -> None:
    ident = openstack_connection.identity
    idp_id, domain_name = unique("idp"), unique("dom")
    idp = ident.create_identity_provider(id=idp_id, remote_ids=["b-remote", "a-remote"], authorization_ttl=5)
    # no domain given: keystone makes one for the provider, named by a fresh id
    domain = ident.get_domain(idp.domain_id)
    assert domain.name == idp.domain_id
    assert domain.description == f"Auto generated federated domain for Identity Provider: {idp_id}"
    assert idp.is_enabled is False and idp.authorization_ttl == 5
    assert idp.remote_ids == ["a-remote", "b-remote"]
    updated = ident.update_identity_provider(idp_id, is_enabled=True, remote_ids=["c-remote"])
    assert updated.is_enabled and updated.remote_ids == ["c-remote"]
    assert [i.id for i in ident.identity_providers(id=idp_id, is_enabled=True)] == [idp_id]
    assert [i.id for i in ident.identity_providers(id=idp_id, is_enabled=False)] == []
    own = ident.create_domain(name=domain_name)
    second = ident.create_identity_provider(id=unique("idp"), domain_id=own.id, description="x")
    assert second.domain_id == own.id
    ident.delete_identity_provider(second)
    ident.delete_identity_provider(idp_id)
    with pytest.raises(exc.NotFoundException):
        ident.get_identity_provider(idp_id)
    ident.update_domain(own, is_enabled=False)
    ident.delete_domain(own)


def test_identity_provider_errors(http: httpx.Client, admin: dict[str, str], demo_token: str) -> None:
    idp = unique("idp")
    body = {"identity_provider": {"remote_ids": [f"{idp}-r"]}}
    assert http.put(f"{FED}/identity_providers/{idp}", json=body, headers=admin).status_code == 201
    clash = http.put(f"{FED}/identity_providers/{idp}-2", json=body, headers=admin)
    assert clash.status_code == 409
    assert clash.json()["error"] == {"code": 409, "title": "Conflict", "message": (
        f"Conflict occurred attempting to store identity_provider - Duplicate remote ID: {idp}-r.")}
    again = http.put(f"{FED}/identity_providers/{idp}", json={"identity_provider": {}}, headers=admin)
    assert again.status_code == 409
    links = http.get(f"{FED}/identity_providers/{idp}", headers=admin).json()["identity_provider"]["links"]
    assert links["self"].endswith(f"/v3/OS-FEDERATION/identity_providers/{idp}")
    assert links["protocols"] == links["self"] + "/protocols"
    missing = http.get(f"{FED}/identity_providers/nope", headers=admin)
    assert missing.json()["error"]["message"] == "Could not find Identity Provider: nope."
    no_domain = http.put(f"{FED}/identity_providers/{idp}-3", json={"identity_provider": {"domain_id": "nodom"}},
                         headers=admin)
    assert no_domain.status_code == 404 and no_domain.json()["error"]["message"] == "Could not find domain: nodom."
    bad = http.put(f"{FED}/identity_providers/{idp}-4", json={"identity_provider": {"name": "x"}}, headers=admin)
    assert bad.status_code == 400
    denied = http.put(f"{FED}/identity_providers/{idp}-5", json={}, headers={"X-Auth-Token": demo_token})
    assert denied.status_code == 403 and "identity:create_identity_provider" in denied.json()["error"]["message"]
    assert http.delete(f"{FED}/identity_providers/{idp}", headers=admin).status_code == 204


def test_protocols_follow_their_provider(openstack_connection, http: httpx.Client, admin: dict[str, str]) -> None:
    ident = openstack_connection.identity
    idp, mapping = unique("idp"), unique("map")
    ident.create_identity_provider(id=idp)
    ident.create_mapping(id=mapping, rules=RULES)
    no_mapping = http.put(f"{FED}/identity_providers/{idp}/protocols/oidc",
                          json={"protocol": {"mapping_id": "nomap"}}, headers=admin)
    assert no_mapping.status_code == 400 and no_mapping.json()["error"]["message"] == "Invalid mapping id: nomap"
    no_idp = http.put(f"{FED}/identity_providers/noidp/protocols/oidc",
                      json={"protocol": {"mapping_id": mapping}}, headers=admin)
    assert no_idp.status_code == 404
    protocol = ident.create_federation_protocol(idp, id="oidc", mapping_id=mapping)
    assert protocol.id == "oidc" and protocol.mapping_id == mapping
    shown = http.get(f"{FED}/identity_providers/{idp}/protocols/oidc", headers=admin).json()["protocol"]
    assert set(shown) == {"id", "mapping_id", "links"}
    listed = http.get(f"{FED}/identity_providers/{idp}/protocols", headers=admin).json()["protocols"]
    assert listed[0]["idp_id"] == idp and listed[0]["remote_id_attribute"] is None
    dup = http.put(f"{FED}/identity_providers/{idp}/protocols/oidc",
                   json={"protocol": {"mapping_id": mapping}}, headers=admin)
    assert dup.status_code == 409
    missing = http.get(f"{FED}/identity_providers/{idp}/protocols/saml2", headers=admin).json()["error"]
    assert missing["message"] == f"Could not find federated protocol saml2 for Identity Provider: {idp}."
    ident.delete_identity_provider(idp)
    assert http.get(f"{FED}/identity_providers/{idp}/protocols", headers=admin).json()["protocols"] == []
    ident.delete_mapping(mapping)


def test_mapping_rules_are_validated(http: httpx.Client, admin: dict[str, str]) -> None:
    mapping = unique("map")
    url = f"{FED}/mappings/{mapping}"
    empty = http.put(url, json={"mapping": {"rules": []}}, headers=admin)
    # jsonschema's own words (they vary by its version), one violation a line, as keystone joins them
    assert empty.status_code == 400 and empty.json()["error"]["message"].startswith("[] ")
    assert empty.json()["error"]["message"].endswith("\n")
    no_remote = http.put(url, json={"mapping": {"rules": [{"local": []}]}}, headers=admin)
    assert no_remote.json()["error"]["message"] == "'remote' is a required property\n"
    v1_domain = [{"local": [{"projects": [{"name": "p", "roles": [{"name": "r"}], "domain": {"name": "d"}}]}],
                  "remote": [{"type": "X"}]}]
    assert http.put(url, json={"mapping": {"rules": v1_domain}}, headers=admin).status_code == 400
    created = http.put(url, json={"mapping": {"rules": v1_domain, "schema_version": "2.0"}}, headers=admin)
    assert created.status_code == 201 and created.json()["mapping"]["schema_version"] == "2.0"
    updated = http.patch(url, json={"mapping": {"rules": RULES}}, headers=admin).json()["mapping"]
    assert updated["rules"] == RULES and updated["schema_version"] == "1.0"
    assert mapping in {m["id"] for m in http.get(f"{FED}/mappings", headers=admin).json()["mappings"]}
    assert http.put(url, json={"mapping": {"rules": RULES}}, headers=admin).status_code == 409
    assert http.delete(url, headers=admin).status_code == 204
    gone = http.get(url, headers=admin).json()["error"]
    assert gone == {"code": 404, "title": "Not Found", "message": f"Could not find mapping: {mapping}."}


def test_service_providers_and_tokens(openstack_connection, http: httpx.Client, admin: dict[str, str]) -> None:
    ident = openstack_connection.identity
    sp_id = unique("sp")
    sp = ident.create_service_provider(id=sp_id, auth_url="https://sp/v3/auth", sp_url="https://sp/ecp")
    assert sp.is_enabled is False and sp.relay_state_prefix == "ss:mem:"
    bad = http.put(f"{FED}/service_providers/{sp_id}-2", json={"service_provider": {"auth_url": "x"}},
                   headers=admin)
    assert bad.status_code == 400
    token = http.get("/identity/v3/auth/tokens", headers={**admin, "X-Subject-Token": admin["X-Auth-Token"]})
    assert sp_id not in {s["id"] for s in token.json()["token"].get("service_providers", [])}
    ident.update_service_provider(sp_id, is_enabled=True, description="on")
    token = http.get("/identity/v3/auth/tokens", headers={**admin, "X-Subject-Token": admin["X-Auth-Token"]})
    assert {"auth_url": "https://sp/v3/auth", "id": sp_id, "sp_url": "https://sp/ecp"} in token.json()["token"][
        "service_providers"]
    ident.delete_service_provider(sp_id)
    missing = http.get(f"{FED}/service_providers/{sp_id}", headers=admin).json()["error"]
    assert missing["message"] == f"Could not find Service Provider: {sp_id}."
