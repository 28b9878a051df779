"""Keystone's dialect of the core CRUD runner (keystone/server/flask/common.py, small): ``identity:*``
policy checked before the body is read (or against the stored row, for credentials), bodies checked by
JSON Schema and their unknown attributes kept in ``extra`` and echoed back, a body ``id`` that must
match the URL's, Keystone's exact and ``__contains``-style list filters, whole lists (list_limit is
unset, so nothing is truncated) with ``links: {self, previous, next}``, and ``links.self`` on members."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.crud import Crud
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.resource import Attr, Ops
from twinstack.core.resource import Resource as CoreResource
from twinstack.identity.api import common as c

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

__all__ = ["KEYSTONE", "Attr", "KeystoneOps", "Resource"]


class KeystoneOps(Ops):
    """A Keystone resource's hand-written parts: the core's, plus a look at the body with its request."""

    def check_body(self, req: Req, action: str, data: dict[str, Any]) -> None:
        """Rules on a create or update body that need the URL (a region named in its path)."""


@dataclass
class Resource(CoreResource):
    """A Keystone resource: core's declaration plus its bodies' schemas and Keystone's habits."""

    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)  # create/update -> the member's JSON Schema
    omit_none: frozenset[str] = frozenset()  # fields a body leaves out while they are null (a service's name)
    empty_none: frozenset[str] = frozenset()  # fields a body shows as "" while they are null (descriptions)
    row_target: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # the policy target from a row or body
    id_message: str = "Cannot change ID"  # a PATCH whose body names another id
    changes_tokens: frozenset[str] = frozenset({"create", "update", "delete"})  # writes that change the catalog
    bare_head: bool = False  # HEAD on a member answers 200 with no body nor content type (keystone's checks)
    not_found: str = "Could not find {kind}: {id}."
    error_type: str = "NotFound"

    def common_attrs(self) -> list[Attr]:
        return [Attr("id"), Attr("extra", visible=False)]  # extra: the attributes Keystone keeps unnamed


def _own(resource: CoreResource) -> Resource:
    assert isinstance(resource, Resource)
    return resource


