"""The conductor's typed client (Nova's conductor/rpcapi.py, small): one method per message the API
and the compute managers send on topic ``conductor``, so no caller spells a method name as a string.
Arguments travel as JSON keyword arguments; instances travel as uuids, flavors as plain dicts."""

from __future__ import annotations

from typing import Any

from twinstack.core.bus import Bus

TOPIC = "conductor"


class ConductorAPI:
    def __init__(self, bus: Bus) -> None:
        self.bus = bus

    # -- from the compute API: start the work of a request (casts) --------------------------
    async def build_instances(self, *, request_id: str, instance_uuids: list[str],
                              instances: list[dict[str, Any]] | None = None) -> None:
        """``instances``: what scheduling needs of each (instances.build_request), as the API recorded it."""
        await self.bus.cast(TOPIC, "build_instances", request_id=request_id, instance_uuids=instance_uuids,
                            instances=instances)

    async def terminate_instance(self, *, request_id: str, instance_uuid: str,
                                 instance: dict[str, Any] | None = None) -> None:
        """``instance``: its wire form as the API read it when it marked the instance deleting."""
        await self.bus.cast(TOPIC, "terminate_instance", request_id=request_id, instance_uuid=instance_uuid,
                            instance=instance)

    async def migrate_server(self, *, request_id: str, instance_uuid: str, flavor: dict[str, Any] | None,
                             requested_host: str | None = None) -> None:
        """A resize (``flavor`` set) or a cold migration (``flavor`` None, maybe to ``requested_host``)."""
        await self.bus.cast(TOPIC, "migrate_server", request_id=request_id, instance_uuid=instance_uuid,
                            flavor=flavor, requested_host=requested_host)

    async def confirm_resize(self, *, request_id: str, instance_uuid: str) -> None:
        await self.bus.cast(TOPIC, "confirm_resize", request_id=request_id, instance_uuid=instance_uuid)

    async def revert_resize(self, *, request_id: str, instance_uuid: str) -> None:
        await self.bus.cast(TOPIC, "revert_resize", request_id=request_id, instance_uuid=instance_uuid)

    async def live_migrate(self, *, request_id: str, instance_uuid: str, requested_host: str | None) -> None:
        await self.bus.cast(TOPIC, "live_migrate", request_id=request_id, instance_uuid=instance_uuid,
                            requested_host=requested_host)

    async def evacuate(self, *, request_id: str, instance_uuid: str, requested_host: str | None,
                       stop: bool) -> None:
        await self.bus.cast(TOPIC, "evacuate", request_id=request_id, instance_uuid=instance_uuid,
                            requested_host=requested_host, stop=stop)

    async def shelve_offload(self, *, request_id: str, instance_uuid: str) -> None:
        await self.bus.cast(TOPIC, "shelve_offload", request_id=request_id, instance_uuid=instance_uuid)

    async def unshelve(self, *, request_id: str, instance_uuid: str, availability_zone: str | None,
                       requested_host: str | None) -> None:
        await self.bus.cast(TOPIC, "unshelve", request_id=request_id, instance_uuid=instance_uuid,
                            availability_zone=availability_zone, requested_host=requested_host)

    # -- from a compute manager: what happened on the host ----------------------------------
    async def build_failed(self, *, request_id: str, instance_uuid: str, host: str, message: str,
                           tried: list[str]) -> None:
        await self.bus.cast(TOPIC, "build_failed", instance_uuid=instance_uuid, host=host, message=message,
                            request_id=request_id, tried=tried)

    async def build_succeeded(self, *, request_id: str, instance_uuid: str, host: str, power_state: int) -> None:
        await self.bus.cast(TOPIC, "build_succeeded", instance_uuid=instance_uuid, host=host,
                            request_id=request_id, power_state=power_state)

    async def instance_destroyed(self, *, request_id: str, instance_uuid: str, host: str) -> None:
        await self.bus.cast(TOPIC, "instance_destroyed", instance_uuid=instance_uuid, request_id=request_id,
                            host=host)

    async def action_done(self, *, request_id: str, instance_uuid: str, event: str, values: dict[str, Any],
                          host: str, error: str | None = None, wait: bool = False) -> None:
        """An action finished on the host. ``wait`` makes it a call, for a manager that must know the
        record is written before it sends its next message (shelve, then offload)."""
        send = self.bus.call if wait else self.bus.cast
        await send(TOPIC, "action_done", instance_uuid=instance_uuid, request_id=request_id, event=event,
                   values=values, host=host, error=error)

    async def instance_update(self, *, instance_uuid: str, values: dict[str, Any]) -> None:
        """A task_state step in the middle of an action (a call: the record moves before the work)."""
        await self.bus.call(TOPIC, "instance_update", instance_uuid=instance_uuid, values=values)

    async def service_heartbeat(self, *, host: str, binary: str = "nova-compute") -> None:
        await self.bus.call(TOPIC, "service_heartbeat", host=host, binary=binary)

    async def service_heartbeats(self, *, hosts: list[str]) -> None:
        """The beats of many nova-compute hosts in one message."""
        await self.bus.call(TOPIC, "service_heartbeats", hosts=hosts)

    async def compute_nodes(self, *, hosts: list[str]) -> list[dict[str, Any]]:
        """A compute agent starting: the node records of the hosts it carries (it holds no store)."""
        return await self.bus.call(TOPIC, "compute_nodes", hosts=hosts)
