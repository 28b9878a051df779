"""The model's stacks. Nothing is seeded by default (DevStack's Heat starts with no stacks). A stack the model
declares is checked at load (its project and user exist) and made at start, once the services it uses run,
as its user would make it: in real time the start waits until every stack is complete (so a reset returns a
cloud with its stacks built); on a manual clock they build as the clock advances."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.errors import ApiError, ModelReferenceError
from twinstack.core.ids import uuid_str
from twinstack.identity import local as identity

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.orchestration.model import OrchestrationModel, StackModel

log = logging.getLogger("twinstack.orchestration")


def load(cloud: Cloud, conn: Connection, section: OrchestrationModel | None) -> None:
    for i, item in enumerate(section.stacks if section is not None else []):
        _owner(cloud, conn, item, f"orchestration.stacks[{i}]")


def _owner(cloud: Cloud, conn: Connection, item: StackModel, where: str) -> Context:
    project = identity.find_project(conn, item.project, item.domain)
    if project is None:
        raise ModelReferenceError(f"{where}.project: no project {item.project!r}")
    user = identity.find_user(conn, item.user, item.domain)
    if user is None:
        raise ModelReferenceError(f"{where}.user: no user {item.user!r}")
    roles = identity.project_roles(conn, user.id, project.id)
    if not roles:
        raise ModelReferenceError(f"{where}.user: {item.user!r} has no role on project {item.project!r}")
    now = cloud.clock.now()
    return Context(token="", user_id=user.id, user_name=user.name, user_domain_id=user.domain_id,
                   user_domain_name=user.domain_id, expires_at=now + timedelta(days=3650), issued_at=now,
                   methods=["password"], audit_ids=[], roles=[{"id": r, "name": r} for r in roles],
                   project_id=project.id, project_name=project.name, project_domain_id=project.domain_id,
                   project_domain_name=project.domain_id)


async def start(cloud: Cloud, section: OrchestrationModel | None) -> None:
    if section is None or not section.stacks:
        return
    # Heat's engine (templates, intrinsic functions, every resource plugin) is imported for the model's
    # stacks only; the API's handlers import it after ready
    from twinstack.orchestration.manager import constraints, operations, stacks
    from twinstack.orchestration.manager.prepare import environment, prepare

    runs: list[Any] = []
    for i, item in enumerate(section.stacks):
        with cloud.store.read() as conn:
            caller = _owner(cloud, conn, item, f"orchestration.stacks[{i}]")
            if stacks.name_taken(conn, caller.project_id or "", item.name):
                continue  # a state dir kept it from an earlier run
        stack_id = uuid_str()
        try:
            env = environment(item.environment, item.files)
            prepared = prepare(item.template, item.files, env, item.parameters,
                               operations.pseudo(item.name, stack_id, caller.project_id or ""),
                               constraints.checks(cloud, caller))
            row = operations.new_stack(cloud, caller, item.name, prepared, stack_id, item.parameters,
                                       item.timeout_mins, item.disable_rollback, item.tags or None)
        except ApiError as err:
            log.error("model stack %s not made: %s", item.name, err.message)
            continue
        if cloud.clock.manual:
            operations.start_create(cloud, caller, row, prepared)
        else:
            runs.append(operations.run_create(cloud, caller, row, prepared))
    if runs:
        await asyncio.gather(*runs)
