"""One fuzz request, and the seeded generator that makes them: a route picked evenly, then one kind of
hostility (or a valid request), with path ids drawn from real, foreign and malformed ones."""

from __future__ import annotations

import copy
import json
import random
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from fuzz.bodies import Pool
from fuzz.routes import BODY_METHODS, Route

BAD_IDS = ["99999999999999999999", "-1", "0", "%00", "a%00b", "%FF", "%C3%28", "%2F", "..", "%20", "null",
           "1e400", "0x1F", "-99999999999999999999", "9" * 400, "%E2%80%AE%F0%9F%98%80", "caf%C3%A9",
           "00000000-0000-0000-0000-000000000000", "not-a-uuid", "%27%3B--", "%25s%25s", "a" * 300]
ODD_VALUES: list[Any] = [None, True, False, 0, -1, 1.5, "", "x", [], {}, [1, "a"], {"a": {"b": None}},
                         10**20, -(10**20), 2**63, -(2**63) - 1, 1e308, -1e-308, "a\x00b", "\ud800", "é\u202e😀",
                         "x" * 70000, " ", "\n", "true", "1", "-1", "99999999999999999999"]
MICROVERSION_VALUES = ["latest", "2.999", "0.1", "abc", "2.1.1", "99999999999999999999.1", "2.-1", " 2.1",
                       "", "1.", "3", "2.1, 2.2", "\t2.1", "2.90", "compute 2.1"]
MIXED_SERVICES = ["compute", "volume", "placement", "network", "image", "identity", "COMPUTE", "nova", ""]
QUERY_VALUES = ["-1", "0", "abc", "99999999999999999999", "1e3", "", "%00", "%FF", "%C3%28", "a" * 2000,
                "asc", "desc", "sideways", "true", "maybe", "2020-13-45T25:61:00Z", "None", "[]", "{}", "%25",
                "1,2", "_", "id", "name", "created_at"]
QUERY_KEYS = ["limit", "marker", "sort_key", "sort_dir", "sort", "all_tenants", "all_projects", "project_id",
              "tenant_id", "name", "status", "changes-since", "changes-before", "with_count", "page_reverse",
              "fields", "is_public", "visibility", "member_status", "tags", "tags-any", "not-tags", "offset",
              "deleted", "host", "detailed", "usage", "domain_id", "enabled", "parent_id", "unknown_param",
              "resources", "required", "member_of", "in_tree", "%00", "%FF", "ünï"]
CONTENT_TYPES = ["text/plain", "application/xml", "multipart/form-data; boundary=x",
                 "application/json; charset=latin-1",
                 "application/octet-stream", "application/openstack-images-v2.1-json-patch", "", "*/*",
                 "application/json-patch+json", "application/x-www-form-urlencoded"]
MALFORMED = [b"{", b"[", b"}", b'{"a": }', b"{'a': 1}", b"null", b"1", b'"s"', b"[]", b"NaN", b'{"a": NaN}',
             b'{"a": 1,}', b"\xff\xfe{}", b'{"a": "\xff\xfe"}', b'{"a": "\\ud800"}', b"\x00", b" " * 100,
             b'{"a": 1}{"b": 2}', b"[" * 5000 + b"]" * 5000, b'{"a": ' * 3000 + b"1" + b"}" * 3000,
             b"1" * 5000, b'{"a":' + b"9" * 5000 + b"}", b"[" * 900 + b"]" * 900, b'{"a": ' * 900 + b"1" + b"}" * 900]

EXTREMES: dict[str, list[Any]] = {
    "huge_number": [10**20, 2**63, 2**31, 1e308, 10**400],
    "negative_number": [-1, -(2**31) - 1, -(10**20), -0.5],
    "huge_string": ["x" * 70000, "é" * 30000, "a" * 256],
    "nul_string": ["\x00", "a\x00b", "%00"],
    "odd_unicode": ["\ud800", "é\u202e😀", "\ufeff", "\u0000\uffff"],
}

# kind -> weight; body kinds apply to POST/PUT/PATCH routes only
KINDS = {"valid": 14, "wrong_type": 8, "missing_field": 5, "unknown_field": 5, "huge_number": 5,
         "negative_number": 4, "huge_string": 3, "nul_string": 4, "odd_unicode": 4, "non_utf8_body": 3,
         "malformed_json": 5, "wrong_content_type": 4, "oversized_body": 2, "bad_microversion": 5,
         "mixed_microversion": 4, "bad_query": 10, "no_token": 3, "bad_token": 3, "foreign_token": 5,
         "revoked_token": 2, "reader_token": 3, "member_token": 4, "disconnect": 2}
