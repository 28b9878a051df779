"""JSON on the hot paths (answers, bus messages, JSON columns) through orjson, with the standard library
behind it for whatever orjson would read or write differently, so every document comes out as json's did.

A boot/delete cycle encodes or decodes a few dozen documents: its answers, each cast's message (copied
through JSON, as a broker would) and the instance's JSON columns. json builds a new C encoder for every
call and decodes through Python layers; orjson does neither (~6% of a cycle's server CPU, measured).

Where the two differ, json decides:
- an answer with a character outside ASCII is written by json, as ``\\u00e9``: the services answer so
  (oslo's jsonutils is json.dumps);
- orjson refuses an int key, an int past 64 bits, a datetime or a dataclass: json writes (or refuses)
  them as before;
- orjson reads an integer past 64 bits as a float, and refuses NaN, a byte order mark, UTF-16: a
  document with a run of 19 digits, or one orjson refuses, is read by json, with json's errors.

One difference is kept: a float that is not finite is written as null, where json writes NaN or
Infinity, which is not JSON (finding one would mean walking every answer).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_std_encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
# a run of 19 digits, found by mapping every digit to "1" and anything else to "0" (one C pass, a tenth of
# what a regular expression's search costs on a message of a few KiB, which was 5x orjson's parse)
_DIGIT_MAP = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))
_DIGIT_RUN = b"1" * 19


def _long_number(data: bytes | bytearray | memoryview | str) -> bool:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    return _DIGIT_RUN in raw.translate(_DIGIT_MAP)


def dumps(value: Any) -> bytes:
    """Compact JSON, in ASCII as json writes it."""
    try:
        out = orjson.dumps(value, option=_OPTIONS)
    except TypeError:
        return _std_encode(value).encode("ascii")
    return out if out.isascii() else _std_encode(value).encode("ascii")


def dumps_str(value: Any) -> str:
    """Compact JSON text (SQLAlchemy's JSON columns): UTF-8 is kept as it is, the store holds text."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except TypeError:
        return _std_encode(value)


def roundtrip(value: Any) -> Any:
    """``loads(dumps(value))``: a copy of ``value`` as JSON would carry it (a bus message). What orjson
    wrote holds no integer orjson cannot read back, so its text needs no look for long numbers."""
    try:
        out = orjson.dumps(value, option=_OPTIONS)
    except TypeError:
        return json.loads(_std_encode(value))
    return orjson.loads(out)


def loads(data: bytes | str) -> Any:
    """What json.loads returns for ``data``, or the error it raises."""
    if not _long_number(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)
