"""The admin's lists (``/v2/tlds``, ``/v2/blacklists``): the same CRUD over a name-like unique field, its
own 404/409 types, and a check of the field's value (a TLD's name, a blacklist's regular expression)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.dns import errors, manager
from twinstack.dns import tables as t
from twinstack.dns.api import common
from twinstack.dns.manager import names


@dataclass(frozen=True)
class AdminList:
    table: sa.Table
    collection: str  # tlds, blacklists
    kind: str  # tld, blacklist (error types, policy names)
    what: str  # Tld, Blacklist (error messages)
    field: str  # name, pattern
    check: Callable[[str], str]  # the field's value as stored, or a 400

    def schema(self, required: bool) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": False, "required": [self.field] if required else [],
                "properties": {self.field: {"type": "string", "maxLength": 255},
                               "description": {"type": ["string", "null"], "maxLength": 160}}}

    def view(self, req: Req, row: dict[str, Any]) -> dict[str, Any]:
        return {"id": row["id"], self.field: row[self.field], "description": row["description"],
                "created_at": row["created_at"], "updated_at": row["updated_at"],
                "links": {"self": f"{req.base_url()}/v2/{self.collection}/{row['id']}"}}

    def find(self, conn: Any, row_id: str) -> dict[str, Any]:
        row = conn.execute(sa.select(self.table).where(self.table.c.id == row_id)).mappings().first()
        if row is None:
            raise errors.not_found(self.kind, self.what)
        return dict(row)

    def unique(self, conn: Any, value: str) -> None:
        if conn.execute(sa.select(self.table.c.id).where(self.table.c[self.field] == value)).first() is not None:
            raise errors.duplicate(self.kind, self.what)

    async def create(self, req: Req) -> Any:
        req.authorize(f"create_{self.kind}", {})
        spec = await common.body(req, self.schema(True))
        value = self.check(spec[self.field])
        row = {"id": uuid_str(), self.field: value, "description": spec.get("description"),
               "created_at": manager.now(req.cloud), "updated_at": None}
        with req.cloud.store.begin() as conn:
            self.unique(conn, value)
            conn.execute(self.table.insert().values(**row))
        return json_response(self.view(req, row), 201)

    async def index(self, req: Req) -> Any:
        req.authorize(f"find_{self.collection}", {})
        with req.cloud.store.read() as conn:
            page = common.listing(req, conn, self.table, sa.select(self.table), self.collection, (self.field,),
                                  ("created_at", "id", "updated_at", self.field),
                                  lambda row: self.view(req, row))
        return json_response(page)

    async def show(self, req: Req) -> Any:
        req.authorize(f"get_{self.kind}", {})
        with req.cloud.store.read() as conn:
            row = self.find(conn, req.params[f"{self.kind}_id"])
        return json_response(self.view(req, row))

    async def update(self, req: Req) -> Any:
        req.authorize(f"update_{self.kind}", {})
        spec = await common.body(req, self.schema(False))
        with req.cloud.store.begin() as conn:
            row = self.find(conn, req.params[f"{self.kind}_id"])
            if self.field in spec and spec[self.field] != row[self.field]:
                spec[self.field] = self.check(spec[self.field])
                self.unique(conn, spec[self.field])
            row = {**row, **spec, "updated_at": manager.now(req.cloud)}
            conn.execute(self.table.update().where(self.table.c.id == row["id"]).values(
                **{k: v for k, v in row.items() if k != "id"}))
        return json_response(self.view(req, row))

    async def delete(self, req: Req) -> Any:
        req.authorize(f"delete_{self.kind}", {})
        with req.cloud.store.begin() as conn:
            row = self.find(conn, req.params[f"{self.kind}_id"])
            conn.execute(self.table.delete().where(self.table.c.id == row["id"]))
        return empty(204)

    def routes(self) -> list[tuple[str, dict[str, Handler]]]:
        return [(f"/v2/{self.collection}", {"GET": self.index, "POST": self.create}),
                (f"/v2/{self.collection}/{{{self.kind}_id}}", {"GET": self.show, "PATCH": self.update,
                                                        "DELETE": self.delete})]


def _tld(name: str) -> str:
    """A TLD as Designate's ``tldname`` format takes it: labels, no trailing dot."""
    if name.endswith(".") or not names.is_hostname(name + "."):
        raise errors.invalid_object(f"Provided object does not match schema: name {name!r} is not a valid TLD")
    return name.lower()


def _pattern(pattern: str) -> str:
    """DenylistFields: a non-empty regular expression of at most 255 characters."""
    if not pattern or len(pattern) > 255:
        raise errors.invalid_object(f"Provided object does not match schema: pattern {pattern!r} is not a "
                                    "valid regular expression")
    try:
        re.compile(pattern)
    except re.error:
        raise errors.invalid_object(f"Provided object does not match schema: pattern {pattern!r} is not a "
                                    "valid regular expression") from None
    return pattern


TLDS = AdminList(t.tlds, "tlds", "tld", "Tld", "name", _tld)
BLACKLISTS = AdminList(t.blacklists, "blacklists", "blacklist", "Blacklist", "pattern", _pattern)
