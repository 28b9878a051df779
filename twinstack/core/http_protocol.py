"""uvicorn's httptools protocol, writing a response's head and body in one send.

uvicorn writes the status line and headers as soon as the app sends ``http.response.start``, then the body:
two ``send`` system calls and two TCP segments for each response, which the client must also read twice.
On a boot/delete cycle that was about a tenth of the server's CPU. Here a response's writes are held and
go out together when it is complete (or at the end of the loop's turn, or past ``_FLUSH_AT`` bytes, so a
streamed image download is neither held back nor buffered whole, and flow control still sees every byte).
A complete response goes out at once: the work its request cast (a build) runs after it, not before.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_FLUSH_AT = 64 * 1024


class _Coalescing:
    """A transport that holds writes until the end of the loop's turn (or ``_FLUSH_AT`` bytes)."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(data)
        self._size += len(data)
        if self._size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held.clear()
        self._size = 0
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # is_closing, pause_reading, get_extra_info, set_protocol...
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._coalescing = _Coalescing(transport, self.loop)
        super().connection_made(self._coalescing)  # type: ignore[arg-type]

    def on_response_complete(self) -> None:
        self._coalescing.flush()
        super().on_response_complete()
