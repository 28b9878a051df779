"""A service's route table, imported when it is first read rather than when the cloud starts.

A route table pulls in every handler module of its service, with their schemas and views: ~290 modules
and ~0.1 s of start-up for the eleven services, none of which the cloud needs to load its model and
answer ``/_twinstack/health``. The routers are built once the cloud is ready, from the warm-up thread
(``pipeline.warm``), or by a service's first request if that comes first; reading the table then
imports it.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, SupportsIndex

if TYPE_CHECKING:
    from twinstack.core.pipeline import Handler


class LazyRoutes(list[tuple[str, dict[str, "Handler"]]]):
    """``ROUTES`` of ``module``, read on first use. A list (what ``Service.routes`` is), filled once:
    a reader in another thread waits for the import rather than seeing an empty or partial table."""

    def __init__(self, module: str) -> None:
        super().__init__()
        self._module = module
        self._loaded = False
        self._lock = threading.Lock()

    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                super().extend(importlib.import_module(self._module).ROUTES)
                self._loaded = True

    def __iter__(self) -> Iterator[tuple[str, dict[str, Handler]]]:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def __bool__(self) -> bool:
        return len(self) > 0

    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        self._load()
        return super().__getitem__(index)

    def __repr__(self) -> str:
        return super().__repr__() if self._loaded else f"LazyRoutes({self._module!r})"
