"""A finding made small: drop headers, query parameters and body parts one at a time while the
request still fails, so the reproduction shows only what matters. Then the server's traceback."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from fuzz.requests import Request

KEEP_HEADERS = {"X-Auth-Token"}
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def _smaller_bodies(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key in list(value):
            smaller = dict(value)
            del smaller[key]
            yield smaller
        for key in list(value):
            for inner in _smaller_bodies(value[key]):
                yield {**value, key: inner}
    elif isinstance(value, list):
        for i in range(len(value)):
            yield value[:i] + value[i + 1 :]
        for i, item in enumerate(value):
            for inner in _smaller_bodies(item):
                yield value[:i] + [inner] + value[i + 1 :]
    elif isinstance(value, str) and len(value) > 1:
        yield value[: len(value) // 2]


def _candidates(req: Request) -> Iterator[Request]:
    for key in list(req.headers):
        if key not in KEEP_HEADERS:
            yield replace(req, headers={k: v for k, v in req.headers.items() if k != key})
    if req.query:
        pairs = req.query.split("&")
        for i in range(len(pairs)):
            yield replace(req, query="&".join(pairs[:i] + pairs[i + 1 :]))
    if req.body:
        try:
            body = json.loads(req.body)
        except (ValueError, RecursionError):
            if len(req.body) > 1:
                yield replace(req, body=req.body[: len(req.body) // 2])
            return
        for smaller in _smaller_bodies(body):
            yield replace(req, body=json.dumps(smaller).encode())


def shrink(req: Request, fails: Callable[[Request], bool], budget: int = 150) -> Request:
    """Greedy: take the first smaller request that still fails, start over from it."""
    current = copy.deepcopy(req)
    progress = True
    while progress and budget > 0:
        progress = False
        for candidate in _candidates(current):
            budget -= 1
            if fails(candidate):
                current, progress = candidate, True
                break
            if budget <= 0:
                break
    return current


def traceback_for(log_path: Path, request_id: str) -> str:
    """The server's log lines for a request id (``log.exception`` in the pipeline writes the traceback)."""
    if not request_id or not log_path.exists():
        return ""
    lines = log_path.read_text(errors="replace").splitlines()
    for i, line in enumerate(lines):
        if request_id in line and "unexpected error" in line:
            out = [line]
            for follow in lines[i + 1 :]:
                if LOG_LINE.match(follow):
                    break
                out.append(follow)
            return "\n".join(out)
    return ""


def stray_tracebacks(log_path: Path) -> list[str]:
    """Tracebacks in the log that no answered request owns (a task that died, a dropped body)."""
    if not log_path.exists():
        return []
    text = log_path.read_text(errors="replace")
    blocks = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
    return [b for b in blocks if "Traceback" in b and "unexpected error in" not in b]
