"""The compute managers' typed client (Nova's compute/rpcapi.py, small): one method per message to
the manager of one host, on topic ``compute.<host>``. ``instance`` is the JSON form of an instance
record (``manager.instances.wire``); a manager answers calls with plain JSON values."""

from __future__ import annotations

from typing import Any

from twinstack.core.bus import Bus


def topic(host: str) -> str:
    return f"compute.{host}"


class ComputeAPI:
    def __init__(self, bus: Bus) -> None:
        self.bus = bus

    # -- work that reports back to the conductor when done (casts) ---------------------------
    async def build_and_run_instance(self, host: str, *, instance: dict[str, Any], request_id: str,
                                     tried: list[str]) -> None:
        await self.bus.cast(topic(host), "build_and_run_instance", instance=instance, request_id=request_id,
                            tried=tried)

    async def terminate_instance(self, host: str, *, instance: dict[str, Any], request_id: str) -> None:
        await self.bus.cast(topic(host), "terminate_instance", instance=instance, request_id=request_id)

    async def run_action(self, host: str, *, instance: dict[str, Any], request_id: str, action: str,
                         params: dict[str, Any]) -> None:
        """A power or rescue action (manager.compute.ACTIONS): stop, start, reboot, pause, ..."""
        await self.bus.cast(topic(host), "run_action", instance=instance, request_id=request_id, action=action,
                            params=params)

    async def rebuild_instance(self, host: str, *, instance: dict[str, Any], request_id: str,
                               image_ref: str | None) -> None:
        await self.bus.cast(topic(host), "rebuild_instance", instance=instance, request_id=request_id,
                            image_ref=image_ref)

    async def snapshot_instance(self, host: str, *, instance: dict[str, Any], request_id: str,
                                image_id: str) -> None:
        await self.bus.cast(topic(host), "snapshot_instance", instance=instance, request_id=request_id,
                            image_id=image_id)

    async def shelve_instance(self, host: str, *, instance: dict[str, Any], request_id: str, offload: bool) -> None:
        await self.bus.cast(topic(host), "shelve_instance", instance=instance, request_id=request_id,
                            offload=offload)

    # -- steps the conductor drives and waits for (calls) -------------------------------------
    async def destroy(self, host: str, *, instance: dict[str, Any]) -> None:
        await self.bus.call(topic(host), "destroy", instance=instance)

    async def migrate_out(self, host: str, *, instance: dict[str, Any], dest: str) -> None:
        await self.bus.call(topic(host), "migrate_out", instance=instance, dest=dest)

    async def migrate_in(self, host: str, *, instance: dict[str, Any], power_on: bool, paused: bool = False) -> int:
        """Finish a move on the destination; answers the power state."""
        return await self.bus.call(topic(host), "migrate_in", instance=instance, power_on=power_on,  # type: ignore[no-any-return]
                                   paused=paused)

    # -- questions and device changes the API waits for (calls) ---------------------------------
    async def get_console_output(self, host: str, *, instance: dict[str, Any]) -> str:
        return await self.bus.call(topic(host), "get_console_output", instance=instance)  # type: ignore[no-any-return]

    async def get_diagnostics(self, host: str, *, instance: dict[str, Any]) -> dict[str, Any]:
        return await self.bus.call(topic(host), "get_diagnostics", instance=instance)  # type: ignore[no-any-return]

    async def attach_volume(self, host: str, *, instance: dict[str, Any], volume_id: str, mountpoint: str) -> None:
        await self.bus.call(topic(host), "attach_volume", instance=instance, volume_id=volume_id,
                            mountpoint=mountpoint)

    async def detach_volume(self, host: str, *, instance: dict[str, Any], volume_id: str) -> None:
        await self.bus.call(topic(host), "detach_volume", instance=instance, volume_id=volume_id)

    async def attach_interface(self, host: str, *, instance: dict[str, Any], vif: dict[str, Any]) -> None:
        await self.bus.call(topic(host), "attach_interface", instance=instance, vif=vif)

    async def detach_interface(self, host: str, *, instance: dict[str, Any], port_id: str) -> None:
        await self.bus.call(topic(host), "detach_interface", instance=instance, port_id=port_id)
