"""The conductor endpoint (topic ``conductor``, called through conductor/rpcapi.py): schedules builds
and moves, hands them to compute managers over the bus, and writes what the managers report (host,
vm_state, power state, faults, ports, volumes, allocations); compute managers never touch the store."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.conductor.moves import MoveTasks
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import placement_client as pc
from twinstack.compute.manager import states as s
from twinstack.compute.manager import volumes
from twinstack.compute.scheduler.manager import NO_VALID_HOST
from twinstack.core.bus import NoSuchTopic, RemoteError
from twinstack.network import local as network_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.compute.runtime import Runtime

log = logging.getLogger("twinstack.compute.conductor")

# Statements built once, parameters bound per call (the store runs a statement it has seen before on the
# database cursor directly): every build and delete runs them.
_INSTANCE = sa.select(t.instances).where(t.instances.c.uuid == sa.bindparam("b_uuid"))
_WRITE = t.instances.update().where(t.instances.c.uuid == sa.bindparam("b_uuid"))
# what _live() tests, in the UPDATE itself: an instance deleted (or being deleted) meanwhile is left alone
_WRITE_LIVE = _WRITE.where(t.instances.c.deleted.is_(False),
                           sa.func.coalesce(t.instances.c.task_state, "") != s.DELETING)
# what destroy_record reads of the instance it gives everything back for (no JSON column but its volumes)
_OPEN_MIGRATIONS = sa.select(t.migrations.c.uuid, t.migrations.c.source_compute).where(
    t.migrations.c.instance_uuid == sa.bindparam("b_uuid"),
    t.migrations.c.status.notin_(("confirmed", "reverted", "error", "completed", "done", "failed", "cancelled")))
# with whether it has a move in flight or a server group to leave (most have neither: then neither is
# asked or written on its own) and its node
_DESTROYING = sa.select(
    t.instances.c.uuid, t.instances.c.host, t.instances.c.deleted, t.instances.c.block_devices,
    sa.exists(_OPEN_MIGRATIONS.with_only_columns(t.migrations.c.id)).label("moving"),
    sa.exists().where(t.server_group_members.c.instance_id == t.instances.c.uuid).label("grouped"),
    # its host's node, whose usage follows (compute_nodes.host is unique)
    sa.select(t.nodes.c.uuid).where(t.nodes.c.host == t.instances.c.host).scalar_subquery().label("node_uuid"),
).where(t.instances.c.uuid == sa.bindparam("b_uuid"))
_LEAVE_GROUPS = t.server_group_members.delete().where(t.server_group_members.c.instance_id == sa.bindparam("b_uuid"))
# what a build reads of the instance it places: what the compute manager is sent and what the ports and
# volumes are made from (no description, user data, tags, fault... to decode)
_CLAIMING = sa.select(
    *(t.instances.c[name] for name in dict.fromkeys(
        (*inst.WIRE_FIELDS, "requested_networks", "security_groups", "block_devices", "deleted")))
).where(t.instances.c.uuid == sa.bindparam("b_uuid"))


class _Gone(Exception):
    """The instance was deleted while its ports were made: raised out of the transaction, so they are undone."""


class _BuildAborted(Exception):
    """Ports or volumes of a build failed: raised out of its transaction, so all of it is rolled back."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# network failures Nova's _build_and_run_instance words itself in the fault (the exception is only logged)
_NETWORK_NOT_RESCHEDULED = frozenset({"ExternalNetworkAttachForbidden"})


def _abort_reason(exc: Exception) -> str:
    if getattr(exc, "kind", None) in _NETWORK_NOT_RESCHEDULED:
        return "Failed to allocate the network(s), not rescheduling."
    return str(getattr(exc, "message", exc))


