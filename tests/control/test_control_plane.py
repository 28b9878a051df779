"""The control plane under /_twinstack: faults, clock, journal, snapshots, reset, model apply —
driven as a test would, against a real server, with real clients on the other side."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from keystoneauth1 import exceptions as ks_exceptions

from tests.conftest import password_auth
from twinstack.testing import Cloud


def _token(http: httpx.Client, user: str = "demo", password: str | None = None, project: str = "demo") -> str:
    response = http.post("/identity/v3/auth/tokens", json=password_auth(user, password or user, project))
    assert response.status_code == 201, response.text
    return response.headers["X-Subject-Token"]


@pytest.fixture
def fresh(cloud: Cloud, http: httpx.Client) -> Iterator[httpx.Client]:
    """The shared cloud reset to its model (faults, journal and clock included), before and after."""
    yield http
    cloud.reset()


def test_http_error_rule_with_retry_after_in_the_service_format(fresh: httpx.Client) -> None:
    token = _token(fresh)
    rule = {"match": {"service": "identity", "operation": "GET /v3/auth/projects"},
            "action": {"status": 503, "retry_after": 7, "message": "Keystone is having a moment."}}
    created = fresh.post("/_twinstack/faults", json=rule)
    assert created.status_code == 201
    fault_id = created.json()["fault"]["id"]
    response = fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    assert response.json()["error"] == {"code": 503, "title": "Service Unavailable",
                                        "message": "Keystone is having a moment."}
    # other operations are untouched
    assert fresh.get("/identity/v3/auth/system", headers={"X-Auth-Token": token}).status_code == 200
    assert fresh.get(f"/_twinstack/faults/{fault_id}").json()["fault"]["fired"] == 1
    assert fresh.delete(f"/_twinstack/faults/{fault_id}").status_code == 204
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 200


def test_fail_first_n_then_succeed_seen_by_openstacksdk(cloud: Cloud, fresh: httpx.Client) -> None:
    fresh.post("/_twinstack/faults", json={"match": {"path": "/v3/auth/tokens", "method": "POST"},
                                           "action": {"status": 503}, "fail_first": 2})
    for _ in range(2):
        assert fresh.post("/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo")).status_code == 503
    assert fresh.post("/identity/v3/auth/tokens", json=password_auth("demo", "demo", "demo")).status_code == 201
    assert fresh.get("/_twinstack/faults").json()["faults"][0]["fired"] == 2


def test_match_by_user_and_latency_and_drop(fresh: httpx.Client) -> None:
    demo, admin = _token(fresh), _token(fresh, "admin", "admin", "admin")
    fresh.post("/_twinstack/faults", json={"match": {"service": "identity", "user": "demo",
                                                     "path": "/v3/auth/system"},
                                           "action": {"drop_connection": True}})
    with pytest.raises(httpx.HTTPError):
        fresh.get("/identity/v3/auth/system", headers={"X-Auth-Token": demo})
    assert fresh.get("/identity/v3/auth/system", headers={"X-Auth-Token": admin}).status_code == 200
    fresh.delete("/_twinstack/faults")
    fresh.post("/_twinstack/faults", json={"match": {"path": "/v3/auth/domains"}, "action": {"latency_ms": 50}})
    response = fresh.get("/identity/v3/auth/domains", headers={"X-Auth-Token": admin})
    assert response.status_code == 200 and response.elapsed.total_seconds() >= 0.05


def test_token_revoked_mid_run(cloud: Cloud, fresh: httpx.Client) -> None:
    token = _token(fresh)
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 200
    response = fresh.post(
        "/_twinstack/faults", json={"action": {"outcome": "token_revoked", "params": {"user": "demo"}}}
    )
    assert response.status_code == 201
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 401
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": _token(fresh)}).status_code == 200


def test_bad_fault_rules_are_400(fresh: httpx.Client) -> None:
    for rule, words in [
        ({"action": {}}, "does nothing"),
        ({"action": {"status": 200}}, "status"),
        ({"match": {"name": "("}, "action": {"status": 500}}, "regular expression"),
        ({"action": {"status": 500}, "surprise": 1}, "surprise"),
        ({"action": {"outcome": "host_down"}}, "host"),
    ]:
        response = fresh.post("/_twinstack/faults", json=rule)
        assert response.status_code == 400, rule
        assert words in response.json()["error"]["message"], response.text
    assert fresh.delete("/_twinstack/faults/nope").status_code == 404


def test_manual_clock_expires_tokens(fresh: httpx.Client) -> None:
    assert fresh.post("/_twinstack/clock/advance", json={"seconds": 1}).status_code == 409  # real time
    assert fresh.put("/_twinstack/clock", json={"mode": "sideways"}).status_code == 400
    assert fresh.put("/_twinstack/clock", json={"mode": "manual"}).json()["clock"]["mode"] == "manual"
    token = _token(fresh)
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 200
    assert fresh.post("/_twinstack/clock/advance", json={"seconds": -1}).status_code == 400
    fresh.post("/_twinstack/clock/advance", json={"seconds": 3601})
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 401


def test_journal_tells_what_the_client_did(cloud: Cloud, fresh: httpx.Client) -> None:
    conn = cloud.connect("twinstack")
    conn.session.get_token()
    conn.identity.get("/auth/projects")
    entries = fresh.get("/_twinstack/journal", params={"service": "identity", "user_name": "demo"}).json()["entries"]
    assert [e["operation"] for e in entries] == ["GET /v3/auth/projects"]
    assert entries[0]["scope"] == "project" and entries[0]["status"] == 200 and "admin" not in entries[0]["roles"]
    everything = fresh.get("/_twinstack/journal").json()["entries"]
    assert any(e["operation"] == "POST /v3/auth/tokens" and e["status"] == 201 for e in everything)
    assert fresh.get("/_twinstack/journal", params={"limit": "x"}).status_code == 400
    fresh.delete("/_twinstack/journal")
    assert fresh.get("/_twinstack/journal").json()["count"] == 0


def test_snapshot_save_and_load_restore_state(fresh: httpx.Client) -> None:
    token = _token(fresh)
    assert fresh.post("/_twinstack/snapshots", json={"name": "before"}).status_code == 201
    admin = _token(fresh, "admin", "admin", "admin")
    fresh.delete("/identity/v3/auth/tokens", headers={"X-Auth-Token": admin, "X-Subject-Token": token})
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 401
    assert "before" in [s["name"] for s in fresh.get("/_twinstack/snapshots").json()["snapshots"]]
    assert fresh.post("/_twinstack/snapshots/before/load").status_code == 200
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 200
    assert fresh.post("/_twinstack/snapshots/nope/load").status_code == 404
    assert fresh.post("/_twinstack/snapshots", json={"name": "../etc"}).status_code == 400
    assert fresh.delete("/_twinstack/snapshots/before").status_code == 204


def test_reset_returns_to_the_model(cloud: Cloud, fresh: httpx.Client) -> None:
    token = _token(fresh)
    admin = _token(fresh, "admin", "admin", "admin")
    fresh.delete("/identity/v3/auth/tokens", headers={"X-Auth-Token": admin, "X-Subject-Token": token})
    seconds = cloud.reset()
    assert seconds >= 0
    assert fresh.get("/identity/v3/auth/projects", headers={"X-Auth-Token": token}).status_code == 200


def test_model_apply_is_all_or_nothing(cloud: Cloud, fresh: httpx.Client) -> None:
    good = (
        "identity:\n  users:\n    - {name: carol, password: c4rol, default_project: demo}\n"
        "  assignments:\n    - {role: member, user: carol, project: demo}\n"
    )
    assert fresh.post("/_twinstack/model", content=good).status_code == 200
    assert fresh.post("/identity/v3/auth/tokens", json=password_auth("carol", "c4rol", "demo")).status_code == 201
    bad = "identity:\n  assignments:\n    - {role: member, user: ghost, project: demo}\n"
    response = fresh.post("/_twinstack/model", content=bad)
    assert response.status_code == 400 and "ghost" in response.json()["error"]["message"]
    assert fresh.post("/identity/v3/auth/tokens", json=password_auth("carol", "c4rol", "demo")).status_code == 201
    assert fresh.post("/_twinstack/model", content="- not a mapping").status_code == 400
    # the applied model is the cloud's model now; put the default back for the other tests
    fresh.post("/_twinstack/model", content="{}")


def test_sdk_sees_injected_503(cloud: Cloud, fresh: httpx.Client) -> None:
    fresh.post(
        "/_twinstack/faults", json={"match": {"path": "/v3/auth/tokens", "method": "POST"}, "action": {"status": 503}}
    )
    with pytest.raises((ks_exceptions.ServiceUnavailable, ks_exceptions.http.HttpError, Exception)):
        cloud.connect("twinstack").session.get_token()
