"""Agents: a fake DHCP, L3 and Open vSwitch agent per compute host (and the network node), always alive.
A deleted agent comes back at its next "heartbeat" (the next listing), as a real one re-registers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
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


def host_names(cloud: "Cloud") -> list[str]:
    try:
        from twinstack.compute import local as compute_local  # type: ignore[attr-defined]
    except ImportError:
        return ["twinstack"]
    try:
        with cloud.store.read() as conn:
            names = list(compute_local.host_names(cloud, conn))
    except Exception:  # noqa: BLE001 - compute not ready: fall back to the network node
        names = []
    return names or ["twinstack"]


def ensure_agents(cloud: "Cloud") -> None:
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
