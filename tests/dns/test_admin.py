"""Designate's admin lists and zone transfers through openstacksdk: TLDs and blacklists the admin keeps
(and the zone names they refuse), the default pool, quotas, and a zone handed to another project."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud


@pytest.fixture
def admin(cloud: Cloud) -> httpx.Client:
    conn = cloud.connect("twinstack-admin")
    return httpx.Client(base_url=cloud.url + "/dns/v2", headers={"X-Auth-Token": conn.auth_token}, timeout=30)


@pytest.fixture
def demo(cloud: Cloud) -> httpx.Client:
    conn = cloud.connect("twinstack")
    return httpx.Client(base_url=cloud.url + "/dns/v2", headers={"X-Auth-Token": conn.auth_token}, timeout=30)


def test_tlds_limit_zone_names(admin: httpx.Client, demo: httpx.Client) -> None:
    made = admin.post("/tlds", json={"name": "test", "description": "tests only"})
    assert made.status_code == 201, made.text
    assert admin.post("/tlds", json={"name": "test"}).json()["type"] == "duplicate_tld"
    assert admin.post("/tlds", json={"name": "bad."}).status_code == 400
    assert demo.get("/tlds").status_code == 403
    try:
        assert demo.post("/zones", json={"name": "a.example.", "email": "a@b.c"}).json()["message"] == "Invalid TLD"
        assert demo.post("/zones", json={"name": "ok.test.", "email": "a@b.c"}).status_code == 202
        assert [t["name"] for t in admin.get("/tlds").json()["tlds"]] == ["test"]
    finally:
        assert admin.delete(f"/tlds/{made.json()['id']}").status_code == 204
    assert admin.get(f"/tlds/{made.json()['id']}").json()["type"] == "tld_not_found"


def test_blacklists_refuse_zone_names(admin: httpx.Client, demo: httpx.Client) -> None:
    made = admin.post("/blacklists", json={"pattern": r"^([A-Za-z0-9_\-]+\.)*blocked\.org\.$"})
    assert made.status_code == 201, made.text
    assert admin.post("/blacklists", json={"pattern": "(["}).status_code == 400
    try:
        refused = demo.post("/zones", json={"name": "x.blocked.org.", "email": "a@b.c"})
        assert refused.status_code == 400 and refused.json()["type"] == "invalid_zone_name"
        # the admin may use a blacklisted name (use_blacklisted_zone)
        assert admin.post("/zones", json={"name": "y.blocked.org.", "email": "a@b.c"}).status_code == 202
    finally:
        assert admin.delete(f"/blacklists/{made.json()['id']}").status_code == 204


def test_pool_and_quotas(admin: httpx.Client, demo: httpx.Client, cloud: Cloud) -> None:
    pools = admin.get("/pools").json()["pools"]
    assert [p["name"] for p in pools] == ["default"] and pools[0]["ns_records"][0]["hostname"] == "ns1.devstack.org."
    project = cloud.connect("twinstack").current_project_id
    assert demo.get(f"/quotas/{project}").json()["zones"] == 10
    assert demo.patch(f"/quotas/{project}", json={"zones": 1}).status_code == 403
    try:
        assert admin.patch(f"/quotas/{project}", json={"zones": 0}).json()["zones"] == 0
        over = demo.post("/zones", json={"name": "quota.org.", "email": "a@b.c"})
        assert over.status_code == 413 and over.json()["type"] == "over_quota"
    finally:
        assert admin.delete(f"/quotas/{project}").status_code == 204
    assert demo.get(f"/quotas/{project}").json()["zones"] == 10


def test_zone_transfer_through_the_sdk(cloud: Cloud) -> None:
    giver: Any = cloud.connect("twinstack")
    taker: Any = cloud.connect("twinstack-admin")
    zone = giver.dns.create_zone(name="given.org.", email="a@given.org")
    giver.dns.create_recordset(zone, name="www.given.org.", type="A", records=["192.0.2.1"])
    # (openstacksdk 4.18's create_zone_transfer_request fails before it sends anything: its base path
    # names zone_id, which the resource keeps in the body; so the offer is made over HTTP)
    made = httpx.post(f"{cloud.url}/dns/v2/zones/{zone.id}/tasks/transfer_requests",
                      headers={"X-Auth-Token": giver.auth_token},
                      json={"target_project_id": taker.current_project_id, "description": "to admin"})
    assert made.status_code == 201, made.text
    offer = giver.dns.get_zone_transfer_request(made.json()["id"])
    assert offer.status == "ACTIVE" and len(offer.key) == 8
    assert offer.id in [r.id for r in giver.dns.zone_transfer_requests()]
    accepted = taker.dns.create_zone_transfer_accept(zone_transfer_request_id=offer.id, key=offer.key)
    assert accepted.status == "COMPLETE"
    assert taker.dns.get_zone(zone.id).project_id == taker.current_project_id
    assert giver.dns.find_zone("given.org.") is None
    assert {r.type for r in taker.dns.recordsets(zone.id)} == {"SOA", "NS", "A"}
    assert accepted.id in [a.id for a in taker.dns.zone_transfer_accepts()]


def test_transfer_with_a_wrong_key_is_refused(demo: httpx.Client, admin: httpx.Client) -> None:
    zone = demo.post("/zones", json={"name": "keyed.org.", "email": "a@b.c"}).json()
    offer = demo.post(f"/zones/{zone['id']}/tasks/transfer_requests", json={}).json()
    wrong = admin.post("/zones/tasks/transfer_accepts",
                       json={"key": "WRONGKEY", "zone_transfer_request_id": offer["id"]})
    assert wrong.status_code == 403 and wrong.json()["type"] == "invalid_key"
    assert demo.delete(f"/zones/tasks/transfer_requests/{offer['id']}").status_code == 204


def test_abandon_is_the_admins(demo: httpx.Client, admin: httpx.Client) -> None:
    zone = demo.post("/zones", json={"name": "abandoned.org.", "email": "a@b.c"}).json()
    assert demo.post(f"/zones/{zone['id']}/tasks/abandon").status_code == 403
    everyone = {"X-Auth-All-Projects": "True"}
    assert admin.post(f"/zones/{zone['id']}/tasks/abandon", headers=everyone).status_code == 204
    assert demo.get(f"/zones/{zone['id']}").status_code == 404


def test_shared_zones(cloud: Cloud) -> None:
    owner: Any = cloud.connect("twinstack-admin")
    other: Any = cloud.connect("twinstack")
    zone = owner.dns.create_zone(name="shared.org.", email="a@shared.org")
    share = owner.dns.create_zone_share(zone, target_project_id=other.current_project_id)
    assert (share.zone_id, share.project_id, share.updated_at) == (zone.id, owner.current_project_id, None)
    assert [s.id for s in owner.dns.zone_shares(zone)] == [share.id]
    seen = other.dns.get_zone(zone.id)
    assert seen.project_id == owner.current_project_id
    assert "shared.org." in [z.name for z in other.dns.zones()]
    with pytest.raises(Exception, match="shares"):
        owner.dns.delete_zone(zone)
    assert owner.dns.find_zone_share(zone, "bogus") is None
    owner.dns.delete_zone(zone, delete_shares=True)
    assert owner.dns.find_zone("shared.org.") is None


def test_a_share_is_the_sharing_projects(demo: httpx.Client, admin: httpx.Client, cloud: Cloud) -> None:
    """central's share_zone: the share's project is the caller's (an admin sharing another project's zone
    with all-projects owns the share), and the owner cannot be the target."""
    zone = demo.post("/zones", json={"name": "lent.org.", "email": "a@lent.org"}).json()
    alt = cloud.connect("twinstack-alt").current_project_id
    admin_project = cloud.connect("twinstack-admin").current_project_id
    share = admin.post(f"/zones/{zone['id']}/shares", json={"target_project_id": alt},
                       headers={"X-Auth-All-Projects": "true"})
    assert share.status_code == 201, share.text
    assert (share.json()["project_id"], share.json()["target_project_id"]) == (admin_project, alt)
    itself = demo.post(f"/zones/{zone['id']}/shares", json={"target_project_id": zone["project_id"]})
    assert (itself.status_code, itself.json()["message"]) == (400, "Cannot share the zone with the zone owner.")
