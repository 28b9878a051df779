"""Rbac: the attribute map (see the package docstring)."""

from __future__ import annotations

from twinstack.network.schemas.converters import REQUIRED, Attr, one_of, string, uuid

ACTIONS = ("access_as_shared", "access_as_external")


ATTRIBUTES: list[Attr] = [
    Attr("object_type", post=True, default=REQUIRED, convert=one_of("network"), filter=True, sort=True),
    Attr("object_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("action", post=True, default=REQUIRED, convert=one_of(*ACTIONS), filter=True, sort=True),
    Attr("target_tenant", post=True, put=True, default=REQUIRED, convert=string(255), filter=True, sort=True),
]
