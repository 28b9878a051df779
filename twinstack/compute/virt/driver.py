"""The virt driver interface a compute manager drives (nova/virt/driver.py, small and typed) and the
registry that finds a driver by its ``compute_driver`` name through the ``twinstack.virt_drivers``
entry point group, as nova.conf's ``compute_driver`` does."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol

# nova.compute.power_state
NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED = 0, 1, 3, 4, 6, 7


class DriverError(Exception):
    """The hypervisor refused: the manager reports it as the instance's fault."""


@dataclass
class InstanceInfo:
    power_state: int
    max_mem_kb: int = 0
    mem_kb: int = 0
    num_cpu: int = 0
    cpu_time_ns: int = 0


class VirtDriver(Protocol):
    """What every driver offers. ``instance`` is the plain dict the conductor sent over the bus."""

    host: str

    async def spawn(self, instance: dict[str, Any], image: dict[str, Any] | None) -> None: ...
    async def destroy(self, instance: dict[str, Any]) -> None: ...
    async def reboot(self, instance: dict[str, Any], hard: bool) -> None: ...
    async def power_off(self, instance: dict[str, Any]) -> None: ...
    async def power_on(self, instance: dict[str, Any]) -> None: ...
    async def pause(self, instance: dict[str, Any]) -> None: ...
    async def unpause(self, instance: dict[str, Any]) -> None: ...
    async def suspend(self, instance: dict[str, Any]) -> None: ...
    async def resume(self, instance: dict[str, Any]) -> None: ...
    async def rescue(self, instance: dict[str, Any]) -> None: ...
    async def unrescue(self, instance: dict[str, Any]) -> None: ...
    async def migrate_disk_and_power_off(self, instance: dict[str, Any], dest: str) -> None: ...
    async def finish_migration(self, instance: dict[str, Any], power_on: bool) -> None: ...
    async def snapshot(self, instance: dict[str, Any], image_id: str) -> None: ...
    async def attach_volume(self, instance: dict[str, Any], volume_id: str, mountpoint: str) -> None: ...
    async def detach_volume(self, instance: dict[str, Any], volume_id: str) -> None: ...
    async def attach_interface(self, instance: dict[str, Any], vif: dict[str, Any]) -> None: ...
    async def detach_interface(self, instance: dict[str, Any], port_id: str) -> None: ...
    def get_info(self, instance_uuid: str) -> InstanceInfo: ...
    def get_console_output(self, instance: dict[str, Any]) -> str: ...
    def get_diagnostics(self, instance: dict[str, Any]) -> dict[str, Any]: ...
    def available_resources(self) -> dict[str, Any]: ...
    def list_instances(self) -> list[str]: ...


def load_driver(name: str, host: str, node: dict[str, Any]) -> VirtDriver:
    """Instantiate the driver registered under ``name`` (e.g. ``fake.FakeDriver``) for one host."""
    return driver_class(name)(host, node)


@functools.cache
def driver_class(name: str) -> type:
    """The class registered under ``name``; looked up once per name (scanning every installed
    distribution's entry points costs ~10 ms, once per host it dominated start-up with many hosts),
    and not at all for the built-in fake driver, which every default cloud starts with."""
    if name == "fake.FakeDriver":  # twinstack's own (its entry point names this class): no scan needed
        from twinstack.compute.virt.fake import FakeDriver

        return FakeDriver
    found = [ep for ep in entry_points(group="twinstack.virt_drivers") if ep.name == name]
    if found:
        return found[0].load()
    known = sorted(ep.name for ep in entry_points(group="twinstack.virt_drivers"))
    raise ValueError(f"unknown compute_driver '{name}' (known: {', '.join(known) or 'none'})")
