"""The pipeline's JSON body reader, end to end: a body nested deeper than Python's recursion limit
(found by the fuzzer: 500 on every JSON route) is a 400 in each service's own error format."""

from __future__ import annotations

import httpx
import pytest

DEEP_OBJECT = b'{"a": ' * 3000 + b"1" + b"}" * 3000
DEEP_ARRAY = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize("body", [DEEP_OBJECT, DEEP_ARRAY], ids=["object", "array"])
@pytest.mark.parametrize("path", ["/compute/v2.1/os-keypairs", "/volume/v3/volumes", "/identity/v3/users",
                                  "/network/v2.0/networks", "/placement/resource_providers"])
def test_deeply_nested_body_is_a_400(http: httpx.Client, admin_token: str, path: str, body: bytes) -> None:
    response = http.post(path, content=body, headers={"X-Auth-Token": admin_token,
                                                      "Content-Type": "application/json"})
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(("path", "body"), [
    ("/compute/v2.1/os-aggregates", b'{"aggregate": {"name": "\\ud800"}}'),
    ("/compute/v2.1/os-keypairs", b'{"keypair": {"name": "a\\udfffb"}}'),
    ("/network/v2.0/networks", b'{"network": {"name": "\\ud800"}}'),
    ("/identity/v3/projects", b'{"project": {"\\ud800": "x", "name": "p"}}'),
])
def test_lone_surrogate_in_a_string_is_a_400(http: httpx.Client, admin_token: str, path: str, body: bytes) -> None:
    """Python's json reads ``"\\ud800"`` into a string no store can encode (the fuzzer's 500 on Nova's
    aggregates, from SQLite's UnicodeEncodeError); the pipeline refuses it before any handler runs."""
    response = http.post(path, content=body, headers={"X-Auth-Token": admin_token, "Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert "surrogate" in response.text


def test_an_escaped_pair_is_still_one_character(http: httpx.Client, admin_token: str) -> None:
    body = b'{"keypair": {"name": "smile-\\ud83d\\ude00"}}'
    response = http.post("/compute/v2.1/os-keypairs", content=body,
                         headers={"X-Auth-Token": admin_token, "Content-Type": "application/json"})
    assert response.status_code != 500, response.text
    assert "surrogate" not in response.text