BODY_KINDS = frozenset({"wrong_type", "missing_field", "unknown_field", "huge_number", "negative_number",
                        "huge_string", "nul_string", "odd_unicode", "non_utf8_body", "malformed_json",
                        "wrong_content_type", "oversized_body", "disconnect"})


@dataclass
class Request:
    """What goes on the wire; ``path`` and ``query`` are already percent-encoded."""

    route: str
    kind: str
    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    disconnect: bool = False

    @property
    def target(self) -> str:
        return self.path + ("?" + self.query if self.query else "")

    def describe(self, secrets: dict[str, str]) -> dict[str, Any]:
        """A reproduction with tokens named by role, not by value (they do not outlive the run)."""
        names = {v: k for k, v in secrets.items()}
        headers = {k: (f"<{names[v]} token>" if v in names else v) for k, v in self.headers.items()}
        body: Any = None
        if self.body is not None:
            body = self.body[:2000].decode("utf-8", "backslashreplace")
            if len(self.body) > 2000:
                body += f"... ({len(self.body)} bytes)"
        return {"method": self.method, "path": self.target, "headers": headers, "body": body,
                "kind": self.kind, "route": self.route, "disconnect": self.disconnect}


@dataclass
class World:
    """What exists in the cloud: tokens by role, and ids by path-parameter name (``safe`` ones are the
    fuzzer's own and may be changed or deleted; ``shared`` ones, the model's, are only read)."""

    tokens: dict[str, str]
    safe: dict[str, list[str]] = field(default_factory=dict)
    shared: dict[str, list[str]] = field(default_factory=dict)
    foreign: dict[str, list[str]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)  # service -> its header's service name


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, prefix + (i,))
    return out


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    target = root
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return root


