"""Nova's dialect of the core runner (core/crud.py): compute's plain resources (server groups,
keypairs, aggregates) are declared here as ``NovaResource``s and served by ``NovaCrud``.

Where Nova differs from the core runner:
- policy rules are ``os_compute_api:<collection>:<action>`` (index, show, delete), checked against the
  row's project (server groups: after the lookup, so a missing group is a 404 before any 403), the
  requested user (keypairs) or nothing (aggregates, admin-only), in that order;
- from 2.75 a closed query schema rejects unknown parameters with jsonschema's bare message;
- a list pages in one of Nova's two ways: ``common.limited`` (offset, then limit, server groups) or
  ``get_limit_and_marker`` with a ``<plural>_links`` next link (keypairs from 2.35), or not at all;
- no ``fields=``, timestamps without a zone, a delete answering the status its microversion says.
Faults come out as ``{"itemNotFound": {"code": 404, "message": ...}}`` through the compute service's
fault format; the lookups raise ApiError with Nova's messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import errors
from twinstack.compute.views import roots
from twinstack.core.crud import Crud
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Handler, Req, empty
from twinstack.core.resource import Attr, Ops
from twinstack.core.resource import Resource as CoreResource


class NovaOps(Ops):
    """A Nova resource's own parts: how a URL names a row, which rows a list starts from."""

    def find(self, req: Req, conn: Connection) -> dict[str, Any]:
        """The row the request's URL names, or Nova's 404 (or 400 for an id of the wrong type)."""
        raise NotImplementedError

    def list_query(self, req: Req) -> sa.Select[Any]:
        """The rows a list may show, before paging (the caller's own, or all with the rights)."""
        return sa.select(self.resource.table)

    def policy_target(self, req: Req, row: dict[str, Any] | None) -> dict[str, Any] | None:
        """The policy target of an action: None checks the rule with no target before the lookup; a
        resource owned by a project checks the row's project after it (``row`` given, or the caller's
        project on a list)."""
        return None

    def delete_status(self, req: Req) -> int:
        return 204

    def check_query(self, req: Req, action: str) -> None:
        """From 2.75, the query parameters the action's schema allows (others are a 400)."""


@dataclass
class NovaResource(CoreResource):
    """A compute resource: its policy rules' prefix and how its lists page."""

    policy: str = ""  # "os_compute_api:os-server-groups"
    paging: str = ""  # "offset" (common.limited), "marker" (keypairs), "" (whole list)
    paging_since: tuple[int, int] = (2, 1)  # the first microversion that reads limit/marker
    owned: bool = False  # the policy target is the row's project, checked after the lookup

    @property
    def nova_ops(self) -> NovaOps:
        assert isinstance(self.ops, NovaOps)
        return self.ops

    def common_attrs(self) -> list[Attr]:
        return []  # every field, "id" too, is declared in the order Nova's view writes it


def _own(res: CoreResource) -> NovaResource:
    assert isinstance(res, NovaResource)
    return res


def iso(value: datetime | None) -> str | None:
    """Nova's timestamps: 2026-11-27T04:31:39.000000 (no zone)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") if value else None


MAX_LIMIT = 1000  # Nova's osapi_max_limit


def parse_int(value: str | None, what: str, minimum: int | None = 0) -> int | None:
    """Nova's integer query parameters (limit, offset): not an integer or below ``minimum`` is a 400."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"{what} param must be an integer") from None
    if minimum is not None and number < minimum:
        raise ApiError(400, f"{what} param must be >= {minimum}" if minimum else f"{what} param must be positive")
    return number


def limit_and_marker(req: Req, max_limit: int = MAX_LIMIT) -> tuple[int | None, str | None]:
    """Nova's common.get_limit_and_marker: limit >= 0, capped by osapi_max_limit (1000)."""
    limit = parse_int(req.query.get("limit"), "limit")
    if limit is not None:
        limit = min(limit, max_limit)
    return limit, req.query.get("marker")


def next_links(req: Req, collection: str, marker: Any, limit: int | None) -> list[dict[str, str]]:
    """Nova's ``<plural>_links``: the request's query with the next page's limit and marker."""
    versioned, _ = roots(req)
    params = [(k, v) for k, v in req.query.multi_items() if k not in ("marker", "limit")]
    if limit is not None:
        params.append(("limit", str(limit)))
    params.append(("marker", str(marker)))
    return [{"rel": "next", "href": f"{versioned}/{collection}?{urlencode(params)}"}]


# SQLite's INTEGER (and the other stores' BIGINT): a larger number in a query overflows the driver
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1


def fits_db_int(number: int) -> bool:
    """Whether ``number`` can be compared with an integer column (no row has an id beyond it)."""
    return DB_INT_MIN <= number <= DB_INT_MAX


