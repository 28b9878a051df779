"""What "a client cannot tell them apart" means here, for one request: the same status, the same values of
the headers clients read, and bodies of the same shape (key paths and the JSON type at each). Ids,
timestamps and names differ between two clouds, so values are not compared; types are, and null against a
string is a difference because clients branch on it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

# Headers whose value clients parse: compared by value (normalised).
VALUE_HEADERS = ("content-type", "openstack-api-version", "x-openstack-nova-api-version")
# A set of tokens, possibly spread over several header lines.
TOKEN_HEADERS = ("vary",)
# Clients only test whether these are there.
PRESENCE_HEADERS = ("location", "x-subject-token")

# Objects whose keys are data (a flavor's extra specs, a host name, a resource class in usages): seeds differ
# between the clouds, so their keys are merged into one "<key>" and only the values' types are compared.
DATA_MAPS = frozenset({"extra_specs", "metadata", "hosts", "usages", "properties"})

_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.IGNORECASE)


@dataclass
class Response:
    """What the harness keeps of one HTTP response (also what the smoke test builds by hand)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name]


@dataclass
class Difference:
    aspect: str  # "status" | "header" | "shape"
    what: str  # the status, the header's name or the body's key path
    real: Any
    twin: Any

    def as_dict(self) -> dict[str, Any]:
        return {"aspect": self.aspect, "what": self.what, "real": self.real, "twinstack": self.twin}


@dataclass
class Comparison:
    differences: list[Difference] = field(default_factory=list)

    def of(self, aspect: str) -> list[Difference]:
        return [d for d in self.differences if d.aspect == aspect]

    @property
    def identical(self) -> bool:
        return not self.differences


def data_key(key: str) -> str:
    """Dict keys that are data, not schema (an allocation's provider uuid, a Keystone id), become one name
    so that two clouds' different ids do not read as different shapes."""
    return "<id>" if _UUID.match(key) else key


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def shape(value: Any, path: str = "$", into: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Key path -> the JSON types seen there. A list's items share one path ("[]"), their shapes merged:
    two lists of different length but of the same kind of item have the same shape."""
    out: dict[str, set[str]] = {} if into is None else into
    out.setdefault(path, set()).add(json_type(value))
    if isinstance(value, dict):
        is_map = path.rsplit(".", 1)[-1] in DATA_MAPS
        for key, item in value.items():
            shape(item, f"{path}.{'<key>' if is_map else data_key(str(key))}", out)
    elif isinstance(value, list):
        for item in value:
            shape(item, f"{path}[]", out)
    return out


def body_shape(response: Response) -> dict[str, set[str]]:
    if not response.body:
        return {"$": {"empty"}}
    try:
        return shape(json.loads(response.body))
    except ValueError:
        return {"$": {"text"}}


def _norm(value: str) -> str:
    return ";".join(part.strip() for part in value.lower().split(";"))


def header_differences(real: Response, twin: Response) -> list[Difference]:
    out: list[Difference] = []
    for name in VALUE_HEADERS:
        a, b = real.header_values(name), twin.header_values(name)
        va = _norm(", ".join(a)) if a else None
        vb = _norm(", ".join(b)) if b else None
        if va != vb:
            out.append(Difference("header", name, ", ".join(a) or None, ", ".join(b) or None))
    for name in TOKEN_HEADERS:
        ta = sorted({t.strip().lower() for v in real.header_values(name) for t in v.split(",") if t.strip()})
        tb = sorted({t.strip().lower() for v in twin.header_values(name) for t in v.split(",") if t.strip()})
        if ta != tb:
            out.append(Difference("header", name, ", ".join(ta) or None, ", ".join(tb) or None))
    for name in PRESENCE_HEADERS:
        pa, pb = bool(real.header_values(name)), bool(twin.header_values(name))
        if pa != pb:
            out.append(Difference("header", name, "present" if pa else "absent", "present" if pb else "absent"))
    return out


def parent_path(path: str) -> str | None:
    if path == "$":
        return None
    if path.endswith("[]"):
        return path[:-2]
    return path.rsplit(".", 1)[0]


def shape_differences(real: Response, twin: Response) -> list[Difference]:
    sa, sb = body_shape(real), body_shape(twin)
    out: list[Difference] = []
    for path in sorted(set(sa) | set(sb)):
        ta, tb = sa.get(path), sb.get(path)
        if ta == tb:
            continue
        if path.endswith("[]") and (ta is None or tb is None):
            continue  # an empty list on one side says nothing about the other's items
        parent = parent_path(path)
        # reported once, where it starts: not again for each key below a key one side lacks or types apart
        if parent is not None and (ta is None or tb is None) and sa.get(parent) != sb.get(parent):
            continue
        out.append(Difference("shape", path, "/".join(sorted(ta)) if ta else "absent",
                              "/".join(sorted(tb)) if tb else "absent"))
    return out


def compare(real: Response, twin: Response) -> Comparison:
    result = Comparison()
    if real.status != twin.status:
        result.differences.append(Difference("status", "status", real.status, twin.status))
    result.differences += header_differences(real, twin)
    result.differences += shape_differences(real, twin)
    return result
