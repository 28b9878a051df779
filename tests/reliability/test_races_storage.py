"""Cinder's, Glance's and Placement's claimable things under 64 clients at once: volume and gigabyte
quotas, image count quota, one volume attached from everywhere and many volumes asking for one device,
Placement writes carrying the same (soon stale) generation, the last units of an inventory, and deletes
of one volume by everyone."""

from __future__ import annotations

import uuid
from typing import Any

from tests.reliability.helpers import CLIENTS, ROUNDS, Client, race, record, statuses, wait_for
from tests.reliability.test_races_compute import _boot, _delete_all, _image, _settled


def _volumes_used(client: Client) -> dict[str, int]:
    quota = client.ok("volume", "GET", f"/os-quota-sets/{client.project_id}?usage=True")["quota_set"]
    return {"volumes": quota["volumes"]["in_use"], "gigabytes": quota["gigabytes"]["in_use"]}


def _volume_quota(admin: Client, project_id: str, **limits: int) -> None:
    admin("volume", "PUT", f"/os-quota-sets/{project_id}", json={"quota_set": limits}).raise_for_status()


def _delete_volumes(client: Client) -> None:
    volumes = client.ok("volume", "GET", "/volumes")["volumes"]
    for volume in volumes:
        client.ok("volume", "DELETE", f"/volumes/{volume['id']}")
    wait_for(lambda: client.ok("volume", "GET", "/volumes")["volumes"], lambda v: not v)


def _new_volumes(client: Client, count: int) -> list[str]:
    ids = [client.ok("volume", "POST", "/volumes", json={"volume": {"size": 1}})["volume"]["id"]
           for _ in range(count)]
    wait_for(lambda: {v["status"] for v in client.ok("volume", "GET", "/volumes/detail")["volumes"]},
             lambda s: s == {"available"})
    return ids


def test_volume_quotas(admin: Client, demo: Client) -> None:
    overshoot = 0
    try:
        for limits in ({"volumes": 5, "gigabytes": 1000}, {"volumes": 1000, "gigabytes": 5}):
            for _ in range(ROUNDS):
                _volume_quota(admin, demo.project_id, **limits)
                counts = statuses(race(lambda i: demo("volume", "POST", "/volumes", json={"volume": {"size": 1}})))
                assert set(counts) <= {202, 413}, counts
                overshoot += max(0, counts.get(202, 0) - 5)
                assert counts.get(202, 0) == 5 and _volumes_used(demo) == {"volumes": 5, "gigabytes": 5}, counts
                _delete_volumes(demo)
                assert _volumes_used(demo) == {"volumes": 0, "gigabytes": 0}
    finally:
        admin("volume", "DELETE", f"/os-quota-sets/{demo.project_id}")
    record("block storage: volumes and gigabytes quotas", clients=CLIENTS, overshoots=overshoot)
    assert overshoot == 0


def test_image_quota(demo: Client) -> None:
    overshoot = 0
    for _ in range(ROUNDS):
        responses = race(lambda i: demo("image", "POST", "/images", json={"name": f"race-{i}"}))
        counts = statuses(responses)
        assert set(counts) <= {201, 413}, counts
        overshoot += max(0, counts.get(201, 0) - 4)
        assert counts.get(201, 0) == 4, counts  # the model's image_count_total for demo
        for r in responses:
            if r.status_code == 201:
                demo.ok("image", "DELETE", f"/images/{r.json()['id']}")
    record("image: image count quota", clients=CLIENTS, overshoots=overshoot)
    assert overshoot == 0


def _image_delete_round(demo: Client) -> int:
    image = demo.ok("image", "POST", "/images", json={"name": "gone"})["id"]
    counts = statuses(race(lambda i: demo("image", "DELETE", f"/images/{image}")))
    assert set(counts) <= {204, 404}, counts
    return counts.get(204, 0) - 1


def test_concurrent_deletes_of_one_image(demo: Client) -> None:
    doubles = sum(_image_delete_round(demo) for _ in range(ROUNDS))
    record("image: concurrent deletes of one image", clients=CLIENTS, double_deletes=doubles)
    assert doubles == 0


def _attach(client: Client, server: str, volume: str, device: str | None = None) -> Any:
    body: dict[str, Any] = {"volumeId": volume, **({"device": device} if device else {})}
    return client("compute", "POST", f"/servers/{server}/os-volume_attachments", json={"volumeAttachment": body})


