"""The bus seam across processes, on RabbitMQ (oslo.messaging's rabbit driver, small), for ``twinstack
cluster``: the same ``serve``/``call``/``cast`` as ``core.bus`` with JSON messages, plus a fanout for
the cluster's own broadcasts (clock, reset, caches). Names (docs/topology.md):

Each name starts with the cluster's prefix (``--bus-prefix``, default ``twinstack``), so clouds can share
a broker:

- exchange ``twinstack`` (direct, durable): routing key = topic. ``conductor`` and ``scheduler`` have
  durable queues ``twinstack.conductor`` / ``twinstack.scheduler`` that outlive their consumers, so
  casts wait while the conductor is stopped (as in Nova); ``compute.<host>`` keys are bound to the
  queue of the agent carrying that host (``twinstack.agent.<name>``, deleted with its connection), so a
  cast to a dead host is returned at once (``NoSuchTopic``) rather than queued;
- replies: each process's own ``twinstack.reply.<process>`` queue on the default exchange;
- exchange ``twinstack.fanout`` (fanout): one exclusive queue per process.

A message is ``{"v": 1, "method": str, "kwargs": {...}, "context": {"request_id": str|None}}``; a reply
``{"result": ...}`` or ``{"error": [exception class, message]}``. Calls time out after ``timeout`` s
(``RemoteError("MessagingTimeout")``); the connection is robust: on a broker restart or a closed
connection it reconnects, re-declares its queues and consumers, and publishes wait for it.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from twinstack.core.bus import NoSuchTopic, RemoteError, _method, _wire

log = logging.getLogger("twinstack.bus")

PREFIX = "twinstack"  # every name below starts with the cluster's prefix (--bus-prefix): clouds share a broker
DURABLE_TOPICS = ("conductor", "scheduler")
# the request a message belongs to, carried in every message's context and set while it is handled
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("twinstack_request_id", default=None)

Broadcast = Callable[[str, dict[str, Any]], Awaitable[None]]


def amqp_url(transport_url: str) -> str:
    """oslo.messaging's ``rabbit://user:pass@host:port[,host2:port]/vhost`` as an AMQP URL (first host)."""
    parts = urlsplit(transport_url)
    if parts.scheme not in ("rabbit", "amqp", "amqps"):
        raise ValueError(f"transport URL must be rabbit://user:pass@host:5672/ (got {transport_url!r})")
    netloc = parts.netloc.split(",")[0]
    if "@" not in netloc and "@" in parts.netloc:
        netloc = parts.netloc.split("@")[0] + "@" + netloc
    return urlunsplit(("amqp", netloc, parts.path or "/", parts.query, ""))


