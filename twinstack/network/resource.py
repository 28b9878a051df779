"""Neutron resources as declarations (neutron-lib's attribute maps, small): per attribute, whether it
may be set on create or update, its default, its converter/validator, whether it is filterable,
sortable, visible, or admin-only. ``api/generic.py`` runs every CRUD resource from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Attr:
    name: str  # the API name: "router:external"
    column: str | None = ""  # "" means the same as name; None means computed by the resource's expand
    post: bool = False
    put: bool = False
    default: Any = None  # REQUIRED: must be given on create (when post)
    convert: Callable[[Any], Any] | None = None  # validates and normalises; raises ValueError(reason)
    filter: bool = False
    sort: bool = False
    visible: bool = True
    admin: bool = False  # enforce_policy: only admins may set it, and only they see it
    admin_set: bool = False  # only admins may set it; everyone sees it (shared, router:external)

    @property
    def col(self) -> str | None:
        return self.name if self.column == "" else self.column


@dataclass
class Resource:
    """One CRUD resource: its names, table, attributes and the hand-written parts (ops)."""

    singular: str  # network
    plural: str  # networks
    table: sa.Table
    attrs: list[Attr]
    ops: "Ops"
    kind: str  # NetworkNotFound's "Network"
    not_found: str = "{kind} {id} could not be found."
    quota: str | None = None
    named: bool = True  # has name (security group rules have none)
    default_sort: list[tuple[str, str]] = field(default_factory=lambda: [("id", "asc")])
    error_type: str = ""  # NetworkNotFound's "Network"; default: kind in CamelCase
    path: str = ""  # the URL collection (security-groups); default: plural
    standard: bool = True  # has Neutron's standard attributes (project, timestamps, revisions, tags)

    def __post_init__(self) -> None:
        self.path = self.path or self.plural
        if not self.error_type:
            self.error_type = self.kind.title().replace(" ", "")
        std = [
            Attr("id", sort=True, filter=True),
            Attr("project_id", post=True, filter=True, sort=True),
            Attr("tenant_id", column="project_id", post=True, filter=True, sort=True),
            Attr("description", post=True, put=True, default="", convert=string(255), filter=True, sort=True),
            Attr("created_at", sort=True),  # filtered with changed_since instead
            Attr("updated_at", sort=True),
            Attr("revision_number", filter=True, sort=True),
            Attr("tags", column=None),
        ]
        if not self.standard:
            std = [a for a in std if a.name in ("id", "description")]
        if self.named:
            std.insert(1, Attr("name", post=True, put=True, default="", convert=string(255), filter=True, sort=True))
        have = {a.name for a in self.attrs}
        self.attrs = [a for a in std if a.name not in have] + self.attrs
        self.by_name = {a.name: a for a in self.attrs}


class Ops:
    """What a resource writes and shows beyond its plain columns. ``caller`` is None for internal use."""

    def visible(self, caller: Context | None) -> Any:
        """A WHERE clause: which rows the caller may see (None: all)."""
        return None

    def before_list(self, cloud: "Cloud", caller: Context | None) -> None:
        """Work Neutron does on a list (a project's default security group is made on first use)."""

    def filter(self, name: str, values: list[str]) -> Any:
        """A WHERE clause for a filter on a computed attribute."""
        raise NotImplementedError(name)

    def expand(self, cloud: "Cloud", conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        """Add the computed attributes to rows, in one query per attribute for the whole page."""

    def create(self, cloud: "Cloud", conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        raise NotImplementedError

    def update(self, cloud: "Cloud", conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        raise NotImplementedError

    def delete(self, cloud: "Cloud", conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        raise NotImplementedError


# -- converters (each raises ValueError with Neutron's reason) ------------------------------------
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
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on", "t", "y"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "no", "off", "f", "n"):
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
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


def uuid_or_none(value: Any) -> Any:
    if value is None:
        return None
    return uuid(value)


def uuid(value: Any) -> str:
    import uuid as _uuid

    if not isinstance(value, str):
        raise ValueError(f"'{value}' is not a valid UUID")
    try:
        _uuid.UUID(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a valid UUID") from None
    return value


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


def dns_name(value: Any) -> str:
    """A host name or FQDN as dns-integration accepts it: labels of 1-63 letters, digits, hyphens."""
    import re

    if not isinstance(value, str) or len(value) > 255:
        raise ValueError(f"'{value}' not a valid PQDN or FQDN")
    for label in value.rstrip(".").split(".") if value else []:
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?", label):
            raise ValueError(f"'{value}' not a valid PQDN or FQDN. Reason: '{label}' is not a valid label")
    return value.lower()


def dns_domain(value: Any) -> str:
    name = dns_name(value)
    return name if not name or name.endswith(".") else name + "."
