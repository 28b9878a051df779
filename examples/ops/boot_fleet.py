"""Boot a fleet of N servers, each optionally with a data volume, the way ops code has to: retry a
build that fails on a bad host, honour an API's 503 + Retry-After, give up cleanly on NoValidHost or
a volume that never attaches, and leave nothing behind when it gives up.

This is the code under test in examples/ops/test_boot_fleet.py, written against openstacksdk only:
it knows nothing of twinstack.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from openstack import exceptions

T = TypeVar("T")


class FleetError(Exception):
    """The fleet could not be built; everything it had created was removed."""


@dataclass
class Fleet:
    conn: Any
    image: str
    flavor: str
    network: str | None = None
    volume_size: int = 0  # GB; 0: no data volume
    build_retries: int = 2  # another try after a build ends in ERROR on a host
    api_retries: int = 3  # another try after a 503/429 (waiting Retry-After)
    timeout: float = 60.0
    poll: float = 0.2
    sleep: Callable[[float], None] = time.sleep
    admin_conn: Any = None  # an admin connection, to unstick what a member cannot (reset + force delete)
    servers: list[Any] = field(default_factory=list)
    volumes: list[Any] = field(default_factory=list)

    # -- the one public operation ------------------------------------------------------
    def boot(self, prefix: str, count: int) -> list[Any]:
        try:
            for index in range(count):
                server = self._boot_one(f"{prefix}-{index}")
                if self.volume_size:
                    self._attach_volume(server)
            return list(self.servers)
        except Exception as exc:
            self.cleanup()
            if isinstance(exc, FleetError):
                raise
            raise FleetError(f"fleet {prefix} failed: {exc}") from exc

    # -- steps ---------------------------------------------------------------------------
    def _api(self, call: Callable[[], T]) -> T:
        """Call the API; on 503/429 wait what Retry-After says (or a second) and try again."""
        for attempt in range(self.api_retries + 1):
            try:
                return call()
            except exceptions.HttpException as exc:
                status = exc.status_code or 0
                if status not in (429, 503) or attempt == self.api_retries:
                    raise
                retry_after = exc.response.headers.get("Retry-After") if exc.response is not None else None
                self.sleep(float(retry_after) if retry_after else 1.0)
        raise AssertionError("unreachable")

    def _boot_one(self, name: str) -> Any:
        networks = [{"uuid": self.network}] if self.network else "none"
        for _attempt in range(self.build_retries + 1):
            server = self._api(lambda: self.conn.compute.create_server(
                name=name, image_id=self.image, flavor_id=self.flavor, networks=networks))
            self.servers.append(server)
            try:
                server = self.conn.compute.wait_for_server(server, status="ACTIVE", failures=["ERROR"],
                                                           interval=self.poll, wait=self.timeout)
                self.servers[-1] = server
                return server
            except exceptions.ResourceFailure:
                failed = self.conn.compute.get_server(server.id)
                message = (failed.fault or {}).get("message", "")
                self._delete_server(self.servers.pop())
                if "No valid host" in message:
                    raise FleetError(f"no capacity for {name}: {message}") from None
        raise FleetError(f"{name} failed to build {self.build_retries + 1} times")

    def _attach_volume(self, server: Any) -> None:
        volume = self._api(
            lambda: self.conn.block_storage.create_volume(size=self.volume_size, name=f"{server.name}-data")
        )
        self.volumes.append(volume)
        self.conn.block_storage.wait_for_status(
            volume, status="available", failures=["error"], interval=self.poll, wait=self.timeout
        )
        self._api(lambda: self.conn.compute.create_volume_attachment(server, volume_id=volume.id))
        try:
            self.conn.block_storage.wait_for_status(
                volume, status="in-use", failures=["error", "available"], interval=self.poll, wait=self.timeout
            )
        except (exceptions.ResourceTimeout, exceptions.ResourceFailure) as exc:
            raise FleetError(f"volume {volume.id} never attached to {server.name}: {exc}") from None

    # -- clean-up --------------------------------------------------------------------------
    def _delete_server(self, server: Any) -> None:
        try:
            self.conn.compute.delete_server(server, force=True)
            self.conn.compute.wait_for_delete(server, interval=self.poll, wait=self.timeout)
        except exceptions.NotFoundException:
            pass

    def cleanup(self) -> None:
        """Remove every server and volume this fleet created, whatever state they are in."""
        while self.servers:
            self._delete_server(self.servers.pop())
        while self.volumes:
            self._delete_volume(self.volumes.pop())

    def _delete_volume(self, volume: Any) -> None:
        # stuck (attaching, error...): a plain delete may still work, else an admin unsticks it
        with contextlib.suppress(exceptions.SDKException):
            self.conn.block_storage.wait_for_status(
                volume, status="available", failures=["error"], interval=self.poll, wait=min(self.timeout, 5)
            )
        try:
            self.conn.block_storage.delete_volume(volume)
        except exceptions.NotFoundException:
            return
        except exceptions.HttpException:
            if self.admin_conn is None:
                raise
            admin = self.admin_conn.block_storage
            admin.reset_volume_status(volume, status="available", attach_status="detached", migration_status=None)
            admin.delete_volume(volume, force=True)
        with contextlib.suppress(exceptions.NotFoundException):
            self.conn.block_storage.wait_for_delete(volume, interval=self.poll, wait=self.timeout)
