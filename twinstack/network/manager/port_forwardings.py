"""Floating IP port forwardings (floating-ip-port-forwarding): a TCP/UDP port of an unassociated floating
IP forwarded to a fixed IP of a port behind a router, nested under ``/floatingips/{id}``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.network import tables as t


def view(row: Any) -> dict[str, Any]:
    return {"id": row.id, "internal_port_id": row.internal_port_id, "internal_ip_address": row.internal_ip_address,
            "internal_port": row.internal_port, "external_port": row.external_port, "protocol": row.protocol,
            "description": row.description}


def for_floating_ips(conn: Connection, fip_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in fip_ids}
    if fip_ids:
        for row in conn.execute(sa.select(t.port_forwardings).where(t.port_forwardings.c.floatingip_id.in_(fip_ids))):
            out[row.floatingip_id].append(view(row))
    return out
