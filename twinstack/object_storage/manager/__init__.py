"""Swift's account, container and object records: what the account, container and object servers keep,
here rows in one store. Every write is one transaction: an object row and its container's counters move
together, so a listing, a HEAD and the account's totals never disagree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.object_storage import tables as t


# -- accounts -------------------------------------------------------------------------------------
def get_account(conn: Connection, account: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.accounts).where(t.accounts.c.account == account)).mappings().first()
    return dict(row) if row else None


def ensure_account(conn: Connection, account: str, now: float) -> dict[str, Any]:
    """Swift's account_autocreate: an operator's first write makes the account."""
    row = get_account(conn, account)
    if row is None:
        row = {"account": account, "created_at": now, "put_timestamp": now, "meta": {}}
        conn.execute(t.accounts.insert().values(**row))
    return row


def set_account_meta(conn: Connection, account: str, meta: Mapping[str, str | None], now: float) -> None:
    row = ensure_account(conn, account, now)
    conn.execute(t.accounts.update().where(t.accounts.c.account == account)
                 .values(meta=merge_meta(row["meta"], meta), put_timestamp=now))


def account_totals(conn: Connection, account: str) -> tuple[int, int, int]:
    """(containers, objects, bytes): summed over the account's containers, as the account server does."""
    row = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(t.containers.c.object_count), 0),
                                 sa.func.coalesce(sa.func.sum(t.containers.c.bytes_used), 0))
                       .where(t.containers.c.account == account)).one()
    return int(row[0]), int(row[1]), int(row[2])


def merge_meta(old: dict[str, str], changes: Mapping[str, str | None]) -> dict[str, str]:
    """Swift's POST semantics for account and container metadata: a header sets, an empty value (or an
    X-Remove- header, None here) removes."""
    merged = dict(old)
    for key, value in changes.items():
        if not value:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


# -- containers -----------------------------------------------------------------------------------
def get_container(conn: Connection, account: str, name: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.containers).where(t.containers.c.account == account,
                                                     t.containers.c.name == name)).mappings().first()
    return dict(row) if row else None


def put_container(conn: Connection, account: str, name: str, meta: Mapping[str, str | None], now: float) -> bool:
    """Create the container, or update its metadata; True when it was created (201, not 202)."""
    ensure_account(conn, account, now)
    row = get_container(conn, account, name)
    if row is None:
        conn.execute(t.containers.insert().values(
            account=account, name=name, created_at=now, put_timestamp=now,
            meta={k: v for k, v in meta.items() if v}, object_count=0, bytes_used=0))
        return True
    conn.execute(t.containers.update().where(t.containers.c.id == row["id"])
                 .values(meta=merge_meta(row["meta"], meta), put_timestamp=now))
    return False


def set_container_meta(conn: Connection, row: dict[str, Any], meta: Mapping[str, str | None], now: float) -> None:
    conn.execute(t.containers.update().where(t.containers.c.id == row["id"])
                 .values(meta=merge_meta(row["meta"], meta), put_timestamp=now))


def delete_container(conn: Connection, row: dict[str, Any]) -> bool:
    """False when it still holds objects (Swift's 409)."""
    has_object = conn.execute(sa.select(t.objects.c.name).where(t.objects.c.container_id == row["id"])
                              .limit(1)).first()
    if has_object is not None:
        return False
    conn.execute(t.containers.delete().where(t.containers.c.id == row["id"]))
    return True


# -- objects --------------------------------------------------------------------------------------
def get_object(conn: Connection, container_id: int, name: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.objects).where(t.objects.c.container_id == container_id,
                                                  t.objects.c.name == name)).mappings().first()
    return dict(row) if row else None


def put_object(conn: Connection, container_id: int, values: dict[str, Any]) -> str | None:
    """Write (or overwrite) an object row and move its container's counters; return the replaced data file."""
    old = get_object(conn, container_id, values["name"])
    if old is None:
        conn.execute(t.objects.insert().values(container_id=container_id, **values))
        delta_count, delta_bytes = 1, values["size"]
    else:
        conn.execute(t.objects.update().where(t.objects.c.container_id == container_id,
                                              t.objects.c.name == values["name"]).values(**values))
        delta_count, delta_bytes = 0, values["size"] - old["size"]
    count(conn, container_id, delta_count, delta_bytes)
    return old["location"] if old else None


def update_object(conn: Connection, container_id: int, name: str, values: dict[str, Any]) -> None:
    conn.execute(t.objects.update().where(t.objects.c.container_id == container_id, t.objects.c.name == name)
                 .values(**values))


