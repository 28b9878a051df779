"""Qos: the attribute map (see the package docstring)."""

from __future__ import annotations

from twinstack.network.schemas.converters import Attr, boolean

ATTRIBUTES: list[Attr] = [
    Attr("shared", post=True, put=True, default=False, convert=boolean, filter=True, sort=True, admin_set=True),
    Attr("is_default", post=True, put=True, default=False, convert=boolean, filter=True, sort=True),
    Attr("rules", column=None),
]
