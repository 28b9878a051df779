"""core/errors.py: one ApiError rendered in each service's own fault body, as its clients parse it."""

from __future__ import annotations

import json

import pytest

from twinstack.core import errors
from twinstack.core.errors import ApiError, render


def _body(err: ApiError, fmt: str, version: tuple[int, int] | None = None) -> dict:
    response = render(err, fmt, "req-1", version)
    # Nova's and Cinder's Fault name the charset; the other services' errors do not
    wanted = "application/json; charset=UTF-8" if fmt in ("nova", "cinder") else "application/json"
    assert response.status_code == err.status and response.media_type == wanted
    return json.loads(response.body)


def test_keystone() -> None:
    assert _body(ApiError(404, "Could not find user: x."), "keystone") == {
        "error": {"code": 404, "title": "Not Found", "message": "Could not find user: x."}}
    assert _body(ApiError(409, "dup"), "twinstack") == {"error": {"code": 409, "title": "Conflict", "message": "dup"}}


@pytest.mark.parametrize("status, name", [
    (400, "badRequest"), (403, "forbidden"), (404, "itemNotFound"), (406, "computeFault"),
    (409, "conflictingRequest"), (413, "overLimit"), (429, "overLimit"), (500, "computeFault"),
    (502, "computeFault")])
def test_nova_and_cinder_name_the_body_after_the_fault(status: int, name: str) -> None:
    for fmt in ("nova", "cinder"):
        assert _body(ApiError(status, "m"), fmt) == {name: {"code": status, "message": "m"}}


def test_neutron_uses_the_kind_or_the_title() -> None:
    assert _body(ApiError(404, "Network x could not be found.", "NetworkNotFound"), "neutron") == {
        "NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}
    assert _body(ApiError(404, "m"), "neutron")["NeutronError"]["type"] == "NotFound"


def test_glance_renders_webobs_html_tail_and_keystones_401() -> None:
    assert _body(ApiError(404, "No image found"), "glance") == {
        "message": "No image found<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found"}
    assert _body(ApiError(413, "big"), "glance")["title"] == "Request Entity Too Large"
    assert _body(ApiError(401, "auth"), "glance") == {
        "error": {"code": 401, "title": "Unauthorized", "message": "auth"}}


def test_placement_carries_the_request_id_and_from_1_23_a_placement_code() -> None:
    err = ApiError(409, "busy", "placement.concurrent_update")
    assert _body(err, "placement", (1, 23)) == {"errors": [{
        "status": 409, "title": "Conflict", "detail": "busy", "request_id": "req-1",
        "code": "placement.concurrent_update"}]}
    # placement/util.py json_error_formatter: no code before 1.23, nor when no version was chosen
    assert "code" not in _body(err, "placement", (1, 22))["errors"][0]
    assert "code" not in _body(err, "placement")["errors"][0]
    # a kind that is not Placement's own becomes the undefined code
    bad = ApiError(400, "bad", "BadRequest")
    assert _body(bad, "placement", (1, 39))["errors"][0]["code"] == "placement.undefined_code"


def test_placement_406_before_a_version_lists_the_range() -> None:
    err = ApiError(406, "no", fields={"min_version": "1.0", "max_version": "1.39"})
    entry = _body(err, "placement")["errors"][0]
    assert (entry["min_version"], entry["max_version"]) == ("1.0", "1.39")
    assert "min_version" not in _body(err, "placement", (1, 30))["errors"][0]


def test_headers_travel_and_an_odd_status_has_a_title() -> None:
    response = render(ApiError(503, "later", headers={"Retry-After": "5"}), "nova", "r")
    assert response.headers["retry-after"] == "5"
    assert ApiError(599, "x").title == "Error"


def test_the_shorthands() -> None:
    cases = [(errors.bad_request("m"), 400, "BadRequest"), (errors.unauthorized(), 401, "NotAuthenticated"),
             (errors.forbidden(), 403, "PolicyNotAuthorized"), (errors.not_found("m"), 404, "NotFound"),
             (errors.conflict("m", "InUse"), 409, "InUse")]
    for err, status, kind in cases:
        assert (err.status, err.kind) == (status, kind)
    assert issubclass(errors.ModelReferenceError, ValueError)
