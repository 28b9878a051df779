"""Nova's rules are project-scoped: a system- or domain-scoped token is refused even where the rule
itself is "@" (os_compute_api:extensions)."""

from __future__ import annotations

import httpx
import pytest

from tests.reliability.helpers import scoped_user


@pytest.mark.parametrize("on", ["system", "domain"])
def test_extensions_need_a_project_token(http: httpx.Client, admin_token: str, demo_token: str, on: str) -> None:
    outsider = scoped_user(http, {"X-Auth-Token": admin_token}, "admin", on)
    assert http.get("/compute/v2.1/extensions", headers=outsider).status_code == 403
    assert http.get("/compute/v2.1/extensions/os-keypairs", headers=outsider).status_code == 403
    assert http.get("/compute/v2.1/extensions", headers={"X-Auth-Token": demo_token}).status_code == 200
