"""Address groups (address-group, security-groups-remote-address-group): named sets of CIDRs that a
security group rule names as its remote end (``remote_address_group_id``). The addresses change only
through ``add_addresses``/``remove_addresses``; a group a rule names cannot be deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import address_groups as schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


class AddressGroupOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return t.address_groups.c.project_id == (caller.project_id if caller else None)

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        return base.insert_row(cloud, conn, ADDRESS_GROUPS, {**values, "addresses": values.get("addresses") or []})

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        rules = t.security_group_rules.c
        if conn.execute(sa.select(rules.id).where(rules.remote_address_group_id == row["id"]).limit(1)).first():
            raise E.in_use(f"Address group {row['id']} is in use on one or more security group rules.",
                           "AddressGroupInUse")
        conn.execute(t.address_groups.delete().where(t.address_groups.c.id == row["id"]))


def _requested(body: Any) -> set[str]:
    """The ``addresses`` of an action's body, normalized; anything that is not a CIDR is a 400, never a 500."""
    if not isinstance(body, dict) or not isinstance(body.get("addresses"), list):
        raise E.bad("Failed to parse request. Required attribute 'addresses' not specified", "HTTPBadRequest")
    try:
        return {schema.normalized(x) for x in body["addresses"]}
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise E.invalid_input(f"'{body['addresses']}' is not a list of valid IP subnets") from None


def change_addresses(cloud: Cloud, conn: Connection, row: dict[str, Any], body: Any, add: bool) -> None:
    """The DB mixin's add_addresses / remove_addresses: all or nothing."""
    have, wanted = set(row["addresses"]), _requested(body)
    if add and (present := sorted(wanted & have)):
        raise E.bad(f"Addresses {present} already exist in the address group {row['id']}.", "AddressesAlreadyExist")
    if not add and (missing := sorted(wanted - have)):
        raise E.not_found("Addresses", row["id"], f"Addresses {missing} not found in the address group {row['id']}.")
    addresses = sorted(have | wanted) if add else sorted(have - wanted)
    base.bump(cloud, conn, t.address_groups, row["id"], {"addresses": addresses})


def check_remote(conn: Connection, group_id: str, project_id: str) -> None:
    """A rule's ``remote_address_group_id`` names a group of the rule's project (check_address_group)."""
    found = conn.execute(sa.select(t.address_groups.c.id).where(
        t.address_groups.c.id == group_id, t.address_groups.c.project_id == project_id)).first()
    if found is None:
        raise E.not_found("AddressGroup", group_id, f"Address group {group_id} could not be found.")


ADDRESS_GROUPS = Resource(
    "address_group", "address_groups", t.address_groups, schema.ATTRIBUTES, AddressGroupOps(),
    kind="Address group", error_type="AddressGroup", path="address-groups", tagged=False,
)
