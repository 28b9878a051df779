"""Neutron's declarations and its dialect of the core CRUD runner (neutron-lib attribute maps and
neutron/api/v2/base.py, small): standard attributes, Neutron's converters and fault words, the
``tenant_id``/``project_id`` owner, quotas, tags, revision numbers, ``If-Match``, ``page_reverse``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.clock import isotime
from twinstack.core.context import Context
from twinstack.core.crud import Crud, Messages
from twinstack.core.pipeline import Req
from twinstack.core.resource import (
    Attr,
    Ops,
    string,
)
from twinstack.core.resource import Resource as CoreResource
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import quotas

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


__all__ = ["Ops", "Resource"]  # Ops re-exported for the resource modules beside this one


@dataclass
class Resource(CoreResource):
    """A Neutron resource: core's declaration plus Neutron's standard attributes (name, project,
    timestamps, revision number, tags), which most resources have."""

    named: bool = True  # has name (security group rules have none)
    standard: bool = True  # has Neutron's standard attributes (project, timestamps, revisions, tags)
    tagged: bool = True  # shows tags (standard-attr-tag's resources; address groups have none)

    def common_attrs(self) -> list[Attr]:
        std = [
            Attr("id", sort=True, filter=True),
            # neutron-lib: 'type:string' of PROJECT_ID_FIELD_SIZE; unchecked, a dict reached the quota query
            Attr("project_id", post=True, convert=string(255), filter=True, sort=True),
            Attr("tenant_id", column="project_id", post=True, convert=string(255), filter=True, sort=True),
            Attr("description", post=True, put=True, default="", convert=string(255), filter=True, sort=True),
            Attr("created_at", sort=True),  # filtered with changed_since instead
            Attr("updated_at", sort=True),
            Attr("revision_number", filter=True, sort=True),
            Attr("tags", column=None),
        ]
        if not self.standard:
            std = [a for a in std if a.name in ("id", "description")]
        if not self.tagged:
            std = [a for a in std if a.name != "tags"]
        if self.named:
            std.insert(1, Attr("name", post=True, put=True, default="", convert=string(255), filter=True, sort=True))
        return std


_BAD = "HTTPBadRequest"
NEUTRON_MESSAGES = Messages(
    body_required=(400, "Failed to parse request. Resource body required: '{key}'.", _BAD),
    unknown_fields=(400, "Unrecognized attribute(s) '{names}'", _BAD),
    not_allowed=(400, "Attribute '{name}' not allowed in {verb}", _BAD),
    forbidden=(403, "Policy doesn't allow {rule} to be performed.", "PolicyNotAuthorized"),
    required=(400, "Failed to parse request. Required attribute '{name}' not specified", _BAD),
    invalid=(400, "Invalid input for {name}. Reason: {reason}.", _BAD),
    invalid_filter=(400, "[{name}] is invalid attribute for filtering", _BAD),
    sort_count=(400, "The number of sort_keys and sort_dirs must be same", _BAD),
    sort_key=(400, "{key} is an invalid attribute for sort_keys", _BAD),
    sort_dir=(400, "{direction} is an invalid value for sort_dirs, valid values are: ['asc', 'desc']", _BAD),
    marker_not_found="Marker {marker} not found.",
)

_TAG_FILTERS = (("tags", "all"), ("tags-any", "any"), ("not-tags", "not-all"), ("not-tags-any", "not-any"))


@dataclass
class NeutronCrud(Crud):
    """The hooks where Neutron differs from the core runner."""

    def admit(self, req: Req, res: CoreResource, action: str) -> None:
        """Neutron's get_<resource> rules are for project-scoped tokens: a domain- or system-scoped
        token's list or show fails their scope check (InvalidScope, a 403) before any row is read."""
        if action in ("list", "show") and req.context is not None and req.context.project_id is None:
            raise E.policy(f"get_{res.singular}")

    def is_admin(self, caller: Context | None) -> bool:
        """Neutron's rules are for project-scoped tokens only (scope_types ['project']): a domain- or
        system-scoped admin token sees no more than anyone (upstream refuses it with InvalidScope)."""
        return caller is None or (caller.is_admin and caller.project_id is not None)

    def owner(self, res: CoreResource, values: dict[str, Any], caller: Context | None) -> None:
        """project_id (or its old name tenant_id): the caller's project unless an admin names another."""
        if not getattr(res, "standard", False):
            return
        if "tenant_id" in values and "project_id" in values and values["tenant_id"] != values["project_id"]:
            raise E.bad("'project_id' and 'tenant_id' do not match", _BAD)
        project = values.pop("tenant_id", None) or values.get("project_id")
        if project is None:
            if caller is None or not caller.project_id:
                raise E.bad("Failed to parse request. Required attribute 'project_id' not specified", _BAD)
            project = caller.project_id
        elif caller is not None and project != caller.project_id and not caller.is_admin:
            raise E.policy(f"create_{res.singular}")
        values["project_id"] = project

    def check_quota(self, cloud: Cloud, conn: Connection, res: CoreResource, values: dict[str, Any]) -> None:
        quotas.check(cloud, conn, values["project_id"], str(res.quota), res.table)

    def format_value(self, attr: Attr, value: Any) -> Any:
        return isotime(value) if attr.name in ("created_at", "updated_at") else value

    def new_row(self, cloud: Cloud, res: CoreResource) -> dict[str, Any]:
        if not getattr(res, "standard", False):
            return {}
        now = cloud.clock.now()
        return {"created_at": now, "updated_at": now, "revision_number": 0}

    def changed(self, cloud: Cloud, table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
        """Neutron bumps updated_at and revision_number on every change of a standard resource."""
        if "revision_number" not in table.c:
            return values
        return {**values, "updated_at": cloud.clock.now(), "revision_number": table.c.revision_number + 1}

    def check_precondition(self, req: Req, row: dict[str, Any]) -> None:
        """If-Match: revision_number=N refuses a change to a row that moved on (412)."""
        header = req.headers.get("if-match")
        if not header or "revision_number" not in row:
            return
        for item in header.split(","):
            item = item.strip()
            if item.startswith("revision_number="):
                try:
                    wanted = int(item.split("=", 1)[1])
                except ValueError:
                    raise E.bad(f"Invalid If-Match header: {item}", _BAD) from None
                if wanted != row["revision_number"]:
                    raise E.revision_mismatch(wanted, row["revision_number"])

    def after_delete(self, cloud: Cloud, conn: Connection, res: CoreResource, row: dict[str, Any]) -> None:
        conn.execute(t.tags.delete().where(t.tags.c.resource_id == row["id"]))

    def before_render(self, cloud: Cloud, conn: Connection, res: CoreResource, rows: list[dict[str, Any]],
                      wanted: set[str]) -> None:
        if "tags" in wanted:
            tag_map = tags_for(conn, [r["id"] for r in rows])
            for r in rows:
                r["tags"] = tag_map[r["id"]]

    def extra_filters(self, res: CoreResource, query: sa.Select[Any], params: Any) -> sa.Select[Any]:
        table = res.table
        since = params.get("changed_since")
        if since is not None:
            if "updated_at" not in table.c:
                raise E.bad("[changed_since] is invalid attribute for filtering", _BAD)
            try:
                moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
            except ValueError:
                raise E.bad(f"Invalid input for changed_since. Reason: '{since}' is not a valid timestamp.",
                            _BAD) from None
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC).replace(tzinfo=None)
            query = query.where(table.c.updated_at >= moment)
        for param, mode in _TAG_FILTERS:
            for raw in params.getlist(param):
                wanted = [x for x in raw.split(",") if x]
                if not wanted:
                    continue
                sub = sa.select(t.tags.c.resource_id).where(t.tags.c.tag.in_(wanted))
                if mode.endswith("all"):
                    sub = sub.group_by(t.tags.c.resource_id).having(sa.func.count() == len(set(wanted)))
                clause = table.c.id.in_(sub)
                query = query.where(clause if not mode.startswith("not") else ~clause)
        return query


