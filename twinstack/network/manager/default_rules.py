"""Default security group rules (security-groups-default-rules): the templates a new group's rules are
made from, seeded with Neutron's own (egress anywhere; ingress from the group itself in ``default``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.ids import uuid_str
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base, security_groups
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import default_rules as default_rules_schema
from twinstack.network.schemas.default_rules import PARENT

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


SEED = (
    {"direction": "egress", "ethertype": "IPv4", "used_in_default_sg": True, "used_in_non_default_sg": True},
    {"direction": "egress", "ethertype": "IPv6", "used_in_default_sg": True, "used_in_non_default_sg": True},
    {"direction": "ingress", "ethertype": "IPv4", "remote_group_id": PARENT, "used_in_default_sg": True,
     "used_in_non_default_sg": False},
    {"direction": "ingress", "ethertype": "IPv6", "remote_group_id": PARENT, "used_in_default_sg": True,
     "used_in_non_default_sg": False},
)
_KEYS = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
         "remote_group_id", "remote_address_group_id")


def seed(conn: Connection) -> None:
    for rule in SEED:
        conn.execute(t.default_security_group_rules.insert().values(id=uuid_str(), description="", **rule))


def templates(conn: Connection, default_group: bool) -> list[dict[str, Any]]:
    c = t.default_security_group_rules.c
    flag = c.used_in_default_sg if default_group else c.used_in_non_default_sg
    return [dict(r._mapping) for r in conn.execute(sa.select(t.default_security_group_rules).where(flag.is_(True)))]


class DefaultRuleOps(Ops):
    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        if values.get("remote_address_group_id"):
            raise E.not_found("AddressGroup", values["remote_address_group_id"],
                              f"Address group {values['remote_address_group_id']} could not be found.")
        security_groups.validate_rule(values)
        c = t.default_security_group_rules.c
        same = conn.execute(sa.select(c.id).where(*[(c[k] == values[k]) if values.get(k) is not None else c[k].is_(None)
                                                    for k in _KEYS])).first()
        if same is not None:
            raise E.in_use(f"Default security group rule already exists. Rule id is {same[0]}.",
                           "DefaultSecurityGroupRuleExists")
        return base.insert_row(cloud, conn, DEFAULT_RULES, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        raise E.bad("Default security group rules cannot be updated.", "HTTPBadRequest")

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        conn.execute(t.default_security_group_rules.delete().where(t.default_security_group_rules.c.id == row["id"]))


DEFAULT_RULES = Resource(
    "default_security_group_rule",
    "default_security_group_rules",
    t.default_security_group_rules,
    default_rules_schema.ATTRIBUTES,
    DefaultRuleOps(),
    kind="Default security group rule",
    error_type="DefaultSecurityGroupRule",
    not_found="Default Security Group Rule {id} does not exist",
    named=False,
    standard=False,
    path="default-security-group-rules",
)
