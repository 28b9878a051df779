"""The differential harness's comparison, on canned responses: no real OpenStack runs in `make test`."""

from __future__ import annotations

import json

from differential.compare import Response, compare, shape
from differential.report import figures
from differential.steps import extract, fill


def nova(status: int, body: object, **headers: str) -> Response:
    base = [("Content-Type", "application/json"), ("OpenStack-API-Version", "compute 2.1"),
            ("X-OpenStack-Nova-API-Version", "2.1"), ("Vary", "OpenStack-API-Version"),
            ("Vary", "X-OpenStack-Nova-API-Version")]
    extra = [(k.replace("_", "-"), v) for k, v in headers.items()]
    return Response(status, base + extra, json.dumps(body).encode() if body is not None else b"")


def test_same_shape_different_ids_is_identical() -> None:
    real = nova(200, {"server": {"id": "a", "name": "x", "tags": ["a"], "created": "t1"}})
    twin = nova(200, {"server": {"id": "b", "name": "y", "tags": [], "created": "t2"}})
    assert compare(real, twin).identical  # an empty list says nothing about its items


def test_null_against_string_is_a_difference() -> None:
    result = compare(nova(200, {"server": {"description": "d"}}), nova(200, {"server": {"description": None}}))
    assert [(d.aspect, d.what, d.real, d.twin) for d in result.differences] == [
        ("shape", "$.server.description", "string", "null")]


def test_missing_key_is_reported_once_at_its_top() -> None:
    result = compare(nova(200, {"a": {"b": {"c": 1}}}), nova(200, {"a": {}}))
    assert [d.what for d in result.differences] == ["$.a.b"]


def test_list_items_are_merged_and_uuid_keys_are_data() -> None:
    assert shape({"l": [{"a": 1}, {"b": "x"}]}) == {"$": {"object"}, "$.l": {"array"}, "$.l[]": {"object"},
                                                    "$.l[].a": {"integer"}, "$.l[].b": {"string"}}
    real = nova(200, {"allocations": {"5e5d8b61-8c3a-4c6d-9a2b-1f0e3d4c5b6a": {"resources": {"VCPU": 1}}}})
    twin = nova(200, {"allocations": {"0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6": {"resources": {"VCPU": 2}}}})
    assert compare(real, twin).identical
    assert compare(nova(200, {"extra_specs": {"hw:a": "1"}}), nova(200, {"extra_specs": {"hw:b": "2"}})).identical


def test_headers_clients_read() -> None:
    real = nova(202, None, Location="http://real/servers/1")
    twin = Response(202, [("content-type", "application/json; charset=UTF-8"), ("OpenStack-API-Version", "compute 2.1"),
                          ("X-OpenStack-Nova-API-Version", "2.1"),
                          ("Vary", "openstack-api-version, x-openstack-nova-api-version")])
    found = {(d.what, d.real, d.twin) for d in compare(real, twin).differences}
    # Vary tokens spread over two lines equal one comma-joined line; charset and Location's absence count
    assert found == {("content-type", "application/json", "application/json; charset=UTF-8"),
                     ("location", "present", "absent")}


def test_status_and_body_kind() -> None:
    result = compare(nova(204, None), Response(200, nova(204, None).headers, b"<html/>"))
    assert [(d.what, d.real, d.twin) for d in result.differences] == [("status", 204, 200), ("$", "empty", "text")]


def test_variables_and_extraction() -> None:
    body = {"services": [{"binary": "nova-scheduler", "host": "s"}, {"binary": "nova-compute", "host": "c"}]}
    assert extract(body, "services[binary=nova-compute].host") == "c"
    assert extract(body, "services.0.host") == "s"
    assert extract(body, "services.5.host") is None
    assert fill({"a": "/x/{id}", "g": "{gen:int}", "m": "{nope}"}, {"id": "1", "gen": "7"}) == {
        "a": "/x/1", "g": 7, "m": "MISSING-nope"}


def test_figures() -> None:
    results = [{"service": "compute", "identical": True, "differences": []},
               {"service": "compute", "identical": False,
                "differences": [{"aspect": "header", "what": "vary", "real": "x", "twinstack": None}]}]
    f = figures(results)["compute"]
    assert (f["requests"], f["pct_identical"], f["pct_same_status"], f["pct_same_header"]) == (2, 50.0, 100.0, 50.0)


def test_the_report_gives_the_original_requests_apart(tmp_path) -> None:
    import json

    from differential import report
    same = {"service": "compute", "request": "GET x", "status": [200, 200], "identical": True, "differences": []}
    added = {**same, "identical": False, "added": True, "status": [200, 400],
             "differences": [{"aspect": "status", "what": "status", "real": 200, "twinstack": 400}]}
    report.write(tmp_path, [same, added], {}, None)
    data = json.loads((tmp_path / "differential.json").read_text())
    assert data["figures"]["all"]["pct_identical"] == 50.0
    assert data["figures_original_requests"]["all"]["pct_identical"] == 100.0
    assert "original 1 requests only" in (tmp_path / "differential.md").read_text()


def test_added_steps_keep_the_original_scenario() -> None:
    from differential.scenario import scenario
    original = scenario(("compute", "placement", "identity"))  # the services of the first 501 (image came later)
    assert len([s for s in original if s.wait is None and not s.added]) == 501
