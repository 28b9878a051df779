"""Who sees a zone transfer request, as Designate's storage and central decide it: lists hold the giver's
requests and those offered to the caller's project (an open offer is not listed to others, and an admin
without all-projects sees only its own); a request is shown by id to whoever the policy admits (an open one
to anyone); only the target project may accept a targeted one (403)."""

from __future__ import annotations

import httpx
import pytest

from twinstack.testing import Cloud


def _client(cloud: Cloud, user: str) -> tuple[httpx.Client, str]:
    conn = cloud.connect(user)
    client = httpx.Client(base_url=cloud.url + "/dns/v2", headers={"X-Auth-Token": conn.auth_token}, timeout=30)
    return client, str(conn.current_project_id)


@pytest.fixture
def people(cloud: Cloud) -> dict[str, tuple[httpx.Client, str]]:
    return {name: _client(cloud, user) for name, user in
            (("demo", "twinstack"), ("alt", "twinstack-alt"), ("admin", "twinstack-admin"))}


def _offer(demo: httpx.Client, zone_name: str, target: str | None = None) -> dict[str, str]:
    zone = demo.post("/zones", json={"name": zone_name, "email": f"a@{zone_name}"})
    assert zone.status_code == 202, zone.text
    body = {"target_project_id": target} if target else {}
    made = demo.post(f"/zones/{zone.json()['id']}/tasks/transfer_requests", json=body)
    assert made.status_code == 201, made.text
    return dict(made.json())


def _listed(client: httpx.Client, **headers: str) -> set[str]:
    return {r["id"] for r in client.get("/zones/tasks/transfer_requests", headers=headers).json()["transfer_requests"]}


def test_who_lists_shows_and_accepts_a_transfer_request(people: dict[str, tuple[httpx.Client, str]]) -> None:
    (demo, _), (alt, alt_project), (admin, _) = people["demo"], people["alt"], people["admin"]
    open_offer = _offer(demo, "open.example.")
    targeted = _offer(demo, "targeted.example.", target=alt_project)
    assert _listed(demo) == {open_offer["id"], targeted["id"]}
    assert _listed(alt) == {targeted["id"]}  # offered to alt's project; the open one is not listed
    assert _listed(admin) == set()  # another project's, without all-projects
    assert {open_offer["id"], targeted["id"]} <= _listed(admin, **{"X-Auth-All-Projects": "true"})
    assert alt.get("/zones/tasks/transfer_requests", headers={"X-Auth-All-Projects": "true"}).status_code == 403
    for who in (alt, admin):  # by id: the open offer to anyone, the targeted one to its target and the admin
        assert who.get(f"/zones/tasks/transfer_requests/{open_offer['id']}").status_code == 200
        assert who.get(f"/zones/tasks/transfer_requests/{targeted['id']}").status_code == 200
    refused = admin.post("/zones/tasks/transfer_accepts",
                         json={"key": targeted["key"], "zone_transfer_request_id": targeted["id"]})
    assert (refused.status_code, refused.json()["type"]) == (403, "forbidden")
    taken = alt.post("/zones/tasks/transfer_accepts",
                     json={"key": open_offer["key"], "zone_transfer_request_id": open_offer["id"]})
    assert taken.status_code == 201, taken.text