class ConductorManager(MoveTasks):
    def __init__(self, cloud: Cloud, runtime: Runtime) -> None:
        self.cloud = cloud
        self.rt = runtime
        self._beats: set[tuple[str, str]] = set()
        self._flush: asyncio.Task[None] | None = None

    # -- helpers ----------------------------------------------------------------------------
    @property
    def max_attempts(self) -> int:
        return int(self.rt.settings.get("max_attempts", 3))

    def _now(self) -> datetime:
        return self.cloud.clock.now()

    def _write(self, conn: Any, uuid: str, values: dict[str, Any], statement: Any = _WRITE) -> int:
        now = self._now()
        values = {k: (now if v == "@now" else v) for k, v in values.items()}
        values["updated_at"] = now
        # the columns set are the parameters' names: one statement, compiled once per set of columns
        return int(conn.execute(statement, {"b_uuid": uuid, **values}).rowcount)

    def _write_live(self, conn: Any, uuid: str, values: dict[str, Any]) -> bool:
        """``_write`` if the instance is live (``_live``'s test, without reading the row): whether it was."""
        return self._write(conn, uuid, values, _WRITE_LIVE) > 0

    def _fault(self, message: str, code: int = 500, details: str = "") -> dict[str, Any]:
        return {"code": code, "message": message, "details": details, "created": self._now().isoformat()}

    def _live(self, conn: Any, uuid: str, statement: Any = _INSTANCE) -> dict[str, Any] | None:
        """The instance's row (``statement``'s columns), None if it is deleted or being deleted."""
        row = conn.execute(statement, {"b_uuid": uuid}).mappings().first()
        if row is None or row["deleted"] or row["task_state"] == s.DELETING:
            return None
        return dict(row)

    def _spec(self, row: dict[str, Any], flavor: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        sysmeta = row.get("system_metadata") or {}
        hints = row.get("scheduler_hints") or {}
        group = hints.get("group")
        spec = {"instance_uuid": row["uuid"], "consumer": row["uuid"], "project_id": row["project_id"],
                "user_id": row["user_id"], "flavor": flavor or row["flavor"],
                "image": {"properties": sysmeta.get("image_properties") or {}},
                "availability_zone": sysmeta.get("requested_az"), "scheduler_hints": hints,
                "group_id": group[0] if isinstance(group, list) else group,
                "requested_host": sysmeta.get("requested_host"), "ignore_hosts": []}
        spec.update(extra)
        return spec

    async def _select(self, spec: dict[str, Any]) -> dict[str, Any] | None:
        try:
            return await self.rt.scheduler_api.select_destinations(spec=spec)
        except RemoteError as exc:
            if exc.exc_type == "NoValidHost":
                return None
            raise

    def _finish_error(self, conn: Any, uuid: str, request_id: str, event: str, message: str) -> None:
        inst.add_event(conn, self._now(), uuid, request_id, event, "Error", traceback=message, finish=True)

    @property
    def schedule_seconds(self) -> float:
        """Cloud time a build waits in the conductor before it is scheduled (0 by default: at once). A real
        cloud's conductor and scheduler take a second or so, so for that long a new server is BUILD with no
        host and no ports; clients written against DevStack sometimes lean on that window."""
        return float(self.rt.settings.get("schedule_seconds", 0) or 0)

    # -- builds -----------------------------------------------------------------------------
    async def build_instances(self, instance_uuids: list[str], request_id: str,
                              instances: list[dict[str, Any]] | None = None) -> None:
        """``instances`` (what the API recorded of each, instances.build_request) spare a read of each row
        before it is scheduled; one deleted meanwhile is found so where its host is written, and its claim
        given back."""
        if self.schedule_seconds > 0:
            await self.cloud.clock.sleep(self.schedule_seconds)
        given = {i["uuid"]: i for i in instances or []}
        for n, uuid in enumerate(instance_uuids):
            if n:  # a multi-create of hundreds: let requests in between its builds
                await asyncio.sleep(0)
            await self._schedule_and_build(uuid, request_id, [], instance=given.get(uuid))

    async def _schedule_and_build(self, uuid: str, request_id: str, tried: list[str],
                                  last_error: str | None = None, instance: dict[str, Any] | None = None) -> None:
        row = instance
        if row is None:  # a reschedule: the row as it is now
            with self.cloud.store.read() as conn:
                row = self._live(conn, uuid)
            if row is None:
                return
        exhausted = (f"Exceeded maximum number of retries. Exhausted all hosts available for retrying build "
                     f"failures for instance {uuid}.")
        if len(tried) >= self.max_attempts:
            self._build_error(uuid, request_id, exhausted, last_error or exhausted,
                              event="conductor_schedule_and_build_instances")
            return
        faults = self.cloud.faults
        who = {"project_id": row["project_id"], "user_id": row["user_id"], "name": row["display_name"]}
        forced = faults.check("compute.schedule", **who)
        if forced is not None and forced.action.outcome == "no_valid_host":
            self._build_error(
                uuid, request_id, NO_VALID_HOST, NO_VALID_HOST, event="conductor_schedule_and_build_instances"
            )
            return
        dest = await self._select(self._spec(row, ignore_hosts=tried))
        if dest is not None:
            rule = faults.check("compute.build", host=dest["host"], **who)
            if rule is not None and (
                rule.action.outcome == "server_error" or (rule.action.outcome == "reschedule" and not tried)
            ):
                message = rule.action.message or rule.action.params.get("message") or "Injected build failure"
                if rule.action.outcome == "server_error":  # ERROR at once, no reschedule
                    self._build_error(uuid, request_id, message, message)
                    with self.cloud.store.begin() as conn:
                        inst.refresh_usage(self.cloud, conn, [dest["host"]], [dest["node_uuid"]])
                else:
                    await self.build_failed(uuid, dest["host"], message, request_id, tried + [dest["host"]])
                return
        if dest is None and tried:  # a reschedule with no alternate left: Nova's MaxRetriesExceeded
            self._build_error(
                uuid, request_id, exhausted, last_error or exhausted, event="conductor_schedule_and_build_instances"
            )
            return
        if dest is None:
            self._build_error(
                uuid, request_id, NO_VALID_HOST, NO_VALID_HOST, event="conductor_schedule_and_build_instances"
            )
            return
        try:
            row = self._claimed(uuid, dest)
        except _BuildAborted as aborted:  # its ports and volumes were rolled back with everything else
            self._abort_claimed(uuid, request_id, dest["host"], aborted.message)
            return
        if row is None:
            return
        try:
            await self.rt.compute_api.build_and_run_instance(
                dest["host"], instance=inst.wire(row), request_id=request_id, tried=tried + [dest["host"]]
            )
        except NoSuchTopic:
            await self.build_failed(
                uuid, dest["host"], f"Compute host {dest['host']} is not running", request_id, tried + [dest["host"]]
            )

    def _claimed(self, uuid: str, dest: dict[str, Any]) -> dict[str, Any] | None:
        """The instance goes to its host with its ports and volumes, in one transaction: all of it or none
        (a failure raises _BuildAborted, and the transaction is rolled back). None if it was deleted while
        the scheduler thought (its claim is given back)."""
        try:
            with self.cloud.store.begin() as conn:
                row = self._live(conn, uuid, _CLAIMING)
                if row is None:
                    self._give_back(conn, uuid, dest)
                    return None
                values: dict[str, Any] = {"host": dest["host"], "node": dest["node"], "task_state": s.SPAWNING,
                                          "availability_zone": row["availability_zone"] or dest["availability_zone"]}
                try:
                    if row["requested_networks"] != "none":
                        vifs = network_local.allocate_for_instance(
                            self.cloud, conn, uuid, row["project_id"], dest["host"], row["requested_networks"],
                            row["security_groups"] or [],
                            admin=bool((row["system_metadata"] or {}).get("admin_request")),
                        )
                        values["system_metadata"] = {**(row["system_metadata"] or {}), "vifs": vifs}
                    if row["block_devices"]:
                        values["block_devices"] = volumes.build(self.cloud, conn, {**row, **values}, dest["host"])
                except Exception as exc:
                    raise _BuildAborted(_abort_reason(exc)) from exc
                # one write, with _live's test in it: on a database other than SQLite a delete may have
                # marked the instance since it was read, and then its ports and volumes are undone with it
                if not self._write_live(conn, uuid, values):
                    raise _Gone
                row.update(values)
                inst.refresh_usage(self.cloud, conn, [dest["host"]], [dest["node_uuid"]])
        except _Gone:
            with self.cloud.store.begin() as conn:
                self._give_back(conn, uuid, dest)
            return None
        return row

    def _give_back(self, conn: Any, uuid: str, dest: dict[str, Any]) -> None:
        """A build whose instance went meanwhile: the claim the scheduler made for it is given back."""
        pc.delete_allocations(self.cloud, conn, uuid)
        inst.refresh_usage(self.cloud, conn, [dest["host"]], [dest["node_uuid"]])

    def _abort_claimed(self, uuid: str, request_id: str, host: str, message: str) -> None:
        """A build whose ports or volumes failed: its claim given back, ERROR with the fault (if it lives)."""
        with self.cloud.store.begin() as conn:
            live = self._live(conn, uuid) is not None
            pc.delete_allocations(self.cloud, conn, uuid)
            inst.refresh_usage(self.cloud, conn, [host])
            if live:
                fault = self._fault(f"Build of instance {uuid} aborted: {message}")
                self._abort_build(conn, uuid, request_id, fault, message)

    def _build_error(
        self, uuid: str, request_id: str, message: str, details: str, event: str = "compute__do_build_and_run_instance"
    ) -> None:
        with self.cloud.store.begin() as conn:
            if self._live(conn, uuid) is None:
                return
            pc.delete_allocations(self.cloud, conn, uuid)
            self._abort_build(conn, uuid, request_id, self._fault(message, 500, details), message, event)

    def _abort_build(self, conn: Any, uuid: str, request_id: str, fault: dict[str, Any], message: str,
                     event: str = "compute__do_build_and_run_instance") -> None:
        """The instance goes to ERROR with its fault, off any host, and its action records the failure."""
        self._write(conn, uuid, {"vm_state": s.ERROR, "task_state": None, "host": None, "node": None, "fault": fault})
        self._finish_error(conn, uuid, request_id, event, message)

    async def build_failed(
        self, instance_uuid: str, host: str, message: str, request_id: str, tried: list[str]
    ) -> None:
        """A compute manager could not spawn: give back its claim and ports, try another host."""
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            pc.delete_allocations(self.cloud, conn, instance_uuid)
            network_local.deallocate_for_instance(self.cloud, conn, instance_uuid)
            row = self._live(conn, instance_uuid) or {}
            self._write(
                conn,
                instance_uuid,
                {
                    "host": None,
                    "node": None,
                    "task_state": s.SCHEDULING,
                    "block_devices": volumes.detach_all(self.cloud, conn, row),
                },
            )
            inst.add_event(
                conn,
                self._now(),
                instance_uuid,
                request_id,
                "compute__do_build_and_run_instance",
                "Error",
                host=host,
                traceback=message,
            )
            inst.refresh_usage(self.cloud, conn, [host])
        await self._schedule_and_build(instance_uuid, request_id, tried, message)

    async def build_succeeded(self, instance_uuid: str, host: str, request_id: str, power_state: int) -> None:
        with self.cloud.store.begin() as conn:
            live = self._write_live(
                conn,
                instance_uuid,
                {
                    "vm_state": s.ACTIVE,
                    "task_state": None,
                    "power_state": power_state,
                    "launched_at": "@now",
                    "progress": 0,
                },
            )
            if not live:
                return
            inst.add_event(
                conn,
                self._now(),
                instance_uuid,
                request_id,
                "compute__do_build_and_run_instance",
                host=host,
                finish=True,
            )

    # -- what managers report ---------------------------------------------------------------
    async def instance_update(self, instance_uuid: str, values: dict[str, Any]) -> None:
        with self.cloud.store.begin() as conn:
            self._write_live(conn, instance_uuid, values)

    async def action_done(
        self,
        instance_uuid: str,
        request_id: str,
        event: str,
        values: dict[str, Any],
        host: str | None = None,
        error: str | None = None,
    ) -> None:
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            if error:
                values = dict(values, fault=self._fault(error))
            self._write(conn, instance_uuid, values)
            inst.add_event(
                conn,
                self._now(),
                instance_uuid,
                request_id,
                event,
                "Error" if error else "Success",
                host=host,
                traceback=error,
                finish=True,
            )

    async def service_heartbeat(self, host: str, binary: str = "nova-compute") -> None:
        """Beats arriving together are written together: one UPDATE per batch, not one per host."""
        self._beats.add((host, binary))
        if self._flush is None or self._flush.done():
            self._flush = asyncio.get_running_loop().create_task(self._write_beats())

    async def service_heartbeats(self, hosts: list[str], binary: str = "nova-compute") -> None:
        """The beats of many hosts in one message (the runtime beats for all the managers it runs)."""
        self._beats.update((host, binary) for host in hosts)
        if self._flush is None or self._flush.done():
            self._flush = asyncio.get_running_loop().create_task(self._write_beats())

    async def _write_beats(self) -> None:
        await asyncio.sleep(0)  # let the beats sent in the same moment join this batch
        beats, self._beats = self._beats, set()
        by_binary: dict[str, list[str]] = {}
        for host, binary in beats:
            by_binary.setdefault(binary, []).append(host)
        with self.cloud.store.begin() as conn:
            for binary, hosts in by_binary.items():
                for i in range(0, len(hosts), 500):
                    conn.execute(
                        t.services.update()
                        .where(t.services.c.host.in_(hosts[i : i + 500]), t.services.c.binary == binary)
                        .values(last_seen_up=self._now())
                    )

    async def compute_nodes(self, hosts: list[str]) -> list[dict[str, Any]]:
        """The node records of ``hosts`` (those the model has), for a compute agent that has no store."""
        with self.cloud.store.read() as conn:
            rows = conn.execute(sa.select(t.nodes).where(t.nodes.c.host.in_(hosts))).mappings().all()
        return [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()} for row in rows]

    # -- delete -----------------------------------------------------------------------------
    async def terminate_instance(self, instance_uuid: str, request_id: str,
                                 instance: dict[str, Any] | None = None) -> None:
        """``instance``: the wire form the API read in the transaction that marked it deleting (no move
        changes its host after that: their steps leave a deleting instance alone), so it is not read again
        here; destroy_record reads what it gives back in its own transaction."""
        wire = instance
        if wire is None:
            with self.cloud.store.read() as conn:
                row = conn.execute(_INSTANCE, {"b_uuid": instance_uuid}).mappings().first()
            if row is None or row["deleted"]:
                return
            wire = inst.wire(dict(row))
        if wire["host"] and self.rt.serving(wire["host"]):
            await self.rt.compute_api.terminate_instance(wire["host"], instance=wire, request_id=request_id)
        else:
            await self.instance_destroyed(instance_uuid, request_id, None)

    async def instance_destroyed(self, instance_uuid: str, request_id: str, host: str | None) -> None:
        with self.cloud.store.begin() as conn:
            self.destroy_record(conn, instance_uuid)
            inst.add_event(
                conn, self._now(), instance_uuid, request_id, "compute_terminate_instance", host=host, finish=True
            )

    def destroy_record(self, conn: Any, uuid: str) -> None:
        """Mark deleted; give back every allocation, port and group membership it held."""
        row = conn.execute(_DESTROYING, {"b_uuid": uuid}).mappings().first()
        if row is None or row["deleted"]:
            return
        hosts = [row["host"]]
        moving = conn.execute(_OPEN_MIGRATIONS, {"b_uuid": uuid}).all() if row["moving"] else []
        for mig_uuid, source in moving:
            pc.delete_allocations(self.cloud, conn, mig_uuid)
            hosts.append(source)
            conn.execute(
                t.migrations.update()
                .where(t.migrations.c.uuid == mig_uuid)
                .values(status="error", updated_at=self._now())
            )
        pc.delete_allocations(self.cloud, conn, uuid)
        network_local.deallocate_for_instance(self.cloud, conn, uuid)
        volumes.release(self.cloud, conn, dict(row))
        self._write(
            conn,
            uuid,
            {
                "vm_state": s.DELETED,
                "task_state": None,
                "power_state": s.NOSTATE,
                "deleted": True,
                "deleted_at": "@now",
                "terminated_at": "@now",
            },
        )
        if row["grouped"]:
            conn.execute(_LEAVE_GROUPS, {"b_uuid": uuid})
        inst.refresh_usage(self.cloud, conn, hosts, None if moving or not row["node_uuid"] else [row["node_uuid"]])
