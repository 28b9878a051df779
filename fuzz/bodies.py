"""Valid request bodies per route, drawn by Hypothesis from the route's JSON Schemas
(hypothesis-jsonschema), seeded, a few per schema and cached: the mutations start from them."""

from __future__ import annotations

import contextlib
import json
import warnings
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

GENERIC = {"type": "object"}


def draw(schema: dict[str, Any], count: int, at_seed: int) -> list[Any]:
    """Up to ``count`` values valid for ``schema``; none when hypothesis-jsonschema cannot read it
    (a custom format, a pattern Python's re and JSON Schema disagree on)."""
    out: list[Any] = []
    try:
        strategy = from_schema(schema, allow_x00=True, codec=None)
    except Exception:
        return out

    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @seed(at_seed)
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(value)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(Exception):
            collect()
    return out


class Pool:
    """Valid bodies per schema, drawn once per schema (routes share schemas across Nova's four roots)."""

    def __init__(self, at_seed: int, per_schema: int = 6) -> None:
        self.seed = at_seed
        self.per_schema = per_schema
        self._cache: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self._cache)

    def warm(self, routes: list[Any]) -> None:
        """Draw every route's bodies up front, so the timed fuzz measures the server, not Hypothesis."""
        for route in routes:
            if route.schemas:
                self.bodies(route.schemas)

    def bodies(self, schemas: list[dict[str, Any]]) -> list[Any]:
        found: list[Any] = []
        for schema in schemas or [GENERIC]:
            key = json.dumps(schema, sort_keys=True, default=str)
            if key not in self._cache:
                self._cache[key] = draw(schema, self.per_schema, self.seed)
            found += self._cache[key]
        return found or [{}]


def any_json() -> st.SearchStrategy[Any]:
    """Any JSON value, for the places the schemas say nothing about."""
    leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(leaves, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(), kids, max_size=3),
                        max_leaves=8)
