"""QoS (qos, qos-bw-limit-direction, qos-default): policies with bandwidth-limit, DSCP-marking and
minimum-bandwidth rules, attached to networks and ports through ``qos_policy_id``. Nothing is shaped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.api import generic
from twinstack.network.resource import Attr, Ops, Resource, boolean

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

DSCP_MARKS = {0, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 46, 48, 56}
# rule type -> (fields with (required, default), supports direction)
RULE_TYPES: dict[str, tuple[dict[str, tuple[bool, Any]], bool]] = {
    "bandwidth_limit": ({"max_kbps": (True, None), "max_burst_kbps": (False, 0)}, True),
    "dscp_marking": ({"dscp_mark": (True, None)}, False),
    "minimum_bandwidth": ({"min_kbps": (True, None)}, True),
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
        generic.get_visible(conn, QOS_POLICIES, policy_id, caller)


class PolicyOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return sa.or_(t.qos_policies.c.project_id == (caller.project_id if caller else None),
                      t.qos_policies.c.shared.is_(True))

    def expand(self, cloud: "Cloud", conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        rules: dict[str, list[dict[str, Any]]] = {r["id"]: [] for r in rows}
        for rule in conn.execute(sa.select(t.qos_rules).where(t.qos_rules.c.qos_policy_id.in_(list(rules)))):
            rules[rule.qos_policy_id].append(rule_view(rule, True))
        for r in rows:
            r["rules"] = rules[r["id"]]

    def create(self, cloud: "Cloud", conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        if values.get("is_default"):
            _clear_default(conn, values["project_id"])
        return generic.insert_row(cloud, conn, QOS_POLICIES, values)

    def update(self, cloud: "Cloud", conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if changes.get("is_default"):
            _clear_default(conn, row["project_id"])

    def delete(self, cloud: "Cloud", conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        for table, kind in ((t.networks, "network"), (t.ports, "port")):
            user = conn.execute(sa.select(table.c.id).where(table.c.qos_policy_id == row["id"]).limit(1)).first()
            if user is not None:
                raise E.in_use(f"QoS Policy {row['id']} is used by {kind} {user[0]}.", "QosPolicyInUse")
        conn.execute(t.qos_policies.delete().where(t.qos_policies.c.id == row["id"]))


def _clear_default(conn: Connection, project_id: str) -> None:
    conn.execute(t.qos_policies.update().where(t.qos_policies.c.project_id == project_id,
                                               t.qos_policies.c.is_default.is_(True)).values(is_default=False))


QOS_POLICIES = Resource(
    "policy", "policies", t.qos_policies, [
        Attr("shared", post=True, put=True, default=False, convert=boolean, filter=True, sort=True, admin_set=True),
        Attr("is_default", post=True, put=True, default=False, convert=boolean, filter=True, sort=True),
        Attr("rules", column=None),
    ],
    PolicyOps(), kind="QoS policy", error_type="QosPolicy", path="qos/policies",
)


# -- rules, nested under a policy --------------------------------------------------------------------
def _rule_body(kind: str, raw: Any, create: bool) -> dict[str, Any]:
    key = f"{kind}_rule"
    if not isinstance(raw, dict) or not isinstance(raw.get(key), dict):
        raise E.bad(f"Failed to parse request. Resource body required: '{key}'.", "HTTPBadRequest")
    fields, directional = RULE_TYPES[kind]
    data = dict(raw[key])
    allowed = set(fields) | ({"direction"} if directional else set())
    unknown = set(data) - allowed
    if unknown:
        raise E.bad(f"Unrecognized attribute(s) '{', '.join(sorted(unknown))}'", "HTTPBadRequest")
    for name, (required, default) in fields.items():
        if name not in data:
            if create and required:
                raise E.bad(f"Failed to parse request. Required attribute '{name}' not specified", "HTTPBadRequest")
            if create:
                data[name] = default
            continue
        value = data[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 2147483647:
            raise E.bad(f"Invalid input for {name}. Reason: '{value}' is not a valid non-negative integer.",
                        "HTTPBadRequest")
        if name == "dscp_mark" and value not in DSCP_MARKS:
            raise E.bad(f"Invalid input for dscp_mark. Reason: {value} is not in valid DSCP marks.", "HTTPBadRequest")
    if directional:
        if data.get("direction", "egress") not in ("egress", "ingress"):
            raise E.bad(f"Invalid input for direction. Reason: '{data['direction']}' is not in ['egress', "
                        "'ingress'].", "HTTPBadRequest")
        if create:
            data.setdefault("direction", "egress")
    return data


def _policy(req: Req, conn: Connection, write: bool) -> dict[str, Any]:
    row = generic.get_visible(conn, QOS_POLICIES, req.params["policy"], req.context)
    if write:
        generic.authorize_owner(req.cloud, req.context, "update_policy", row)
    return row


def _rule(conn: Connection, policy_id: str, kind: str, rule_id: str) -> Any:
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


def rule_routes(kind: str) -> list[tuple[str, dict[str, Handler]]]:
    key = f"{kind}_rule"

    async def list_rules(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            policy = _policy(req, conn, False)
            rows = conn.execute(sa.select(t.qos_rules).where(t.qos_rules.c.qos_policy_id == policy["id"],
                                                             t.qos_rules.c.type == kind))
            return {f"{key}s": [rule_view(r, False) for r in rows]}

    async def create_rule(req: Req) -> Any:
        data = _rule_body(kind, await req.json(), True)
        with req.cloud.store.begin() as conn:
            policy = _policy(req, conn, True)
            rule_id = uuid_str()
            _write(conn, t.qos_rules.insert().values(id=rule_id, qos_policy_id=policy["id"], type=kind, **data), kind)
            generic.bump(req.cloud, conn, t.qos_policies, policy["id"])
            return json_response({key: rule_view(_rule(conn, policy["id"], kind, rule_id), False)}, 201)

    async def show_rule(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            policy = _policy(req, conn, False)
            return {key: rule_view(_rule(conn, policy["id"], kind, req.params["id"]), False)}

    async def update_rule(req: Req) -> Any:
        data = _rule_body(kind, await req.json(), False)
        with req.cloud.store.begin() as conn:
            policy = _policy(req, conn, True)
            _rule(conn, policy["id"], kind, req.params["id"])
            if data:
                _write(conn, t.qos_rules.update().where(t.qos_rules.c.id == req.params["id"]).values(**data), kind)
            generic.bump(req.cloud, conn, t.qos_policies, policy["id"])
            return {key: rule_view(_rule(conn, policy["id"], kind, req.params["id"]), False)}

    async def delete_rule(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            policy = _policy(req, conn, True)
            _rule(conn, policy["id"], kind, req.params["id"])
            conn.execute(t.qos_rules.delete().where(t.qos_rules.c.id == req.params["id"]))
            generic.bump(req.cloud, conn, t.qos_policies, policy["id"])
        return empty(204)

    base = f"/v2.0/qos/policies/{{policy}}/{key}s"
    return [(base, {"GET": list_rules, "POST": create_rule}),
            (base + "/{id}", {"GET": show_rule, "PUT": update_rule, "DELETE": delete_rule})]


async def rule_types(req: Req) -> Any:
    return {"rule_types": [{"type": kind} for kind in RULE_TYPES]}


async def rule_type(req: Req) -> Any:
    kind = req.params["type"]
    if kind not in RULE_TYPES:
        raise E.not_found("QosRuleType", kind, f"QoS rule type {kind} could not be found.")
    fields, directional = RULE_TYPES[kind]
    params = [{"parameter_name": f, "parameter_type": "range", "parameter_values": {"start": 0, "end": 2147483647}}
              for f in fields]
    if directional:
        params.append({"parameter_name": "direction", "parameter_type": "choices",
                       "parameter_values": ["egress", "ingress"]})
    return {"rule_type": {"type": kind, "drivers": [{"name": "ovn", "supported_parameters": params}]}}


ROUTES = generic.crud_routes(QOS_POLICIES) + [
    ("/v2.0/qos/rule-types", {"GET": rule_types}),
    ("/v2.0/qos/rule-types/{type}", {"GET": rule_type}),
    *[route for kind in RULE_TYPES for route in rule_routes(kind)],
]
