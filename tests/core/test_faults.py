"""core/faults.py: rule validation, matching (HTTP-level and at a service's decision points),
fail-first-N, seeded probability, and the actions a matched rule takes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from twinstack.core.errors import ApiError
from twinstack.core.faults import DropConnection, FaultEngine, FaultRule
from twinstack.core.pipeline import Req, Service


def _req(method: str, subpath: str, route: str, service: str = "compute") -> Req:
    scope: dict[str, Any] = {"type": "http", "method": method, "path": f"/{service}{subpath}", "headers": [],
                             "query_string": b"", "twinstack.route": route, "twinstack.subpath": subpath}
    return Req(Request(scope), None, Service(service, f"/{service}", "nova", []), "req-1")  # type: ignore[arg-type]


def _status_of(engine: FaultEngine, req: Req) -> int | None:
    try:
        asyncio.run(engine.before(req))
    except ApiError as err:
        return err.status
    return None


def test_a_rule_must_do_something_and_outcomes_fill_their_event() -> None:
    with pytest.raises(ValidationError):
        FaultRule.model_validate({"action": {}})
    with pytest.raises(ValidationError):
        FaultRule.model_validate({"match": {"name": "("}, "action": {"status": 500}})
    with pytest.raises(ValidationError):
        FaultRule.model_validate({"action": {"outcome": "host_down"}})
    rule = FaultRule.model_validate({"match": {"service": "nova"}, "action": {"outcome": "no_valid_host"}})
    assert rule.match.event == "compute.schedule" and rule.match.service == "compute"


def test_http_rules_match_on_service_method_operation_and_path() -> None:
    engine = FaultEngine()
    engine.add({"match": {"service": "compute", "operation": "POST /v2.1/servers"}, "action": {"status": 503}})
    engine.add({"match": {"path": "/v2.1/flavors/*"}, "action": {"status": 404, "retry_after": 3}})
    assert _status_of(engine, _req("POST", "/v2.1/servers", "/v2.1/servers")) == 503
    assert _status_of(engine, _req("GET", "/v2.1/servers", "/v2.1/servers")) is None
    assert _status_of(engine, _req("POST", "/v2.0/networks", "/v2.0/networks", "network")) is None
    with pytest.raises(ApiError) as info:
        asyncio.run(engine.before(_req("GET", "/v2.1/flavors/1", "/v2.1/flavors/{id}")))
    assert info.value.headers == {"Retry-After": "3"} and info.value.message == "Injected fault fault-2."
    assert [r["fired"] for r in engine.listing()] == [1, 1]


def test_a_rule_with_a_user_match_needs_a_caller() -> None:
    engine = FaultEngine()
    engine.add({"match": {"user": "alice"}, "action": {"status": 500}})
    assert _status_of(engine, _req("GET", "/v2.1/servers", "/v2.1/servers")) is None


def test_drop_connection_and_latency() -> None:
    engine = FaultEngine()
    engine.add({"action": {"drop_connection": True, "latency_ms": 1}})
    with pytest.raises(DropConnection):
        asyncio.run(engine.before(_req("GET", "/", "/")))


def test_fail_first_n_then_never() -> None:
    engine = FaultEngine()
    rule = engine.add({"match": {"event": "compute.build"}, "action": {"outcome": "server_error"}, "fail_first": 2})
    hits = [engine.check("compute.build") for _ in range(4)]
    assert hits == [rule, rule, None, None] and rule.fired == 2


def test_probability_follows_the_seed() -> None:
    def pattern(seed: int) -> list[bool]:
        engine = FaultEngine(seed)
        engine.add({"action": {"outcome": "volume_error"}, "probability": 0.5})
        return [engine.check("volume.create") is not None for _ in range(40)]

    assert pattern(7) == pattern(7)
    assert pattern(7) != pattern(8)
    assert 5 < sum(pattern(7)) < 35
    never = FaultEngine(1)
    never.add({"action": {"outcome": "volume_error"}, "probability": 0.0})
    assert never.check("volume.create") is None


def test_event_rules_match_host_name_and_caller_by_id_or_name() -> None:
    engine = FaultEngine()
    engine.add({"match": {"host": "h1", "name": "^web-", "project": "demo"}, "action": {"outcome": "server_error"}})
    assert engine.check("compute.build", host="h2", name="web-1", project_name="demo") is None
    assert engine.check("compute.build", host="h1", name="db-1", project_name="demo") is None
    assert engine.check("compute.build", host="h1", name="web-1", project_id="p-other") is None
    assert engine.check("compute.build", host="h1", name="web-1", project_name="demo") is not None
    assert engine.check("volume.attach", host="h1", name="web-1", project_name="demo") is None


def test_immediate_outcomes_apply_once_or_are_refused() -> None:
    engine = FaultEngine()
    with pytest.raises(ApiError) as info:
        engine.add({"action": {"outcome": "host_down", "params": {"host": "h1"}}})
    assert info.value.status == 400 and engine.rules == {}
    applied: list[str] = []
    engine.effects["host_down"] = lambda rule: applied.append(rule.action.params["host"])
    rule = engine.add({"action": {"outcome": "host_down", "params": {"host": "h1"}}})
    assert applied == ["h1"] and rule.fired == 1


def test_delete_and_clear() -> None:
    engine = FaultEngine()
    rule = engine.add({"id": "mine", "action": {"status": 500}})
    assert rule.id == "mine"
    engine.delete("mine")
    with pytest.raises(ApiError) as info:
        engine.delete("mine")
    assert info.value.status == 404
    engine.add({"action": {"status": 500}})
    engine.clear()
    assert engine.listing() == []
