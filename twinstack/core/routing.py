"""Finding the route a request's path names: an index over a service's route table that answers as
Starlette's router does (the first route of the table whose pattern matches), without trying each
pattern in turn.

Starlette matches a path against every route's regular expression until one fits: ten of them for
``GET /compute/v2.1/servers/{id}``, hundreds for the routes at the end of a long table. Most templates are
literal segments and whole-segment parameters (``/servers/{server_id}/tags/{tag}``); those go into a tree
of segments that one walk searches, and the first route in table order among those it reaches wins. The
few other templates (``{object:path}``) keep their regular expression and are tried where their place in
the table puts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from starlette.routing import compile_path

T = TypeVar("T")


class _Node:
    __slots__ = ("ends", "literals", "param")

    def __init__(self) -> None:
        self.literals: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.ends: list[int] = []  # indexes (table order) of the routes whose template ends here


def _whole_param(segment: str) -> str | None:
    """The name of a segment that is one parameter of Starlette's default (``str``) convertor, else None."""
    if not (segment.startswith("{") and segment.endswith("}")):
        return None
    name = segment[1:-1]
    if name.endswith(":str"):
        name = name[:-4]
    return name if name.isidentifier() else None


class RouteIndex(Generic[T]):
    """The routes of one table, searchable by path; each route carries a value (its endpoint)."""

    def __init__(self, routes: Iterable[tuple[str, T]]) -> None:
        self._root = _Node()
        self._values: list[T] = []
        self._params: list[tuple[tuple[int, str], ...]] = []  # per route: (segment position, name)
        # routes the tree cannot hold, in table order: (index, compiled pattern, convertors)
        self._patterns: list[tuple[int, Any, dict[str, Any]]] = []
        for index, (template, value) in enumerate(routes):
            self._values.append(value)
            self._params.append(())
            if not self._add(index, template):
                regex, _, convertors = compile_path(template)
                self._patterns.append((index, regex, convertors))

    def _add(self, index: int, template: str) -> bool:
        segments = template.split("/")
        params: dict[int, str] = {}
        for position, segment in enumerate(segments):
            if "{" in segment or "}" in segment:
                name = _whole_param(segment)
                if name is None:
                    return False
                params[position] = name
        node = self._root
        for position, segment in enumerate(segments):
            if position in params:
                if node.param is None:
                    node.param = _Node()
                node = node.param
            else:
                node = node.literals.setdefault(segment, _Node())
        node.ends.append(index)
        self._params[index] = tuple(params.items())
        return True

    @property
    def values(self) -> list[T]:
        """Each route's value, in table order."""
        return self._values

    def find(self, path: str) -> tuple[T, dict[str, Any]] | None:
        """The first route of the table that matches ``path`` and its parameters, or None."""
        segments = path.split("/")
        best = _first_end(self._root, segments, 0, len(segments))
        for index, regex, convertors in self._patterns:
            if best is not None and index > best:
                break
            match = regex.match(path)
            if match:
                params = {key: convertors[key].convert(value) for key, value in match.groupdict().items()}
                return self._values[index], params
        if best is None:
            return None
        return self._values[best], {name: segments[position] for position, name in self._params[best]}


def _first_end(node: _Node, segments: list[str], depth: int, count: int) -> int | None:
    """The lowest route index ending at a node that ``segments[depth:]`` leads to from ``node``."""
    if depth == count:
        return node.ends[0] if node.ends else None
    segment = segments[depth]
    best = None
    child = node.literals.get(segment)
    if child is not None:
        best = _first_end(child, segments, depth + 1, count)
    if node.param is not None and segment:  # a parameter takes one segment, never an empty one
        other = _first_end(node.param, segments, depth + 1, count)
        if other is not None and (best is None or other < best):
            best = other
    return best


def plain(path: str) -> bool:
    """Whether the index answers for ``path`` as the patterns would: a regular expression's ``$`` also
    matches before a final newline (a path ending in ``%0A``), which only the patterns themselves reproduce."""
    return not path.endswith("\n")

