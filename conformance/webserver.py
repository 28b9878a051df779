"""A small HTTP server on loopback for tempest's ``image.http_image`` (web-download, locations):
the machine has no internet, so the harness serves a stand-in cirros image itself."""

from __future__ import annotations

import functools
import hashlib
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

IMAGE_NAME = "cirros-0.6.2-x86_64-uec.tar.gz"      # tempest's image.http_image
QCOW2_NAME = "cirros-0.6.2-x86_64-disk.img"        # tempest's image.http_qcow2_image


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class ImageServer:
    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        for name in (IMAGE_NAME, QCOW2_NAME):
            image = root / name
            if not image.exists():
                # deterministic bytes (1 MiB), so the same run gives the same checksums
                block = hashlib.sha512(name.encode()).digest()
                image.write_bytes(block * (1024 * 1024 // len(block)))
        handler = functools.partial(_Quiet, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}"

    def __enter__(self) -> ImageServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
