"""The fake hypervisor (nova/virt/fake.py in spirit): instances are entries in a dict, each step
takes ``boot_seconds``/``action_seconds`` and spawn fails at ``boot_failure_rate``, all model data."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from twinstack.compute.virt.driver import PAUSED, RUNNING, SHUTDOWN, SUSPENDED, DriverError, InstanceInfo


class FakeDriver:
    def __init__(self, host: str, node: dict[str, Any]) -> None:
        self.host = host
        self.node = node
        config = node.get("driver_config") or {}
        self.boot_seconds = float(config.get("boot_seconds", 0.0))
        self.action_seconds = float(config.get("action_seconds", 0.0))
        self.failure_rate = float(config.get("boot_failure_rate", 0.0))
        self.failure_message = str(config.get("failure_message", "Fake driver: spawn failed"))
        self.instances: dict[str, dict[str, Any]] = {}
        self._rng: random.Random | None = None  # made on first use: seeding 10,000 at start-up adds up
        self.clock: Any = None  # the cloud's clock, given by the runtime

    @property
    def _random(self) -> random.Random:
        if self._rng is None:
            self._rng = random.Random(self.host)
        return self._rng

    async def _take(self, seconds: float) -> None:
        """Every step takes cloud time: with a manual clock it waits for ``/_twinstack/clock/advance``.
        A step that takes no time on a real clock takes no turn of the event loop either: a zero-time
        boot is done before the next request is read, as mimic's and a fast cloud's are."""
        if seconds <= 0 and (self.clock is None or not self.clock.manual):
            return
        if self.clock is not None:
            await self.clock.sleep(seconds)
        else:
            await asyncio.sleep(seconds)

    def _get(self, instance: dict[str, Any]) -> dict[str, Any]:
        found = self.instances.get(instance["uuid"])
        if found is None:  # a manager restarted, or the instance came from another host: adopt it
            found = self.instances[instance["uuid"]] = {"state": RUNNING, "flavor": instance.get("flavor") or {}}
        return found

    def _set(self, instance: dict[str, Any], state: int) -> None:
        self._get(instance)["state"] = state

    async def spawn(self, instance: dict[str, Any], image: dict[str, Any] | None) -> None:
        await self._take(self.boot_seconds)
        if self.failure_rate and self._random.random() < self.failure_rate:
            raise DriverError(self.failure_message)
        self.instances[instance["uuid"]] = {"state": RUNNING, "flavor": instance.get("flavor") or {}}

    async def destroy(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self.instances.pop(instance["uuid"], None)

    async def reboot(self, instance: dict[str, Any], hard: bool) -> None:
        await self._take(self.action_seconds)
        self._set(instance, RUNNING)

    async def power_off(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, SHUTDOWN)

    async def power_on(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, RUNNING)

    async def pause(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, PAUSED)

    async def unpause(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, RUNNING)

    async def suspend(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, SUSPENDED)

    async def resume(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, RUNNING)

    async def rescue(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, RUNNING)

    async def unrescue(self, instance: dict[str, Any]) -> None:
        await self._take(self.action_seconds)
        self._set(instance, RUNNING)

    async def migrate_disk_and_power_off(self, instance: dict[str, Any], dest: str) -> None:
        await self._take(self.action_seconds)
        self.instances.pop(instance["uuid"], None)

    async def finish_migration(self, instance: dict[str, Any], power_on: bool) -> None:
        await self._take(self.action_seconds)
        self.instances[instance["uuid"]] = {"state": RUNNING if power_on else SHUTDOWN,
                                            "flavor": instance.get("flavor") or {}}

    async def snapshot(self, instance: dict[str, Any], image_id: str) -> None:
        await self._take(self.action_seconds)

    async def attach_volume(self, instance: dict[str, Any], volume_id: str, mountpoint: str) -> None:
        self._get(instance).setdefault("volumes", {})[volume_id] = mountpoint

    async def detach_volume(self, instance: dict[str, Any], volume_id: str) -> None:
        self._get(instance).setdefault("volumes", {}).pop(volume_id, None)

    async def attach_interface(self, instance: dict[str, Any], vif: dict[str, Any]) -> None:
        self._get(instance).setdefault("vifs", {})[vif.get("port_id", "")] = vif

    async def detach_interface(self, instance: dict[str, Any], port_id: str) -> None:
        self._get(instance).setdefault("vifs", {}).pop(port_id, None)

    def get_info(self, instance_uuid: str) -> InstanceInfo:
        found = self.instances.get(instance_uuid)
        if found is None:
            return InstanceInfo(power_state=SHUTDOWN)
        flavor = found.get("flavor") or {}
        ram_kb = int(flavor.get("ram", 0)) * 1024
        return InstanceInfo(found["state"], ram_kb, ram_kb, int(flavor.get("vcpus", 0)), 0)

    def get_console_output(self, instance: dict[str, Any]) -> str:
        name = instance.get("hostname") or instance.get("display_name") or "fake"
        lines = ["FAKE CONSOLE OUTPUT", f"Booting {name} on {self.host} (fake hypervisor)",
                 "[    0.000000] Linux version 5.15.0-fake", "[    0.100000] Command line: console=ttyS0",
                 "[    1.000000] EXT4-fs (vda1): mounted filesystem", "cloud-init: running modules for init",
                 "cloud-init: running modules for config", "cloud-init: running modules for final",
                 f"Instance {instance['uuid']} is running", "", f"{name} login: ",
                 "ANOTHER", "LAST LINE"]
        return "\n".join(lines)

    def get_diagnostics(self, instance: dict[str, Any]) -> dict[str, Any]:
        info = self.get_info(instance["uuid"])
        return {"cpu0_time": 17300000000, "memory": info.mem_kb or 524288, "memory-actual": info.mem_kb or 524288,
                "memory-rss": 98304, "vda_errors": -1, "vda_read": 262144, "vda_read_req": 112,
                "vda_write": 5778432, "vda_write_req": 488, "tap1_rx": 2070139, "tap1_rx_drop": 0,
                "tap1_rx_errors": 0, "tap1_rx_packets": 26701, "tap1_tx": 140208, "tap1_tx_drop": 0,
                "tap1_tx_errors": 0, "tap1_tx_packets": 662}

    def available_resources(self) -> dict[str, Any]:
        n = self.node
        return {"vcpus": n["vcpus"], "memory_mb": n["memory_mb"], "local_gb": n["local_gb"],
                "hypervisor_type": "fake", "hypervisor_version": 1000, "hypervisor_hostname": n["hypervisor_hostname"]}

    def list_instances(self) -> list[str]:
        return list(self.instances)
