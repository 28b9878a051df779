"""Agents: the HTTP routes and thin handlers; the domain is ``manager/agents.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.pipeline import Req, empty
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.agents import ensure_agents
from twinstack.network.manager.networks import NETWORKS
from twinstack.network.manager.routers import ROUTERS

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _fmt(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _view(cloud: "Cloud", row: Any) -> dict[str, Any]:
    now = cloud.clock.now()
    return {"id": row.id, "agent_type": row.agent_type, "binary": row.binary, "topic": row.topic, "host": row.host,
            "admin_state_up": row.admin_state_up, "alive": True, "availability_zone": row.availability_zone,
            "configurations": row.configurations, "description": row.description,
            "created_at": _fmt(row.created_at), "started_at": _fmt(row.started_at), "heartbeat_timestamp": _fmt(now),
            "resources_synced": None, "ha_state": None}


def _admin(req: Req, rule: str) -> None:
    if not req.context.is_admin:
        raise E.policy(rule)


def _get(conn: Connection, agent_id: str) -> Any:
    row = conn.execute(sa.select(t.agents).where(t.agents.c.id == agent_id)).first()
    if row is None:
        raise E.not_found("Agent", agent_id, f"Agent {agent_id} could not be found.")
    return row


async def list_agents(req: Req) -> Any:
    _admin(req, "get_agent")
    ensure_agents(req.cloud)
    query = sa.select(t.agents).order_by(t.agents.c.host, t.agents.c.agent_type)
    for key in ("agent_type", "host", "binary", "topic", "availability_zone", "id"):
        values = req.query.getlist(key)
        if values:
            query = query.where(t.agents.c[key].in_(values))
    for key in req.query.keys():
        if key not in ("agent_type", "host", "binary", "topic", "availability_zone", "id", "alive", "admin_state_up",
                       "fields", "limit", "marker", "sort_key", "sort_dir"):
            raise E.bad(f"[{key}] is invalid attribute for filtering", "HTTPBadRequest")
    with req.cloud.store.read() as conn:
        agents = [_view(req.cloud, r) for r in conn.execute(query)]
    if req.query.get("admin_state_up"):
        wanted = req.query["admin_state_up"].lower() == "true"
        agents = [a for a in agents if a["admin_state_up"] == wanted]
    if req.query.get("alive") and req.query["alive"].lower() == "false":
        agents = []
    return {"agents": agents}


async def show_agent(req: Req) -> Any:
    _admin(req, "get_agent")
    with req.cloud.store.read() as conn:
        return {"agent": _view(req.cloud, _get(conn, req.params["id"]))}


async def update_agent(req: Req) -> Any:
    _admin(req, "update_agent")
    body = await req.json()
    if not isinstance(body, dict) or not isinstance(body.get("agent"), dict):
        raise E.bad("Failed to parse request. Resource body required: 'agent'.", "HTTPBadRequest")
    changes = body["agent"]
    unknown = set(changes) - {"admin_state_up", "description"}
    if unknown:
        raise E.bad(f"Attribute '{sorted(unknown)[0]}' not allowed in PUT", "HTTPBadRequest")
    if "admin_state_up" in changes and not isinstance(changes["admin_state_up"], bool):
        raise E.bad(f"Invalid input for admin_state_up. Reason: '{changes['admin_state_up']}' is not a valid "
                    "boolean value.", "HTTPBadRequest")
    with req.cloud.store.begin() as conn:
        _get(conn, req.params["id"])
        conn.execute(t.agents.update().where(t.agents.c.id == req.params["id"]).values(**changes))
        return {"agent": _view(req.cloud, _get(conn, req.params["id"]))}


async def delete_agent(req: Req) -> Any:
    _admin(req, "delete_agent")
    with req.cloud.store.begin() as conn:
        _get(conn, req.params["id"])
        conn.execute(t.agents.delete().where(t.agents.c.id == req.params["id"]))
    return empty(204)


ROUTES = [
    ("/v2.0/agents", {"GET": list_agents}),
    ("/v2.0/agents/{id}", {"GET": show_agent, "PUT": update_agent, "DELETE": delete_agent}),
]


# -- where routers and networks are hosted (read-only: the first host's agents host everything) -----
def _hosting_agent(req: Req, conn: Connection, agent_type: str) -> Any:
    ensure_agents(req.cloud)
    return conn.execute(sa.select(t.agents).where(t.agents.c.agent_type == agent_type)
                        .order_by(t.agents.c.host).limit(1)).first()


async def router_l3_agents(req: Req) -> Any:
    _admin(req, "get_l3-agents")
    with req.cloud.store.read() as conn:
        base.get_visible(conn, ROUTERS, req.params["id"], req.context)
        agent = _hosting_agent(req, conn, "L3 agent")
        return {"agents": [_view(req.cloud, agent)] if agent is not None else []}


async def network_dhcp_agents(req: Req) -> Any:
    _admin(req, "get_dhcp-agents")
    with req.cloud.store.read() as conn:
        net = base.get_visible(conn, NETWORKS, req.params["id"], req.context)
        dhcp = conn.execute(sa.select(t.subnets.c.id).where(t.subnets.c.network_id == net["id"],
                                                            t.subnets.c.enable_dhcp.is_(True)).limit(1)).first()
        agent = _hosting_agent(req, conn, "DHCP agent") if dhcp else None
        return {"agents": [_view(req.cloud, agent)] if agent is not None else []}


async def agent_l3_routers(req: Req) -> Any:
    _admin(req, "get_l3-routers")
    with req.cloud.store.read() as conn:
        agent = _get(conn, req.params["id"])
        first = _hosting_agent(req, conn, "L3 agent")
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t.routers))] \
            if agent.agent_type == "L3 agent" and first is not None and first.id == agent.id else []
        return {"routers": base.render(req.cloud, conn, ROUTERS, rows, req.context)}


async def agent_dhcp_networks(req: Req) -> Any:
    _admin(req, "get_dhcp-networks")
    with req.cloud.store.read() as conn:
        agent = _get(conn, req.params["id"])
        first = _hosting_agent(req, conn, "DHCP agent")
        hosted = agent.agent_type == "DHCP agent" and first is not None and first.id == agent.id
        with_dhcp = sa.select(t.subnets.c.network_id).where(t.subnets.c.enable_dhcp.is_(True))
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t.networks).where(t.networks.c.id.in_(with_dhcp)))] \
            if hosted else []
        return {"networks": base.render(req.cloud, conn, NETWORKS, rows, req.context)}


ROUTES += [
    ("/v2.0/routers/{id}/l3-agents", {"GET": router_l3_agents}),
    ("/v2.0/networks/{id}/dhcp-agents", {"GET": network_dhcp_agents}),
    ("/v2.0/agents/{id}/l3-routers", {"GET": agent_l3_routers}),
    ("/v2.0/agents/{id}/dhcp-networks", {"GET": agent_dhcp_networks}),
]
