"""The image domain layer: image records, who sees what (Glance's visibility rules as SQL), reads,
writes and quotas; the import task executor is ``manager/imports.py``.

Every function takes an open connection; handlers choose the transaction. Visibility follows
Glance's database layer: admins see everything; others see public and community images, their own,
and shared images they are a member of (accepted, for listings).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.image import errors
from twinstack.image import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context

MiB = 1024 * 1024


def not_found(image_id: str) -> ApiError:
    """Glance's 404 for an image the caller may not see (or that is gone)."""
    return errors.image_not_found(image_id)


_IMAGE = sa.select(t.images).where(t.images.c.id == sa.bindparam("image_id"))  # built once: every boot reads it


def load(conn: Connection, image_id: str) -> dict[str, Any] | None:
    row = conn.execute(_IMAGE, {"image_id": image_id}).first()
    return dict(row._mapping) if row else None


def is_member(conn: Connection, image_id: str, project_id: str | None) -> str | None:
    """The member's status when ``project_id`` is a member of the image, else None."""
    if not project_id:
        return None
    return conn.execute(sa.select(t.members.c.status).where(
        t.members.c.image_id == image_id, t.members.c.member_id == project_id)).scalar()


def can_see(conn: Connection, image: dict[str, Any], project_id: str | None, is_admin: bool) -> bool:
    if is_admin or image["owner"] is None or image["visibility"] in ("public", "community"):
        return True
    if project_id is None:
        return False
    if image["owner"] == project_id:
        return True
    return image["visibility"] == "shared" and is_member(conn, image["id"], project_id) is not None


def get_visible(conn: Connection, ctx: Context, image_id: str) -> dict[str, Any]:
    """The image, or Glance's 404 when it is missing or not visible to the caller."""
    image = load(conn, image_id)
    if image is None or not can_see(conn, image, ctx.project_id, ctx.is_admin):
        raise errors.image_not_found(image_id)
    return image


def visible_clause(ctx: Context, member_status: str = "accepted", visibility: str | None = None) -> Any:
    """WHERE clause for a listing, as Glance's ``_select_images_query`` and ``image_get_all``."""
    img = t.images.c
    owner = ctx.project_id
    clauses = []
    if not ctx.is_admin:
        member_q = sa.select(t.members.c.image_id).where(t.members.c.member_id == (owner or ""))
        if member_status != "all":
            member_q = member_q.where(t.members.c.status == member_status)
        seen = [img.visibility.in_(("public", "community")),
                sa.and_(img.visibility == "shared", img.id.in_(member_q))]
        if owner is not None:
            seen.append(img.owner == owner)
        clauses.append(sa.or_(*seen))
    if visibility is not None:
        if visibility != "all":
            clauses.append(img.visibility == visibility)
    elif owner is None:
        clauses.append(img.visibility != "community")
    else:
        clauses.append(sa.or_(img.visibility != "community", img.owner == owner))
    return sa.and_(sa.true(), *clauses)


def tags_of(conn: Connection, image_id: str) -> list[str]:
    image = load(conn, image_id)
    return list(image["tags"]) if image else []


def set_tags(conn: Connection, image_id: str, tags: list[str]) -> None:
    conn.execute(t.image_tags.delete().where(t.image_tags.c.image_id == image_id))
    if tags:
        conn.execute(t.image_tags.insert(), [{"image_id": image_id, "tag": tag} for tag in tags])
    conn.execute(t.images.update().where(t.images.c.id == image_id).values(tags=list(tags)))


def insert(conn: Connection, values: dict[str, Any]) -> dict[str, Any]:
    tags = list(dict.fromkeys(values.pop("tags", []) or []))
    values = {"properties": {}, "min_disk": 0, "min_ram": 0, "protected": False, "os_hidden": False,
              **values, "tags": tags}
    conn.execute(t.images.insert().values(**values))
    if tags:
        conn.execute(t.image_tags.insert(), [{"image_id": values["id"], "tag": tag} for tag in tags])
    image = load(conn, values["id"])
    assert image is not None
    return image


