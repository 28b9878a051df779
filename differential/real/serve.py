"""A threaded wsgiref server in a daemon thread: the real services are plain WSGI apps and the harness
must reach them over real TCP like any client would."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:  # the harness keeps its own record
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(app: Any, port: int | None = None, threaded: bool = True) -> tuple[str, Any]:
    port = port or free_port()
    server = make_server("127.0.0.1", port, app, server_class=_Server if threaded else WSGIServer,
                         handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{port}", server


def mount(prefix: str, app: Any) -> Any:
    """Serve app under prefix (SCRIPT_NAME), as a reverse proxy or mod_wsgi alias would."""
    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == prefix or path.startswith(prefix + "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
            environ["PATH_INFO"] = path[len(prefix):]
            return app(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not mounted here\n"]
    return wrapped


def ready(**info: Any) -> None:
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()


def serve_until_killed(**info: Any) -> None:
    """Say where the service is (the harness reads the first stdout line), then keep the process alive
    for the server threads until the harness terminates it."""
    ready(**info)
    while True:
        time.sleep(3600)


def version_of(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)
