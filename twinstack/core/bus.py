"""The message bus seam (oslo.messaging's call/cast, small): components talk over topics with plain
JSON data, so the in-process asyncio bus here can be swapped for RabbitMQ (``RabbitBus``) unchanged.

``serve(topic, endpoint)`` exposes an object's public async methods; ``call`` awaits the reply,
``cast`` returns at once. Errors raised by an endpoint come back to a caller as ``RemoteError``.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import uuid
from typing import Any, Protocol

from twinstack.core import jsonfast

log = logging.getLogger("twinstack.bus")


class RemoteError(Exception):
    """An endpoint raised: its class name and message, as oslo.messaging reports them."""

    def __init__(self, exc_type: str, message: str) -> None:
        super().__init__(f"{exc_type}: {message}")
        self.exc_type = exc_type
        self.message = message


class NoSuchTopic(Exception):
    """Nobody serves this topic (a host whose compute service is not running)."""


class Bus(Protocol):
    def serve(self, topic: str, endpoint: object) -> None: ...

    def unserve(self, topic: str) -> None: ...

    async def call(self, topic: str, method: str, **kwargs: Any) -> Any: ...

    async def cast(self, topic: str, method: str, **kwargs: Any) -> None: ...

    async def drain(self) -> None: ...

    async def close(self) -> None: ...


def _wire(data: Any) -> Any:
    """What crosses the bus is JSON: round-trip it, so a non-serialisable message fails here too."""
    return jsonfast.roundtrip(data)


def _method(endpoint: object, topic: str, name: str) -> Any:
    if name.startswith("_") or not callable(getattr(endpoint, name, None)):
        raise RemoteError("UnsupportedVersion", f"Endpoint for {topic} does not support {name}")
    return getattr(endpoint, name)


_handling: contextvars.ContextVar[int] = contextvars.ContextVar("twinstack_bus_handling", default=0)
_EAGER_DEPTH = 16  # casts that cast again (a reschedule) nest this deep before one waits its turn


class LocalBus:
    """In-process asyncio bus. Casts run as tasks, each topic's casts in the order they were sent.

    A cast sent while an endpoint handles a message (the conductor casting a build to a compute manager,
    which casts the outcome back) starts at once and runs until it first waits, as an eager task does in
    Python 3.12; what is left runs as a task. A build or delete whose steps take no cloud time is then
    done in one turn of the event loop, as it would be between two polls of a client on a real cloud,
    rather than spread over turns in which each client's next poll finds it half done. A cast from an
    API request is a plain task, so the response goes out first.
    """

    def __init__(self) -> None:
        self._endpoints: dict[str, object] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    def serve(self, topic: str, endpoint: object) -> None:
        self._endpoints[topic] = endpoint

    def unserve(self, topic: str) -> None:
        self._endpoints.pop(topic, None)

    def serving(self, topic: str) -> bool:
        return topic in self._endpoints

    async def _dispatch(self, topic: str, method: str, kwargs: dict[str, Any]) -> Any:
        endpoint = self._endpoints.get(topic)
        if endpoint is None:
            raise NoSuchTopic(topic)
        func = _method(endpoint, topic, method)
        try:
            result = await func(**kwargs)
        except (RemoteError, NoSuchTopic, asyncio.CancelledError):
            raise
        except Exception as exc:
            raise RemoteError(type(exc).__name__, str(exc)) from exc
        return None if result is None else _wire(result)  # a cast's handler answers None

    async def call(self, topic: str, method: str, **kwargs: Any) -> Any:
        return await self._dispatch(topic, method, _wire(kwargs))

    async def cast(self, topic: str, method: str, **kwargs: Any) -> None:
        if topic not in self._endpoints:
            raise NoSuchTopic(topic)
        payload = _wire(kwargs)  # once, here: a cast's message is copied when it is sent, as on a broker
        depth = _handling.get()
        if depth and depth < _EAGER_DEPTH:
            self._start_eagerly(self._run_cast(topic, method, payload, depth + 1))
        else:
            self._track(asyncio.get_running_loop().create_task(self._run_cast(topic, method, payload, 1)))

    def _track(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _start_eagerly(self, coro: Any) -> None:
        """Run ``coro`` (in a context of its own, as a task would) up to its first wait; a task takes the rest."""
        context = contextvars.copy_context()
        try:
            waiting_on = context.run(coro.send, None)
        except StopIteration:
            return
        self._track(asyncio.get_running_loop().create_task(_resume(coro, waiting_on), context=context))

    async def _run_cast(self, topic: str, method: str, kwargs: dict[str, Any], depth: int) -> None:
        _handling.set(depth)
        try:
            await self._dispatch(topic, method, kwargs)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("cast %s.%s failed", topic, method)

    async def drain(self) -> None:
        """Wait until every cast in flight (and those they cast) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    async def close(self) -> None:
        self.cancel_all()
        self._endpoints.clear()


