"""Address scopes (address-scope): a name space subnet pools belong to; networks show the scope of
their subnets' pools as ``ipv4_address_scope``/``ipv6_address_scope``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import address_scopes as address_scopes_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class AddressScopeOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return sa.or_(t.address_scopes.c.project_id == (caller.project_id if caller else None),
                      t.address_scopes.c.shared.is_(True))

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        return base.insert_row(cloud, conn, ADDRESS_SCOPES, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        pass

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if conn.execute(sa.select(t.subnetpools.c.id).where(t.subnetpools.c.address_scope_id == row["id"])
                        .limit(1)).first() is not None:
            raise E.in_use(f"Unable to complete operation on address scope {row['id']}. There are one or more "
                           "subnet pools in use on the address scope.", "AddressScopeInUse")
        conn.execute(t.address_scopes.delete().where(t.address_scopes.c.id == row["id"]))


def check(conn: Connection, scope_id: str | None, version: int, caller: Context | None) -> None:
    """A subnet pool may join a visible scope of its own IP version."""
    if scope_id is None:
        return
    scope = base.get_visible(conn, ADDRESS_SCOPES, scope_id, caller)
    if scope["ip_version"] != version:
        raise E.bad(f"Illegal subnetpool association: subnetpool cannot be associated with address scope "
                    f"{scope_id} because subnetpool ip_version is not {scope['ip_version']}.",
                    "IllegalSubnetPoolIpVersionAssociationToAddressScope")


def scopes_for_networks(conn: Connection, network_ids: list[str]) -> dict[tuple[str, int], str]:
    """{(network_id, ip_version): address_scope_id} through the networks' subnets' pools, in one query."""
    if not network_ids:
        return {}
    rows = conn.execute(sa.select(t.subnets.c.network_id, t.subnets.c.ip_version, t.subnetpools.c.address_scope_id)
                        .join(t.subnetpools, t.subnetpools.c.id == t.subnets.c.subnetpool_id)
                        .where(t.subnets.c.network_id.in_(network_ids), t.subnetpools.c.address_scope_id.is_not(None)))
    return {(r.network_id, r.ip_version): r.address_scope_id for r in rows}


ADDRESS_SCOPES = Resource(
    "address_scope", "address_scopes", t.address_scopes, address_scopes_schema.ATTRIBUTES,
    AddressScopeOps(), kind="Address scope", error_type="AddressScope", path="address-scopes",
)