@dataclass
class NovaCrud(Crud):
    """The hooks where Nova differs from the core runner (see the module's docstring)."""

    max_limit: int = MAX_LIMIT

    def rule(self, res: CoreResource, action: str) -> str:
        return f"{_own(res).policy}:{'index' if action == 'list' else action}"

    def parse_fields(self, params: Any) -> list[str] | None:
        return None  # Nova has no fields=

    def format_value(self, attr: Attr, value: Any) -> Any:
        return iso(value) if isinstance(value, datetime) else value

    def admit(self, req: Req, res: CoreResource, action: str) -> None:
        """The query schema, then the policy rule where it needs no row (owned rows: after the lookup)."""
        nova = _own(res)
        if req.at_least(2, 75):
            nova.nova_ops.check_query(req, action)
        if not nova.owned or action == "list":
            req.authorize(self.rule(res, action), nova.nova_ops.policy_target(req, None))

    def member(self, req: Req, conn: Connection, res: CoreResource, action: str) -> dict[str, Any]:
        """The row a member URL names, after the policy checks Nova makes before and after the lookup."""
        nova = _own(res)
        self.admit(req, res, action)
        row = nova.nova_ops.find(req, conn)
        if nova.owned:
            req.authorize(self.rule(res, action), nova.nova_ops.policy_target(req, row))
        return row

    # -- lists ------------------------------------------------------------------------------------
    def list_page(self, conn: Connection, res: CoreResource, req: Req, extra: Any = None,
                  ) -> tuple[list[dict[str, Any]], list[dict[str, str]] | None, int | None]:
        nova = _own(res)
        query = nova.nova_ops.list_query(req)
        paging = nova.paging if req.at_least(*nova.paging_since) else ""
        if paging == "offset":
            return self._offset_page(conn, nova, req, query), None, None
        if paging == "marker":
            return self._marker_page(conn, nova, req, query)
        return [dict(r._mapping) for r in conn.execute(query.order_by(*self._order(nova)))], None, None

    @staticmethod
    def _order(res: NovaResource) -> list[Any]:
        return [getattr(res.table.c[col], direction)() for col, direction in res.default_sort]

    def _offset_page(self, conn: Connection, res: NovaResource, req: Req,
                     query: sa.Select[Any]) -> list[dict[str, Any]]:
        """Nova's common.limited: offset, then limit capped at osapi_max_limit; Nova slices a list, so an
        offset past any count (past the database's integers too) is an empty page."""
        offset = parse_int(req.query.get("offset"), "offset") or 0
        limit = parse_int(req.query.get("limit"), "limit")
        query = query.order_by(*self._order(res)).limit(self.max_limit if limit is None else min(limit, self.max_limit))
        query = query.offset(offset) if fits_db_int(offset) else query.where(sa.false())
        return [dict(r._mapping) for r in conn.execute(query)]

    def _marker_page(self, conn: Connection, res: NovaResource, req: Req, query: sa.Select[Any],
                     ) -> tuple[list[dict[str, Any]], list[dict[str, str]] | None, int | None]:
        """Nova's get_limit_and_marker on the resource's key, and a next link when more rows follow."""
        limit, marker = limit_and_marker(req, self.max_limit)
        key = res.table.c[res.key]
        if marker is not None:
            if conn.execute(query.where(key == marker)).first() is None:
                raise errors.marker_not_found(marker)
            query = query.where(key > marker)
        query = query.order_by(key.asc())
        if limit is not None:
            query = query.limit(limit + 1)
        rows = [dict(r._mapping) for r in conn.execute(query)]
        more = limit is not None and len(rows) > limit
        rows = rows[:limit] if limit is not None else rows
        links = self.next_links(req, res, rows[-1][res.key], limit) if more and rows else None
        return rows, links, None

    def next_links(self, req: Req, res: CoreResource, marker: Any, limit: int | None) -> list[dict[str, str]]:
        return next_links(req, res.path, marker, limit)

    # -- members ----------------------------------------------------------------------------------
    def show_handler(self, res: CoreResource) -> Handler:
        async def handler(req: Req) -> Any:
            with req.cloud.store.read() as conn:
                row = self.member(req, conn, res, "show")
                one = self.render(req.cloud, conn, res, [row], req.context, None, req.version)[0]
            return self.reply(req, res, "show", one, [row])
        return handler

    def delete_handler(self, res: CoreResource) -> Handler:
        async def handler(req: Req) -> Any:
            with req.cloud.store.begin() as conn:
                row = self.member(req, conn, res, "delete")
                res.ops.delete(req.cloud, conn, row, req.context)
            return empty(_own(res).nova_ops.delete_status(req))
        return handler


CRUD = NovaCrud()
