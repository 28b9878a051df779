"""Segments: the attribute map (see the package docstring)."""

from __future__ import annotations

from twinstack.network.schemas.converters import REQUIRED, Attr, integer, one_of, string, uuid

NETWORK_TYPES = ("flat", "vlan", "vxlan", "geneve", "gre", "local")


ATTRIBUTES: list[Attr] = [
    Attr("name", post=True, put=True, default=None, convert=string(255, nullable=True), filter=True, sort=True),
    Attr("network_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("network_type", post=True, default=REQUIRED, convert=one_of(*NETWORK_TYPES), filter=True, sort=True),
    Attr("physical_network", post=True, default=None, convert=string(64, nullable=True), filter=True, sort=True),
    Attr(
        "segmentation_id", post=True, default=None, convert=integer(0, 16777215, nullable=True), filter=True, sort=True
    ),
]
