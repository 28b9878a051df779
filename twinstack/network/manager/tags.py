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
from twinstack.network.schemas.converters import repeated

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


MAX_TAG = 255
MAX_TAGS = 50  # neutron/extensions/tagging.py MAX_TAGS_COUNT, per resource


def check(tag: Any) -> str:
    if not isinstance(tag, str) or not tag or len(tag) > MAX_TAG or "," in tag or "/" in tag:
        raise E.bad(f"Invalid input for operation: '{tag}' is not a valid tag.", "InvalidInput")
    return tag


def check_body(body: Any) -> list[str]:
    """``{"tags": [...]}`` of unique tags (validate_tags: a repeated tag is refused, not merged)."""
    if not isinstance(body, dict) or not isinstance(body.get("tags"), list):
        raise E.bad("Invalid input for operation: Invalid tags body.", "InvalidInput")
    wanted = body["tags"]
    twice = repeated(wanted)
    if twice:
        raise E.invalid_input(f"Duplicate items in the list: '{', '.join(twice)}'")
    return [check(x) for x in wanted]


def check_count(res: Resource, tags: list[str] | set[str]) -> None:
    """validate_tags_limit: at most 50 tags on one resource."""
    if len(set(tags)) > MAX_TAGS:
        collection = res.path.rsplit("/", 1)[-1]
        raise E.bad(f"Bad {collection} request: The number of tags exceed the per-resource limit of {MAX_TAGS}.")


def of(conn: Connection, row: dict[str, Any]) -> list[str]:
    return base.tags_for(conn, [row["id"]])[row["id"]]


def replace(cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any], tags: list[str]) -> None:
    """The resource's tags become ``tags`` (none: all removed)."""
    check_count(res, tags)
    conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))
    if tags:
        conn.execute(t.tags.insert(), [{"resource_id": row["id"], "tag": x} for x in tags])
    base.bump(cloud, conn, res.table, row["id"])


def has(conn: Connection, res: Resource, row: dict[str, Any], tag: str) -> None:
    """404 unless the resource has the tag."""
    found = conn.execute(sa.select(t.tags.c.tag).where(t.tags.c.resource_id == row["id"], t.tags.c.tag == tag)).first()
    if found is None:
        raise E.not_found("Tag", tag, f"Tag {tag} could not be found for {res.singular} {row['id']}.")


def add(cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any], wanted: list[str]) -> None:
    """The resource also has ``wanted`` (those it has are left as they are: the tag plugin's create_tags)."""
    have = set(of(conn, row))
    new = [x for x in dict.fromkeys(wanted) if x not in have]
    check_count(res, have | set(new))
    if new:
        conn.execute(t.tags.insert(), [{"resource_id": row["id"], "tag": x} for x in new])
        base.bump(cloud, conn, res.table, row["id"])


def remove(cloud: Cloud, conn: Connection, res: Resource, row: dict[str, Any], tag: str) -> None:
    gone = conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"], t.tags.c.tag == tag))
    if gone.rowcount == 0:
        raise E.not_found("Tag", tag, f"Tag {tag} could not be found for {res.singular} {row['id']}.")
    base.bump(cloud, conn, res.table, row["id"])
