"""Address scopes: the attribute map (see the package docstring)."""

from __future__ import annotations

from twinstack.network.schemas.converters import REQUIRED, Attr, boolean, int_one_of

ATTRIBUTES: list[Attr] = [
    Attr("ip_version", post=True, default=REQUIRED, convert=int_one_of(4, 6), filter=True, sort=True),
    Attr("shared", post=True, put=True, default=False, convert=boolean, filter=True, sort=True, admin_set=True),
]
