"""Compute's running parts, wired once per cloud: the bus, the conductor, the scheduler and one
compute manager per host. API handlers reach them through ``runtime(cloud)``."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.conductor.manager import ConductorManager
from twinstack.compute.conductor.rpcapi import TOPIC as CONDUCTOR_TOPIC
from twinstack.compute.conductor.rpcapi import ConductorAPI
from twinstack.compute.conductor.startup import init_instances
from twinstack.compute.manager.compute import ComputeManager
from twinstack.compute.manager.hosts import control_host
from twinstack.compute.rpcapi import ComputeAPI
from twinstack.compute.scheduler.manager import SchedulerManager
from twinstack.compute.scheduler.rpcapi import TOPIC as SCHEDULER_TOPIC
from twinstack.compute.scheduler.rpcapi import SchedulerAPI
from twinstack.compute.virt.driver import load_driver
from twinstack.core.bus import LocalBus, RabbitBus

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.compute")


class Runtime:
    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self.settings: dict[str, Any] = dict(cloud.model.compute.settings)
        self.bus: Any = LocalBus()
        self.conductor = ConductorManager(cloud, self)
        self.scheduler = SchedulerManager(cloud, self.settings)
        self.managers: dict[str, ComputeManager] = {}
        self.running = False
        self._control: asyncio.Task[None] | None = None
        self.cluster: Any = None  # twinstack.cluster.link.ClusterLink when this process is one role of many
        self.cluster_tasks: list[asyncio.Task[Any]] = []

    async def start(self) -> None:
        link = getattr(self.cloud, "cluster", None)
        if link is not None:  # one role of a cluster (twinstack role ...): compute/cluster.py wires it
            from twinstack.compute import cluster

            await cluster.start(self, link)
            return
        if self.settings.get("bus") == "rabbitmq":
            # queues named per cloud, so two clouds on one broker never take each other's messages
            bus = RabbitBus(self.settings.get("bus_url", "amqp://guest:guest@127.0.0.1:5672/"),
                            prefix=f"twinstack-{uuid.uuid4().hex[:12]}")
            await bus.connect()
            self.bus = bus
            await bus.serve_async(CONDUCTOR_TOPIC, self.conductor)
            await bus.serve_async(SCHEDULER_TOPIC, self.scheduler)
        else:
            self.bus.serve(CONDUCTOR_TOPIC, self.conductor)
            self.bus.serve(SCHEDULER_TOPIC, self.scheduler)
        init_instances(self.conductor)  # what an earlier run (a crash) left building or mid-task
        with self.cloud.store.read() as conn:
            nodes = [dict(r) for r in conn.execute(sa.select(t.nodes)).mappings()]
        self.running = True
        self.sync_hosts(nodes)
        effects = getattr(self.cloud.faults, "effects", None)
        if effects is not None:
            effects["host_down"] = self.host_down
            effects["host_up"] = self.host_up
        self._control = asyncio.get_running_loop().create_task(self._beats())

    async def _beats(self) -> None:
        """Every ``report_interval``: nova-conductor and nova-scheduler heartbeat (so os-services shows
        them up), and so does every running compute manager, all of them in one bus message: with
        10,000 hosts, one task and one message per period rather than 10,000 of each. A stopped
        manager (host_down) is no longer in ``managers`` and stops beating, as a dead host would."""
        interval = float(self.settings.get("report_interval", 10))
        while True:
            for binary in ("nova-conductor", "nova-scheduler"):
                try:
                    await self.conductor_api.service_heartbeat(host=control_host(self.cloud.model.compute),
                                                               binary=binary)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.debug("control heartbeat failed", exc_info=True)
            hosts = list(self.managers)
            for i in range(0, len(hosts), 5000):
                try:
                    await self.conductor_api.service_heartbeats(hosts=hosts[i:i + 5000])
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.debug("compute heartbeats failed", exc_info=True)
            await self.cloud.clock.sleep(interval)

    def sync_hosts(self, nodes: list[dict[str, Any]]) -> None:
        """One manager per node, each with the driver its ``compute_driver`` names."""
        if not self.running:
            return
        for manager in self.managers.values():
            manager.stop()
        self.managers = {}
        interval = float(self.settings.get("report_interval", 10))
        for node in nodes:
            driver = load_driver(node["compute_driver"], node["host"], node)
            if hasattr(driver, "clock"):
                driver.clock = self.cloud.clock
            manager = ComputeManager(node["host"], driver, self.bus, interval, self.cloud.clock)
            manager.start(heartbeat=False)
            self.managers[node["host"]] = manager

    # -- fault engine outcomes ------------------------------------------------------------------
    def _fault_host(self, rule: Any) -> str:
        host = rule.action.params.get("host") or rule.match.host
        with self.cloud.store.read() as conn:
            if conn.execute(sa.select(t.nodes.c.id).where(t.nodes.c.host == host)).first() is None:
                from twinstack.core.errors import ApiError

                raise ApiError(400, f"Compute host {host} could not be found.")
        return str(host)

    def host_down(self, rule: Any) -> None:
        """The host dies: its compute service stops beating and is down, its servers are SHUTOFF."""
        host = self._fault_host(rule)
        manager = self.managers.pop(host, None)
        if manager is not None:
            manager.stop()
        now = self.cloud.clock.now()
        with self.cloud.store.begin() as conn:
            conn.execute(t.services.update().where(t.services.c.host == host, t.services.c.binary == "nova-compute")
                         .values(forced_down=True, updated_at=now))
            conn.execute(t.instances.update().where(
                t.instances.c.host == host, t.instances.c.deleted.is_(False),
                t.instances.c.vm_state.in_(("active", "paused", "suspended", "rescued"))).values(
                vm_state="stopped", power_state=4, task_state=None, updated_at=now))

    def host_up(self, rule: Any) -> None:
        host = self._fault_host(rule)
        with self.cloud.store.begin() as conn:
            conn.execute(
                t.services.update()
                .where(t.services.c.host == host, t.services.c.binary == "nova-compute")
                .values(forced_down=False, last_seen_up=self.cloud.clock.now(), updated_at=self.cloud.clock.now())
            )
            node = conn.execute(sa.select(t.nodes).where(t.nodes.c.host == host)).mappings().first()
        if node is not None and host not in self.managers and self.running and self.cluster is None:
            driver = load_driver(node["compute_driver"], host, dict(node))
            if hasattr(driver, "clock"):
                driver.clock = self.cloud.clock
            manager = ComputeManager(
                host, driver, self.bus, float(self.settings.get("report_interval", 10)), self.cloud.clock
            )
            manager.start(heartbeat=False)
            self.managers[host] = manager

    # typed clients on the bus in use (it is replaced by a RabbitBus at start when the model says so)
    @property
    def conductor_api(self) -> ConductorAPI:
        return ConductorAPI(self.bus)

    @property
    def scheduler_api(self) -> SchedulerAPI:
        return SchedulerAPI(self.bus)

    @property
    def compute_api(self) -> ComputeAPI:
        return ComputeAPI(self.bus)

    def serving(self, host: str) -> bool:
        if self.cluster is not None:  # the managers run in agents: a host serves while its service beats
            from twinstack.compute import cluster

            return cluster.host_up(self, host)
        return host in self.managers

    def reset(self) -> None:
        """The store is being wiped: stop what is in flight; load_model brings new hosts."""
        if isinstance(self.bus, LocalBus):
            self.bus.cancel_all()
        for manager in self.managers.values():
            manager.reset()

    async def stop(self) -> None:
        if self.cluster is not None:  # the bus belongs to the process's cluster link, which outlives resets
            from twinstack.compute import cluster

            cluster.stop(self)
            return
        self.running = False
        if self._control is not None:
            self._control.cancel()
        for manager in self.managers.values():
            manager.stop()
        self.managers = {}
        await self.bus.close()


def runtime(cloud: Cloud) -> Runtime:
    for provider in cloud.providers:
        if provider.name == "compute":
            return provider.runtime_for(cloud)  # type: ignore[attr-defined]
    raise RuntimeError("compute is not running in this cloud")
