"""A compute manager (topic ``compute.<host>``): runs its virt driver and reports every outcome to
the conductor over the bus. It holds no store handle, as a hijacked compute node must not reach
the database; it heartbeats its service record through the conductor."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from twinstack.compute.conductor.rpcapi import ConductorAPI
from twinstack.compute.manager import states as s
from twinstack.compute.rpcapi import topic
from twinstack.compute.virt.driver import DriverError, VirtDriver

log = logging.getLogger("twinstack.compute.manager")

# action -> (driver method, vm_state after, instance action event)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "stop": ("power_off", s.STOPPED, "compute_stop_instance"),
    "start": ("power_on", s.ACTIVE, "compute_start_instance"),
    "reboot": ("reboot", s.ACTIVE, "compute_reboot_instance"),
    "pause": ("pause", s.PAUSED, "compute_pause_instance"),
    "unpause": ("unpause", s.ACTIVE, "compute_unpause_instance"),
    "suspend": ("suspend", s.SUSPENDED, "compute_suspend_instance"),
    "resume": ("resume", s.ACTIVE, "compute_resume_instance"),
    "rescue": ("rescue", s.RESCUED, "compute_rescue_instance"),
    "unrescue": ("unrescue", s.ACTIVE, "compute_unrescue_instance"),
}


class ComputeManager:
    def __init__(self, host: str, driver: VirtDriver, bus: Any, report_interval: float = 10.0,
                 clock: Any = None) -> None:
        self.host = host
        self.clock = clock  # time, not data: a compute node may know what time it is
        self.driver = driver
        self.bus = bus
        self.conductor = ConductorAPI(bus)
        self.report_interval = report_interval
        self._heartbeat: asyncio.Task[None] | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self, heartbeat: bool = True) -> None:
        """Serve ``compute.<host>``; ``heartbeat=False`` when the runtime beats for all its hosts at
        once (one task and one bus message per period instead of one per host)."""
        self.bus.serve(topic(self.host), self)
        if heartbeat:
            self._heartbeat = asyncio.get_running_loop().create_task(self._beat())

    def stop(self) -> None:
        self.bus.unserve(topic(self.host))
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None

    async def _beat(self) -> None:
        while True:
            try:
                await self.conductor.service_heartbeat(host=self.host)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a missed beat is what "down" means; keep beating
                log.debug("heartbeat of %s failed", self.host, exc_info=True)
            if self.clock is not None:
                await self.clock.sleep(self.report_interval)
            else:
                await asyncio.sleep(self.report_interval)

    def _power(self, uuid: str) -> int:
        return self.driver.get_info(uuid).power_state

    # -- builds and deletes ---------------------------------------------------------------------
    async def build_and_run_instance(self, instance: dict[str, Any], request_id: str, tried: list[str]) -> None:
        try:
            await self.driver.spawn(instance, None)
        except DriverError as exc:
            await self.conductor.build_failed(instance_uuid=instance["uuid"], host=self.host,
                                message=str(exc), request_id=request_id, tried=tried)
            return
        await self.conductor.build_succeeded(instance_uuid=instance["uuid"], host=self.host,
                            request_id=request_id, power_state=self._power(instance["uuid"]))

    async def terminate_instance(self, instance: dict[str, Any], request_id: str) -> None:
        await self.driver.destroy(instance)
        await self.conductor.instance_destroyed(instance_uuid=instance["uuid"],
                            request_id=request_id, host=self.host)

    async def destroy(self, instance: dict[str, Any]) -> None:
        await self.driver.destroy(instance)

    # -- state changes ----------------------------------------------------------------------------
    async def run_action(self, instance: dict[str, Any], request_id: str, action: str,
                         params: dict[str, Any] | None = None) -> None:
        method, vm_state, event = ACTIONS[action]
        error = None
        try:
            if action == "reboot":
                await self.driver.reboot(instance, bool((params or {}).get("hard")))
            else:
                await getattr(self.driver, method)(instance)
        except DriverError as exc:
            error = str(exc)
            vm_state = instance["vm_state"]
        values = {"vm_state": vm_state, "task_state": None, "power_state": self._power(instance["uuid"])}
        await self.conductor.action_done(instance_uuid=instance["uuid"], request_id=request_id,
                            event=event, values=values, host=self.host, error=error)

    async def rebuild_instance(self, instance: dict[str, Any], request_id: str, image_ref: str | None) -> None:
        was_stopped = instance["vm_state"] == s.STOPPED
        await self.conductor.instance_update(instance_uuid=instance["uuid"],
                            values={"task_state": s.REBUILD_SPAWNING})
        await self.driver.destroy(instance)
        error = None
        try:
            await self.driver.spawn(instance, None)
            if was_stopped:
                await self.driver.power_off(instance)
        except DriverError as exc:
            error = str(exc)
        values = {"vm_state": s.ERROR if error else (s.STOPPED if was_stopped else s.ACTIVE), "task_state": None,
                  "power_state": self._power(instance["uuid"]), "launched_at": "@now"}
        await self.conductor.action_done(instance_uuid=instance["uuid"], request_id=request_id,
                            event="compute_rebuild_instance", values=values, host=self.host, error=error)

    async def snapshot_instance(self, instance: dict[str, Any], request_id: str, image_id: str) -> None:
        await self.conductor.instance_update(instance_uuid=instance["uuid"],
                            values={"task_state": s.IMAGE_UPLOADING})
        await self.driver.snapshot(instance, image_id)
        await self.conductor.action_done(instance_uuid=instance["uuid"], request_id=request_id,
                            event="compute_snapshot_instance", values={"task_state": None}, host=self.host)

    async def shelve_instance(self, instance: dict[str, Any], request_id: str, offload: bool) -> None:
        await self.driver.power_off(instance)
        await self.driver.snapshot(instance, "")
        await self.conductor.action_done(wait=True, instance_uuid=instance["uuid"], request_id=request_id,
                            event="compute_shelve_instance", host=self.host,
                            values={"vm_state": s.SHELVED, "task_state": s.SHELVING_OFFLOADING if offload else None,
                                    "power_state": s.SHUTDOWN})
        if offload:
            await self.conductor.shelve_offload(instance_uuid=instance["uuid"], request_id=request_id)

    # -- moves (the conductor drives them, step by step) ---------------------------------------
    async def migrate_out(self, instance: dict[str, Any], dest: str) -> None:
        await self.driver.migrate_disk_and_power_off(instance, dest)

    async def migrate_in(self, instance: dict[str, Any], power_on: bool, paused: bool = False) -> int:
        await self.driver.finish_migration(instance, power_on or paused)
        if paused:
            await self.driver.pause(instance)
        return self._power(instance["uuid"])

    # -- questions ---------------------------------------------------------------------------------
    async def get_console_output(self, instance: dict[str, Any]) -> str:
        return self.driver.get_console_output(instance)

    async def get_diagnostics(self, instance: dict[str, Any]) -> dict[str, Any]:
        return self.driver.get_diagnostics(instance)

    async def get_power_state(self, instance_uuid: str) -> int:
        return self._power(instance_uuid)

    async def attach_volume(self, instance: dict[str, Any], volume_id: str, mountpoint: str) -> None:
        await self.driver.attach_volume(instance, volume_id, mountpoint)

    async def detach_volume(self, instance: dict[str, Any], volume_id: str) -> None:
        await self.driver.detach_volume(instance, volume_id)

    async def attach_interface(self, instance: dict[str, Any], vif: dict[str, Any]) -> None:
        await self.driver.attach_interface(instance, vif)

    async def detach_interface(self, instance: dict[str, Any], port_id: str) -> None:
        await self.driver.detach_interface(instance, port_id)

    def reset(self) -> None:
        """The store was wiped: the hypervisor forgets its guests too."""
        getattr(self.driver, "instances", {}).clear()
