"""Stack operations as the API starts them: rows written before the answer, the work run as a task of
the orchestration provider on the cloud clock, the stack's status moved as Heat moves it (``Stack CREATE
started`` ... ``Stack CREATE completed successfully``; on failure ``Resource CREATE failed: ...``, then
the rollback when it is enabled). Nested stacks (ResourceGroup) run inline in their parent's task."""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import secrets
import string
from typing import TYPE_CHECKING, Any

from twinstack.core.context import Context
from twinstack.core.ids import uuid_str
from twinstack.core.tasks import group_of
from twinstack.orchestration import errors as E
from twinstack.orchestration import tables as t
from twinstack.orchestration.manager import stacks
from twinstack.orchestration.manager.engine import Runner, StackFailure
from twinstack.orchestration.manager.prepare import Prepared, prepare
from twinstack.orchestration.manager.resources.base import ResourceFailure

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.orchestration")
OWNER = "orchestration"


def pseudo(name: str, stack_id: str, project_id: str) -> dict[str, Any]:
    return {"OS::stack_name": name, "OS::stack_id": stack_id, "OS::project_id": project_id}


def prepared_of(cloud: Cloud, caller: Context, row: dict[str, Any]) -> Prepared:
    """A stored stack's template made ready again (its parameters as resolved when it was made)."""
    env = dict(row["environment"] or {})
    given = {k: v for k, v in (row["params"] or {}).items() if not k.startswith("OS::")}
    return prepare(row["template"], row["files"], env, given,
                   pseudo(row["name"], row["id"], row["project_id"]), None, strict=False)


def caller_of(cloud: Cloud, row: dict[str, Any]) -> Context:
    """The stack owner's context, for work no request carries (a stack the model declares)."""
    o = row["owner"] or {}
    now = cloud.clock.now()
    from datetime import timedelta

    return Context(token="", user_id=o.get("user_id", ""), user_name=o.get("user_name", ""),
                   user_domain_id=o.get("user_domain_id", "default"), user_domain_name="Default",
                   expires_at=now + timedelta(days=3650), issued_at=now, methods=["password"], audit_ids=[],
                   roles=list(o.get("roles") or []), project_id=o.get("project_id"),
                   project_name=o.get("project_name"), project_domain_id=o.get("project_domain_id", "default"),
                   project_domain_name="Default")


def _tasks(cloud: Cloud) -> dict[str, asyncio.Task[Any]]:
    for provider in cloud.providers:
        if provider.name == OWNER:
            running: dict[str, asyncio.Task[Any]] = provider.running  # type: ignore[attr-defined]
            return running
    raise RuntimeError("orchestration is not running in this cloud")


def spawn(cloud: Cloud, stack_id: str, coro: Any, name: str) -> None:
    task = group_of(cloud, OWNER).spawn(coro, name=name)
    running = _tasks(cloud)
    running[stack_id] = task
    task.add_done_callback(lambda _: running.pop(stack_id, None) if running.get(stack_id) is task else None)


def new_stack(cloud: Cloud, caller: Context, name: str, prepared: Prepared, stack_id: str, given: dict[str, Any],
              timeout: int | None, disable_rollback: bool, tags: list[str] | None,
              parent: tuple[str, str] | None = None, action: str = "CREATE") -> dict[str, Any]:
    now = cloud.clock.now()
    env = dict(prepared.environment)
    env.setdefault("parameters", {})
    env.setdefault("parameter_defaults", {})
    env.setdefault("resource_registry", {"resources": {}})
    env.setdefault("event_sinks", [])
    env.setdefault("encrypted_param_names", [])
    row: dict[str, Any] = {
           "id": stack_id, "name": name, "project_id": caller.project_id or "", "owner": stacks.owner_of(caller),
           "action": action, "status": "IN_PROGRESS", "status_reason": f"Stack {action} started",
           "template": prepared.template, "files": prepared.files, "environment": env,
           "params": {**given, **{k: v for k, v in prepared.params.items() if k.startswith("OS::")}},
           "tags": tags, "timeout_mins": timeout, "disable_rollback": disable_rollback,
           "parent_id": parent[0] if parent else None, "parent_resource": parent[1] if parent else None,
           "previous": None, "created_at": now, "updated_at": None, "deleted_at": None}
    with cloud.store.begin() as conn:
        if parent is None and stacks.name_taken(conn, row["project_id"], name):
            raise E.stack_exists(name)
        conn.execute(t.stacks.insert().values(**row))
        stacks.add_event(conn, now, stack_id, name, "OS::Heat::Stack", stack_id, action, "IN_PROGRESS",
                         f"Stack {action} started")
    return row


