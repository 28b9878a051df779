"""The version documents: ``/key-manager/`` lists v1 with 300 Multiple Choices, ``/key-manager/v1``
shows it (barbican/api/controllers/versions.py); both answer without a token."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req, json_response, public
from twinstack.key_manager import errors, views


@public
async def versions(req: Req) -> Any:
    return json_response({"versions": {"values": [views.version(req.base_url())]}}, status=300)


@public
async def v1(req: Req) -> Any:
    return {"version": views.version(req.base_url())}


async def secret_stores(req: Req) -> Any:
    """``/v1/secret-stores``: DevStack runs Barbican with one store (multiple_secret_stores disabled),
    where every secret-stores call is this 404 (barbican/api/controllers/secretstores.py)."""
    raise errors.multiple_backends_not_enabled()
