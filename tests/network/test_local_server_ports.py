"""network/local.py's server port paths, in process: what a boot's port carries (vifs), what a server
body shows (addresses, groups), and that a server's delete clears everything hanging off its ports
(fixed IPs, group bindings, floating IPs, port forwardings, tags) while writing only what is there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from twinstack.cloud import Cloud as InProcess
from twinstack.config import Settings
from twinstack.network import local
from twinstack.network import tables as t


@pytest.fixture
def cloud(tmp_path: Any) -> Iterator[InProcess]:
    cloud = InProcess(Settings(state_dir=str(tmp_path)))
    cloud.open()
    try:
        yield cloud
    finally:
        cloud.close()


def _private(conn: Any) -> Any:
    return conn.execute(sa.select(t.networks).where(t.networks.c.name == "private")).first()


def _count(conn: Any, table: sa.Table, *where: Any) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar() or 0)


def _statements(cloud: InProcess) -> list[str]:
    """Every statement the store runs from now on (a cursor listener sends them all SQLAlchemy's way)."""
    seen: list[str] = []
    sa.event.listen(cloud.store.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *args: seen.append(statement))
    return seen


def test_vifs_name_every_fixed_ip_of_the_new_port(cloud: InProcess) -> None:
    with cloud.store.begin() as conn:
        net = _private(conn)
        (vif,) = local.allocate_for_instance(cloud, conn, "vm-1", net.project_id, "host1", [{"uuid": net.id}], [])
        ips = conn.execute(sa.select(t.ip_allocations.c.ip_address, t.ip_allocations.c.subnet_id)
                           .where(t.ip_allocations.c.port_id == vif["port_id"])
                           .order_by(t.ip_allocations.c.ip_key)).all()
        port = conn.execute(sa.select(t.ports).where(t.ports.c.id == vif["port_id"])).first()
    assert ips, "the port has addresses"
    assert vif == {"port_id": port.id, "network_id": net.id, "network_name": "private",
                   "mac_address": port.mac_address, "preexisting": False,
                   "fixed_ips": [{"ip_address": ip, "subnet_id": subnet, "version": 6 if ":" in ip else 4}
                                 for ip, subnet in ips]}


def test_a_port_without_addresses_has_a_vif_with_none(cloud: InProcess) -> None:
    with cloud.store.begin() as conn:
        net = _private(conn)
        (vif,) = local.allocate_for_instance(cloud, conn, "vm-1", net.project_id, "host1", [{"uuid": net.id}], [])
        conn.execute(t.ip_allocations.delete().where(t.ip_allocations.c.port_id == vif["port_id"]))
        assert local.vifs(conn, [vif["port_id"]]) == [{**vif, "fixed_ips": []}]


def test_server_delete_clears_what_hangs_off_its_port(cloud: InProcess) -> None:
    with cloud.store.begin() as conn:
        net = _private(conn)
        public = conn.execute(sa.select(t.networks).where(t.networks.c.name == "public")).first()
        (vif,) = local.allocate_for_instance(cloud, conn, "vm-1", net.project_id, "host1", [{"uuid": net.id}], [])
        port_id = vif["port_id"]
        fixed = vif["fixed_ips"][0]["ip_address"]
        now = cloud.clock.now()
        conn.execute(t.floating_ips.insert().values(
            id="fip-1", project_id=net.project_id, name="", description="", created_at=now, updated_at=now,
            revision_number=0, floating_network_id=public.id, floating_ip_address="172.24.4.77",
            floating_port_id="fip-port", port_id=port_id, fixed_ip_address=fixed, status="ACTIVE"))
        conn.execute(t.port_forwardings.insert().values(
            id="pf-1", floatingip_id="fip-1", internal_port_id=port_id, internal_ip_address=fixed,
            internal_port=22, external_port=2222, protocol="tcp"))
        conn.execute(t.tags.insert().values(resource_id=port_id, tag="mine"))
        shown = local.addresses(cloud, conn, ["vm-1"])["vm-1"]["private"]
        assert {"addr": "172.24.4.77", "version": 4, "OS-EXT-IPS:type": "floating",
                "OS-EXT-IPS-MAC:mac_addr": vif["mac_address"]} in shown

        local.deallocate_for_instance(cloud, conn, "vm-1")

        assert _count(conn, t.ports, t.ports.c.id == port_id) == 0
        assert _count(conn, t.ip_allocations, t.ip_allocations.c.port_id == port_id) == 0
        assert _count(conn, t.port_security_groups, t.port_security_groups.c.port_id == port_id) == 0
        assert _count(conn, t.port_forwardings, t.port_forwardings.c.internal_port_id == port_id) == 0
        assert _count(conn, t.tags, t.tags.c.resource_id == port_id) == 0
        fip = conn.execute(sa.select(t.floating_ips).where(t.floating_ips.c.id == "fip-1")).first()
        assert (fip.port_id, fip.fixed_ip_address, fip.status, fip.revision_number) == (None, None, "DOWN", 1)
        assert local.addresses(cloud, conn, ["vm-1"]) == {"vm-1": {}}


def test_server_delete_writes_only_what_is_there(cloud: InProcess) -> None:
    """A plain server port (no floating IP, forwarding, tag or DNS name): one read, then its row deleted;
    its addresses and group bindings go with it (ON DELETE CASCADE, checked in the test above)."""
    with cloud.store.begin() as conn:
        net = _private(conn)
        local.allocate_for_instance(cloud, conn, "vm-1", net.project_id, "host1", [{"uuid": net.id}], [])
        seen = _statements(cloud)
        local.deallocate_for_instance(cloud, conn, "vm-1")
    network_statements = [s for s in seen if "network_" in s]
    assert [s.split(" WHERE")[0] for s in network_statements[1:]] == ["DELETE FROM network_ports"]


def test_server_networking_answers_as_addresses_and_security_groups_for(cloud: InProcess) -> None:
    """One statement for a server body, the same answer as the two it replaces: several servers, a
    server with two ports sharing a group, a floating IP, a second group, a server with no port."""
    with cloud.store.begin() as conn:
        net = _private(conn)
        public = conn.execute(sa.select(t.networks).where(t.networks.c.name == "public")).first()
        project = net.project_id
        now = cloud.clock.now()
        conn.execute(t.security_groups.insert().values(id="sg-web", project_id=project, name="web", description="w",
                                                       created_at=now, updated_at=now, revision_number=0,
                                                       stateful=True))
        two = [{"uuid": net.id}, {"uuid": net.id}]
        (first, _second) = local.allocate_for_instance(cloud, conn, "vm-1", project, "host1", two, [])
        local.allocate_for_instance(cloud, conn, "vm-2", project, "host1", [{"uuid": net.id}], ["web", "default"])
        conn.execute(t.floating_ips.insert().values(
            id="fip-1", project_id=project, name="", description="", created_at=now, updated_at=now,
            revision_number=0, floating_network_id=public.id, floating_ip_address="172.24.4.78",
            floating_port_id="fip-port", port_id=first["port_id"],
            fixed_ip_address=first["fixed_ips"][0]["ip_address"], status="ACTIVE"))
        for uuids in (["vm-1"], ["vm-2"], ["vm-none"], ["vm-1", "vm-2", "vm-none"], []):
            got = local.server_networking(cloud, conn, uuids)
            assert got.addresses == local.addresses(cloud, conn, uuids)
            assert got.security_groups == local.security_groups_for(cloud, conn, uuids)
        both = local.server_networking(cloud, conn, ["vm-1", "vm-2"])
        assert [g["name"] for g in both.security_groups["vm-1"]] == ["default"]
        assert [g["name"] for g in both.security_groups["vm-2"]] == ["default", "web"]
        assert len(both.addresses["vm-1"]["private"]) > len(both.addresses["vm-2"]["private"])
        assert "172.24.4.78" in {a["addr"] for a in both.addresses["vm-1"]["private"]}