async def _timed(cloud: Cloud, row: dict[str, Any], coro: Any) -> None:
    minutes = row.get("timeout_mins")
    if minutes and not cloud.clock.manual:
        try:
            await asyncio.wait_for(coro, minutes * 60)
        except TimeoutError:
            raise StackFailure("Timed out") from None
    else:
        await coro


async def run_create(cloud: Cloud, caller: Context, row: dict[str, Any], prepared: Prepared,
                     action: str = "CREATE") -> bool:
    runner = Runner(cloud, caller, row, prepared)
    try:
        await _timed(cloud, row, runner.create())
    except StackFailure as failure:
        stacks.set_stack_state(cloud, row["id"], action, "FAILED", str(failure), updated_at=None)
        if not row["disable_rollback"] and action == "CREATE":
            await _rollback_create(cloud, caller, row, prepared, str(failure))
        return False
    stacks.set_stack_state(cloud, row["id"], action, "COMPLETE", f"Stack {action} completed successfully")
    return True


async def _rollback_create(cloud: Cloud, caller: Context, row: dict[str, Any], prepared: Prepared,
                           reason: str) -> None:
    stacks.set_stack_state(cloud, row["id"], "ROLLBACK", "IN_PROGRESS", reason)
    runner = Runner(cloud, caller, row, prepared)
    try:
        await runner.delete_all(forget=True)
    except StackFailure as failure:
        stacks.set_stack_state(cloud, row["id"], "ROLLBACK", "FAILED", str(failure))
        return
    stacks.set_stack_state(cloud, row["id"], "ROLLBACK", "COMPLETE", "Stack ROLLBACK completed successfully")


async def run_update(cloud: Cloud, caller: Context, row: dict[str, Any], prepared: Prepared,
                     previous: Prepared | None, action: str = "UPDATE") -> bool:
    runner = Runner(cloud, caller, row, prepared)
    try:
        await _timed(cloud, row, runner.update())
    except StackFailure as failure:
        stacks.set_stack_state(cloud, row["id"], action, "FAILED", str(failure))
        if not row["disable_rollback"] and previous is not None and action == "UPDATE":
            stacks.set_stack_state(cloud, row["id"], "ROLLBACK", "IN_PROGRESS", str(failure))
            _store_template(cloud, row["id"], previous)
            back = Runner(cloud, caller, row, previous)
            try:
                await back.update()
            except StackFailure as again:
                stacks.set_stack_state(cloud, row["id"], "ROLLBACK", "FAILED", str(again))
                return False
            stacks.set_stack_state(cloud, row["id"], "ROLLBACK", "COMPLETE", "Stack ROLLBACK completed successfully")
        return False
    stacks.set_stack_state(cloud, row["id"], action, "COMPLETE", f"Stack {action} completed successfully")
    return True


def _store_template(cloud: Cloud, stack_id: str, p: Prepared) -> None:
    with cloud.store.begin() as conn:
        conn.execute(t.stacks.update().where(t.stacks.c.id == stack_id).values(
            template=p.template, files=p.files, environment=p.environment,
            params=dict(p.params)))


async def run_delete(cloud: Cloud, caller: Context, row: dict[str, Any]) -> bool:
    try:
        prepared: Prepared | None = prepared_of(cloud, caller, row)
    except Exception:
        prepared = None
    runner = Runner(cloud, caller, row, prepared)
    try:
        await runner.delete_all()
    except StackFailure as failure:
        stacks.set_stack_state(cloud, row["id"], "DELETE", "FAILED", str(failure))
        return False
    stacks.set_stack_state(cloud, row["id"], "DELETE", "COMPLETE", "Stack DELETE completed successfully",
                           deleted_at=cloud.clock.now())
    return True


def start_create(cloud: Cloud, caller: Context, row: dict[str, Any], prepared: Prepared,
                 action: str = "CREATE") -> None:
    spawn(cloud, row["id"], run_create(cloud, caller, row, prepared, action), f"heat-create-{row['name']}")


def start_update(cloud: Cloud, caller: Context, row: dict[str, Any], prepared: Prepared, action: str = "UPDATE",
                 reason: str | None = None) -> None:
    previous = prepared_of(cloud, caller, row)
    now = cloud.clock.now()
    with cloud.store.begin() as conn:
        conn.execute(t.stacks.update().where(t.stacks.c.id == row["id"]).values(
            previous={"template": row["template"], "environment": row["environment"], "params": row["params"]},
            updated_at=now))
    _store_template(cloud, row["id"], prepared)
    stacks.set_stack_state(cloud, row["id"], action, "IN_PROGRESS", reason or f"Stack {action} started")
    with cloud.store.read() as conn:
        fresh = stacks.get(conn, row["id"]) or row
    spawn(cloud, row["id"], run_update(cloud, caller, fresh, prepared, previous, action), f"heat-update-{row['name']}")


