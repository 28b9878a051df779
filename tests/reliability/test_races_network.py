"""Neutron's claimable things under 64 clients at once: one fixed IP, the last addresses of a pool,
floating IPs from a /29, port/network/floating IP quotas, and deletes of one port by everyone.
Zero double assignments, zero overshoot, usage back to what it was after clean-up."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.reliability.helpers import CLIENTS, ROUNDS, Client, race, record, statuses


def _network(admin: Client, cidr: str, pool: tuple[str, str], external: bool = False) -> tuple[str, str]:
    body: dict[str, Any] = {"name": f"race-{uuid.uuid4().hex[:6]}", "shared": not external}
    if external:
        body["router:external"] = True
    net = admin.ok("network", "POST", "/networks", json={"network": body})["network"]["id"]
    subnet = admin.ok("network", "POST", "/subnets", json={"subnet": {
        "network_id": net, "cidr": cidr, "ip_version": 4, "gateway_ip": cidr.rsplit(".", 1)[0] + ".1",
        "allocation_pools": [{"start": pool[0], "end": pool[1]}]}})["subnet"]["id"]
    return net, subnet


def _addresses(responses: list[httpx.Response]) -> list[str]:
    """Every address the created ports or floating IPs got."""
    ips = []
    for r in responses:
        if r.status_code == 201:
            body = r.json()
            if "port" in body:
                ips += [ip["ip_address"] for ip in body["port"]["fixed_ips"]]
            else:
                ips.append(body["floatingip"]["floating_ip_address"])
    return ips


def _create_all(client: Client, path: str, body: dict[str, Any]) -> list[httpx.Response]:
    """Everyone creates the same thing at once; only 201 (made) and 409 (none left) are answers."""
    responses = race(lambda i: client("network", "POST", path, json=body))
    counts = statuses(responses)
    assert set(counts) <= {201, 409}, (path, counts)
    return responses


def _delete_made(client: Client, path: str, responses: list[httpx.Response]) -> None:
    made = [next(iter(r.json().values()))["id"] for r in responses if r.status_code == 201]
    if made:
        race(lambda i: client("network", "DELETE", f"{path}/{made[i]}"), clients=len(made))


def _usage(client: Client, resource: str) -> int:
    return int(client.ok("network", "GET", f"/quotas/{client.project_id}/details")["quota"][resource]["used"])


def test_one_fixed_ip_on_many_ports(admin: Client, demo: Client) -> None:
    net, subnet = _network(admin, "192.168.70.0/24", ("192.168.70.10", "192.168.70.200"))
    body = {"port": {"network_id": net, "fixed_ips": [{"subnet_id": subnet, "ip_address": "192.168.70.50"}]}}
    doubles = 0
    for _ in range(ROUNDS):
        responses = _create_all(demo, "/ports", body)
        doubles += statuses(responses).get(201, 0) - 1
        _delete_made(demo, "/ports", responses)
    record("network: one fixed IP, many ports", clients=CLIENTS, double_assignments=doubles)
    assert doubles == 0


def test_last_addresses_of_a_small_pool(admin: Client, demo: Client) -> None:
    net, _ = _network(admin, "192.168.71.0/24", ("192.168.71.10", "192.168.71.17"))  # 8 addresses
    doubles = overshoot = 0
    for _ in range(ROUNDS):
        responses = _create_all(demo, "/ports", {"port": {"network_id": net}})
        ips = _addresses(responses)
        doubles += len(ips) - len(set(ips))
        overshoot += max(0, len(ips) - 8)
        assert len(ips) == 8, statuses(responses)
        _delete_made(demo, "/ports", responses)
    record("network: last addresses of an 8-address pool", clients=CLIENTS, double_assignments=doubles,
           overshoots=overshoot)
    assert doubles == overshoot == 0


def test_floating_ips_from_a_slash_29(admin: Client, demo: Client) -> None:
    net, _ = _network(admin, "203.0.113.0/29", ("203.0.113.2", "203.0.113.6"), external=True)  # 5 addresses
    admin.ok("network", "PUT", f"/quotas/{demo.project_id}", json={"quota": {"floatingip": 100}})
    doubles = 0
    for _ in range(ROUNDS):
        responses = _create_all(demo, "/floatingips", {"floatingip": {"floating_network_id": net}})
        ips = _addresses(responses)
        doubles += len(ips) - len(set(ips))
        assert len(ips) == 5, statuses(responses)
        _delete_made(demo, "/floatingips", responses)
    admin.ok("network", "DELETE", f"/quotas/{demo.project_id}")
    record("network: floating IPs from a /29", clients=CLIENTS, double_assignments=doubles)
    assert doubles == 0
    assert _usage(demo, "floatingip") == 0


def _quota_round(admin: Client, demo: Client, resource: str, path: str, body: dict[str, Any]) -> int:
    """Quota at what is used plus five; 64 creates; the overshoot (and usage back after clean-up)."""
    before = _usage(demo, resource)
    admin.ok("network", "PUT", f"/quotas/{demo.project_id}", json={"quota": {resource: before + 5}})
    responses = _create_all(demo, path, body)
    made = statuses(responses).get(201, 0)
    assert made == 5 and _usage(demo, resource) == before + 5, (resource, statuses(responses))
    _delete_made(demo, path, responses)
    assert _usage(demo, resource) == before
    return max(0, made - 5)


def test_network_quotas(admin: Client, demo: Client) -> None:
    net, _ = _network(admin, "192.168.72.0/24", ("192.168.72.10", "192.168.72.250"))
    public = demo.ok("network", "GET", "/networks?name=public")["networks"][0]["id"]
    creates = {"port": ("/ports", {"port": {"network_id": net}}),
               "network": ("/networks", {"network": {"name": "q"}}),
               "floatingip": ("/floatingips", {"floatingip": {"floating_network_id": public}})}
    overshoot = 0
    try:
        for resource, (path, body) in creates.items():
            for _ in range(ROUNDS):
                overshoot += _quota_round(admin, demo, resource, path, body)
    finally:
        admin.ok("network", "DELETE", f"/quotas/{demo.project_id}")
    record("network: port, network and floating IP quotas", clients=CLIENTS, overshoots=overshoot)
    assert overshoot == 0


def _delete_race(client: Client, path: str) -> dict[int, int]:
    return statuses(race(lambda i: client("network", "DELETE", path)))


def test_concurrent_deletes_of_one_port_network_and_floating_ip(demo: Client) -> None:
    net = demo.ok("network", "GET", "/networks?name=private")["networks"][0]["id"]
    public = demo.ok("network", "GET", "/networks?name=public")["networks"][0]["id"]
    creates = {"ports": {"port": {"network_id": net}}, "networks": {"network": {"name": "gone"}},
               "floatingips": {"floatingip": {"floating_network_id": public}}}
    doubles = 0
    for _ in range(ROUNDS):
        for plural, body in creates.items():
            made = next(iter(demo.ok("network", "POST", f"/{plural}", json=body).values()))["id"]
            counts = _delete_race(demo, f"/{plural}/{made}")
            assert set(counts) <= {204, 404}, (plural, counts)
            doubles += counts.get(204, 0) - 1
    record("network: concurrent deletes of one port, network, floating IP", clients=CLIENTS, double_deletes=doubles)
    assert doubles == 0
    assert _usage(demo, "floatingip") == 0
