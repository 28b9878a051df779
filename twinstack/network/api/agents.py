"""Agents: the HTTP routes and thin handlers; the domain is ``manager/agents.py``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Handler, Req, empty
from twinstack.network import errors as E
from twinstack.network import views
from twinstack.network.manager import agents, base
from twinstack.network.manager.networks import NETWORKS
from twinstack.network.manager.routers import ROUTERS


def _admin(req: Req, rule: str) -> None:
    if not req.context.is_admin:
        raise E.policy(rule)


def _may(req: Req, rule: str) -> bool:
    return req.cloud.policy.allowed(rule, {}, req.context)


def _shown(req: Req, rule: str) -> None:
    """As Neutron's base controller: a caller who may not see agents gets 404 for one, whatever the action
    (it must not learn that the id exists); one who may see it but not act gets 403."""
    if not _may(req, "get_agent"):
        raise E.hidden()
    if rule != "get_agent" and not _may(req, rule):
        raise E.policy(rule)


async def list_agents(req: Req) -> Any:
    if not _may(req, "get_agent"):
        return {"agents": []}  # Neutron filters a list by the show rule, item by item; it never refuses it
    now = req.cloud.clock.now()
    return {"agents": [views.agent(r, now) for r in agents.list_agents(req.cloud, req.query)]}


async def show_agent(req: Req) -> Any:
    _shown(req, "get_agent")
    with req.cloud.store.read() as conn:
        return {"agent": views.agent(agents.get_agent(conn, req.params["id"]), req.cloud.clock.now())}


async def update_agent(req: Req) -> Any:
    _shown(req, "update_agent")
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
        row = agents.update_agent(conn, req.params["id"], changes)
        return {"agent": views.agent(row, req.cloud.clock.now())}


async def delete_agent(req: Req) -> Any:
    _shown(req, "delete_agent")
    with req.cloud.store.begin() as conn:
        agents.delete_agent(conn, req.params["id"])
    return empty(204)


# -- where routers and networks are hosted ---------------------------------------------------------
async def router_l3_agents(req: Req) -> Any:
    _admin(req, "get_l3-agents")
    with req.cloud.store.read() as conn:
        base.get_visible(conn, ROUTERS, req.params["id"], req.context)
        agent = agents.hosting_agent(req.cloud, conn, "L3 agent")
        return {"agents": [views.agent(agent, req.cloud.clock.now())] if agent is not None else []}


async def network_dhcp_agents(req: Req) -> Any:
    _admin(req, "get_dhcp-agents")
    with req.cloud.store.read() as conn:
        net = base.get_visible(conn, NETWORKS, req.params["id"], req.context)
        agent = agents.hosting_agent(req.cloud, conn, "DHCP agent") if agents.has_dhcp(conn, net["id"]) else None
        return {"agents": [views.agent(agent, req.cloud.clock.now())] if agent is not None else []}


async def agent_l3_routers(req: Req) -> Any:
    _admin(req, "get_l3-routers")
    with req.cloud.store.read() as conn:
        agent = agents.get_agent(conn, req.params["id"])
        rows = agents.hosted_rows(req.cloud, conn, agent) if agent.agent_type == "L3 agent" else []
        return {"routers": base.render(req.cloud, conn, ROUTERS, rows, req.context)}


async def agent_dhcp_networks(req: Req) -> Any:
    _admin(req, "get_dhcp-networks")
    with req.cloud.store.read() as conn:
        agent = agents.get_agent(conn, req.params["id"])
        rows = agents.hosted_rows(req.cloud, conn, agent) if agent.agent_type == "DHCP agent" else []
        return {"networks": base.render(req.cloud, conn, NETWORKS, rows, req.context)}


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/v2.0/agents", {"GET": list_agents}),
    ("/v2.0/agents/{id}", {"GET": show_agent, "PUT": update_agent, "DELETE": delete_agent}),
    ("/v2.0/routers/{id}/l3-agents", {"GET": router_l3_agents}),
    ("/v2.0/networks/{id}/dhcp-agents", {"GET": network_dhcp_agents}),
    ("/v2.0/agents/{id}/l3-routers", {"GET": agent_l3_routers}),
    ("/v2.0/agents/{id}/dhcp-networks", {"GET": agent_dhcp_networks}),
]
