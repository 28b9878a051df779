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


class RecordingBus:
    """Keeps what a typed RPC client sends instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str, dict[str, Any]]] = []

    async def call(self, topic: str, method: str, **kwargs: Any) -> Any:
        self.sent.append(("call", topic, method, kwargs))
        return 1

    async def cast(self, topic: str, method: str, **kwargs: Any) -> None:
        self.sent.append(("cast", topic, method, kwargs))


def test_typed_rpc_clients_match_their_endpoints() -> None:
    """Every method of conductor/rpcapi.py, scheduler/rpcapi.py and compute/rpcapi.py sends a message
    of its own name, plain JSON, whose keyword arguments the serving manager's method accepts."""
    import inspect
    import json

    from twinstack.compute.conductor.manager import ConductorManager
    from twinstack.compute.conductor.rpcapi import ConductorAPI
    from twinstack.compute.manager.compute import ComputeManager
    from twinstack.compute.rpcapi import ComputeAPI
    from twinstack.compute.scheduler.manager import SchedulerManager
    from twinstack.compute.scheduler.rpcapi import SchedulerAPI

    pairs = [(ConductorAPI, ConductorManager, "conductor"), (SchedulerAPI, SchedulerManager, "scheduler"),
             (ComputeAPI, ComputeManager, "compute.host-1")]
    checked = 0
    for client_cls, endpoint_cls, topic in pairs:
        for name, method in inspect.getmembers(client_cls, inspect.iscoroutinefunction):
            if name.startswith("_"):
                continue
            bus = RecordingBus()
            params = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
            positional = ["host-1" for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
            keywords = {p.name: f"v-{p.name}" for p in params if p.kind is p.KEYWORD_ONLY and p.name != "wait"}
            asyncio.run(getattr(client_cls(bus), name)(*positional, **keywords))
            [(_kind, sent_topic, sent_method, kwargs)] = bus.sent
            assert (sent_topic, sent_method) == (topic, name)
            assert json.loads(json.dumps(kwargs)) == kwargs
            served = getattr(endpoint_cls, sent_method)
            assert inspect.iscoroutinefunction(served), sent_method
            inspect.signature(served).bind(None, **kwargs)  # TypeError if the endpoint does not take them
            checked += 1
    assert checked >= 30
