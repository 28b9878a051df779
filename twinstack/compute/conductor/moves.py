"""Moving instances between hosts: resize and cold migrate (then confirm or revert), live migrate,
evacuate, shelve offload and unshelve. Placement allocations move as in Nova: during a move the
migration record is the consumer of the source's resources, the instance of the destination's."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import tables as t
from twinstack.compute.manager import instances as inst, placement_client as pc, states as s
from twinstack.network import local as network_local
from twinstack.compute.scheduler.manager import NO_VALID_HOST
from twinstack.core.ids import uuid_str

DONE = {"resize": "finished", "migration": "finished", "live-migration": "completed", "evacuation": "done"}


class MoveTasks:
    """Mixed into the conductor; uses its helpers (_select, _write, _live, ...)."""

    cloud: Any
    rt: Any
    # provided by the conductor
    _now: Any
    _write: Any
    _live: Any
    _spec: Any
    _select: Any
    _finish_error: Any

    def _new_migration(self, conn: Any, row: dict[str, Any], kind: str, new_flavor: dict[str, Any] | None) -> str:
        mig_uuid = uuid_str()
        now = self._now()
        conn.execute(t.migrations.insert().values(
            uuid=mig_uuid, instance_uuid=row["uuid"], project_id=row["project_id"], user_id=row["user_id"],
            source_compute=row["host"], source_node=row["node"], dest_compute=None, dest_node=None, dest_host=None,
            old_instance_type_id=str(row["flavor"].get("id", "")),
            new_instance_type_id=str((new_flavor or row["flavor"]).get("id", "")),
            migration_type=kind, status="pre-migrating", created_at=now, updated_at=now))
        return mig_uuid

    def _migration(self, conn: Any, mig_uuid: str, **values: Any) -> None:
        conn.execute(t.migrations.update().where(t.migrations.c.uuid == mig_uuid).values(
            updated_at=self._now(), **values))

    async def _move_schedule(self, uuid: str, request_id: str, kind: str, flavor: dict[str, Any] | None,
                             requested_host: str | None, event: str,
                             same_host: bool = False) -> tuple[dict[str, Any], dict[str, Any], str] | None:
        """Move the source claim to a migration consumer, schedule, claim the destination.
        On NoValidHost everything goes back and the action records the fault."""
        with self.cloud.store.begin() as conn:
            row = self._live(conn, uuid)
            if row is None:
                return None
            mig_uuid = self._new_migration(conn, row, kind, flavor)
            pc.move_allocations(self.cloud, conn, uuid, mig_uuid)
        ignore = [] if same_host else [row["host"]]
        spec = self._spec(row, flavor, ignore_hosts=ignore, requested_host=requested_host)
        dest = await self._select(spec)
        with self.cloud.store.begin() as conn:
            if dest is None:
                pc.move_allocations(self.cloud, conn, mig_uuid, uuid)
                self._migration(conn, mig_uuid, status="error")
                values = {"task_state": None}
                if kind == "evacuation":
                    values["vm_state"] = s.ERROR
                self._write(conn, uuid, values)
                self._finish_error(conn, uuid, request_id, event, NO_VALID_HOST)
                return None
            self._migration(conn, mig_uuid, dest_compute=dest["host"], dest_node=dest["node"],
                            dest_host=dest["host"], status="migrating")
            inst.refresh_usage(self.cloud, conn, [row["host"], dest["host"]])
        return row, dest, mig_uuid

    async def migrate_server(self, instance_uuid: str, request_id: str, flavor: dict[str, Any] | None,
                             requested_host: str | None = None) -> None:
        """Resize (a new flavor) or cold migrate (none): ends in VERIFY_RESIZE awaiting confirm/revert."""
        kind = "resize" if flavor else "migration"
        same = bool(flavor) and bool(self.rt.settings.get("allow_resize_to_same_host", False))
        moved = await self._move_schedule(instance_uuid, request_id, kind, flavor, requested_host,
                                          "conductor_migrate_server", same_host=same)
        if moved is None:
            return
        row, dest, mig_uuid = moved
        new_flavor = flavor or row["flavor"]
        with self.cloud.store.begin() as conn:
            self._write(conn, instance_uuid, {"task_state": s.RESIZE_MIGRATING, "new_flavor": new_flavor})
        wire = inst.wire(row)
        await self.rt.compute_api.migrate_out(row["host"], instance=wire, dest=dest["host"])
        with self.cloud.store.begin() as conn:
            self._write(conn, instance_uuid, {"task_state": s.RESIZE_FINISH})
            self._migration(conn, mig_uuid, status="post-migrating")
        power_on = row["vm_state"] != s.STOPPED
        wire["flavor"] = new_flavor
        power = await self.rt.compute_api.migrate_in(dest["host"], instance=wire, power_on=power_on)
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            self._write(conn, instance_uuid, {
                "host": dest["host"], "node": dest["node"], "flavor": new_flavor, "old_flavor": row["flavor"],
                "new_flavor": None, "vm_state": s.RESIZED, "task_state": None, "power_state": power,
                "system_metadata": {**(row["system_metadata"] or {}), "old_vm_state": row["vm_state"]}})
            self._migration(conn, mig_uuid, status="finished")
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_finish_resize",
                           host=dest["host"], finish=True)
            inst.refresh_usage(self.cloud, conn, [row["host"], dest["host"]])

    def _open_migration(self, conn: Any, uuid: str) -> dict[str, Any] | None:
        found = conn.execute(sa.select(t.migrations).where(
            t.migrations.c.instance_uuid == uuid, t.migrations.c.status.in_(("finished", "confirming", "reverting")),
            t.migrations.c.migration_type.in_(("resize", "migration"))).order_by(t.migrations.c.id.desc())).mappings().first()
        return dict(found) if found else None

    def _after_resize_state(self, row: dict[str, Any]) -> str:
        return s.STOPPED if (row["system_metadata"] or {}).get("old_vm_state") == s.STOPPED else s.ACTIVE

    async def confirm_resize(self, instance_uuid: str, request_id: str) -> None:
        with self.cloud.store.begin() as conn:
            row = self._live(conn, instance_uuid)
            mig = self._open_migration(conn, instance_uuid)
            if row is None or mig is None:
                return
            pc.delete_allocations(self.cloud, conn, mig["uuid"])
            self._migration(conn, mig["uuid"], status="confirmed")
            self._write(conn, instance_uuid, {"vm_state": self._after_resize_state(row), "task_state": None,
                                              "old_flavor": None})
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_confirm_resize",
                           host=mig["source_compute"], finish=True)
            inst.refresh_usage(self.cloud, conn, [mig["source_compute"], row["host"]])

    async def revert_resize(self, instance_uuid: str, request_id: str) -> None:
        with self.cloud.store.read() as conn:
            row = self._live(conn, instance_uuid)
            mig = self._open_migration(conn, instance_uuid)
        if row is None or mig is None:
            return
        wire = inst.wire(row)
        await self.rt.compute_api.migrate_out(row["host"], instance=wire, dest=mig["source_compute"])
        wire["flavor"] = row["old_flavor"] or row["flavor"]
        state = self._after_resize_state(row)
        power = await self.rt.compute_api.migrate_in(mig["source_compute"], instance=wire,
                                       power_on=state == s.ACTIVE)
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            pc.delete_allocations(self.cloud, conn, instance_uuid)
            pc.move_allocations(self.cloud, conn, mig["uuid"], instance_uuid)
            self._migration(conn, mig["uuid"], status="reverted")
            self._write(conn, instance_uuid, {
                "host": mig["source_compute"], "node": mig["source_node"], "flavor": wire["flavor"],
                "old_flavor": None, "vm_state": state, "task_state": None, "power_state": power})
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_finish_revert_resize",
                           host=mig["source_compute"], finish=True)
            inst.refresh_usage(self.cloud, conn, [mig["source_compute"], row["host"]])

    async def live_migrate(self, instance_uuid: str, request_id: str, requested_host: str | None) -> None:
        moved = await self._move_schedule(instance_uuid, request_id, "live-migration", None, requested_host,
                                          "conductor_live_migrate_instance")
        if moved is None:
            return
        row, dest, mig_uuid = moved
        wire = inst.wire(row)
        await self.rt.compute_api.migrate_out(row["host"], instance=wire, dest=dest["host"])
        power = await self.rt.compute_api.migrate_in(dest["host"], instance=wire,
                                       power_on=row["vm_state"] == s.ACTIVE,
                                       paused=row["vm_state"] == s.PAUSED)
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            pc.delete_allocations(self.cloud, conn, mig_uuid)
            self._migration(conn, mig_uuid, status="completed")
            self._write(conn, instance_uuid, {"host": dest["host"], "node": dest["node"], "task_state": None,
                                              "power_state": power})
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_live_migration",
                           host=row["host"], finish=True)
            inst.refresh_usage(self.cloud, conn, [row["host"], dest["host"]])

    async def evacuate(self, instance_uuid: str, request_id: str, requested_host: str | None,
                       stop: bool = False) -> None:
        """Rebuild on another host while the source is down; the down host's claim is given back."""
        moved = await self._move_schedule(instance_uuid, request_id, "evacuation", None, requested_host,
                                          "conductor_rebuild_server")
        if moved is None:
            return
        row, dest, mig_uuid = moved
        wire = inst.wire(row)
        stopped = stop or row["vm_state"] == s.STOPPED
        power = await self.rt.compute_api.migrate_in(dest["host"], instance=wire, power_on=not stopped)
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            pc.delete_allocations(self.cloud, conn, mig_uuid)
            self._migration(conn, mig_uuid, status="done")
            state = s.STOPPED if stopped else s.ACTIVE
            self._write(conn, instance_uuid, {"host": dest["host"], "node": dest["node"], "task_state": None,
                                              "vm_state": state, "power_state": power})
            network_local.bind_ports(self.cloud, conn, instance_uuid, dest["host"])
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_rebuild_instance",
                           host=dest["host"], finish=True)
            inst.refresh_usage(self.cloud, conn, [row["host"], dest["host"]])

    async def shelve_offload(self, instance_uuid: str, request_id: str) -> None:
        with self.cloud.store.read() as conn:
            row = self._live(conn, instance_uuid)
        if row is None:
            return
        if row["host"] and self.rt.serving(row["host"]):
            await self.rt.compute_api.destroy(row["host"], instance=inst.wire(row))
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            pc.delete_allocations(self.cloud, conn, instance_uuid)
            self._write(conn, instance_uuid, {"vm_state": s.SHELVED_OFFLOADED, "task_state": None, "host": None,
                                              "node": None, "power_state": s.SHUTDOWN})
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_shelve_offload_instance",
                           host=row["host"], finish=True)
            inst.refresh_usage(self.cloud, conn, [row["host"]])

    async def unshelve(self, instance_uuid: str, request_id: str, availability_zone: str | None = None,
                       requested_host: str | None = None) -> None:
        with self.cloud.store.read() as conn:
            row = self._live(conn, instance_uuid)
        if row is None:
            return
        spec = self._spec(row, requested_host=requested_host)
        if availability_zone:
            spec["availability_zone"] = availability_zone
        dest = await self._select(spec)
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                if dest is not None:
                    pc.delete_allocations(self.cloud, conn, instance_uuid)
                return
            if dest is None:
                self._write(conn, instance_uuid, {"task_state": None})
                self._finish_error(conn, instance_uuid, request_id, "conductor_unshelve_instance", NO_VALID_HOST)
                return
            self._write(conn, instance_uuid, {"host": dest["host"], "node": dest["node"], "task_state": s.SPAWNING,
                                              "availability_zone": availability_zone or row["availability_zone"] or dest["availability_zone"]})
            network_local.bind_ports(self.cloud, conn, instance_uuid, dest["host"])
            inst.refresh_usage(self.cloud, conn, [dest["host"]])
        power = await self.rt.compute_api.migrate_in(dest["host"], instance=inst.wire(row), power_on=True)
        with self.cloud.store.begin() as conn:
            if self._live(conn, instance_uuid) is None:
                return
            self._write(conn, instance_uuid, {"vm_state": s.ACTIVE, "task_state": None, "power_state": power})
            inst.add_event(conn, self._now(), instance_uuid, request_id, "compute_unshelve_instance",
                           host=dest["host"], finish=True)

