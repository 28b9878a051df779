"""A scenario is a list of Steps; each is replayed against both clouds. Ids differ between them, so a step
names what it needs as {variables} that each side fills from its own earlier answers (``save``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_VAR = re.compile(r"\{(\w+)\}")
_INT = re.compile(r"^\{(\w+):int\}$")


@dataclass
class Step:
    service: str  # compute | placement | identity | image
    method: str
    path: str  # below the service's root, e.g. /v2.1/servers
    body: Any = None  # JSON-able; or bytes sent as they are (a broken body)
    version: str | None = None  # the microversion; "legacy:X" sends only X-OpenStack-Nova-API-Version
    persona: str = "admin"  # admin | member | none
    save: dict[str, str] = field(default_factory=dict)  # variable -> "body.path" or "header:name"
    headers: dict[str, str] = field(default_factory=dict)
    # a wait step polls until body path == value (or until 404 when value is None) and is not compared
    wait: tuple[str, Any] | None = None
    note: str = ""
    # joined the scenario after its first 501 requests (issue 10): the report gives the figures of the
    # original requests apart, so that runs stay comparable
    added: bool = False

    def label(self) -> str:
        version = f" [{self.version}]" if self.version else ""
        if self.path.endswith("/action") and isinstance(self.body, dict) and self.body:
            version += " " + next(iter(self.body))
        return f"{self.method} {self.service}{self.path}{version}" + (f" ({self.note})" if self.note else "")


def fill(value: Any, variables: dict[str, str]) -> Any:
    """{name} in any string of value, from this side's variables (a missing one stays visible)."""
    if isinstance(value, str) and _INT.match(value):
        name = _INT.match(value).group(1)  # type: ignore[union-attr]
        return int(variables[name]) if name in variables else f"MISSING-{name}"
    if isinstance(value, str):
        return _VAR.sub(lambda m: str(variables.get(m.group(1), f"MISSING-{m.group(1)}")), value)
    if isinstance(value, dict):
        return {fill(k, variables): fill(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, variables) for v in value]
    return value


_SELECT = re.compile(r"^(\w[\w:-]*)?\[(\w+)=([^\]]*)\]$")


def extract(body: Any, path: str) -> Any:
    """A value by dotted path: ``server.id``, ``flavors.0.id``, ``services[binary=nova-compute].host``."""
    value = body
    for part in path.split("."):
        match = _SELECT.match(part)
        if match:
            key, attr, wanted = match.groups()
            items = value.get(key) if key else value
            value = next((item for item in items or [] if str(item.get(attr)) == wanted), None)
        elif isinstance(value, list):
            value = value[int(part)] if len(value) > int(part) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
        if value is None:
            return None
    return value


def encode(body: Any) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, bytes):
        return body
    return json.dumps(body).encode()
