"""What other parts may ask of orchestration in process: a nested stack's members (ResourceGroup's
attributes) and a wait condition handle's signals. Nothing outside Heat calls these yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from twinstack.orchestration import tables as t
from twinstack.orchestration.manager import stacks

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context


def nested_members(cloud: Cloud, caller: Context, stack_id: str | None) -> dict[str, dict[str, Any]]:
    """Each resource of a nested stack: ``ref`` (what get_resource gives) and ``attr(name)``."""
    from twinstack.orchestration.manager.engine import Runner

    if not stack_id:
        return {}
    with cloud.store.read() as conn:
        row = stacks.get(conn, stack_id)
    if row is None:
        return {}
    runner = Runner(cloud, caller, row, None)

    def attr(name: str) -> Callable[[str], Any]:
        return lambda key: runner.attribute(name, key, [])

    return {name: {"ref": runner.reference(name), "attr": attr(name)} for name in runner.rows}


def handle_signals(cloud: Cloud, stack_id: str, handle_id: str) -> dict[str, Any]:
    with cloud.store.read() as conn:
        row = conn.execute(sa.select(t.resources.c.data).where(t.resources.c.stack_id == stack_id,
                                                               t.resources.c.physical_id == handle_id)).first()
    return dict((row[0] or {}).get("signals") or {}) if row is not None else {}


def nested_outputs(cloud: Cloud, caller: Context, stack_id: str | None) -> dict[str, Any]:
    """A nested stack's outputs by key, resolved now (a template resource's attributes)."""
    from twinstack.orchestration.manager import engine, operations

    if not stack_id:
        return {}
    with cloud.store.read() as conn:
        row = stacks.get(conn, stack_id)
    if row is None:
        return {}
    runner = engine.Runner(cloud, caller, row, operations.prepared_of(cloud, caller, row))
    return {o["output_key"]: o["output_value"] for o in engine.outputs(runner)}
