"""CRUD resources as declarations (neutron-lib's attribute maps, small): per field, whether it may be
set on create or update, its default, converter, visibility, filter and sort rights and the
microversions it lives in. ``core/crud.py`` runs any resource declared here; see docs/architecture.md."""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.convert import to_bool, to_int

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

Version = tuple[int, int]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # an Attr default: the field must be given on create


@dataclass(frozen=True)
class Attr:
    """One field of a resource, by its API name."""

    name: str  # the API name: "router:external"
    column: str | None = ""  # "" means the same as name; None means computed by the resource's Ops.expand
    post: bool = False  # may be given on create
    put: bool = False  # may be given on update
    default: Any = None  # on create when absent; REQUIRED: must be given; a callable is called
    convert: Callable[[Any], Any] | None = None  # validates and normalises; raises ValueError(reason)
    filter: bool = False  # a list may filter on it (?name=value)
    sort: bool = False  # a list may sort on it (sort_key=name)
    visible: bool = True  # shown in bodies
    omit_none: bool = False  # absent from a body where it has no value (an extension that extends some rows only)
    admin: bool = False  # only admins may set it, and only they see it
    admin_set: bool = False  # only admins may set it; everyone sees it
    min_version: Version | None = None  # the first microversion with this field
    max_version: Version | None = None  # the last microversion with this field

    @property
    def col(self) -> str | None:
        return self.name if self.column == "" else self.column

    def in_version(self, version: Any) -> bool:
        """Whether the field exists at ``version`` (a Version, a (major, minor) tuple or None: any)."""
        if version is None or (self.min_version is None and self.max_version is None):
            return True
        current = (version.major, version.minor) if hasattr(version, "major") else tuple(version)
        if self.min_version is not None and current < self.min_version:
            return False
        return self.max_version is None or current <= self.max_version


class Ops:
    """What a resource writes and shows beyond its plain columns. ``caller`` is None for the cloud's
    own use (bootstrap, other services through local.py): it may see and do everything. The defaults
    make a plain resource: no computed fields, the runner inserts and updates the columns, delete
    deletes the row. One instance serves one resource (``resource`` is set by the declaration)."""

    resource: Resource

    def visible(self, caller: Context | None) -> Any:
        """A WHERE clause: which rows a non-admin caller may see (None: all)."""
        return None

    def before_list(self, cloud: Cloud, caller: Context | None) -> None:
        """Work done before a list (Neutron makes a project's default security group on first use)."""

    def filter(self, name: str, values: list[str]) -> Any:
        """A WHERE clause for a filter on a computed attribute (column=None)."""
        raise NotImplementedError(name)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        """Add the computed attributes to rows, in one query per attribute for the whole page."""

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str | None:
        """Write a new row from converted ``values`` (API names) and return its key (its id unless the
        resource says otherwise); None lets the runner insert the plain columns."""
        return None

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        """Checks and side effects of an update; the runner writes the plain columns afterwards."""

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        table = self.resource.table
        conn.execute(table.delete().where(table.c.id == row["id"]))


@dataclass
class Resource:
    """One CRUD resource: its names, table, fields and the hand-written parts (ops)."""

    singular: str  # network
    plural: str  # networks
    table: sa.Table
    attrs: list[Attr]
    ops: Ops
    kind: str  # the name in messages: "Network", "Security group"
    not_found: str = "{kind} {id} could not be found."
    quota: str | None = None  # the quota resource a create counts against
    default_sort: list[tuple[str, str]] = field(default_factory=lambda: [("id", "asc")])
    error_type: str = ""  # the fault's type prefix (NetworkNotFound's "Network"); default: kind in CamelCase
    path: str = ""  # the URL collection (security-groups); default: plural
    key: str = "id"  # the column naming a row in its URL ({key}) and in lookups (Placement: a class's name)

    def __post_init__(self) -> None:
        self.path = self.path or self.plural
        if not self.error_type:
            self.error_type = self.kind.title().replace(" ", "")
        have = {a.name for a in self.attrs}
        self.attrs = [a for a in self.common_attrs() if a.name not in have] + self.attrs
        self.by_name = {a.name: a for a in self.attrs}
        self.ops.resource = self

    def common_attrs(self) -> list[Attr]:
        """Fields every resource of a service has (a service's subclass declares them once)."""
        return [Attr("id", sort=True, filter=True)]

    def attrs_at(self, version: Any) -> dict[str, Attr]:
        """The fields that exist at a microversion, by name."""
        if version is None:
            return self.by_name
        return {a.name: a for a in self.attrs if a.in_version(version)}


# -- converters: each validates and normalises, raising ValueError(reason) ----------------------------
def string(max_len: int | None = None, nullable: bool = False) -> Callable[[Any], Any]:
    def conv(value: Any) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise ValueError(f"'{value}' is not a valid string")
        if max_len is not None and len(value) > max_len:
            raise ValueError(f"'{value}' exceeds maximum length of {max_len}")
        return value
    return conv


def boolean(value: Any) -> bool:
    """A JSON boolean, 0/1, or a string oslo.utils reads strictly as one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        try:
            return to_bool(value, strict=True)
        except ValueError:
            pass
    raise ValueError(f"'{value}' cannot be converted to boolean")


def integer(minimum: int | None = None, maximum: int | None = None, nullable: bool = False) -> Callable[[Any], Any]:
    def conv(value: Any) -> Any:
        if value is None and nullable:
            return None
        if isinstance(value, bool):
            raise ValueError(f"'{value}' is not an integer")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"'{value}' is not an integer") from None
        if isinstance(value, float) and number != value:
            raise ValueError(f"'{value}' is not an integer")
        if minimum is not None and number < minimum:
            raise ValueError(f"'{number}' is too small - must be at least '{minimum}'")
        if maximum is not None and number > maximum:
            raise ValueError(f"'{number}' is too large - must be no larger than '{maximum}'")
        return number
    return conv


def uuid(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{value}' is not a valid UUID")
    try:
        _uuid.UUID(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a valid UUID") from None
    return value


def uuid_or_none(value: Any) -> Any:
    if value is None:
        return None
    return uuid(value)


def string_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{value}' is not a list")
    return value


def dict_or_empty(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"'{value}' is not a dictionary")
    return value


def one_of(*choices: Any, nullable: bool = False) -> Callable[[Any], Any]:
    def conv(value: Any) -> Any:
        if value is None and nullable:
            return None
        if value not in choices:
            raise ValueError(f"'{value}' is not in {list(choices)}")
        return value
    return conv


def int_one_of(*choices: int) -> Callable[[Any], Any]:
    """An integer field with fixed values that takes its number as a string too (Neutron's ip_version:
    ``convert_to_int`` before ``type:values``)."""
    check = one_of(*choices)
    return lambda value: check(to_int(value))
