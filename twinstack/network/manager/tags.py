"""Tags on Neutron's standard resources (standard-attr-tag): a set of strings per resource; every
change bumps the resource's revision number."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Resource

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


MAX_TAG = 255


def check(tag: Any) -> str:
    if not isinstance(tag, str) or not tag or len(tag) > MAX_TAG or "," in tag or "/" in tag:
        raise E.bad(f"Invalid input for operation: '{tag}' is not a valid tag.", "InvalidInput")
    return tag


def of(conn: Connection, row: dict[str, Any]) -> list[str]:
    return base.tags_for(conn, [row["id"]])[row["id"]]


def replace(cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any], tags: list[str]) -> None:
    """The resource's tags become ``tags`` (none: all removed)."""
    conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))
    if tags:
        conn.execute(t.tags.insert(), [{"resource_id": row["id"], "tag": x} for x in tags])
    base.bump(cloud, conn, res.table, row["id"])


def has(conn: Connection, res: Resource, row: dict[str, Any], tag: str) -> None:
    """404 unless the resource has the tag."""
    found = conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.resource_id == row["id"], t.tags.c.tag == tag)).first()
    if found is None:
        raise E.not_found("Tag", tag, f"Tag {tag} could not be found for {res.singular} {row['id']}.")


def add(cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any], tag: str) -> None:
    exists = conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.resource_id == row["id"], t.tags.c.tag == tag)).first()
    if exists is None:
        conn.execute(t.tags.insert().values(resource_id=row["id"], tag=tag))
        base.bump(cloud, conn, res.table, row["id"])


def remove(cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any], tag: str) -> None:
    gone = conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"], t.tags.c.tag == tag))
    if gone.rowcount == 0:
        raise E.not_found("Tag", tag, f"Tag {tag} could not be found for {res.singular} {row['id']}.")
    base.bump(cloud, conn, res.table, row["id"])
