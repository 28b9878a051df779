"""Serving a cloud: bind the port first (a busy port is a one-line error), then uvicorn."""

from __future__ import annotations

import contextlib
import gc
import logging
import socket
import sys
import time
from collections.abc import Iterator

import uvicorn

from twinstack.app import build_app
from twinstack.cloud import Cloud, StateDirError
from twinstack.config import Settings
from twinstack.control import clouds
from twinstack.core.http_protocol import CoalescingHttpToolsProtocol
from twinstack.model.loader import ModelError


def _fail(message: str) -> None:
    print(f"twinstack: error: {message}", file=sys.stderr)
    sys.exit(2)


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == 98:
            _fail(f"port {port} on {host} is already in use (choose another with --port or TWINSTACK_PORT)")
        _fail(f"cannot listen on {host}:{port}: {exc.strerror}")
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGINT/SIGTERM after a graceful shutdown, so the process dies by the signal
    before our clean-up runs; for twinstack those signals are the normal way to stop: exit 0."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            try:
                yield
            finally:
                self._captured_signals.clear()


def run(settings: Settings) -> None:
    started = time.perf_counter()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s",
                        stream=sys.stderr)
    sock = bind(settings.host, settings.port)
    settings.port = sock.getsockname()[1]
    try:
        cloud = Cloud(settings)
        cloud.open()
    except ModelError as exc:
        _fail(f"model {exc.source}: " + "; ".join(exc.errors))
    except StateDirError as exc:
        _fail(str(exc))
    except Exception as exc:
        _fail(f"cannot open the store: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")

    def on_ready() -> None:
        _resume_collector()
        elapsed = time.perf_counter() - started
        base = settings.base_url
        print(f"twinstack ready at {base} in {elapsed:.2f}s (state: {cloud.state_dir})", flush=True)
        print(clouds.env_lines(cloud.model, base), flush=True)
        print("# clouds.yaml", flush=True)
        print(clouds.clouds_yaml(cloud.model, base), flush=True)

    app = build_app(cloud, on_ready)
    # keep-alive well past the 5 s that clients poll at (osc's --wait, SDK waits): with uvicorn's default
    # of 5 s a poll can land on a connection the server is closing and the client sees a reset
    # ws="none": no OpenStack API here speaks WebSocket, and uvicorn's "auto" imported the websockets
    # package at every start (~13 ms); an Upgrade request is answered as the plain HTTP request it also is
    config = uvicorn.Config(app, log_level=settings.log_level, access_log=False, lifespan="on", ws="none",
                            http=CoalescingHttpToolsProtocol, timeout_graceful_shutdown=5, timeout_keep_alive=75,
                            server_header=False, date_header=True)
    server = _Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        gc.enable()
        cloud.close()


def _resume_collector() -> None:
    """Turn the collector back on (``twinstack up`` pauses it while the cloud starts), with what start-up
    made moved to the permanent generation: it lives as long as the process, so the collector's full
    passes need not walk it again and again while requests are served."""
    gc.freeze()
    gc.enable()
