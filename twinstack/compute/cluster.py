"""Compute's running parts split over processes (``twinstack role``): which topics a role serves, the
heartbeats each sends, the build-timeout reaper of the conductor, and the compute agent, a process
that carries many fake hosts and holds no store at all: it learns its hosts' node records from the
conductor and reports everything back to it over the bus, as the seed's nova-compute nodes do."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.conductor.rpcapi import TOPIC as CONDUCTOR_TOPIC
from twinstack.compute.conductor.rpcapi import ConductorAPI
from twinstack.compute.manager import states as s
from twinstack.compute.manager.compute import ComputeManager
from twinstack.compute.manager.hosts import control_host
from twinstack.compute.scheduler.rpcapi import TOPIC as SCHEDULER_TOPIC
from twinstack.compute.virt.driver import load_driver
from twinstack.core.clock import Clock

if TYPE_CHECKING:
    from twinstack.compute.runtime import Runtime

log = logging.getLogger("twinstack.compute.cluster")
BEAT_CHUNK = 2500


def parse_hosts(spec: str) -> list[str]:
    """``compute-[1-2500]``, ``a,b,c`` or a mix (``compute-[1-3],gpu-1``) as host names."""
    names: list[str] = []
    for part in re.split(r",(?![^\[]*\])", spec):
        part = part.strip()
        m = re.fullmatch(r"(.*)\[(\d+)-(\d+)\](.*)", part)
        if m:
            names.extend(f"{m[1]}{i}{m[4]}" for i in range(int(m[2]), int(m[3]) + 1))
        elif part:
            names.append(part)
    return names


# -- roles of a cloud process (api, conductor, scheduler) -------------------------------------------------
async def start(rt: Runtime, link: Any) -> None:
    """Serve what ``link.role`` serves; the API role serves nothing and only sends."""
    rt.bus = link.bus
    rt.cluster = link
    rt.running = True
    tasks: list[asyncio.Task[Any]] = []
    effects = getattr(rt.cloud.faults, "effects", None)
    if effects is not None:  # the records change here; the agent's manager beats on, forced down
        effects["host_down"] = rt.host_down
        effects["host_up"] = rt.host_up
    if link.role == "conductor":
        if CONDUCTOR_TOPIC not in link.bus._consumers:
            await link.bus.serve_async(CONDUCTOR_TOPIC, rt.conductor)
        tasks.append(asyncio.get_running_loop().create_task(_control_beats(rt, "nova-conductor")))
        tasks.append(asyncio.get_running_loop().create_task(_reap_builds(rt)))
    elif link.role == "scheduler":
        if SCHEDULER_TOPIC not in link.bus._consumers:
            await link.bus.serve_async(SCHEDULER_TOPIC, rt.scheduler)
        tasks.append(asyncio.get_running_loop().create_task(_control_beats(rt, "nova-scheduler")))
    rt.cluster_tasks = tasks


async def _control_beats(rt: Runtime, binary: str) -> None:
    interval = float(rt.settings.get("report_interval", 10))
    while True:
        try:
            await rt.conductor_api.service_heartbeat(host=control_host(rt.cloud.model.compute), binary=binary)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("%s heartbeat failed", binary, exc_info=True)
        await asyncio.sleep(interval)


async def _reap_builds(rt: Runtime) -> None:
    """Nova's ``instance_build_timeout``: a build no process finished (its message lost with a broker, its
    agent killed mid-spawn) ends in ERROR with a fault instead of staying BUILD for ever."""
    timeout = float(rt.settings.get("build_timeout", 120))
    await asyncio.sleep(timeout)  # what waited in the queue while this conductor was down goes first
    while True:
        cutoff = rt.cloud.clock.now() - timedelta(seconds=timeout)
        c = t.instances.c
        with rt.cloud.store.read() as conn:
            stuck = conn.execute(sa.select(c.uuid).where(c.deleted.is_(False), c.vm_state == s.BUILDING,
                                                         c.updated_at < cutoff)).scalars().all()
            for uuid in stuck:
                rid = conn.execute(sa.select(t.instance_actions.c.request_id).where(
                    t.instance_actions.c.instance_uuid == uuid).order_by(t.instance_actions.c.id)).scalar()
                message = f"Build of instance {uuid} timed out after {timeout:g} seconds"
                rt.conductor._build_error(uuid, rid or "", message, message)
        if stuck:
            log.warning("build timeout: %d instances put in ERROR", len(stuck))
        await asyncio.sleep(max(timeout / 4, 0.5))


def host_up(rt: Runtime, host: str) -> bool:
    """A compute host is running when its nova-compute service beats (the agents are elsewhere)."""
    down_after = float(rt.settings.get("service_down_time", 60))
    with rt.cloud.store.read() as conn:
        row = conn.execute(sa.select(t.services.c.forced_down, t.services.c.last_seen_up).where(
            t.services.c.host == host, t.services.c.binary == "nova-compute")).first()
    if row is None or row.forced_down or row.last_seen_up is None:
        return False
    return bool(row.last_seen_up >= rt.cloud.clock.now() - timedelta(seconds=down_after))


def stop(rt: Runtime) -> None:
    for task in getattr(rt, "cluster_tasks", []):
        task.cancel()
    rt.cluster_tasks = []


# -- the compute agent: no store, only the broker ------------------------------------------------------------
class Agent:
    def __init__(self, transport_url: str, hosts: list[str], name: str, report_interval: float = 10.0,
                 timeout: float = 60.0, prefix: str = "twinstack") -> None:
        from twinstack.core.bus_rabbit import ClusterBus

        self.name = name
        self.wanted = hosts
        self.report_interval = report_interval
        self.bus = ClusterBus(transport_url, f"agent-{name}", timeout=timeout, prefix=prefix)
        self.clock = Clock("real")
        self.conductor = ConductorAPI(self.bus)
        self.managers: dict[str, ComputeManager] = {}

    async def start(self) -> None:
        await self.bus.connect()
        self.bus.on_broadcast(self._on_broadcast)
        nodes: list[dict[str, Any]] = []
        for i in range(0, len(self.wanted), BEAT_CHUNK):
            while True:  # the conductor may not be up yet: wait for it, as nova-compute does
                try:
                    nodes += await self.conductor.compute_nodes(hosts=self.wanted[i:i + BEAT_CHUNK])
                    break
                except Exception as exc:
                    log.warning("agent %s: waiting for the conductor (%s)", self.name, exc)
                    await asyncio.sleep(1)
        for node in nodes:
            driver = load_driver(node["compute_driver"], node["host"], node)
            if hasattr(driver, "clock"):
                driver.clock = self.clock
            self.managers[node["host"]] = ComputeManager(node["host"], driver, self.bus, self.report_interval,
                                                         self.clock)
        missing = sorted(set(self.wanted) - set(self.managers))
        if missing:
            log.warning("agent %s: %d hosts are not in the cloud's model (%s...)", self.name, len(missing),
                        ", ".join(missing[:3]))
        await self.bus.serve_hosts(self.name, dict(self.managers))
        await self.beat()

    async def beat(self) -> None:
        hosts = list(self.managers)
        for i in range(0, len(hosts), BEAT_CHUNK):
            await self.conductor.service_heartbeats(hosts=hosts[i:i + BEAT_CHUNK])

    async def _on_broadcast(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "clock":
            value = data.get("value")
            if value:
                from datetime import datetime

                self.clock.mode, self.clock.offset = value["mode"], float(value["offset"])
                self.clock._frozen_at = datetime.fromisoformat(value["frozen_at"])
                self.clock._wake(float("inf") if self.clock.mode == "real" else self.clock.offset)
        elif kind == "epoch":  # the cloud was reset: the hypervisors forget their guests
            for manager in self.managers.values():
                manager.reset()

    async def run(self) -> None:
        await self.start()
        log.warning("agent %s: serving %d hosts", self.name, len(self.managers))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self.report_interval)
            except TimeoutError:
                try:
                    await self.beat()
                except Exception:
                    log.warning("agent %s: heartbeat failed", self.name, exc_info=True)
        await self.bus.close()
