"""Agents: a fake DHCP, L3 and Open vSwitch agent per compute host (and the network node), always alive.
A deleted agent comes back at its next "heartbeat" (the next listing), as a real one re-registers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import local as compute_local
from twinstack.core.convert import to_bool
from twinstack.core.ids import uuid_str
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager.networks import default_az

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


KINDS = (
    ("DHCP agent", "neutron-dhcp-agent", "dhcp_agent", True,
     {"dhcp_driver": "neutron.agent.linux.dhcp.Dnsmasq", "networks": 0, "subnets": 0, "ports": 0}),
    ("L3 agent", "neutron-l3-agent", "l3_agent", True,
     {"agent_mode": "legacy", "routers": 0, "interface_driver": "openvswitch"}),
    ("Open vSwitch agent", "neutron-openvswitch-agent", "N/A", False,
     {"bridge_mappings": {"public": "br-ex"}, "tunnel_types": ["vxlan"], "devices": 0}),
)


def host_names(cloud: Cloud) -> list[str]:
    """The compute hosts, or the network node alone while there are none."""
    with cloud.store.read() as conn:
        names = list(compute_local.host_names(cloud, conn))
    return names or ["twinstack"]


def ensure_agents(cloud: Cloud) -> None:
    hosts = host_names(cloud)
    with cloud.store.read() as conn:
        have = {(r.agent_type, r.host) for r in conn.execute(sa.select(t.agents.c.agent_type, t.agents.c.host))}
    missing = [(kind, host) for host in hosts for kind in KINDS if (kind[0], host) not in have]
    if not missing:
        return
    now = cloud.clock.now()
    az = default_az(cloud)
    with cloud.store.begin() as conn:
        for (agent_type, binary, topic, zoned, config), host in missing:
            try:
                with conn.begin_nested():
                    conn.execute(t.agents.insert().values(
                        id=uuid_str(), agent_type=agent_type, binary=binary, topic=topic, host=host,
                        availability_zone=az if zoned else None, admin_state_up=True, description=None,
                        configurations=config, created_at=now, started_at=now, heartbeat_timestamp=now))
            except sa.exc.IntegrityError:
                pass


_FILTERS = ("agent_type", "host", "binary", "topic", "availability_zone", "id")
_CONTROL = ("alive", "admin_state_up", "fields", "limit", "marker", "sort_key", "sort_dir")


def list_agents(cloud: Cloud, query: Any) -> list[Any]:
    """The agents a list's query parameters select; 400 on a parameter that is no filter."""
    ensure_agents(cloud)
    select = sa.select(t.agents).order_by(t.agents.c.host, t.agents.c.agent_type)
    for key in _FILTERS:
        values = query.getlist(key)
        if values:
            select = select.where(t.agents.c[key].in_(values))
    for key in query:
        if key not in _FILTERS + _CONTROL:
            raise E.bad(f"[{key}] is invalid attribute for filtering", "HTTPBadRequest")
    with cloud.store.read() as conn:
        rows = list(conn.execute(select))
    if query.get("admin_state_up"):
        wanted = to_bool(query["admin_state_up"])
        rows = [r for r in rows if r.admin_state_up == wanted]
    if query.get("alive") and not to_bool(query["alive"], default=True):
        rows = []  # every agent is alive
    return rows


def get_agent(conn: Connection, agent_id: str) -> Any:
    row = conn.execute(sa.select(t.agents).where(t.agents.c.id == agent_id)).first()
    if row is None:
        raise E.not_found("Agent", agent_id, f"Agent {agent_id} could not be found.")
    return row


def update_agent(conn: Connection, agent_id: str, changes: dict[str, Any]) -> Any:
    get_agent(conn, agent_id)
    conn.execute(t.agents.update().where(t.agents.c.id == agent_id).values(**changes))
    return get_agent(conn, agent_id)


def delete_agent(conn: Connection, agent_id: str) -> None:
    get_agent(conn, agent_id)
    conn.execute(t.agents.delete().where(t.agents.c.id == agent_id))


# -- where routers and networks are hosted (read-only: the first host's agents host everything) -----
def hosting_agent(cloud: Cloud, conn: Connection, agent_type: str) -> Any:
    ensure_agents(cloud)
    return conn.execute(sa.select(t.agents).where(t.agents.c.agent_type == agent_type)
                        .order_by(t.agents.c.host).limit(1)).first()


def has_dhcp(conn: Connection, network_id: str) -> bool:
    return conn.execute(sa.select(t.subnets.c.id).where(t.subnets.c.network_id == network_id,
                                                        t.subnets.c.enable_dhcp.is_(True)).limit(1)).first() is not None


def hosted_rows(cloud: Cloud, conn: Connection, agent: Any) -> list[dict[str, Any]]:
    """The routers (L3 agent) or DHCP-served networks (DHCP agent) the agent hosts: all, on the first host."""
    first = hosting_agent(cloud, conn, agent.agent_type)
    if first is None or first.id != agent.id:
        return []
    if agent.agent_type == "L3 agent":
        return [dict(r._mapping) for r in conn.execute(sa.select(t.routers))]
    if agent.agent_type == "DHCP agent":
        with_dhcp = sa.select(t.subnets.c.network_id).where(t.subnets.c.enable_dhcp.is_(True))
        return [dict(r._mapping) for r in conn.execute(sa.select(t.networks).where(t.networks.c.id.in_(with_dhcp)))]
    return []
