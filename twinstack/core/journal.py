"""The request journal: what each request was, who made it, how it ended, so a test can assert what
its code did ("polled the server at most 20 times", "never used an admin token")."""

from __future__ import annotations

import itertools
import time
from collections import deque
from typing import Any

from starlette.types import Scope

from twinstack.core.context import Context


class Journal:
    def __init__(self, size: int = 20000) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._ids = itertools.count(1)

    def record(self, scope: Scope, status: int, elapsed: float) -> None:
        service = scope.get("twinstack.service")
        if service == "control":
            return  # the journal is about the cloud's APIs, not about driving the emulator
        ctx = scope.get("twinstack.context")
        route = scope.get("twinstack.route")
        method = scope["method"]
        # one dict built in the order the journal's JSON lists its keys (a line per request: kept lean)
        self.entries.append({
            "id": next(self._ids),
            "time": time.time(),
            "request_id": scope.get("twinstack.request_id"),
            "service": service,
            "method": method,
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "operation": f"{method} {route}" if route else None,
            "status": status,
            "microversion": scope.get("twinstack.version"),
            "duration_ms": round(elapsed * 1000, 3),
            "user_id": None if ctx is None else ctx.user_id,
            "user_name": None if ctx is None else ctx.user_name,
            "project_id": None if ctx is None else ctx.project_id,
            "project_name": None if ctx is None else ctx.project_name,
            "scope": None if ctx is None else _scope_of(ctx),
            "roles": [] if ctx is None else [r["name"] for r in ctx.roles],
            "fault": scope.get("twinstack.fault"),  # the id of the fault rule that answered, if one did
        })

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


def _scope_of(ctx: Context) -> str:
    if ctx.project_id:
        return "project"
    if ctx.domain_id:
        return "domain"
    return "system" if ctx.system else "unscoped"
