"""Placement test helpers: a cloud whose model has DevStack's identity but no compute hosts (so
provider lists hold only what a test made), and a raw client speaking a chosen microversion."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import twinstack
from twinstack.testing import Cloud

MODELS = [str(Path(twinstack.__file__).parent / "model" / "defaults" / "identity.yaml"),
          str(Path(__file__).parent / "model.yaml")]


@pytest.fixture(scope="session")
def twinstack_cloud() -> Iterator[Cloud]:
    with Cloud(model=MODELS, url=os.environ.get("TWINSTACK_URL")) as cloud:
        yield cloud


class Api:
    def __init__(self, http: httpx.Client, token: str) -> None:
        self.http = http
        self.token = token

    def __call__(self, method: str, path: str, version: str | None = "latest", **kwargs: Any) -> httpx.Response:
        headers = {"X-Auth-Token": self.token, **kwargs.pop("headers", {})}
        if version:
            headers["OpenStack-API-Version"] = f"placement {version}"
        return self.http.request(method, "/placement" + path, headers=headers, **kwargs)

    def provider(self, name: str | None = None, parent: str | None = None, **inventory: Any) -> str:
        """Create a provider, optionally with inventories given as RC=total or RC={...}."""
        rp = str(uuid.uuid4())
        body: dict[str, Any] = {"name": name or f"rp-{rp[:8]}", "uuid": rp}
        if parent:
            body["parent_provider_uuid"] = parent
        assert self("POST", "/resource_providers", json=body).status_code == 200
        if inventory:
            invs = {rc: (v if isinstance(v, dict) else {"total": v}) for rc, v in inventory.items()}
            r = self("PUT", f"/resource_providers/{rp}/inventories",
                     json={"resource_provider_generation": 0, "inventories": invs})
            assert r.status_code == 200, r.text
        return rp

    def generation(self, rp: str) -> int:
        return int(self("GET", f"/resource_providers/{rp}").json()["generation"])


@pytest.fixture
def api(cloud: Any, http: httpx.Client, admin_token: str) -> Api:
    return Api(http, admin_token)


def error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert list(body) == ["errors"], body
    assert len(body["errors"]) == 1
    err = body["errors"][0]
    # ``code`` from microversion 1.23 on only (placement/util.py json_error_formatter)
    # and a 406 from version negotiation, which has no version yet, names the range instead
    assert set(err) - {"code", "min_version", "max_version"} == {"status", "title", "detail", "request_id"}, err
    assert err["status"] == response.status_code
    return err
