"""The bus seam: call waits for the reply, cast does not, messages must be plain JSON, endpoint
errors come back as RemoteError; the RabbitMQ implementation passes the same checks when a broker
answers at 127.0.0.1:5672."""

from __future__ import annotations

import asyncio
import socket
from datetime import datetime
from typing import Any

import pytest

from twinstack.core.bus import LocalBus, NoSuchTopic, RabbitBus, RemoteError


class Endpoint:
    def __init__(self) -> None:
        self.seen: list[Any] = []

    async def add(self, a: int, b: int) -> int:
        return a + b

    async def record(self, value: Any) -> None:
        await asyncio.sleep(0)
        self.seen.append(value)

    async def boom(self) -> None:
        raise ValueError("no such thing")

    def _private(self) -> None:  # never reachable over the bus
        raise AssertionError


def test_local_call_cast_and_errors() -> None:
    async def main() -> None:
        bus = LocalBus()
        endpoint = Endpoint()
        bus.serve("t", endpoint)
        assert await bus.call("t", "add", a=2, b=3) == 5
        await bus.cast("t", "record", value={"k": [1, 2]})
        assert endpoint.seen == []  # a cast returns before it runs
        await bus.drain()
        assert endpoint.seen == [{"k": [1, 2]}]
        with pytest.raises(RemoteError) as info:
            await bus.call("t", "boom")
        assert info.value.exc_type == "ValueError" and info.value.message == "no such thing"
        with pytest.raises(RemoteError):
            await bus.call("t", "_private")
        with pytest.raises(NoSuchTopic):
            await bus.call("nobody", "add", a=1, b=1)
        with pytest.raises(TypeError):  # not JSON: refused at the sender, as a broker would
            await bus.call("t", "record", value=datetime.now())
        await bus.close()

    asyncio.run(main())


def _rabbit_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.rabbitmq
@pytest.mark.skipif(not _rabbit_up(), reason="RabbitMQ is not reachable at 127.0.0.1:5672")
def test_rabbitmq_call_and_cast() -> None:
    pytest.importorskip("aio_pika")

    async def main() -> None:
        bus = RabbitBus(prefix=f"twinstack-test-{id(object())}")
        await bus.connect()
        endpoint = Endpoint()
        await bus.serve_async("t", endpoint)
        assert await bus.call("t", "add", a=20, b=22) == 42
        await bus.cast("t", "record", value="hello")
        for _ in range(100):
            if endpoint.seen:
                break
            await asyncio.sleep(0.02)
        assert endpoint.seen == ["hello"]
        with pytest.raises(RemoteError) as info:
            await bus.call("t", "boom")
        assert info.value.exc_type == "ValueError"
        await bus.close()

    asyncio.run(main())


@pytest.mark.rabbitmq
@pytest.mark.skipif(not _rabbit_up(), reason="RabbitMQ is not reachable at 127.0.0.1:5672")
def test_a_cloud_on_rabbitmq_boots_and_deletes(tmp_path: Any) -> None:
    import yaml

    from tests.compute.helpers import action, boot, nova, wait_gone, wait_status
    from twinstack.testing import Cloud

    model = tmp_path / "rabbit.yaml"
    model.write_text(yaml.safe_dump({"compute": {"settings": {"bus": "rabbitmq"}}}))
    with Cloud(model=str(model)) as cloud:
        conn = cloud.connect()
        server = boot(conn, "over-amqp")
        assert action(conn, server["id"], {"os-stop": None}).status_code == 202
        wait_status(conn, server["id"], "SHUTOFF")
        nova(conn, "DELETE", f"/servers/{server['id']}")
        wait_gone(conn, server["id"])