def _attachments_round(demo: Client) -> int:
    """One volume attached by everyone, then 63 volumes asking for one device: the doubles."""
    server = _boot(demo, _image(demo)).json()["server"]["id"]
    _settled(demo)
    volumes = _new_volumes(demo, CLIENTS)
    counts = statuses(race(lambda i: _attach(demo, server, volumes[0])))
    assert set(counts) <= {200, 400, 409}, counts
    doubles = counts.get(200, 0) - 1
    counts = statuses(race(lambda i: _attach(demo, server, volumes[i], "/dev/vdc")))
    assert set(counts) <= {200, 400, 409}, counts
    attached = demo.ok("compute", "GET", f"/servers/{server}/os-volume_attachments")["volumeAttachments"]
    devices = [a["device"] for a in attached]
    doubles += len(devices) - len(set(devices)) + len(attached) - len({a["volumeId"] for a in attached})
    _delete_all(demo)
    wait_for(lambda: {v["status"] for v in demo.ok("volume", "GET", "/volumes/detail")["volumes"]},
             lambda s: s == {"available"})
    _delete_volumes(demo)
    return doubles


def test_attachments_one_volume_and_one_device(admin: Client, demo: Client) -> None:
    _volume_quota(admin, demo.project_id, volumes=1000, gigabytes=10000)
    try:
        doubles = sum(_attachments_round(demo) for _ in range(ROUNDS))
    finally:
        admin("volume", "DELETE", f"/os-quota-sets/{demo.project_id}")
    record("block storage: one volume attached by all, one device asked by all", clients=CLIENTS,
           double_assignments=doubles)
    assert doubles == 0


def _volume_delete_round(demo: Client) -> int:
    volume = _new_volumes(demo, 1)[0]
    counts = statuses(race(lambda i: demo("volume", "DELETE", f"/volumes/{volume}")))
    assert set(counts) <= {202, 400, 404}, counts
    wait_for(lambda: demo("volume", "GET", f"/volumes/{volume}").status_code, lambda s: s == 404)
    return counts.get(202, 0) - 1


def test_concurrent_deletes_of_one_volume(demo: Client) -> None:
    doubles = sum(_volume_delete_round(demo) for _ in range(ROUNDS))
    assert _volumes_used(demo) == {"volumes": 0, "gigabytes": 0}
    record("block storage: concurrent deletes of one volume", clients=CLIENTS, double_deletes=doubles)
    assert doubles == 0


def _provider(admin: Client, total: int) -> str:
    uuid_ = str(uuid.uuid4())
    admin.ok("placement", "POST", "/resource_providers", json={"name": f"race-{uuid_[:8]}", "uuid": uuid_})
    admin.ok("placement", "PUT", f"/resource_providers/{uuid_}/inventories", json={
        "resource_provider_generation": 0, "inventories": {"VCPU": {"total": total}}})
    return uuid_


def _allocate(admin: Client, provider: str, consumer: str, vcpu: int, generation: int | None) -> Any:
    return admin("placement", "PUT", f"/allocations/{consumer}", json={
        "allocations": {provider: {"resources": {"VCPU": vcpu}}}, "project_id": admin.project_id,
        "user_id": admin.user_id, "consumer_generation": generation, "consumer_type": "INSTANCE"})


def _placement_round(admin: Client) -> tuple[int, int]:
    """The last units of an inventory, one consumer's and one provider's generation raced for:
    (double assignments, overshoot)."""
    provider = _provider(admin, 8)
    consumers = [str(uuid.uuid4()) for _ in range(CLIENTS)]
    counts = statuses(race(lambda i: _allocate(admin, provider, consumers[i], 1, None)))
    assert set(counts) <= {204, 409} and counts.get(204, 0) == 8, counts
    overshoot = max(0, counts.get(204, 0) - 8)
    for consumer in consumers:
        admin("placement", "DELETE", f"/allocations/{consumer}")
    consumer = consumers[0]
    assert _allocate(admin, provider, consumer, 1, None).status_code == 204
    generation = admin.ok("placement", "GET", f"/allocations/{consumer}")["consumer_generation"]
    counts = statuses(race(lambda i: _allocate(admin, provider, consumer, 1 + i % 4, generation)))
    assert set(counts) <= {204, 409}, counts
    doubles = counts.get(204, 0) - 1
    rp_gen = admin.ok("placement", "GET", f"/resource_providers/{provider}")["generation"]
    counts = statuses(race(lambda i: admin("placement", "PUT", f"/resource_providers/{provider}/inventories",
                                           json={"resource_provider_generation": rp_gen,
                                                 "inventories": {"VCPU": {"total": 8 + i}}})))
    assert set(counts) <= {200, 409}, counts
    doubles += counts.get(200, 0) - 1
    admin.ok("placement", "DELETE", f"/allocations/{consumer}")
    assert admin.ok("placement", "GET", f"/resource_providers/{provider}/usages")["usages"] == {"VCPU": 0}
    admin.ok("placement", "DELETE", f"/resource_providers/{provider}")
    return doubles, overshoot


def test_placement_generations_and_capacity(admin: Client) -> None:
    doubles = overshoot = 0
    for _ in range(ROUNDS):
        d, o = _placement_round(admin)
        doubles, overshoot = doubles + d, overshoot + o
    record("placement: stale generations and the last units", clients=CLIENTS, double_assignments=doubles,
           overshoots=overshoot)
    assert doubles == overshoot == 0
