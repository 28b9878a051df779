"""Containers: named references to secrets of the same project, typed generic, rsa or certificate, with
their consumers (the services that registered a use of them) on the row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from twinstack.key_manager import errors
from twinstack.key_manager import tables as t
from twinstack.key_manager.manager import common


def require(conn: Connection, container_id: str) -> dict[str, Any]:
    row = common.row(conn, t.containers, container_id)
    if row is None:
        raise errors.not_found("container")
    return row


def create(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(t.containers.insert().values(acl={}, consumers=[], **values))


def update(conn: Connection, container_id: str, values: dict[str, Any]) -> None:
    conn.execute(t.containers.update().where(t.containers.c.id == container_id).values(**values))


def delete(conn: Connection, container_id: str) -> None:
    conn.execute(t.containers.delete().where(t.containers.c.id == container_id))


def listed(conn: Connection, project_id: str, query: Any, now: datetime) -> tuple[list[dict[str, Any]], int]:
    return common.owned(conn, t.containers, project_id, query, ("name", "type"))


def add_consumer(consumers: list[dict[str, Any]], consumer: dict[str, Any], keys: tuple[str, ...]) -> list[
        dict[str, Any]]:
    """The list with ``consumer`` in it once: registering the same consumer again changes nothing."""
    if any(all(c[k] == consumer[k] for k in keys) for c in consumers):
        return consumers
    return [*consumers, consumer]


def remove_consumer(consumers: list[dict[str, Any]], consumer: dict[str, Any], keys: tuple[str, ...]) -> list[
        dict[str, Any]]:
    kept = [c for c in consumers if not all(c[k] == consumer[k] for k in keys)]
    if len(kept) == len(consumers):
        raise errors.consumer_not_found()
    return kept
