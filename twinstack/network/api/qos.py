"""QoS: the HTTP routes and thin handlers; the domain is ``manager/qos.py``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from twinstack.core.convert import to_bool
from twinstack.core.pipeline import Handler, Req, empty, json_response
from twinstack.network import errors as E
from twinstack.network.manager import base
from twinstack.network.manager.qos import (
    DSCP_MARKS,
    QOS_POLICIES,
    RULE_TYPES,
    create_rule,
    delete_rule,
    get_rule,
    list_rules_of,
    rule_view,
    update_rule,
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
        if data.get("direction", "egress") not in directional:
            raise E.bad(f"Invalid input for direction. Reason: '{data['direction']}' is not in "
                        f"{list(directional)}.", "HTTPBadRequest")
        if create:
            data.setdefault("direction", "egress")
    return data


def _policy(req: Req, conn: Connection, write: bool) -> dict[str, Any]:
    row = base.get_visible(conn, QOS_POLICIES, req.params["policy"], req.context)
    if write:
        base.authorize_owner(req.cloud, req.context, "update_policy", row)
    return row


def rule_routes(kind: str) -> list[tuple[str, dict[str, Handler]]]:
    key = f"{kind}_rule"

    async def list_rules(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            policy = _policy(req, conn, False)
            rows = list_rules_of(conn, policy, kind)
            return {f"{key}s": [rule_view(r, False) for r in rows]}

    async def create_rule_handler(req: Req) -> Any:
        data = _rule_body(kind, await req.json(), True)
        with req.cloud.store.begin() as conn:
            policy = _policy(req, conn, True)
            row = create_rule(req.cloud, conn, policy, kind, data)
            return json_response({key: rule_view(row, False)}, 201)

    async def show_rule(req: Req) -> Any:
        with req.cloud.store.read() as conn:
            policy = _policy(req, conn, False)
            return {key: rule_view(get_rule(conn, policy["id"], kind, req.params["id"]), False)}

    async def update_rule_handler(req: Req) -> Any:
        data = _rule_body(kind, await req.json(), False)
        with req.cloud.store.begin() as conn:
            policy = _policy(req, conn, True)
            row = update_rule(req.cloud, conn, policy, kind, req.params["id"], data)
            return {key: rule_view(row, False)}

    async def delete_rule_handler(req: Req) -> Any:
        with req.cloud.store.begin() as conn:
            policy = _policy(req, conn, True)
            delete_rule(req.cloud, conn, policy, kind, req.params["id"])
        return empty(204)

    path = f"/v2.0/qos/policies/{{policy}}/{key}s"
    return [(path, {"GET": list_rules, "POST": create_rule_handler}),
            (path + "/{id}", {"GET": show_rule, "PUT": update_rule_handler, "DELETE": delete_rule_handler})]


# neutron-lib's qos_consts.VALID_RULE_TYPES: what ?all_rules=true lists, served here or not (packet_rate_limit)
VALID_RULE_TYPES = ("bandwidth_limit", "dscp_marking", "minimum_bandwidth", "packet_rate_limit", "minimum_packet_rate")


def _flag(req: Req, name: str) -> bool:
    """qos-rule-type-filter's ``all_rules`` / ``all_supported`` (convert_to_boolean: anything else is a 400)."""
    try:
        return to_bool(req.raw.query_params.get(name), strict=True)
    except ValueError:
        raise E.bad(f"Invalid input for {name}. Reason: '{req.raw.query_params[name]}' cannot be converted to "
                    "boolean.", "HTTPBadRequest") from None


async def rule_types(req: Req) -> Any:
    """The rule types the loaded driver supports (one driver, OVN's, so ``all_supported`` lists the same);
    ``all_rules=true`` every type Neutron knows."""
    if not req.cloud.policy.allowed("get_rule_type", {"project_id": req.context.project_id}, req.context):
        raise E.policy("get_rule_type")
    kinds = VALID_RULE_TYPES if _flag(req, "all_rules") else tuple(RULE_TYPES)
    _flag(req, "all_supported")
    return {"rule_types": [{"type": kind} for kind in kinds]}


async def rule_type(req: Req) -> Any:
    kind = req.params["type"]
    if kind not in RULE_TYPES:
        raise E.not_found("QosRuleType", kind, f"QoS rule type {kind} could not be found.")
    fields, directional = RULE_TYPES[kind]
    params = [{"parameter_name": f, "parameter_type": "range", "parameter_values": {"start": 0, "end": 2147483647}}
              for f in fields]
    if directional:
        params.append({"parameter_name": "direction", "parameter_type": "choices",
                       "parameter_values": list(directional)})
    return {"rule_type": {"type": kind, "drivers": [{"name": "ovn", "supported_parameters": params}]}}


ROUTES = base.crud_routes(QOS_POLICIES) + [
    ("/v2.0/qos/rule-types", {"GET": rule_types}),
    ("/v2.0/qos/rule-types/{type}", {"GET": rule_type}),
    *[route for kind in RULE_TYPES for route in rule_routes(kind)],
]
