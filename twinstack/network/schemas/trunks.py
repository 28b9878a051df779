"""Trunks: the attribute map (see the package docstring)."""

from __future__ import annotations

from twinstack.network.schemas.converters import REQUIRED, Attr, boolean, uuid

ATTRIBUTES: list[Attr] = [
    Attr("port_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("admin_state_up", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("status", column=None),
    Attr("sub_ports", column=None, post=True, default=list),
]
