"""Every route of every service, with what the fuzzer needs to know about it: its path parameters,
the JSON Schemas its handler validates bodies with, the fields a CRUD list filters and sorts on.

twinstack publishes no OpenAPI document: each handler picks its schema in code, per route and per
microversion (``validate(body, schemas.update_v2_11 if req.at_least(2, 11) else schemas.update)``).
So the schemas are found where the handler names them: the schema modules and schema dicts its
source refers to, the CRUD ``Resource`` its closure holds (Neutron-style attribute maps), and as a
last resort the schema module named like its handler module.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import re
from dataclasses import dataclass, field
from types import FunctionType, ModuleType
from typing import Any

from twinstack import services
from twinstack.core.resource import REQUIRED, Attr, Resource

PARAM = re.compile(r"{(\w+)}")
DOTTED = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b")
NAME = re.compile(r"\b([A-Za-z_]\w*)\b")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@dataclass
class Route:
    """One method of one path of one service: what a request to it is made of."""

    service: str
    prefix: str
    template: str  # below the prefix, with {params}
    method: str
    microversions: bool
    schemas: list[dict[str, Any]] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    sort_keys: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.method} {self.prefix}{self.template}"

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.template)


def _unwrap(handler: Any) -> list[Any]:
    """The handler and every function or object its closures hold (decorators, CRUD factories)."""
    seen: list[Any] = []
    todo = [handler]
    while todo:
        fn = todo.pop()
        if any(fn is s for s in seen):
            continue
        seen.append(fn)
        fn = inspect.unwrap(fn) if callable(fn) else fn
        for cell in getattr(fn, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, FunctionType | Resource):
                todo.append(value)
    return seen


def _looks_like_schema(value: Any) -> bool:
    return isinstance(value, dict) and ("properties" in value or value.get("type") in ("object", "array"))


def attrs_schema(res: Resource) -> dict[str, Any]:
    """A JSON Schema for a CRUD resource's body: its settable fields, of any JSON type (the attribute
    map's converters, not a schema, say which values fit, so the fuzzer offers every type)."""
    fields: list[Attr] = [a for a in res.attrs if a.post or a.put]
    inner = {"type": "object", "properties": {a.name: {} for a in fields},
             "required": [a.name for a in fields if a.default is REQUIRED]}
    return {"type": "object", "properties": {res.singular: inner}, "required": [res.singular]}


def _schemas_in_module(module: ModuleType) -> list[dict[str, Any]]:
    return [v for k, v in vars(module).items() if not k.startswith("_") and _looks_like_schema(v)]


def _schemas_of(handler: Any) -> tuple[list[dict[str, Any]], list[Resource]]:
    schemas: list[dict[str, Any]] = []
    resources: list[Resource] = []
    for fn in _unwrap(handler):
        if isinstance(fn, Resource):
            resources.append(fn)
            continue
        try:
            source = inspect.getsource(fn)
        except (OSError, TypeError):
            continue
        names: dict[str, Any] = getattr(fn, "__globals__", {})
        for mod_name, attr in DOTTED.findall(source):
            module = names.get(mod_name)
            if isinstance(module, ModuleType) and ".schemas" in module.__name__:
                value = getattr(module, attr, None)
                if isinstance(value, dict) and _looks_like_schema(value):
                    schemas.append(value)
        for name in set(NAME.findall(source)):
            if _looks_like_schema(names.get(name)):
                schemas.append(names[name])
        if not schemas:  # a schema chosen by a function of the version: the module named like the handler's
            module_name = getattr(fn, "__module__", "") or ""
            parts = module_name.split(".")
            if len(parts) >= 4 and parts[-2] == "api":
                with contextlib.suppress(ImportError):
                    sibling = ".".join(parts[:-2] + ["schemas", parts[-1]])
                    schemas += _schemas_in_module(importlib.import_module(sibling))
    unique = {id(s): s for s in schemas}
    return list(unique.values()), resources


def catalog() -> list[Route]:
    """Every (path, method) of every OpenStack service the cloud mounts, in start order."""
    routes: list[Route] = []
    for provider in services.providers():
        service = provider.service(None)  # type: ignore[arg-type]  # declarations need no cloud
        if service is None:
            continue
        for template, methods in service.routes:
            for method, handler in methods.items():
                schemas, resources = _schemas_of(handler)
                route = Route(service.name, service.prefix, template, method.upper(),
                              service.microversions is not None)
                if method.upper() in BODY_METHODS:
                    route.schemas = schemas + [attrs_schema(r) for r in resources]
                for res in resources:
                    route.filters += [a.name for a in res.attrs if a.filter]
                    route.sort_keys += [a.name for a in res.attrs if a.sort]
                routes.append(route)
    return routes
