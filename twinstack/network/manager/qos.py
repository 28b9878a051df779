"""QoS (qos, qos-bw-limit-direction, qos-default): policies with bandwidth-limit, DSCP-marking and
minimum-bandwidth rules, attached to networks and ports through ``qos_policy_id``. Nothing is shaped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.ids import uuid_str
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import qos as qos_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


DSCP_MARKS = {0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 46, 48, 56}
# rule type -> (fields with (required, default), the directions it may take: none if not directional)
RULE_TYPES: dict[str, tuple[dict[str, tuple[bool, Any]], tuple[str, ...]]] = {
    "bandwidth_limit": ({"max_kbps": (True, None), "max_burst_kbps": (False, 0)}, ("egress", "ingress")),
    "dscp_marking": ({"dscp_mark": (True, None)}, ()),
    "minimum_bandwidth": ({"min_kbps": (True, None)}, ("egress", "ingress")),
    # qos-pps-minimum: a packet-rate floor, which may also apply to both directions at once
    "minimum_packet_rate": ({"min_kpps": (True, None)}, ("any", "egress", "ingress")),
}


def rule_view(row: Any, with_type: bool) -> dict[str, Any]:
    fields, directional = RULE_TYPES[row.type]
    body: dict[str, Any] = {"id": row.id, **{f: getattr(row, f) for f in fields}}
    if directional:
        body["direction"] = row.direction
    if with_type:
        body.update(type=row.type, qos_policy_id=row.qos_policy_id)
    return body


def check_policy(conn: Connection, policy_id: str | None, caller: Context | None) -> None:
    """A network or port may name a QoS policy its caller can see."""
    if policy_id is not None:
        base.get_visible(conn, QOS_POLICIES, policy_id, caller)


class PolicyOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return sa.or_(t.qos_policies.c.project_id == (caller.project_id if caller else None),
                      t.qos_policies.c.shared.is_(True))

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        rules: dict[str, list[dict[str, Any]]] = {r["id"]: [] for r in rows}
        for rule in conn.execute(sa.select(t.qos_rules).where(t.qos_rules.c.qos_policy_id.in_(list(rules)))):
            rules[rule.qos_policy_id].append(rule_view(rule, True))
        for r in rows:
            r["rules"] = rules[r["id"]]

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        if values.get("is_default"):
            _clear_default(conn, values["project_id"])
        return base.insert_row(cloud, conn, QOS_POLICIES, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if changes.get("is_default"):
            _clear_default(conn, row["project_id"])

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        # what QosPolicy's bound objects are: networks, ports, floating IPs (qos-fip), router gateways
        for column, kind in ((t.networks.c.qos_policy_id, "network"), (t.ports.c.qos_policy_id, "port"),
                             (t.floating_ips.c.qos_policy_id, "floatingip"),
                             (t.routers.c.gw_qos_policy_id, "router")):
            user = conn.execute(sa.select(column.table.c.id).where(column == row["id"]).limit(1)).first()
            if user is not None:
                raise E.in_use(f"QoS Policy {row['id']} is used by {kind} {user[0]}.", "QosPolicyInUse")
        conn.execute(t.qos_policies.delete().where(t.qos_policies.c.id == row["id"]))


def _clear_default(conn: Connection, project_id: str) -> None:
    conn.execute(t.qos_policies.update().where(t.qos_policies.c.project_id == project_id,
                                               t.qos_policies.c.is_default.is_(True)).values(is_default=False))


QOS_POLICIES = Resource(
    "policy", "policies", t.qos_policies, qos_schema.ATTRIBUTES,
    PolicyOps(), kind="QoS policy", error_type="QosPolicy", path="qos/policies",
)


# -- rules, nested under a policy ----------------------------------------------------------------------
def get_rule(conn: Connection, policy_id: str, kind: str, rule_id: str) -> Any:
    row = conn.execute(sa.select(t.qos_rules).where(t.qos_rules.c.id == rule_id, t.qos_rules.c.type == kind,
                                                    t.qos_rules.c.qos_policy_id == policy_id)).first()
    if row is None:
        raise E.not_found("QosRule", rule_id, f"QoS rule {rule_id} for policy {policy_id} could not be found.")
    return row


def _write(conn: Connection, query: Any, kind: str) -> None:
    try:
        with conn.begin_nested():
            conn.execute(query)
    except sa.exc.IntegrityError:
        raise E.in_use(f"Rule {kind} already exists in the QoS policy for this direction.",
                       "QoSRulesConflict") from None


def list_rules_of(conn: Connection, policy: dict[str, Any], kind: str) -> list[Any]:
    return list(conn.execute(sa.select(t.qos_rules).where(t.qos_rules.c.qos_policy_id == policy["id"],
                                                          t.qos_rules.c.type == kind)))


def create_rule(cloud: Cloud, conn: Connection, policy: dict[str, Any], kind: str, data: dict[str, Any]) -> Any:
    rule_id = uuid_str()
    _write(conn, t.qos_rules.insert().values(id=rule_id, qos_policy_id=policy["id"], type=kind, **data), kind)
    base.bump(cloud, conn, t.qos_policies, policy["id"])
    return get_rule(conn, policy["id"], kind, rule_id)


def update_rule(cloud: Cloud, conn: Connection, policy: dict[str, Any], kind: str, rule_id: str,
                data: dict[str, Any]) -> Any:
    get_rule(conn, policy["id"], kind, rule_id)
    if data:
        _write(conn, t.qos_rules.update().where(t.qos_rules.c.id == rule_id).values(**data), kind)
    base.bump(cloud, conn, t.qos_policies, policy["id"])
    return get_rule(conn, policy["id"], kind, rule_id)


def delete_rule(cloud: Cloud, conn: Connection, policy: dict[str, Any], kind: str, rule_id: str) -> None:
    get_rule(conn, policy["id"], kind, rule_id)
    conn.execute(t.qos_rules.delete().where(t.qos_rules.c.id == rule_id))
    base.bump(cloud, conn, t.qos_policies, policy["id"])
