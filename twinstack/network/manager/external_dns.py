"""dns-integration's external DNS (Neutron's Designate driver): a port with a ``dns_name`` on a network with a
``dns_domain`` gets ``<dns_name>.<dns_domain>`` A/AAAA records for its fixed IPs in the zone of that name the
port's project owns in Designate, written in process through dns.local; they go with the port. A floating IP
made with both ``dns_name`` and ``dns_domain`` gets an A record for its address the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.dns import local as dns
from twinstack.network import tables as t

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


# built once: every port made or deleted asks them
_TARGET = (sa.select(t.ports.c.project_id, t.ports.c.dns_name, t.networks.c.dns_domain)
           .join(t.networks, t.networks.c.id == t.ports.c.network_id).where(t.ports.c.id == sa.bindparam("port_id")))
_IPS = sa.select(t.ip_allocations.c.ip_address).where(t.ip_allocations.c.port_id == sa.bindparam("port_id"))


def _target(conn: Connection, port_id: str, dns_name: str | None = None) -> tuple[str, str, str] | None:
    """(project, dns_name, dns_domain) of a port that has both, else None."""
    if dns_name == "":  # the caller knows the port has no name (most have none): nothing to look up
        return None
    row = conn.execute(_TARGET, {"port_id": port_id}).first()
    name = row.dns_name if row is not None and dns_name is None else dns_name
    if row is None or not name or not row.dns_domain:
        return None
    return row.project_id, name, row.dns_domain


def port_created(cloud: Cloud, conn: Connection, port_id: str, dns_name: str | None = None) -> None:
    """Records for the port as it is now (``dns_name``: its name, when the caller knows it, as a create or
    an update about to write it does)."""
    target = _target(conn, port_id, dns_name)
    if target is None:
        return
    ips = [r.ip_address for r in conn.execute(_IPS, {"port_id": port_id})]
    dns.add_host_records(cloud, conn, *target, ips)


def port_changed(cloud: Cloud, conn: Connection, port_id: str, dns_name: str) -> None:
    """A new dns_name or new addresses: the old records go, the new ones come (Neutron's driver does both)."""
    port_deleting(cloud, conn, port_id)
    port_created(cloud, conn, port_id, dns_name)


def port_deleting(cloud: Cloud, conn: Connection, port_id: str) -> None:
    target = _target(conn, port_id)
    if target is not None:
        dns.remove_host_records(cloud, conn, *target)


def floating_ip_created(cloud: Cloud, conn: Connection, fip: dict[str, Any]) -> None:
    if fip.get("dns_name") and fip.get("dns_domain"):
        dns.add_host_records(cloud, conn, fip["project_id"], fip["dns_name"], fip["dns_domain"],
                             [fip["floating_ip_address"]])


def floating_ip_deleting(cloud: Cloud, conn: Connection, fip: dict[str, Any]) -> None:
    if fip.get("dns_name") and fip.get("dns_domain"):
        dns.remove_host_records(cloud, conn, fip["project_id"], fip["dns_name"], fip["dns_domain"])
