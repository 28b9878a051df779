"""Heat's stack operations as tasks on the cloud clock: CREATE (then ROLLBACK on failure unless
disable_rollback), UPDATE with Heat's diff (in place where every changed property allows it, else
replace: the new resource first, the old one deleted at the end), DELETE in reverse dependency order.
Each resource step writes its state and event as Heat's engine does; a failure names the resource."""

from __future__ import annotations

import asyncio
import fnmatch
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.orchestration import tables as t
from twinstack.orchestration.manager import stacks
from twinstack.orchestration.manager.prepare import Prepared
from twinstack.orchestration.manager.resources import plugin_for
from twinstack.orchestration.manager.resources.base import ResourceContext, ResourceFailure, coerce
from twinstack.orchestration.manager.template import functions, graph

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context

log = logging.getLogger("twinstack.orchestration")


class StackFailure(Exception):
    """A stack operation failed; the message is the stack's status reason without the action prefix."""


class Runner:
    """One operation on one stack: its rows in memory, written through as they change."""

    def __init__(self, cloud: Cloud, caller: Context, stack: dict[str, Any], prepared: Prepared | None) -> None:
        self.cloud = cloud
        self.caller = caller
        self.stack = stack
        self.prepared = prepared
        with cloud.store.read() as conn:
            self.rows = {r["name"]: r for r in stacks.resources(conn, stack["id"])}
        self.retired: list[tuple[dict[str, Any], ResourceContext]] = []  # replaced: deleted at the end

    # -- state ------------------------------------------------------------------------------------
    def _write(self, row: dict[str, Any], event: tuple[str, str, str] | None = None) -> None:
        now = self.cloud.clock.now()
        row["updated_at"] = now
        with self.cloud.store.begin() as conn:
            values = {k: row[k] for k in ("type", "physical_id", "action", "status", "status_reason", "properties",
                                          "data", "metadata", "requires", "updated_at")}
            done = conn.execute(t.resources.update().where(t.resources.c.id == row["id"]).values(**values))
            if not done.rowcount:
                conn.execute(t.resources.insert().values(**row))
            if event is not None:
                action, status, reason = event
                stacks.add_event(conn, now, self.stack["id"], row["name"], row["type"], row["physical_id"], action,
                                 status, reason, row.get("properties"))

    def _state(self, row: dict[str, Any], action: str, status: str, reason: str = "state changed") -> None:
        row.update(action=action, status=status, status_reason=reason)
        self._write(row, (action, status, reason))

    def _new_row(self, name: str, definition: dict[str, Any]) -> dict[str, Any]:
        now = self.cloud.clock.now()
        return {"id": uuid_str(), "stack_id": self.stack["id"], "name": name, "type": definition["type"],
                "physical_id": None, "action": "INIT", "status": "COMPLETE", "status_reason": "", "properties": None,
                "data": {}, "metadata": definition.get("metadata") or {},
                "requires": sorted(self.prepared.needs.get(name, set())) if self.prepared else [],
                "created_at": now, "updated_at": None}

    def context(self, row: dict[str, Any], props: dict[str, Any] | None = None) -> ResourceContext:
        def save(rc: ResourceContext) -> None:
            row["physical_id"], row["data"] = rc.physical_id, dict(rc.data)
            self._write(row)

        definition = self.prepared.definitions.get(row["name"], {}) if self.prepared else {}
        return ResourceContext(self.cloud, self.caller, self.stack, row["name"], row["type"],
                               props if props is not None else dict(row["properties"] or {}), row["physical_id"],
                               dict(row["data"] or {}), save, self._nested(row), definition,
                               self.prepared.files if self.prepared else {})

    # -- functions' view of the resources -------------------------------------------------------------
    def scope(self) -> functions.Scope:
        assert self.prepared is not None
        return self.prepared.scope(ref=self.reference, attr=self.attribute)

    def reference(self, name: str) -> Any:
        row = self.rows.get(name)
        if row is None or not row["physical_id"]:
            return None
        if (row.get("data") or {}).get("external_id"):
            return row["physical_id"]
        return plugin_for(row["type"])().reference(self.context(row))

    def attribute(self, name: str, attr: str, path: list[Any]) -> Any:
        row = self.rows.get(name)
        if row is None or row["action"] == "INIT":
            return None
        value, rest = plugin_for(row["type"])().attribute_at(self.context(row), attr, path)
        return functions.select(value, rest)

    def resolved(self, name: str) -> dict[str, Any]:
        assert self.prepared is not None
        definition = self.prepared.definitions[name]
        props = functions.resolve(definition.get("properties") or {}, self.scope())
        return coerce(plugin_for(definition["type"]), name, props, final=True)

    # -- hooks: breakpoints the environment sets on resources, cleared by a signal ----------------------
    def _hooks(self, name: str) -> set[str]:
        env = self.prepared.environment if self.prepared else {}
        registry = (env.get("resource_registry") or {}).get("resources") or {}
        found: set[str] = set()
        for pattern, spec in registry.items() if isinstance(registry, dict) else ():
            if isinstance(spec, dict) and fnmatch.fnmatchcase(name, str(pattern)):
                hooks = spec.get("hooks") or []
                found |= {hooks} if isinstance(hooks, str) else set(hooks)
        return found

    async def _hook(self, row: dict[str, Any], hook: str, action: str) -> None:
        """Heat's breakpoint: the event ``<ACTION> paused until Hook <hook> is cleared``, then a wait for a
        signal ``{"unset_hook": hook}`` (resources.signal writes the ``Hook ... is cleared`` event)."""
        if hook not in self._hooks(row["name"]):
            return
        row["data"] = {**(row["data"] or {}), "hook": hook}
        self._write(row, (row["action"], row["status"], f"{action} paused until Hook {hook} is cleared"))
        while True:
            with self.cloud.store.read() as conn:
                data = conn.execute(sa.select(t.resources.c.data).where(t.resources.c.id == row["id"])).scalar()
            if not (data or {}).get("hook"):
                row["data"] = dict(data or {})
                return
            await self.cloud.clock.sleep(0.1)

    # -- steps ------------------------------------------------------------------------------------
    async def _guard(self, row: dict[str, Any], action: str, step: Any) -> None:
        """Run a step; on failure mark the resource FAILED with Heat's reason and raise StackFailure."""
        try:
            await step
        except ResourceFailure as err:
            reason = f"{err.kind}: resources.{row['name']}: {err.message}"
        except ApiError as err:
            reason = f"{err.kind or 'StackValidationFailed'}: resources.{row['name']}: {err.message}"
        except asyncio.CancelledError:
            self._state(row, action, "FAILED", f"{action.capitalize()} cancelled")
            raise
        except Exception as err:  # a bug here must not leave the stack IN_PROGRESS forever
            log.exception("resource %s %s failed", row["name"], action)
            reason = f"{type(err).__name__}: resources.{row['name']}: {err}"
        else:
            return
        self._state(row, action, "FAILED", reason)
        raise StackFailure(f"Resource {action} failed: {reason}")

    async def create_one(self, name: str) -> None:
        assert self.prepared is not None
        definition = self.prepared.definitions[name]
        row = self.rows.get(name) or self._new_row(name, definition)
        row["type"] = definition["type"]
        self.rows[name] = row
        await self._hook(row, "pre-create", "CREATE")
        self._state(row, "CREATE", "IN_PROGRESS")

        async def step() -> None:
            props = self.resolved(name)
            row["properties"] = props
            external = self._external_id(name)
            if external is not None:
                # Heat's external_id: an existing resource taken in, never made (nor deleted) by the stack
                row["physical_id"], row["data"] = external, {"external_id": external}
                return
            rc = self.context(row, props)
            await plugin_for(row["type"])().create(rc)
            row["physical_id"], row["data"] = rc.physical_id, dict(rc.data)

        await self._guard(row, "CREATE", step())
        self._state(row, "CREATE", "COMPLETE")

    def _external_id(self, name: str) -> str | None:
        assert self.prepared is not None
        value = self.prepared.definitions[name].get("external_id")
        return None if value is None else str(functions.resolve(value, self.scope()))

    async def delete_one(self, row: dict[str, Any], rc: ResourceContext | None = None, action: str = "DELETE",
                         forget: bool = False) -> None:
        definition_policy = (self.prepared.definitions.get(row["name"], {}) if self.prepared else {}).get(
            "deletion_policy", row.get("data", {}).get("deletion_policy"))
        if row["action"] == "INIT" and not row["physical_id"] and rc is None:
            self._drop(row)
            return
        await self._hook(row, "pre-delete", "DELETE")
        self._state(row, action, "IN_PROGRESS")
        if definition_policy != "Retain" and not (row.get("data") or {}).get("external_id"):
            await self._guard(row, action, plugin_for(row["type"])().delete(rc or self.context(row)))
        if rc is None:
            self._state(row, action, "COMPLETE")
            if forget:
                self._drop(row)

    def _drop(self, row: dict[str, Any]) -> None:
        with self.cloud.store.begin() as conn:
            conn.execute(t.resources.delete().where(t.resources.c.id == row["id"]))
        self.rows.pop(row["name"], None)

    # -- operations -------------------------------------------------------------------------------
    async def create(self) -> None:
        assert self.prepared is not None
        for name in self.prepared.definitions:
            if name not in self.rows:
                self.rows[name] = self._new_row(name, self.prepared.definitions[name])
                self._write(self.rows[name])
        for wave in graph.waves(self.prepared.needs):
            # adopted resources exist already: they are taken as they are
            await _all([self.create_one(name) for name in wave
                        if not (self.rows[name]["action"] == "ADOPT" and self.rows[name]["physical_id"])])

    async def delete_all(self, forget: bool = False, action: str = "DELETE") -> None:
        needs = {name: set(row["requires"] or []) & set(self.rows) for name, row in self.rows.items()}
        for wave in reversed(graph.waves(needs)):
            await _all([self.delete_one(self.rows[name], action=action, forget=forget) for name in wave
                        if name in self.rows])

    async def update(self) -> None:
        assert self.prepared is not None
        old_needs = {name: set(row["requires"] or []) for name, row in self.rows.items()}
        for name in graph.order(self.prepared.needs):
            definition = self.prepared.definitions[name]
            row = self.rows.get(name)
            if row is None or row["action"] == "INIT" or (row["action"] == "DELETE" and row["status"] == "COMPLETE"):
                await self.create_one(name)
            elif row["type"] != definition["type"]:
                await self._hook(row, "pre-update", "UPDATE")
                await self.replace(row, name)
            else:
                await self._hook(row, "pre-update", "UPDATE")
                await self.update_one(row, name)
            self.rows[name]["requires"] = sorted(self.prepared.needs.get(name, set()))
            self._write(self.rows[name])
        gone = {name: old_needs.get(name, set()) & set(old_needs) for name in self.rows
                if name not in self.prepared.definitions}
        for wave in reversed(graph.waves({n: d & set(gone) for n, d in gone.items()})):
            await _all([self.delete_one(self.rows[name], forget=True) for name in wave])
        for row, rc in reversed(self.retired):
            await self._guard(row, "DELETE", plugin_for(rc.type)().delete(rc))
        self.retired = []

    async def update_one(self, row: dict[str, Any], name: str) -> None:
        plugin = plugin_for(row["type"])()
        try:
            props = self.resolved(name)
        except ApiError as err:
            self._state(row, "UPDATE", "FAILED", f"{err.kind}: resources.{name}: {err.message}")
            raise StackFailure(f"Resource UPDATE failed: {err.kind}: resources.{name}: {err.message}") from None
        external = self._external_id(name)
        if external != (row.get("data") or {}).get("external_id"):
            reason = (f"NotSupported: resources.{name}: Update to property external_id of {name} ({row['type']}) "
                      "is not supported.")
            self._state(row, "UPDATE", "FAILED", reason)
            raise StackFailure(f"Resource UPDATE failed: {reason}")
        old = dict(row["properties"] or {})
        changed = {k for k in set(props) | set(old) if props.get(k) != old.get(k)}
        if external is not None:
            return
        definition = self.prepared.definitions[name] if self.prepared else {}
        row["metadata"] = definition.get("metadata") or {}
        if not changed:
            return
        rc = self.context(row, props)
        if plugin.needs_replace(rc, old, changed):
            await self.replace(row, name)
            return
        self._state(row, "UPDATE", "IN_PROGRESS")

        async def step() -> None:
            await plugin.update(rc, old, changed)
            row["properties"], row["physical_id"], row["data"] = props, rc.physical_id, dict(rc.data)

        await self._guard(row, "UPDATE", step())
        self._state(row, "UPDATE", "COMPLETE")

    async def replace(self, row: dict[str, Any], name: str) -> None:
        """Heat's UpdateReplace: a new physical resource under the same name; the old one goes at the end
        (first, for types whose names must stay unique)."""
        assert self.prepared is not None
        old_rc = self.context(row)
        old_row = dict(row)
        self._state(row, "UPDATE", "IN_PROGRESS", "UpdateReplace")
        if plugin_for(row["type"]).delete_first:
            await self._guard(row, "DELETE", plugin_for(row["type"])().delete(old_rc))
        else:
            await self._guard(row, "UPDATE", plugin_for(row["type"])().prepare_for_replace(old_rc))
            self.retired.append((old_row, old_rc))
        row.update(physical_id=None, data={}, properties=None, type=self.prepared.definitions[name]["type"])
        await self.create_one(name)

    def _nested(self, row: dict[str, Any]) -> Any:
        async def nested(op: str, template: Any = None, params: dict[str, Any] | None = None,
                         files: dict[str, str] | None = None) -> str | None:
            from twinstack.orchestration.manager import operations

            return await operations.nested(self, row, op, template, params, files)
        return nested


async def _all(steps: list[Any]) -> None:
    """Run steps together; the first failure is raised once all have ended (Heat lets siblings finish)."""
    results = await asyncio.gather(*steps, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


def outputs(runner: Runner) -> list[dict[str, Any]]:
    """The stack's outputs, resolved against its resources now."""
    assert runner.prepared is not None
    out = []
    for key, definition in runner.prepared.outputs().items():
        item: dict[str, Any] = {"output_key": key, "description": definition.get("description", "No description "
                                                                                "given")}
        try:
            if "condition" in definition and not functions.condition(definition["condition"], runner.scope()):
                item["output_value"] = None
            else:
                item["output_value"] = functions.resolve(definition.get("value"), runner.scope())
        except (ApiError, ResourceFailure) as err:
            item.update(output_value=None, output_error=str(getattr(err, "message", err)))
        except Exception as err:  # an output is shown with its error, never a failed request
            log.exception("output %s of stack %s", key, runner.stack.get("id"))
            item.update(output_value=None, output_error=f"{type(err).__name__}: {err}")
        out.append(item)
    return out