NEUTRON = NeutronCrud(
    messages=NEUTRON_MESSAGES,
    prefix="/v2.0",
    control=frozenset({"fields", "limit", "marker", "sort_key", "sort_dir", "tags", "tags-any", "not-tags",
                       "not-tags-any", "verbose", "changed_since"}),
    reverse_param="page_reverse",
    max_limit=10000,
    owner_fields=frozenset({"tenant_id", "project_id"}),
)


def tags_for(conn: Connection, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {i: [] for i in ids}
    if not ids:
        return out
    for rid, tag in conn.execute(sa.select(t.tags.c.resource_id, t.tags.c.tag).where(t.tags.c.resource_id.in_(ids))
                                 .order_by(t.tags.c.tag)):
        out[rid].append(tag)
    return out


# the runner's building blocks, as the resource modules (and local.py's in-process API) call them
is_admin = NEUTRON.is_admin
visible_query = NEUTRON.visible_query
get_visible = NEUTRON.get_visible
view = NEUTRON.view
view_for = NEUTRON.view_for
render = NEUTRON.render
show_one = NEUTRON.show_one
insert_row = NEUTRON.insert_row
bump = NEUTRON.bump
prepare = NEUTRON.prepare
create_one = NEUTRON.create_one
create_row = NEUTRON.create_row
update_row = NEUTRON.update_row
authorize_owner = NEUTRON.authorize_owner
parse_fields = NEUTRON.parse_fields
list_rows = NEUTRON.list_rows


def crud_routes(res: Resource, create: bool = True, update: bool = True,
                delete: bool = True) -> list[tuple[str, dict[str, Any]]]:
    return NEUTRON.routes(res, create, update, delete)
