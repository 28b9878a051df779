"""Blobs on local disk, as OpenStack's file stores keep them: written as the bytes stream in (hashed on the
way, into a temp file renamed on success, so a crash leaves the old file or the new, never half of one) and
read back a chunk at a time. Glance's images and Swift's objects both live this way; nothing whole sits
in memory."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024  # what we hash/write per step and send per body message
# hashlib and file writes release the GIL: md5 runs beside sha512+write, and both beside the
# event loop receiving the next batch, so an upload costs about one hash, not two plus the network.
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="twinstack-blob-io")


class SizeExceeded(Exception):
    """More bytes arrived than the limit allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass
class Written:
    size: int
    checksum: str  # md5 hex
    os_hash_value: str  # sha512 hex
    head: bytes = b""  # the first bytes, for the format inspector


HEAD = 512



class _Sink:
    """A temp file beside its destination, fed in batches off the event loop, hashed as it goes.

    One batch is in flight at a time (so the hashes see the bytes in order) while the caller
    gathers the next one.
    """

    def __init__(self, dest: Path, limit: int | None) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.dest = dest
        self.tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{id(self)}.part")
        self.file = open(self.tmp, "wb")  # noqa: SIM115 - closed in finish/abort
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.sha512 = hashlib.sha512()
        self.size = 0
        self.limit = limit
        self.head = b""
        self.pending: asyncio.Future[None] | None = None

    def _write(self, data: bytes) -> None:
        if len(data) < 256 * 1024:
            self.md5.update(data)
        else:
            side = _POOL.submit(self.md5.update, data)
        self.sha512.update(data)
        self.file.write(data)
        if len(data) >= 256 * 1024:
            side.result()

    async def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise SizeExceeded(self.limit)
        if len(self.head) < HEAD:
            self.head += data[: HEAD - len(self.head)]
        await self.drain()
        self.pending = asyncio.get_running_loop().run_in_executor(_POOL, self._write, data)

    async def drain(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            await pending

    async def finish(self) -> Written:
        await self.drain()
        self.file.close()
        os.replace(self.tmp, self.dest)
        return Written(self.size, self.md5.hexdigest(), self.sha512.hexdigest(), self.head)

    def abort(self) -> None:
        if self.pending is not None:
            self.pending.cancel()
        self.file.close()
        self.tmp.unlink(missing_ok=True)


async def save_stream(chunks: AsyncIterator[bytes], dest: Path, limit: int | None = None) -> Written:
    """Write ``chunks`` to ``dest`` (atomically), batching small chunks; raise SizeExceeded past ``limit``.

    On any error (a client that goes away mid-upload included) the partial file is removed and
    ``dest`` is left as it was.
    """
    sink = _Sink(dest, limit)
    try:
        pending = bytearray()
        async for chunk in chunks:
            if not chunk:
                continue
            pending += chunk
            if len(pending) >= CHUNK:
                await sink.write(bytes(pending))
                pending.clear()
        if pending:
            await sink.write(bytes(pending))
        return await sink.finish()
    except BaseException:
        await _settle(sink)
        sink.abort()
        raise


async def _settle(sink: _Sink) -> None:
    """Let an in-flight batch finish before the file is closed under it."""
    with contextlib.suppress(BaseException):
        await asyncio.shield(sink.drain()) if sink.pending is not None else None


def hash_file(path: Path) -> Written:
    md5 = hashlib.md5(usedforsecurity=False)
    sha512 = hashlib.sha512()
    size = 0
    head = b""
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            if not head:
                head = block[:HEAD]
            md5.update(block)
            sha512.update(block)
            size += len(block)
    return Written(size, md5.hexdigest(), sha512.hexdigest(), head)




def read_range(path: Path, start: int, end: int) -> Iterator[bytes]:
    """Bytes start..end (inclusive) of a file, a chunk at a time."""
    with open(path, "rb") as f:
        f.seek(start)
        left = end - start + 1
        while left > 0:
            block = f.read(min(CHUNK, left))
            if not block:
                return
            left -= len(block)
            yield block
