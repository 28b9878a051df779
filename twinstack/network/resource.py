"""Neutron resources as declarations on core/resource.py: Neutron's standard attributes, which most
resources share, and the converters only Neutron has (DNS names). ``api/generic.py`` runs them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from twinstack.core.resource import (REQUIRED, Attr, Ops, boolean, dict_or_empty, integer, one_of, string,
                                     string_list, uuid, uuid_or_none)
from twinstack.core.resource import Resource as _CoreResource

__all__ = ["REQUIRED", "Attr", "Ops", "Resource", "boolean", "dict_or_empty", "dns_domain", "dns_name", "integer",
           "one_of", "string", "string_list", "uuid", "uuid_or_none"]


@dataclass
class Resource(_CoreResource):
    """A Neutron resource: core's declaration plus Neutron's standard attributes (name, project,
    timestamps, revision number, tags), which most resources have."""

    named: bool = True  # has name (security group rules have none)
    standard: bool = True  # has Neutron's standard attributes (project, timestamps, revisions, tags)

    def common_attrs(self) -> list[Attr]:
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
        return std


# -- Neutron's own converters (each raises ValueError with Neutron's reason) -------------------------
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
