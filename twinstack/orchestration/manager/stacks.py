"""Stack, resource and event rows: lookups scoped to the caller's project, status changes that write the
event Heat writes with each, and the identity (``stack_name``/``stack_id``) links are built from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.ids import uuid_str
from twinstack.orchestration import errors as E
from twinstack.orchestration import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context


def owner_of(caller: Context) -> dict[str, Any]:
    return {"user_id": caller.user_id, "user_name": caller.user_name, "user_domain_id": caller.user_domain_id,
            "project_id": caller.project_id, "project_name": caller.project_name,
            "project_domain_id": caller.project_domain_id, "roles": caller.roles}


def find(conn: Connection, caller: Context, name_or_id: str, stack_id: str | None = None,
         deleted: bool = False) -> dict[str, Any]:
    """A stack by id, or by name among the live ones; another project's only for an admin (by id)."""
    c = t.stacks.c
    query = sa.select(t.stacks)
    if stack_id is not None:
        query = query.where(c.id == stack_id)
    else:
        query = query.where(sa.or_(c.id == name_or_id,
                                   sa.and_(c.name == name_or_id, c.deleted_at.is_(None))))
    if not caller.is_admin:
        query = query.where(c.project_id == caller.project_id)
    rows = [dict(r._mapping) for r in conn.execute(query.order_by(c.created_at.desc()))]
    if stack_id is not None:
        rows = [r for r in rows if r["name"] == name_or_id or r["id"] == name_or_id]
    if not deleted:
        # a deleted stack is still found by its id (Heat's identify_stack shows deleted ones by uuid)
        rows = [r for r in rows if r["deleted_at"] is None or stack_id is not None or r["id"] == name_or_id]
    if not rows:
        raise E.stack_not_found(name_or_id if stack_id is None else f"{name_or_id}/{stack_id}")
    own = [r for r in rows if r["project_id"] == caller.project_id]
    return (own or rows)[0]


def get(conn: Connection, stack_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.stacks).where(t.stacks.c.id == stack_id)).first()
    return dict(row._mapping) if row is not None else None


def name_taken(conn: Connection, project_id: str, name: str) -> bool:
    c = t.stacks.c
    return conn.execute(sa.select(c.id).where(c.project_id == project_id, c.name == name,
                                              c.deleted_at.is_(None))).first() is not None


def resources(conn: Connection, stack_id: str) -> list[dict[str, Any]]:
    query = sa.select(t.resources).where(t.resources.c.stack_id == stack_id).order_by(t.resources.c.created_at,
                                                                                      t.resources.c.name)
    return [dict(r._mapping) for r in conn.execute(query)]


def children(conn: Connection, stack_id: str) -> list[dict[str, Any]]:
    query = sa.select(t.stacks).where(t.stacks.c.parent_id == stack_id, t.stacks.c.deleted_at.is_(None))
    return [dict(r._mapping) for r in conn.execute(query)]


def add_event(conn: Connection, now: datetime, stack_id: str, resource_name: str, resource_type: str,
              physical_id: str | None, action: str, status: str, reason: str,
              properties: dict[str, Any] | None = None) -> None:
    conn.execute(t.events.insert().values(
        id=uuid_str(), stack_id=stack_id, resource_name=resource_name, resource_type=resource_type,
        physical_id=physical_id or "", action=action, status=status, reason=reason, properties=properties or {},
        created_at=now))


def set_stack_state(cloud: Cloud, stack_id: str, action: str, status: str, reason: str,
                    **values: Any) -> None:
    """The stack's new state and its event (Heat records one named after the stack itself)."""
    now = cloud.clock.now()
    with cloud.store.begin() as conn:
        row = get(conn, stack_id)
        if row is None:
            return
        conn.execute(t.stacks.update().where(t.stacks.c.id == stack_id).values(
            action=action, status=status, status_reason=reason, **values))
        add_event(conn, now, stack_id, row["name"], "OS::Heat::Stack", stack_id, action, status, reason)