async def start_delete(cloud: Cloud, caller: Context, row: dict[str, Any]) -> None:
    """Cancel what runs on the stack (Heat lets a delete interrupt a create), then delete it."""
    task = _tasks(cloud).get(row["id"])
    if task is not None and not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    stacks.set_stack_state(cloud, row["id"], "DELETE", "IN_PROGRESS", "Stack DELETE started")
    spawn(cloud, row["id"], run_delete(cloud, caller, row), f"heat-delete-{row['name']}")


def busy(cloud: Cloud, row: dict[str, Any]) -> bool:
    task = _tasks(cloud).get(row["id"])
    return task is not None and not task.done()


async def nested(parent: Runner, resource: dict[str, Any], op: str, template: Any,
                 params: dict[str, Any] | None = None, files: dict[str, str] | None = None) -> str | None:
    """A resource's nested stack (ResourceGroup's): made, updated or deleted inline; its failure fails the
    resource with the nested resource's reason."""
    cloud, caller = parent.cloud, parent.caller
    child_id = (resource.get("data") or {}).get("nested_id")
    with cloud.store.read() as conn:
        child = stacks.get(conn, child_id) if child_id else None
    if op == "delete":
        if child is None or child["deleted_at"] is not None:
            return None
        stacks.set_stack_state(cloud, child["id"], "DELETE", "IN_PROGRESS", "Stack DELETE started")
        if not await run_delete(cloud, caller, child):
            raise ResourceFailure("ResourceFailure", _reason(cloud, child["id"]))
        return None
    assert template is not None
    env, files = _child_environment(parent, resource), _parent_files(parent) if files is None else files
    if child is None:
        short = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(12))
        stack_id = uuid_str()
        name = f"{parent.stack['name']}-{resource['name']}-{short}"
        prepared = prepare(template, files, env, params or {}, pseudo(name, stack_id, caller.project_id or ""))
        child = new_stack(cloud, caller, name, prepared, stack_id, params or {}, None, True, None,
                          (parent.stack["id"], resource["name"]))
        resource.setdefault("data", {})["nested_id"] = stack_id
        parent._write(resource)
        if not await run_create(cloud, caller, child, prepared):
            raise ResourceFailure("ResourceFailure", _reason(cloud, stack_id))
        return stack_id
    prepared = prepare(template, files, env, params or {}, pseudo(child["name"], child["id"], child["project_id"]))
    stacks.set_stack_state(cloud, child["id"], "UPDATE", "IN_PROGRESS", "Stack UPDATE started")
    _store_template(cloud, child["id"], prepared)
    with cloud.store.begin() as conn:  # the given values, which the stored params are (as a create stores them)
        conn.execute(t.stacks.update().where(t.stacks.c.id == child["id"]).values(
            params={**(params or {}), **{k: v for k, v in prepared.params.items() if k.startswith("OS::")}}))
    if not await run_update(cloud, caller, child, prepared, None):
        raise ResourceFailure("ResourceFailure", _reason(cloud, child["id"]))
    return str(child["id"])


def _parent_files(parent: Runner) -> dict[str, str]:
    return dict(parent.prepared.files) if parent.prepared is not None else {}


def _child_environment(parent: Runner, resource: dict[str, Any]) -> dict[str, Any]:
    """What a nested stack inherits, as Heat's get_child_environment gives it: the parent's resource_registry
    and parameter_defaults; of the registry's per-resource section only what matches this resource (by
    name or pattern); and, for a template resource, without the mapping that made it (no recursion)."""
    parent_env = parent.prepared.environment if parent.prepared is not None else {}
    registry = dict(parent_env.get("resource_registry") or {})
    found = registry.pop("resources", None)
    per_resource: dict[str, Any] = found if isinstance(found, dict) else {}
    inherited: dict[str, Any] = {}
    for pattern, entries in per_resource.items():  # wildcards first, the resource's own name last
        if pattern != resource["name"] and fnmatch.fnmatchcase(resource["name"], str(pattern)) \
                and isinstance(entries, dict):
            inherited.update(entries)
    own = per_resource.get(resource["name"])
    inherited.update(own if isinstance(own, dict) else {})
    registry["resources"] = inherited
    definition = (parent.prepared.definitions.get(resource["name"]) if parent.prepared is not None else None) or {}
    if definition.get("template_file") is not None:
        registry.pop(resource["type"], None)
    env: dict[str, Any] = {"resource_registry": registry}
    if parent_env.get("parameter_defaults"):
        env["parameter_defaults"] = dict(parent_env["parameter_defaults"])
    return env


def _reason(cloud: Cloud, stack_id: str) -> str:
    with cloud.store.read() as conn:
        row = stacks.get(conn, stack_id)
    reason = (row or {}).get("status_reason", "")
    return str(reason).removeprefix("Resource CREATE failed: ").removeprefix("Resource UPDATE failed: ")