def update(conn: Connection, image_id: str, now: datetime, **values: Any) -> dict[str, Any]:
    conn.execute(t.images.update().where(t.images.c.id == image_id).values(updated_at=now, **values))
    image = load(conn, image_id)
    if image is None:
        raise errors.image_not_found(image_id)
    return image


def transition(conn: Connection, image_id: str, from_status: str | tuple[str, ...], now: datetime,
               **values: Any) -> bool:
    """Change an image only if it is still in ``from_status`` (a compare-and-set, as Glance's
    ``image_repo.save(from_state=...)``); False when another request moved it first."""
    states = (from_status,) if isinstance(from_status, str) else from_status
    result = conn.execute(t.images.update().where(
        t.images.c.id == image_id, t.images.c.status.in_(states)).values(updated_at=now, **values))
    return result.rowcount == 1


def delete(conn: Connection, image_id: str) -> None:
    conn.execute(t.image_tags.delete().where(t.image_tags.c.image_id == image_id))
    conn.execute(t.members.delete().where(t.members.c.image_id == image_id))
    conn.execute(t.images.delete().where(t.images.c.id == image_id))


# -- quotas ------------------------------------------------------------------------------------

def project_name(conn: Connection, project_id: str | None) -> str | None:
    from twinstack.identity import local as identity

    return identity.project_name(conn, project_id)


def limits(cloud: Cloud, conn: Connection, project_id: str | None) -> dict[str, int]:
    section = cloud.model.image
    quotas = section.quotas
    if section.project_quotas:
        name = project_name(conn, project_id)
        if name in section.project_quotas:
            quotas = section.project_quotas[name]
    return quotas.model_dump()


def _usage_bytes(conn: Connection, project_id: str | None) -> dict[str, int]:
    """The project's image count, bytes stored, bytes staged and uploads in flight, in one query."""
    img = t.images.c
    count, size, staged, uploading = conn.execute(sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(img.size), 0),
        sa.func.coalesce(sa.func.sum(img.staged_size), 0),
        sa.func.coalesce(sa.func.sum(sa.case((img.status.in_(("saving", "uploading", "importing")), 1), else_=0)), 0),
    ).where(img.owner == project_id)).one()
    return {"count": int(count), "size": int(size), "staged": int(staged), "uploading": int(uploading)}


def _in_units(raw: dict[str, int]) -> dict[str, int]:
    return {"image_count_total": raw["count"], "image_size_total": raw["size"] // MiB,
            "image_stage_total": raw["staged"] // MiB, "image_count_uploading": raw["uploading"]}


def usage(conn: Connection, project_id: str | None) -> dict[str, int]:
    return _in_units(_usage_bytes(conn, project_id))


def _check(project_id: str | None, resource: str, limit: int, used: int, delta: int) -> None:
    if used + delta > limit:
        raise ApiError(413, f"Project {project_id} is over a limit for [Resource {resource} is over limit "
                            f"of {limit} due to current usage {used} and delta {delta}]", "LimitExceeded")


def enforce(cloud: Cloud, conn: Connection, project_id: str | None, resource: str, delta: int = 0) -> None:
    """Glance's unified-limits check: 413 when usage + delta would pass the project's limit."""
    limit = limits(cloud, conn, project_id)[resource]
    if limit < 0 or project_id is None:
        return
    _check(project_id, resource, limit, usage(conn, project_id)[resource], delta)


def claim_upload(cloud: Cloud, conn: Connection, project_id: str | None, resource: str,
                 delta: int) -> int | None:
    """Before an upload or a stage: ``resource`` + ``delta`` (MiB) and one more upload in flight must
    fit; returns how many more bytes the project may store there (None: unlimited), for cutting the
    upload short. Limits and usage are read once for the three."""
    if project_id is None:
        return None
    quotas = limits(cloud, conn, project_id)
    raw = _usage_bytes(conn, project_id)
    used = _in_units(raw)
    for name, change in ((resource, delta), ("image_count_uploading", 1)):
        if quotas[name] >= 0:
            _check(project_id, name, quotas[name], used[name], change)
    if quotas[resource] < 0:
        return None
    stored = raw["size"] if resource == "image_size_total" else raw["staged"]
    return max(0, quotas[resource] * MiB - stored)