def delete_object(conn: Connection, container_id: int, name: str) -> dict[str, Any] | None:
    """Remove the row and give back its counters; the deleted row (for its data file), or None."""
    old = get_object(conn, container_id, name)
    if old is None:
        return None
    conn.execute(t.objects.delete().where(t.objects.c.container_id == container_id, t.objects.c.name == name))
    count(conn, container_id, -1, -old["size"])
    return old


def reap_expired(conn: Connection, container_id: int, now: float) -> list[str]:
    """Remove the container's objects whose X-Delete-At has passed (what swift-object-expirer does);
    the data files they leave, for the caller to delete after commit."""
    o = t.objects.c
    gone = conn.execute(sa.select(o.name, o.size, o.location)
                        .where(o.container_id == container_id, o.delete_at <= now)).all()
    if gone:
        conn.execute(t.objects.delete().where(o.container_id == container_id, o.delete_at <= now))
        count(conn, container_id, -len(gone), -sum(row.size for row in gone))
    return [row.location for row in gone if row.location]


def count(conn: Connection, container_id: int, objects: int, size: int) -> None:
    c = t.containers.c
    conn.execute(t.containers.update().where(c.id == container_id)
                 .values(object_count=c.object_count + objects, bytes_used=c.bytes_used + size))


# -- listings -------------------------------------------------------------------------------------
@dataclass
class Listing:
    """What a GET on an account or container asks for (query parameters, already checked)."""

    limit: int
    marker: str = ""
    end_marker: str = ""
    prefix: str = ""
    delimiter: str = ""
    reverse: bool = False


def list_containers(conn: Connection, account: str, listing: Listing) -> list[dict[str, Any]]:
    table = t.containers
    return _listed(conn, table, table.c.account == account, listing,
                   lambda r: {"name": r["name"], "count": r["object_count"], "bytes": r["bytes_used"],
                              "last_modified": r["put_timestamp"]})


def list_objects(conn: Connection, container_id: int, listing: Listing, now: float) -> list[dict[str, Any]]:
    table = t.objects
    live = sa.and_(table.c.container_id == container_id,
                   sa.or_(table.c.delete_at.is_(None), table.c.delete_at > now))
    return _listed(conn, table, live, listing, lambda r: dict(r))


def _listed(conn: Connection, table: sa.Table, where: Any, listing: Listing, view: Any) -> list[dict[str, Any]]:
    """Keyset pages on the name index, folding names past the delimiter into ``subdir`` entries the way
    the container server does: each subdir once, then the scan jumps past every name it holds."""
    out: list[dict[str, Any]] = []
    low, high = (listing.end_marker, listing.marker) if listing.reverse else (listing.marker, listing.end_marker)
    low_inclusive = False
    while len(out) < listing.limit:
        jumped = False
        for row in _scan(conn, table, where, listing, low, low_inclusive, high, listing.limit - len(out) + 1):
            name = row["name"]
            cut = name.find(listing.delimiter, len(listing.prefix)) if listing.delimiter else -1
            if cut < 0:
                out.append(view(row))
                if len(out) >= listing.limit:
                    return out
                continue
            subdir = name[: cut + len(listing.delimiter)]
            out.append({"subdir": subdir})
            if listing.reverse:  # everything in the subdir sorts at or above it
                high = subdir
            else:
                low, low_inclusive = _after_prefix(subdir), True
            jumped = True
            break
        if not jumped:
            return out
    return out


def _scan(conn: Connection, table: sa.Table, where: Any, listing: Listing, low: str, low_inclusive: bool,
          high: str, want: int) -> Iterator[dict[str, Any]]:
    """Rows between ``low`` and ``high`` (exclusive unless said), in the listing's order, a batch at a time."""
    name = table.c.name
    batch = max(1, min(want, 1000))
    while True:
        query = sa.select(table).where(where)
        if listing.prefix:
            query = query.where(name >= listing.prefix, name < _after_prefix(listing.prefix))
        if low:
            query = query.where(name >= low if low_inclusive else name > low)
        if high:
            query = query.where(name < high)
        query = query.order_by(name.desc() if listing.reverse else name)
        rows = [dict(r) for r in conn.execute(query.limit(batch)).mappings()]
        yield from rows
        if len(rows) < batch:
            return
        if listing.reverse:
            high = rows[-1]["name"]
        else:
            low, low_inclusive = rows[-1]["name"], False
        batch = 1000


def _after_prefix(prefix: str) -> str:
    """The smallest string above every string that starts with ``prefix``, in UTF-8 byte order."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if ord(prefix[-1]) < 0x10FFFF else prefix + "\U0010ffff"
