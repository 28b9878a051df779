"""The policy matrix's cheap slice (no upstream venv): a handful of sensitive routes and every listing
filter, driven as all ten personas against a real server, must answer as docs/policy-matrix.json
recorded, and none of those answers may be a leak there. ``make policy-matrix`` redoes the whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policymatrix.compare import may_see_foreign
from policymatrix.drive import Driver, Outcome
from policymatrix.routes import Route
from policymatrix.setup import Setup
from twinstack.testing import Cloud

MATRIX = Path(__file__).resolve().parents[2] / "docs" / "policy-matrix.json"
SENSITIVE = [
    Route("compute", "GET", "/v2.1/servers/detail"), Route("compute", "GET", "/v2.1/servers/{server_id}"),
    Route("compute", "DELETE", "/v2.1/servers/{server_id}"), Route("compute", "GET", "/v2.1/os-hypervisors"),
    Route("network", "GET", "/v2.0/networks"), Route("network", "GET", "/v2.0/networks/{id}"),
    Route("network", "DELETE", "/v2.0/ports/{id}"),
    Route("block_storage", "GET", "/v3/{project_id}/volumes/{volume_id}"),
    Route("image", "GET", "/v2/images"), Route("image", "GET", "/v2/images/{image_id}"),
    Route("image", "GET", "/v2/tasks"), Route("identity", "GET", "/v3/projects/{project_id}/tags"),
    Route("placement", "GET", "/resource_providers"), Route("identity", "GET", "/v3/users"),
]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    trace = tmp_path_factory.mktemp("policy") / "trace.jsonl"
    with Cloud(env={"TWINSTACK_POLICY_TRACE": str(trace)}, startup_timeout=60) as cloud:
        assert cloud.url is not None
        setup = Setup(cloud.url)
        setup.personas()
        setup.fixtures()
        return Driver(setup, trace).run(SENSITIVE)


@pytest.fixture(scope="module")
def recorded() -> dict[tuple[str, str, str], dict[str, Any]]:
    cells = json.loads(MATRIX.read_text())["cells"]
    return {(c["route"], c["variant"], c["persona"]): c for c in cells}


def test_answers_as_recorded(outcomes: list[Outcome], recorded: dict[tuple[str, str, str], dict[str, Any]]) -> None:
    changed = [(o.route, o.variant, o.persona, recorded[(o.route, o.variant, o.persona)]["http"], o.http)
               for o in outcomes if recorded[(o.route, o.variant, o.persona)]["http"] != o.http]
    assert changed == []


def test_no_leak_recorded_there(outcomes: list[Outcome], recorded: dict[tuple[str, str, str], dict[str, Any]]) -> None:
    leaks = [key for key in {(o.route, o.variant, o.persona) for o in outcomes} if recorded[key]["verdict"] == "leak"]
    assert leaks == []


def test_nothing_foreign_seen(outcomes: list[Outcome]) -> None:
    assert [(o.route, o.variant, o.persona) for o in outcomes if o.foreign_seen and not may_see_foreign(o)] == []
