"""The value converters Neutron's attribute maps use: core's, plus Neutron's DNS names. Each raises
``ValueError`` with Neutron's reason."""

from __future__ import annotations

import re
from typing import Any

from twinstack.core.resource import (
    REQUIRED,
    Attr,
    boolean,
    dict_or_empty,
    int_one_of,
    integer,
    one_of,
    string,
    string_list,
    uuid,
    uuid_or_none,
)

__all__ = [
    "REQUIRED",
    "Attr",
    "boolean",
    "dict_or_empty",
    "dns_domain",
    "dns_name",
    "int_one_of",
    "integer",
    "one_of",
    "repeated",
    "string",
    "string_list",
    "uuid",
    "uuid_or_none",
]


def repeated(values: list[Any]) -> list[str]:
    """The strings given more than once, in first-seen order: what neutron-lib's ``_validate_list_of_items``
    names in "Duplicate items in the list: '...'"."""
    seen: set[str] = set()
    twice: dict[str, None] = {}
    for value in values:
        if isinstance(value, str):
            if value in seen:
                twice[value] = None
            seen.add(value)
    return list(twice)


def dns_name(value: Any) -> str:
    """A host name or FQDN as dns-integration accepts it: labels of 1-63 letters, digits, hyphens."""
    if not isinstance(value, str) or len(value) > 255:
        raise ValueError(f"'{value}' not a valid PQDN or FQDN")
    for label in value.rstrip(".").split(".") if value else []:
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?", label):
            raise ValueError(f"'{value}' not a valid PQDN or FQDN. Reason: '{label}' is not a valid label")
    return value.lower()


def dns_domain(value: Any) -> str:
    name = dns_name(value)
    return name if not name or name.endswith(".") else name + "."
