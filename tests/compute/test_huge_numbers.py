"""A number past SQLite's INTEGER in a path or query (ids, offsets, filters) is never a 5xx: the
driver would overflow, so the handlers answer as Nova's database would (nothing found, or a 400)."""

from __future__ import annotations

import httpx
import pytest

from tests.compute.resources_helpers import nova_headers

HUGE = "99999999999999999999"


@pytest.mark.parametrize("path,status", [
    (f"/os-server-groups?offset={HUGE}", 200), (f"/flavors?minRam={HUGE}", 200), (f"/flavors?minDisk={HUGE}", 200),
    (f"/flavors/detail?minRam=-{HUGE}", 200), (f"/os-volumes?offset={HUGE}", 400),
    (f"/os-snapshots?offset={HUGE}", 400), (f"/os-hypervisors/{HUGE}", 404), (f"/os-aggregates/{HUGE}", 404),
    (f"/flavors/{HUGE}", 404), (f"/os-keypairs?limit={HUGE}", 200), (f"/os-migrations?limit={HUGE}", 200),
])
def test_huge_numbers(http: httpx.Client, admin_token: str, path: str, status: int) -> None:
    r = http.get("/compute/v2.1" + path, headers=nova_headers(admin_token, "2.1"))
    assert r.status_code == status, r.text
    if path.startswith(("/flavors?", "/flavors/detail?")):
        assert r.json()["flavors"] == [] if "-" not in path else r.json()["flavors"]


def test_huge_service_and_migration_ids(http: httpx.Client, admin_token: str) -> None:
    r = http.delete(f"/compute/v2.1/os-services/{HUGE}", headers=nova_headers(admin_token, "2.1"))
    assert r.status_code == 404 and "itemNotFound" in r.json(), r.text
