"""The request journal: what each request was, who made it, how it ended, so a test can assert what
its code did ("polled the server at most 20 times", "never used an admin token")."""

from __future__ import annotations

import itertools
import time
from collections import deque
from typing import Any

from starlette.types import Scope


class Journal:
    def __init__(self, size: int = 20000) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._ids = itertools.count(1)

    def record(self, scope: Scope, status: int, elapsed: float) -> None:
        ctx = scope.get("twinstack.context")
        service = scope.get("twinstack.service")
        if service == "control":
            return  # the journal is about the cloud's APIs, not about driving the emulator
        route = scope.get("twinstack.route")
        entry: dict[str, Any] = {
            "id": next(self._ids),
            "time": time.time(),
            "request_id": scope.get("twinstack.request_id"),
            "service": service,
            "method": scope["method"],
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "operation": f"{scope['method']} {route}" if route else None,
            "status": status,
            "microversion": scope.get("twinstack.version"),
            "duration_ms": round(elapsed * 1000, 3),
            "user_id": None, "user_name": None, "project_id": None, "project_name": None,
            "scope": None, "roles": [],
            "fault": scope.get("twinstack.fault"),  # the id of the fault rule that answered, if one did
        }
        if ctx is not None:
            entry.update(
                {
                    "user_id": ctx.user_id,
                    "user_name": ctx.user_name,
                    "project_id": ctx.project_id,
                    "project_name": ctx.project_name,
                    "roles": ctx.role_names,
                    "scope": "project"
                    if ctx.project_id
                    else "domain"
                    if ctx.domain_id
                    else "system"
                    if ctx.system
                    else "unscoped",
                }
            )
        self.entries.append(entry)

    def query(self, filters: dict[str, str], limit: int | None = None) -> list[dict[str, Any]]:
        since = int(filters.pop("since", 0) or 0)
        out = []
        for entry in self.entries:
            if entry["id"] <= since:
                continue
            if all(self._matches(entry, key, value) for key, value in filters.items()):
                out.append(entry)
        return out[-limit:] if limit else out

    @staticmethod
    def _matches(entry: dict[str, Any], key: str, value: str) -> bool:
        if key == "path_contains":
            return value in entry["path"]
        if key == "role":
            return value in entry["roles"]
        if key == "project":  # by id or by name, as fault rules match
            return value in (entry["project_id"], entry["project_name"])
        if key == "status" and len(value) == 3 and value[0].isdigit() and value[1:].lower() == "xx":
            return str(entry["status"])[0] == value[0]  # a class: 4xx, 5xx
        if key not in entry:
            return True
        return str(entry[key]) == value

    def clear(self) -> None:
        self.entries.clear()
