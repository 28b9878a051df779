"""What central checks of a new zone's name beyond its shape: when the admin keeps TLDs, it must end in one
and not be one; it must match no blacklist pattern (unless the caller may use blacklisted zones)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.dns import errors
from twinstack.dns import tables as t


def check_zone_name(conn: Connection, name: str, may_use_blacklisted: bool) -> None:
    tlds = {row.name for row in conn.execute(sa.select(t.tlds.c.name))}
    if tlds:
        bare = name[:-1]
        if bare in tlds:
            raise errors.invalid_zone_name("Zone name cannot be the same as a TLD")
        suffixes = {".".join(bare.split(".")[i:]) for i in range(1, bare.count(".") + 1)}
        if not suffixes & tlds:
            raise errors.invalid_zone_name("Invalid TLD")
    if may_use_blacklisted:
        return
    for row in conn.execute(sa.select(t.blacklists.c.pattern)):
        if re.search(row.pattern, name):
            raise errors.invalid_zone_name("Blacklisted zone name")
