"""One role per process: ``init`` (schema and model, once), ``api`` (the whole HTTP surface; several
workers share the port with SO_REUSEPORT), ``conductor``, ``scheduler`` (a cloud with its store but no
HTTP), and ``compute`` (an agent with many fake hosts and no store)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from typing import Any

from twinstack.config import Settings

log = logging.getLogger("twinstack.cluster")


class _RequestId(logging.Filter):
    """Each line says which request it served: the id the bus message carried (``context``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from twinstack.core.bus_rabbit import request_id

        record.request_id = request_id.get() or "-"
        return True


def _logging(level: str, role: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format=f"%(asctime)s %(levelname)s {role}[{os.getpid()}] %(request_id)s %(name)s %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RequestId())


def _cloud(settings: Settings, transport_url: str, role: str, prefix: str, fresh_ok: bool = False) -> Any:
    from twinstack.cloud import Cloud
    from twinstack.cluster import state
    from twinstack.cluster.link import ClusterLink

    cloud = Cloud(settings)
    with state.startup_lock(cloud.store):
        cloud.store.create_all()
        with cloud.store.read() as conn:
            fresh = not cloud.identity.has_state(conn)
        if fresh and not fresh_ok:
            raise SystemExit(f"twinstack: error: the database at {settings.db} holds no cloud yet: "
                             "run `twinstack role init` first (`twinstack cluster up` does)")
        link = ClusterLink(cloud, transport_url, role, prefix=prefix)
        link.install()
        if fresh:
            link.faults.seeding = True  # this process loads the model: its fault rules are written once
        cloud.open()
        if fresh:
            link.save_baseline()
        else:
            link.load_baseline()
    return cloud


def init(settings: Settings, transport_url: str, prefix: str) -> None:
    """Create the schema and load the model into an empty database; a database holding a cloud is kept."""
    _logging(settings.log_level, "init")
    cloud = _cloud(settings, transport_url, "init", prefix, fresh_ok=True)

    async def seed() -> None:  # the model's fault rules, written by the one process that loaded it
        if cloud.faults.seeding:
            for rule in cloud.model.faults:
                cloud.faults.add(rule.model_copy(deep=True))
            cloud.clock.reset(str(cloud.model.clock.get("mode", "real")))

    asyncio.run(seed())
    cloud.close()


def service(settings: Settings, transport_url: str, role: str, prefix: str) -> None:
    """``conductor`` or ``scheduler``: the cloud's store and the bus, no HTTP, until SIGTERM/SIGINT."""
    _logging(settings.log_level, role)
    cloud = _cloud(settings, transport_url, role, prefix)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await cloud.start()
        log.warning("%s ready", role)
        await stop.wait()
        await cloud.stop()
        await cloud.cluster.close()

    try:
        asyncio.run(main())
    finally:
        cloud.close()


def bind_shared(host: str, port: int) -> socket.socket:
    """The API port, shared by every worker (SO_REUSEPORT: the kernel spreads connections)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def api(settings: Settings, transport_url: str, prefix: str) -> None:
    """One API worker on the shared port."""
    import uvicorn

    from twinstack.app import build_app
    from twinstack.core.http_protocol import CoalescingHttpToolsProtocol
    from twinstack.server import _Server

    _logging(settings.log_level, "api")
    sock = bind_shared(settings.host, settings.port)
    cloud = _cloud(settings, transport_url, "api", prefix)

    def ready() -> None:
        print(f"twinstack api worker {os.getpid()} ready at {settings.base_url}", flush=True)

    app = cloud.cluster.middleware(build_app(cloud, ready))
    config = uvicorn.Config(app, log_level=settings.log_level, access_log=False, lifespan="on",
                            http=CoalescingHttpToolsProtocol, timeout_graceful_shutdown=5, timeout_keep_alive=75,
                            server_header=False)
    try:
        _Server(config).run(sockets=[sock])
    finally:
        cloud.close()


def compute(transport_url: str, hosts: list[str], name: str, report_interval: float, log_level: str,
            prefix: str) -> None:
    """A compute agent: its hosts' managers, the broker, nothing else (no database URL, no store)."""
    from twinstack.compute import local

    _logging(log_level, f"compute-{name}")
    asyncio.run(local.run_compute_agent(transport_url, hosts, name, report_interval, prefix))
