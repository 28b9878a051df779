"""Lazy imports of the other services' in-process interfaces: a package that is not there means
"degrade" (no network service: no ports); a package that is there but broken must fail loudly."""

from __future__ import annotations

import importlib
from types import ModuleType


def optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise
