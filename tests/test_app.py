"""The app warms up (policy rules, the services' routers) only once it has answered its first request,
so that the warm-up's imports do not hold the GIL beside the health check a client polls."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import httpx

from twinstack import app as app_module
from twinstack.app import build_app
from twinstack.cloud import Cloud
from twinstack.config import Settings


def _warming() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith("twinstack-") and "warm" in t.name}


def test_the_warm_up_starts_after_the_first_answer(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(app_module, "WARM_AFTER", 0.0)
    before = _warming()
    cloud = Cloud(Settings(state_dir=str(tmp_path)))
    cloud.open()
    served = build_app(cloud)
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        async def receive() -> dict[str, Any]:
            return await inbox.get()

        async def send(message: MutableMapping[str, Any]) -> None:
            await outbox.put(dict(message))

        async def run_lifespan() -> None:
            await served({"type": "lifespan"}, receive, send)

        lifespan = asyncio.create_task(run_lifespan())
        await inbox.put({"type": "lifespan.startup"})
        assert (await outbox.get())["type"] == "lifespan.startup.complete"
        seen["at_ready"] = _warming()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=served), base_url="http://twin") as client:
            assert (await client.get("/_twinstack/health")).status_code == 200
            deadline = time.monotonic() + 5
            while not cloud.policy._enforcer and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            seen["policy_parsed"] = cloud.policy._enforcer is not None
        await inbox.put({"type": "lifespan.shutdown"})
        assert (await outbox.get())["type"] == "lifespan.shutdown.complete"
        await lifespan

    try:
        asyncio.run(scenario())
    finally:
        cloud.close()
    assert seen["at_ready"] <= before  # nothing warming at ready
    assert seen["policy_parsed"]  # the warm-up parsed the rules after the health check's answer