class Generator:
    def __init__(self, routes: list[Route], world: World, seed: int, per_schema: int = 6) -> None:
        self.routes = routes
        self.world = world
        self.rng = random.Random(seed)
        self.pool = Pool(seed, per_schema)
        self.kinds = list(KINDS)
        self.weights = [KINDS[k] for k in self.kinds]
        self._deck: list[Route] = []

    def next(self) -> Request:
        """Routes are dealt from a shuffled deck, reshuffled when it runs out: with as many requests as
        routes every route is sent one (drawing each at random left about e^-(requests/routes) of them
        out: 10% for 5,000 requests over 2,146 routes)."""
        if not self._deck:
            self._deck = list(self.routes)
            self.rng.shuffle(self._deck)
        route = self._deck.pop()
        return self.make(route, self._kind(route))

    def sweep(self, ids: tuple[str, ...] = ("%00", "99999999999999999999")) -> list[Request]:
        """Issue 11's two classes, on every route with a path id: each such id in every parameter."""
        out = []
        for route in self.routes:
            if not route.params:
                continue
            for bad in ids:
                req = self.make(route, "valid")
                req.kind = "id_sweep"
                path = route.prefix + route.template
                for name in route.params:
                    path = path.replace("{" + name + "}", bad)
                req.path = path
                out.append(req)
        return out

    def _kind(self, route: Route) -> str:
        while True:
            kind = self.rng.choices(self.kinds, self.weights)[0]
            if kind not in BODY_KINDS or route.method in BODY_METHODS:
                return kind

    # -- the parts of a request --------------------------------------------------------------------
    def _param(self, route: Route, name: str) -> str:
        rng = self.rng
        mutating = route.method != "GET"
        choice = rng.random()
        real = self.world.safe.get(name, []) + ([] if mutating else self.world.shared.get(name, []))
        if choice < 0.45 and real:
            return quote(rng.choice(real), safe="")
        if choice < 0.6 and self.world.foreign.get(name):
            return quote(rng.choice(self.world.foreign[name]), safe="")
        if choice < 0.7:
            return str(uuid.UUID(int=rng.getrandbits(128)))
        return rng.choice(BAD_IDS)

    def _path(self, route: Route) -> str:
        path = route.prefix + route.template
        for name in route.params:
            path = path.replace("{" + name + "}", self._param(route, name), 1)
        return path

    def _query(self, route: Route) -> str:
        rng = self.rng
        keys = QUERY_KEYS + route.filters + route.sort_keys
        pairs = []
        for _ in range(rng.randint(1, 4)):
            key = rng.choice(keys)
            if key in ("marker",) and rng.random() < 0.5:
                ids = [i for v in self.world.safe.values() for i in v]
                value = rng.choice(ids) if ids else "x"
            elif key in ("sort_key", "sort") and route.sort_keys and rng.random() < 0.5:
                value = rng.choice(route.sort_keys) + (":" + rng.choice(["asc", "desc", "up"]) if key == "sort" else "")
            else:
                value = rng.choice(QUERY_VALUES)
            pairs.append(f"{quote(key, safe='%') if '%' not in key else key}={value}")
        return "&".join(pairs)

    def _version_header(self, route: Route) -> dict[str, str]:
        name = self.world.versions.get(route.service)
        if not name:
            return {}
        value = self.rng.choice(["latest", self._minor(route.service)])
        headers = {"OpenStack-API-Version": f"{name} {value}"}
        if route.service == "compute":
            headers["X-OpenStack-Nova-API-Version"] = value
        return headers

    def _minor(self, service: str) -> str:
        major = {"compute": 2, "volume": 3, "block_storage": 3, "placement": 1}.get(service, 2)
        return f"{major}.{self.rng.randint(0, 110)}"

    def _body(self, route: Route) -> Any:
        bodies = self.pool.bodies(route.schemas)
        return copy.deepcopy(self.rng.choice(bodies))

    # -- one request of a kind ---------------------------------------------------------------------
    def make(self, route: Route, kind: str) -> Request:
        rng = self.rng
        tokens = self.world.tokens
        headers = {"X-Auth-Token": tokens["admin"], "Accept": "application/json"}
        headers.update(self._version_header(route))
        req = Request(route.key, kind, route.method, self._path(route), headers=headers)
        body: Any = self._body(route) if route.method in BODY_METHODS else None
        raw: bytes | None = None
        if kind == "wrong_type" and body is not None:
            body = _set(body, rng.choice(_paths(body)), rng.choice(ODD_VALUES[:12]))
        elif kind == "missing_field" and isinstance(body, dict | list):
            holders = [p for p in _paths(body) if p]
            if holders:
                path = rng.choice(holders)
                parent = body
                for step in path[:-1]:
                    parent = parent[step]
                del parent[path[-1]]
        elif kind == "unknown_field":
            dicts = [p for p in _paths(body) if isinstance(_get(body, p), dict)]
            if dicts:
                _get(body, rng.choice(dicts))[rng.choice(["fuzz_unknown", "", "%00", "id", "project_id"])] = 1
        elif kind in ("huge_number", "negative_number", "huge_string", "nul_string", "odd_unicode"):
            pool = EXTREMES[kind]
            if body is not None:
                body = _set(body, rng.choice(_paths(body)), rng.choice(pool))
        if route.method in BODY_METHODS:
            raw = json.dumps(body).encode("utf-8", "surrogatepass") if body is not None else b""
            headers["Content-Type"] = "application/json"
        if kind == "non_utf8_body":
            raw = (raw or b"{}").replace(b'"', b'"\xff', 1)
        elif kind == "malformed_json":
            raw = rng.choice(MALFORMED)
        elif kind == "wrong_content_type":
            headers["Content-Type"] = rng.choice(CONTENT_TYPES)
        elif kind == "oversized_body":
            raw = b'{"pad": "' + b"x" * rng.choice([120000, 200000, 1100000]) + b'"}'
        elif kind == "disconnect":
            req.disconnect = True
        elif kind == "bad_microversion":
            value = rng.choice(MICROVERSION_VALUES)
            name = self.world.versions.get(route.service) or route.service
            headers["OpenStack-API-Version"] = f"{name} {value}" if rng.random() < 0.7 else value
            if rng.random() < 0.5:
                headers["X-OpenStack-Nova-API-Version"] = value
        elif kind == "mixed_microversion":
            headers["OpenStack-API-Version"] = f"{rng.choice(MIXED_SERVICES)} {self._minor(route.service)}"
            headers["X-OpenStack-Nova-API-Version"] = self._minor("compute")
        elif kind == "bad_query":
            req.query = self._query(route)
        elif kind == "no_token":
            del headers["X-Auth-Token"]
        elif kind == "bad_token":
            headers["X-Auth-Token"] = rng.choice(["x", tokens["admin"][:-3], tokens["admin"] + "x", "%00",
                                                  "gAAAAA" + "A" * 200, "a" * 9000])
        elif kind in ("foreign_token", "revoked_token", "reader_token", "member_token"):
            headers["X-Auth-Token"] = tokens[kind.split("_")[0]]
        req.body = raw
        return req


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        root = root[step]
    return root
