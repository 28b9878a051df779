"""Nova's claimable things under 64 clients at once: instances, cores and ram quotas, an
anti-affinity group booted into from everywhere, and deletes of one server by everyone. Zero overshoot,
no two group members on one host, and Nova's and Placement's usage back to zero after clean-up."""

from __future__ import annotations

from typing import Any

import httpx

from tests.reliability.helpers import CLIENTS, ROUNDS, Client, race, record, statuses, wait_for


def _image(client: Client) -> str:
    return str(client.ok("image", "GET", "/images?name=cirros-0.6.3-x86_64-disk")["images"][0]["id"])


def _boot(client: Client, image: str, flavor: str = "c1", **extra: Any) -> httpx.Response:
    hints = extra.pop("hints", None)
    body: dict[str, Any] = {"server": {"name": "race", "imageRef": image, "flavorRef": flavor,
                                       "networks": "none", **extra}}
    if hints:
        body["os:scheduler_hints"] = hints
    return client("compute", "POST", "/servers", json=body)


def _settled(client: Client) -> list[dict[str, Any]]:
    """The project's servers once none is building or has a task in flight."""
    def probe() -> list[dict[str, Any]]:
        return list(client.ok("compute", "GET", "/servers/detail")["servers"])
    return wait_for(probe, lambda servers: all(s["status"] != "BUILD" and not s["OS-EXT-STS:task_state"]
                                               for s in servers))


def _delete_all(client: Client) -> None:
    servers = client.ok("compute", "GET", "/servers")["servers"]
    if servers:
        race(lambda i: client("compute", "DELETE", f"/servers/{servers[i]['id']}"), clients=len(servers))
    wait_for(lambda: client.ok("compute", "GET", "/servers")["servers"], lambda s: not s)


def _nova_used(client: Client) -> dict[str, int]:
    absolute = client.ok("compute", "GET", "/limits")["limits"]["absolute"]
    return {"instances": absolute["totalInstancesUsed"], "cores": absolute["totalCoresUsed"],
            "ram": absolute["totalRAMUsed"]}


def _placement_used(admin: Client, project_id: str) -> dict[str, int]:
    usages = admin.ok("placement", "GET", f"/usages?project_id={project_id}")["usages"]
    return {k: v for k, v in usages.items() if v}


def _quota(admin: Client, project_id: str, **limits: int) -> None:
    admin.ok("compute", "PUT", f"/os-quota-sets/{project_id}", json={"quota_set": limits})


def test_compute_quotas(admin: Client, demo: Client) -> None:
    image = _image(demo)
    # c1 is 1 vCPU, 256 MiB: each quota alone admits exactly five
    cases = {"instances": {"instances": 5, "cores": 1000, "ram": 10**6},
             "cores": {"instances": 1000, "cores": 5, "ram": 10**6},
             "ram": {"instances": 1000, "cores": 1000, "ram": 5 * 256}}
    overshoot = 0
    try:
        for name, limits in cases.items():
            for _ in range(ROUNDS):
                _quota(admin, demo.project_id, server_groups=1000, server_group_members=1000, **limits)
                counts = statuses(race(lambda i: _boot(demo, image)))
                assert set(counts) <= {202, 403}, (name, counts)
                used = len(_settled(demo))
                overshoot += max(0, counts.get(202, 0) - 5) + max(0, used - 5)
                assert counts.get(202, 0) == used == 5, (name, counts, used)
                _delete_all(demo)
                assert _nova_used(demo) == {"instances": 0, "cores": 0, "ram": 0}
                assert _placement_used(admin, demo.project_id) == {}
    finally:
        admin("compute", "DELETE", f"/os-quota-sets/{demo.project_id}")
    record("compute: instances, cores and ram quotas", clients=CLIENTS, overshoots=overshoot)
    assert overshoot == 0


def _anti_affinity_round(admin: Client, demo: Client, image: str, hosts: int) -> int:
    """64 boots into one anti-affinity group: how many active members share a host."""
    group = demo.ok("compute", "POST", "/os-server-groups", json={"server_group": {
        "name": "apart", "policy": "anti-affinity"}})["server_group"]["id"]
    counts = statuses(race(lambda i: _boot(demo, image, hints={"group": group})))
    assert set(counts) == {202}, counts
    servers = _settled(demo)
    active = [s for s in servers if s["status"] == "ACTIVE"]
    assert {s["status"] for s in servers} <= {"ACTIVE", "ERROR"}
    assert 1 <= len(active) <= hosts
    placed = [s["hostId"] for s in active]  # a per-project hash of the host
    _delete_all(demo)
    demo.ok("compute", "DELETE", f"/os-server-groups/{group}")
    assert _placement_used(admin, demo.project_id) == {}
    return len(placed) - len(set(placed))


def test_anti_affinity_under_concurrent_boots(admin: Client, demo: Client) -> None:
    image = _image(demo)
    hosts = len(admin.ok("compute", "GET", "/os-hypervisors")["hypervisors"])
    doubles = 0
    _quota(admin, demo.project_id, instances=1000, cores=1000, ram=10**7, server_group_members=1000)
    try:
        for _ in range(ROUNDS):
            doubles += _anti_affinity_round(admin, demo, image, hosts)
    finally:
        admin("compute", "DELETE", f"/os-quota-sets/{demo.project_id}")
    record("compute: anti-affinity group, concurrent boots", clients=CLIENTS, double_assignments=doubles)
    assert doubles == 0


def _delete_round(admin: Client, demo: Client, image: str) -> int:
    """Everyone deletes one server: the 204s beyond the first."""
    server = _boot(demo, image).json()["server"]["id"]
    _settled(demo)
    counts = statuses(race(lambda i: demo("compute", "DELETE", f"/servers/{server}")))
    assert set(counts) <= {204, 404, 409}, counts
    wait_for(lambda: demo("compute", "GET", f"/servers/{server}").status_code, lambda s: s == 404)
    assert _placement_used(admin, demo.project_id) == {}
    assert _nova_used(demo)["instances"] == 0
    return max(0, counts.get(204, 0) - 1)


def test_concurrent_deletes_of_one_server(admin: Client, demo: Client) -> None:
    image = _image(demo)
    # Nova's delete takes any task state, so more than one 204 is upstream's answer too: what counts is
    # that the server goes once and leaves no usage behind
    repeats = sum(_delete_round(admin, demo, image) for _ in range(ROUNDS))
    record("compute: concurrent deletes of one server", clients=CLIENTS, repeated_204s=repeats, leaks=0)
