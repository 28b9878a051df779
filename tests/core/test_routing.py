"""The route index finds what Starlette's first-match router finds, on every service's route table."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from starlette.routing import Match, Route

from twinstack.control import routes as control_routes
from twinstack.core.pipeline import ALL_METHODS, Service
from twinstack.core.routing import RouteIndex
from twinstack.services import providers


def _services() -> list[Service]:
    found = [control_routes.service()]
    for provider in providers():
        service = provider.service(None)  # type: ignore[arg-type]  # declaring a service reads no cloud
        if service is not None:
            found.append(service)
    return found


SERVICES = _services()


def _starlette_first(routes: list[Route], path: str) -> tuple[int, dict[str, Any]] | None:
    scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
    for index, route in enumerate(routes):
        match, child = route.matches(scope)
        if match is Match.FULL:
            return index, child["path_params"]
    return None


def _paths(templates: list[str]) -> list[str]:
    """Each template filled in several ways (with values that are other routes' literal segments too), and
    variants: a trailing slash, an empty segment, a segment too many."""
    words = sorted({s for t in templates for s in t.split("/") if s and "{" not in s})[:40]
    values = ["x1", "detail", "", *words[:8]]
    out = set()
    for template in templates:
        segments = template.split("/")
        slots = [i for i, s in enumerate(segments) if "{" in s]
        for fill in itertools.islice(itertools.product(values, repeat=len(slots)), 60):
            filled = list(segments)
            for i, value in zip(slots, fill, strict=True):
                filled[i] = value
            path = "/".join(filled)
            out.update({path, path + "/", path + "/extra", path.replace("/", "//", 1), path + "/a/b/c"})
    return random.Random(13).sample(sorted(out), min(len(out), 1200))


@pytest.mark.parametrize("service", SERVICES, ids=[s.name for s in SERVICES])
def test_the_index_answers_as_starlette(service: Service) -> None:
    templates = [path for path, _ in service.routes]
    routes = [Route(path, _endpoint, methods=ALL_METHODS) for path in templates]
    index = RouteIndex((path, i) for i, path in enumerate(templates))
    for path in _paths(templates) + ["/", "", "//", "/v2.1/servers/a%2Fb", "/v1/a/c/o/with/slashes"]:
        expected = _starlette_first(routes, path)
        found = index.find(path)
        assert (None if found is None else found) == expected, path


async def _endpoint(request: Any) -> Any:  # pragma: no cover - never called
    return None