async def _resume(coro: Any, waiting_on: Any) -> None:
    """Go on driving a coroutine started outside any task: wait for what it waits on, as a Task would. A
    bare yield (``asyncio.sleep(0)``) asks for one turn of the loop: this task's start was that turn."""
    turned = True
    while True:
        try:
            if waiting_on is None:
                if not turned:
                    await asyncio.sleep(0)
            else:
                waiting_on._asyncio_future_blocking = False
                await asyncio.wait((waiting_on,))
            step = coro.send
            arg: Any = None
        except asyncio.CancelledError as exc:
            if waiting_on is not None:
                waiting_on.cancel()
            step, arg = coro.throw, exc
        turned = False
        try:
            waiting_on = step(arg)
        except StopIteration:
            return


class RabbitBus:
    """The same seam over RabbitMQ (aio-pika): one queue per topic, RPC replies on a private queue."""

    def __init__(self, url: str = "amqp://guest:guest@127.0.0.1:5672/", prefix: str = "twinstack") -> None:
        self.url = url
        self.prefix = prefix
        self._conn: Any = None
        self._channel: Any = None
        self._reply_queue: Any = None
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._consumers: dict[str, tuple[Any, str]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    async def connect(self) -> None:
        import aio_pika

        self._conn = await aio_pika.connect_robust(self.url)
        self._channel = await self._conn.channel()
        self._reply_queue = await self._channel.declare_queue(exclusive=True, auto_delete=True)
        await self._reply_queue.consume(self._on_reply, no_ack=True)

    def _queue_name(self, topic: str) -> str:
        return f"{self.prefix}.{topic}"

    async def _on_reply(self, message: Any) -> None:
        future = self._pending.pop(message.correlation_id or "", None)
        if future is not None and not future.done():
            future.set_result(json.loads(message.body))

    def serve(self, topic: str, endpoint: object) -> None:
        task = asyncio.get_running_loop().create_task(self._serve(topic, endpoint))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def serve_async(self, topic: str, endpoint: object) -> None:
        await self._serve(topic, endpoint)

    async def _serve(self, topic: str, endpoint: object) -> None:
        import aio_pika

        queue = await self._channel.declare_queue(self._queue_name(topic), auto_delete=True)

        async def on_message(message: Any) -> None:
            async with message.process():
                request = json.loads(message.body)
                reply: dict[str, Any]
                try:
                    func = _method(endpoint, topic, request["method"])
                    reply = {"result": _wire(await func(**request["kwargs"]))}
                except RemoteError as exc:
                    reply = {"error": [exc.exc_type, exc.message]}
                except Exception as exc:
                    reply = {"error": [type(exc).__name__, str(exc)]}
                if message.reply_to:
                    await self._channel.default_exchange.publish(
                        aio_pika.Message(json.dumps(reply).encode(), correlation_id=message.correlation_id),
                        routing_key=message.reply_to)
                elif "error" in reply:
                    log.error("cast %s.%s failed: %s", topic, request["method"], reply["error"])

        tag = await queue.consume(on_message)
        self._consumers[topic] = (queue, tag)

    def unserve(self, topic: str) -> None:
        entry = self._consumers.pop(topic, None)
        if entry is not None:
            queue, tag = entry
            task = asyncio.get_running_loop().create_task(queue.cancel(tag))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _publish(self, topic: str, method: str, kwargs: dict[str, Any], reply: bool) -> str:
        import aio_pika

        correlation_id = str(uuid.uuid4())
        body = json.dumps({"method": method, "kwargs": kwargs}).encode()
        message = aio_pika.Message(body, correlation_id=correlation_id,
                                   reply_to=self._reply_queue.name if reply else None)
        await self._channel.default_exchange.publish(message, routing_key=self._queue_name(topic))
        return correlation_id

    async def call(self, topic: str, method: str, timeout: float = 60.0, **kwargs: Any) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        correlation_id = str(uuid.uuid4())
        self._pending[correlation_id] = future
        import aio_pika

        body = json.dumps({"method": method, "kwargs": kwargs}).encode()
        await self._channel.default_exchange.publish(
            aio_pika.Message(body, correlation_id=correlation_id, reply_to=self._reply_queue.name),
            routing_key=self._queue_name(topic))
        reply = await asyncio.wait_for(future, timeout)
        if "error" in reply:
            raise RemoteError(*reply["error"])
        return reply["result"]

    async def cast(self, topic: str, method: str, **kwargs: Any) -> None:
        await self._publish(topic, method, kwargs, reply=False)

    async def drain(self) -> None:
        return None

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._conn is not None:
            await self._conn.close()
