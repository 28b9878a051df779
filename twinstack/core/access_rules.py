"""Application credential access rules, enforced as keystonemiddleware's auth_token does in front of
every service: a token from a credential that lists rules may make only the requests a rule names
(service type, method, path template below the service's mount point) and is a 401 elsewhere; it may
always validate itself (``GET /v3/auth/tokens`` on Identity)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

# a {placeholder} or a lone * is one path segment, ** any number of them (keystonemiddleware's syntax)
_TOKEN = re.compile(r"(?P<tag>\{[^}]*\})|(?P<rec>\*\*)|(?P<wild>\*)|(?P<literal>[^{}*]+)")


@lru_cache(maxsize=1024)
def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for match in _TOKEN.finditer(template):
        if match["tag"] or match["wild"]:
            parts.append(r"[^/]+")
        elif match["rec"]:
            parts.append(".*")
        else:
            parts.append(re.escape(match["literal"]))
    return re.compile("^" + "".join(parts) + "$")


def allows(rules: Iterable[Mapping[str, str]], service_types: Iterable[str], method: str, path: str) -> bool:
    """True when one of ``rules`` lets this request through (``path`` below the service's prefix)."""
    types = set(service_types)
    if "identity" in types and method == "GET" and path.endswith("/v3/auth/tokens"):
        return True
    return any(rule.get("method") == method and rule.get("service") in types
               and _pattern(str(rule.get("path") or "")).match(path) for rule in rules)
