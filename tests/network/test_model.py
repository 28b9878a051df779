"""The network section of the model: what it declares exists at start; a wrong reference is reported
with its place and the cloud does not start half-made."""

from __future__ import annotations

from pathlib import Path

import pytest

from twinstack.testing import Cloud

MODEL = """
network:
  quotas: {router: 4}
  project_quotas: {demo: {floatingip: 3}}
  networks:
    - name: lab
      project: demo
      mtu: 1400
      subnets:
        - {name: lab-subnet, cidr: 10.200.0.0/24, dns_nameservers: [9.9.9.9],
           allocation_pools: [{start: 10.200.0.10, end: 10.200.0.20}]}
  routers:
    - {name: lab-router, project: demo, external_network: public, interfaces: [lab-subnet],
       routes: [{destination: 10.250.0.0/16, nexthop: 10.200.0.5}]}
  security_groups:
    - name: web
      project: demo
      rules:
        - {protocol: tcp, port_range_min: 80, port_range_max: 80, remote_ip_prefix: 0.0.0.0/0}
        - {protocol: tcp, port_range_min: 5432, port_range_max: 5432, remote_group: web}
"""


def test_model_declares_networks_routers_groups_and_quotas(tmp_path: Path) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(MODEL)
    with Cloud(model=str(path)) as cloud:
        demo = cloud.connect("twinstack")
        lab = demo.network.find_network("lab")
        assert lab.mtu == 1400
        (subnet,) = list(demo.network.subnets(network_id=lab.id))
        assert subnet.allocation_pools == [{"start": "10.200.0.10", "end": "10.200.0.20"}]
        assert subnet.dns_nameservers == ["9.9.9.9"]
        router = demo.network.find_router("lab-router")
        assert router.routes == [{"destination": "10.250.0.0/16", "nexthop": "10.200.0.5"}]
        assert router.external_gateway_info["network_id"] == demo.network.find_network("public").id
        web = demo.network.find_security_group("web")
        rules = [r for r in web.security_group_rules if r["direction"] == "ingress"]
        assert {(r["port_range_min"], r["remote_group_id"]) for r in rules} == {(80, None), (5432, web.id)}
        quota = demo.network.get_quota(demo.current_project_id)
        assert quota.routers == 4 and quota.floating_ips == 3
        assert demo.network.find_network("private") is not None  # layered over the default model


@pytest.mark.parametrize("bad, where", [
    # indexes count the merged model (the default one's items first)
    ("network: {routers: [{name: r, project: demo, interfaces: [nope]}]}",
     "network.routers[1].interfaces[0]: unknown subnet 'nope'"),
    ("network: {networks: [{name: n, project: ghost}]}", "network.networks[2].project: unknown project 'ghost'"),
    ("network: {networks: [{name: n, subnets: [{name: s, cidr: 10.0.0.0/33}]}]}",
     "network.networks[2].subnets[0]: Invalid input for cidr"),
])
def test_bad_reference_is_reported_with_its_place(tmp_path: Path, bad: str, where: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(RuntimeError) as exc:
        Cloud(model=str(path)).start()
    assert where in str(exc.value)