@dataclass
class KeystoneCrud(Crud):
    """The hooks where Keystone differs from the core runner."""

    paged: bool = False  # Keystone's lists are whole (list_limit unset) and ignore limit/marker
    _targets: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = field(default_factory=dict, repr=False)

    def rule(self, res: CoreResource, action: str) -> str:
        """identity:list_regions, identity:get_region, identity:create_region ..."""
        if action == "list":
            return f"identity:list_{res.plural}"
        return f"identity:{'get' if action == 'show' else action}_{res.singular}"

    def parse_fields(self, params: Any) -> list[str] | None:
        return None  # no fields= in Keystone

    def not_found(self, res: CoreResource, id_: str) -> ApiError:
        return ApiError(404, res.not_found.format(kind=res.kind, id=id_), res.error_type)

    def is_admin(self, caller: Context | None) -> bool:
        """Every row is visible to the runner: Keystone's policy rules, not row filters, decide."""
        return True

    def check(self, cloud: Cloud, caller: Context | None, rule: str, target: dict[str, Any] | None = None) -> None:
        if caller is not None and not c.allowed(cloud, caller, rule, target):
            raise c.forbidden_action(rule)

    def admit(self, req: Req, res: CoreResource, action: str) -> None:
        """The route's rule, before the body is read; a resource whose target is its row (credentials)
        is looked up first (404 before 403), and its list is narrowed instead of refused."""
        target = _own(res).row_target
        if target is None:
            self.check(req.cloud, req.context, self.rule(res, action))
        elif action == "show":
            with req.cloud.store.read() as conn:
                row = self.get_visible(conn, res, req.params[res.key], req.context)
            self.check(req.cloud, req.context, self.rule(res, action), target(row))

    def authorize_owner(self, cloud: Cloud, caller: Context | None, rule: str, row: dict[str, Any]) -> None:
        """Update and delete of a resource whose target is its row: checked once the row is found."""
        target = self._targets.get(rule)
        if target is not None:
            self.check(cloud, caller, rule, target(row))

    def create_one(self, cloud: Cloud, conn: Connection, res: CoreResource, values: dict[str, Any],
                   caller: Context | None) -> str:
        target = _own(res).row_target
        if target is not None:
            self.check(cloud, caller, self.rule(res, "create"), target(values))
        return self.create_row(cloud, conn, res, values, caller)

    async def read_body(self, req: Req, res: CoreResource, action: str) -> Any:
        own = _own(res)
        data = await c.body_member(req, res.singular, own.schemas[action])
        if action == "update" and data.get("id") is not None and data["id"] != req.params[res.key]:
            raise c.bad_request(own.id_message)  # keystone's _require_matching_id
        if isinstance(own.ops, KeystoneOps):
            own.ops.check_body(req, action, data)
        return data

    def prepare(self, res: CoreResource, body: Any, caller: Context | None, create: bool,
                version: Any = None) -> dict[str, Any]:
        """The declared fields the body gives, and the rest (but ``id`` and ``links``) as ``extra``."""
        known = {a.name for a in res.attrs if (a.post if create else a.put)}
        values = {k: v for k, v in body.items() if k in known}
        extra = c.extra(body, known)
        if create or extra:
            values["extra"] = extra
        return values

    def update_row(self, cloud: Cloud, conn: Connection, res: CoreResource, row: dict[str, Any],
                   changes: dict[str, Any], caller: Context | None) -> None:
        """New ``extra`` attributes join the row's (Keystone merges, never replaces, them)."""
        if "extra" in changes:
            changes["extra"] = {**(row["extra"] or {}), **changes["extra"]}
        super().update_row(cloud, conn, res, row, changes, caller)

    def apply_filters(self, res: CoreResource, query: sa.Select[Any], params: Any,
                      version: Any = None) -> sa.Select[Any]:
        """Keystone's hints: the declared filters, exact or inexact; any other parameter is ignored."""
        names = frozenset(a.name for a in res.attrs if a.filter)
        booleans = frozenset(n for n in names if isinstance(res.table.c[n].type, sa.Boolean))
        return c.filter_query(params, query, res.table, names, booleans)

    def list_page(self, conn: Connection, res: CoreResource, req: Req, extra: Any = None,
                  ) -> tuple[list[dict[str, Any]], list[dict[str, str]] | None, int | None]:
        """A caller the list rule refuses sees its own rows of a row-targeted resource (keystone
        filters credentials by the caller's user, it never answers 403)."""
        if _own(res).row_target is not None and not c.allowed(req.cloud, req.context, self.rule(res, "list")):
            extra = res.table.c.user_id == req.context.user_id
        return super().list_page(conn, res, req, extra)

    def view(self, res: CoreResource, row: dict[str, Any], caller: Context | None, fields: list[str] | None = None,
             version: Any = None) -> dict[str, Any]:
        own = _own(res)
        body = super().view(res, row, caller, fields, version)
        for name in own.omit_none:
            if body.get(name) is None:
                body.pop(name, None)
        for name in own.empty_none:
            body[name] = body.get(name) or ""
        body.update(row.get("extra") or {})
        return body

    def link(self, req: Req, res: CoreResource, item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "links": {"self": c.v3_url(req, f"{res.path}/{item['id']}")}}

    def list_body(self, req: Req, res: CoreResource, items: list[dict[str, Any]],
                  links: list[dict[str, str]] | None, count: int | None) -> dict[str, Any]:
        return c.collection(req, res.plural, [self.link(req, res, item) for item in items])

    def reply(self, req: Req, res: CoreResource, action: str, body: Any, rows: list[dict[str, Any]]) -> Any:
        if action == "list":
            return body
        own = _own(res)
        if action in own.changes_tokens:
            req.cloud.identity_changed()
        if action == "show" and own.bare_head and req.method == "HEAD":
            return empty(200)
        member = {res.singular: self.link(req, res, body)}
        return json_response(member, 201) if action == "create" else member

    def after_delete(self, cloud: Cloud, conn: Connection, res: CoreResource, row: dict[str, Any]) -> None:
        if "delete" in _own(res).changes_tokens:
            cloud.identity_changed()

    def routes(self, res: CoreResource, create: bool = True, update: bool = True,
               delete: bool = True) -> list[tuple[str, dict[str, Any]]]:
        """Keystone's verbs: POST on the collection, PATCH and DELETE on a member (HEAD as GET)."""
        target = _own(res).row_target
        if target is not None:
            for action in ("update", "delete"):
                self._targets[self.rule(res, action)] = target
        lister, shower = self.list_handler(res), self.show_handler(res)
        collection: dict[str, Any] = {"GET": lister, "HEAD": lister, "POST": self.create_handler(res)}
        member: dict[str, Any] = {"GET": shower, "HEAD": shower, "PATCH": self.update_handler(res),
                                  "DELETE": self.delete_handler(res)}
        return [(f"/v3/{res.path}", collection), (f"/v3/{res.path}/{{{res.key}}}", member)]


KEYSTONE = KeystoneCrud()