class ClusterBus:
    """One process's connection to the broker: its served topics, its reply queue, its fanout queue."""

    def __init__(self, transport_url: str, name: str, timeout: float = 60.0, prefetch: int = 64,
                 prefix: str = PREFIX) -> None:
        self.url = amqp_url(transport_url)
        self.prefix = prefix
        self.name = f"{name}.{os.getpid()}.{uuid.uuid4().hex[:6]}"
        self.timeout = timeout
        self.prefetch = prefetch
        self._conn: Any = None
        self._channel: Any = None
        self._exchange: Any = None
        self._fanout: Any = None
        self._reply_name = f"{prefix}.reply.{self.name}"
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._consumers: dict[str, tuple[Any, str]] = {}
        self._hosts: dict[str, object] = {}
        self._agent_queue: Any = None
        self._listeners: list[Broadcast] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self.connected = asyncio.Event()
        self.reconnects = 0

    # -- connection ------------------------------------------------------------------------------
    async def connect(self, wait: float = 30.0) -> None:
        """Connect (retrying until ``wait`` s have passed: a broker still starting is not an error)."""
        import aio_pika

        deadline = time.monotonic() + wait
        while True:
            try:
                self._conn = await aio_pika.connect_robust(
                    self.url, client_properties={"connection_name": f"twinstack {self.name}"})
                break
            except (OSError, aio_pika.exceptions.AMQPError) as exc:
                if time.monotonic() > deadline:
                    raise ConnectionError(f"no RabbitMQ broker at {self.url}: {exc}") from exc
                await asyncio.sleep(0.5)
        self._conn.reconnect_callbacks.add(self._reconnected)
        self._conn.close_callbacks.add(self._lost)
        self._channel = await self._conn.channel(publisher_confirms=True, on_return_raises=True)
        await self._channel.set_qos(prefetch_count=self.prefetch)
        self._exchange = await self._channel.declare_exchange(self.prefix, aio_pika.ExchangeType.DIRECT, durable=True)
        self._fanout = await self._channel.declare_exchange(f"{self.prefix}.fanout", aio_pika.ExchangeType.FANOUT,
                                                            durable=True)
        reply = await self._channel.declare_queue(self._reply_name, exclusive=True, auto_delete=True)
        await reply.consume(self._on_reply, no_ack=True)
        fan = await self._channel.declare_queue(f"{self.prefix}.fanout.{self.name}", exclusive=True, auto_delete=True)
        await fan.bind(self._fanout)
        await fan.consume(self._on_broadcast, no_ack=True)
        self.connected.set()

    def _lost(self, *_: Any) -> None:
        """The connection dropped: calls waiting for a reply will not get one (their queue is gone)."""
        self.connected.clear()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(RemoteError("MessagingTimeout", "connection to the broker was lost"))
        self._pending.clear()

    def _reconnected(self, *_: Any) -> None:
        self.reconnects += 1
        self.connected.set()
        log.warning("bus %s reconnected to the broker (%d)", self.name, self.reconnects)

    # -- serving -----------------------------------------------------------------------------------
    def serve(self, topic: str, endpoint: object) -> None:
        self._spawn(self.serve_async(topic, endpoint))

    async def serve_async(self, topic: str, endpoint: object) -> None:
        durable = topic in DURABLE_TOPICS
        queue = await self._channel.declare_queue(f"{self.prefix}.{topic}", durable=durable, auto_delete=not durable)
        await queue.bind(self._exchange, routing_key=topic)

        async def on_message(message: Any) -> None:
            await self._handle(message, lambda: endpoint, topic)

        tag = await queue.consume(on_message)
        self._consumers[topic] = (queue, tag)

    async def serve_hosts(self, agent: str, endpoints: dict[str, object]) -> None:
        """A compute agent: one queue for all its hosts, one binding ``compute.<host>`` per host."""
        self._hosts.update(endpoints)
        if self._agent_queue is None:
            self._agent_queue = await self._channel.declare_queue(f"{self.prefix}.agent.{agent}", exclusive=True,
                                                                  auto_delete=True)

            async def on_message(message: Any) -> None:
                host = (message.routing_key or "").removeprefix("compute.")
                await self._handle(message, lambda: self._hosts.get(host), message.routing_key or "")

            await self._agent_queue.consume(on_message)
        for host in endpoints:
            await self._agent_queue.bind(self._exchange, routing_key=f"compute.{host}")

    async def unserve_host(self, host: str) -> None:
        self._hosts.pop(host, None)
        if self._agent_queue is not None:
            await self._agent_queue.unbind(self._exchange, routing_key=f"compute.{host}")

    async def _handle(self, message: Any, endpoint_of: Callable[[], object | None], topic: str) -> None:
        import aio_pika

        async with message.process(requeue=True, ignore_processed=True):
            request = json.loads(message.body)
            token = request_id.set((request.get("context") or {}).get("request_id"))
            reply: dict[str, Any]
            try:
                endpoint = endpoint_of()
                if endpoint is None:
                    raise NoSuchTopic(topic)
                func = _method(endpoint, topic, request["method"])
                reply = {"result": _wire(await func(**request["kwargs"]))}
            except RemoteError as exc:
                reply = {"error": [exc.exc_type, exc.message]}
            except NoSuchTopic as exc:
                reply = {"error": ["NoSuchTopic", str(exc)]}
            except Exception as exc:
                log.exception("%s.%s failed", topic, request.get("method"))
                reply = {"error": [type(exc).__name__, str(exc)]}
            finally:
                request_id.reset(token)
            if message.reply_to:
                await self._channel.default_exchange.publish(
                    aio_pika.Message(json.dumps(reply).encode(), correlation_id=message.correlation_id,
                                     content_type="application/json"),
                    routing_key=message.reply_to, mandatory=False)
            elif "error" in reply:
                log.error("cast %s.%s failed: %s", topic, request.get("method"), reply["error"])

    def unserve(self, topic: str) -> None:
        entry = self._consumers.pop(topic, None)
        if entry is not None:
            queue, tag = entry
            self._spawn(queue.cancel(tag))

    # -- sending -------------------------------------------------------------------------------------
    async def _publish(self, topic: str, body: dict[str, Any], *, reply: str | None, persistent: bool) -> None:
        import aio_pika

        message = aio_pika.Message(json.dumps(body).encode(), content_type="application/json", reply_to=reply,
                                   correlation_id=body.get("id"), delivery_mode=(
                                       aio_pika.DeliveryMode.PERSISTENT if persistent else None))
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                await asyncio.wait_for(self.connected.wait(), max(deadline - time.monotonic(), 0.01))
                await self._exchange.publish(message, routing_key=topic, mandatory=True)
                return
            except aio_pika.exceptions.DeliveryError as exc:  # returned: no queue bound to this topic
                raise NoSuchTopic(topic) from exc
            except (aio_pika.exceptions.AMQPError, ConnectionError, RuntimeError, TimeoutError) as exc:
                if time.monotonic() >= deadline:
                    raise RemoteError("MessagingTimeout", f"cannot publish to {topic}: {exc}") from exc
                await asyncio.sleep(0.2)

    def _body(self, method: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        return {"v": 1, "id": uuid.uuid4().hex, "method": method, "kwargs": _wire(kwargs),
                "context": {"request_id": kwargs.get("request_id") or request_id.get()}}

    async def call(self, topic: str, method: str, **kwargs: Any) -> Any:
        body = self._body(method, kwargs)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[body["id"]] = future
        try:
            await self._publish(topic, body, reply=self._reply_name, persistent=False)
            try:
                reply = await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                message = f"Timed out waiting for a reply to {topic}.{method} after {self.timeout:g} s"
                raise RemoteError("MessagingTimeout", message) from None
        finally:
            self._pending.pop(body["id"], None)
        if "error" in reply:
            if reply["error"][0] == "NoSuchTopic":
                raise NoSuchTopic(reply["error"][1])
            raise RemoteError(*reply["error"])
        return reply["result"]

    async def cast(self, topic: str, method: str, **kwargs: Any) -> None:
        await self._publish(topic, self._body(method, kwargs), reply=None, persistent=topic in DURABLE_TOPICS)

    async def _on_reply(self, message: Any) -> None:
        future = self._pending.pop(message.correlation_id or "", None)
        if future is not None and not future.done():
            future.set_result(json.loads(message.body))

    # -- fanout ---------------------------------------------------------------------------------------
    def on_broadcast(self, listener: Broadcast) -> None:
        self._listeners.append(listener)

    async def broadcast(self, kind: str, data: dict[str, Any] | None = None) -> None:
        import aio_pika

        body = json.dumps({"kind": kind, "data": data or {}, "from": self.name}).encode()
        try:
            await asyncio.wait_for(self.connected.wait(), self.timeout)
            await self._fanout.publish(aio_pika.Message(body, content_type="application/json"), routing_key="",
                                       mandatory=False)
        except Exception:
            log.warning("broadcast %s failed", kind, exc_info=True)

    async def _on_broadcast(self, message: Any) -> None:
        event = json.loads(message.body)
        if event.get("from") == self.name:
            return
        for listener in self._listeners:
            try:
                await listener(event["kind"], event.get("data") or {})
            except Exception:
                log.exception("broadcast %s: listener failed", event.get("kind"))

    # -- lifecycle ------------------------------------------------------------------------------------
    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        return None

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._conn is not None:
            await self._conn.close()
            self._conn = None
