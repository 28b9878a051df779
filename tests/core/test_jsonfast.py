"""jsonfast reads and writes what json does: orjson where the two agree, json where they would not.

The documents are the ones where they part (numbers past 64 bits, NaN, byte order marks, UTF-16, lone
surrogates, characters outside ASCII), then a server's round trip through the real API."""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

import httpx
import pytest

from twinstack.core import jsonfast

READ = [
    b'{"a": 1, "b": [true, false, null], "c": "x"}',
    b'{"min_ram": 1000000000000000000000000000000}',  # past 64 bits: an int, not 1e+30
    b"[18446744073709551616, -9223372036854775809, 9223372036854775807]",
    b"[0.1, -0.0, 1E5, 1.7976931348623157e308, 123456789.123456789]",
    b"[1e400]",  # json: inf
    b"[NaN, Infinity, -Infinity]",
    b'\xef\xbb\xbf{"bom": 1}',
    '{"utf16": "\u00e9"}'.encode("utf-16"),
    b'{"a": 1, "a": 2}',
    b'"\\ud800"',  # a lone surrogate: json reads it (the pipeline refuses it after)
    b'"caf\xc3\xa9 \\u00e9"',
]
REFUSED = [b"[1,]", b'{"a" 1}', b'["a\tb"]', b"\xff", b"", b"[1] [2]", b"{'a': 1}"]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("data", READ)
def test_reads_what_json_reads(data: bytes) -> None:
    expected = json.loads(data)
    assert _same(jsonfast.loads(data), expected)
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        assert _same(jsonfast.loads(data.decode("utf-8")), expected)  # a JSON column's text


@pytest.mark.parametrize("data", REFUSED)
def test_refuses_what_json_refuses_with_its_error(data: bytes) -> None:
    with pytest.raises(ValueError) as ours:
        jsonfast.loads(data)
    with pytest.raises(ValueError) as theirs:
        json.loads(data)
    assert (type(ours.value), str(ours.value)) == (type(theirs.value), str(theirs.value))


@pytest.mark.parametrize("value", [
    {"a": [1, "x", None, True], "b": {"c": 2.5}},
    {"name": "caf\u00e9 \u2603", "tags": ["\U0001f600"]},  # answers stay ASCII, as json writes them
    {1: "int key", "big": 2**70},
])
def test_writes_what_json_writes(value: Any) -> None:
    expected = json.dumps(value, separators=(",", ":"))
    assert jsonfast.dumps(value) == expected.encode("ascii")
    assert _same(json.loads(jsonfast.dumps_str(value)), json.loads(expected))


def test_a_float_that_is_not_finite_is_written_as_null() -> None:
    """The one difference kept: json writes NaN and Infinity, which no JSON parser but Python's reads."""
    assert jsonfast.dumps([float("nan"), float("inf"), 1.5]) == b"[null,null,1.5]"


def test_refuses_to_write_what_json_refuses() -> None:
    import datetime

    for value in ({"when": datetime.datetime(2026, 1, 1)}, {"s": {1, 2}}, {"b": b"bytes"}):
        with pytest.raises(TypeError):
            json.dumps(value)
        with pytest.raises(TypeError):
            jsonfast.dumps(value)


def test_a_name_outside_ascii_is_answered_in_ascii_and_read_back(http: httpx.Client, admin_token: str) -> None:
    headers = {"X-Auth-Token": admin_token, "Content-Type": "application/json"}
    body = '{"network": {"name": "r\u00e9seau \u2603"}}'.encode()
    created = http.post("/network/v2.0/networks", content=body, headers=headers)
    assert created.status_code == 201, created.text
    assert b"r\\u00e9seau \\u2603" in created.content and created.content.isascii()  # as oslo's json.dumps
    network = created.json()["network"]
    shown = http.get(f"/network/v2.0/networks/{network['id']}", headers=headers)
    assert shown.json()["network"]["name"] == "r\u00e9seau \u2603"
    http.delete(f"/network/v2.0/networks/{network['id']}", headers=headers)


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, None, True], "b": {"c": "caf\u00e9"}}, {1: "int key"}, (1, 2), 2**64 - 1, -(2**63),
    10**30, "0000000000000000000000000a640008", [18446744073709551616],
])
def test_a_round_trip_is_json_s(value: Any) -> None:
    assert _same(jsonfast.roundtrip(value), json.loads(json.dumps(value)))


def test_a_round_trip_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        jsonfast.roundtrip({"at": datetime.datetime(2026, 1, 1)})


@pytest.mark.parametrize("form", [bytes, bytearray, memoryview, lambda b: b.decode("utf-8")])
def test_a_run_of_19_digits_is_found_in_any_form(form: Any) -> None:
    assert jsonfast._long_number(form("caf\u00e9 [1234567890123456789]".encode()))
    assert not jsonfast._long_number(form("caf\u00e9 [123456789012345678, 9]".encode()))
