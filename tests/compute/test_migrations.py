"""os-migrations: the records resize and migrate leave, filters, and the fields each microversion adds."""

from __future__ import annotations

import httpx

from tests.compute.helpers import wait_status
from tests.compute.resources_helpers import boot_id, nova_headers


def test_resize_and_migrate_are_listed(cloud, http: httpx.Client, admin_token: str, openstack_connection) -> None:
    conn = openstack_connection
    server_id = boot_id(conn, "mig")
    resize = http.post(f"/compute/v2.1/servers/{server_id}/action", json={"resize": {"flavorRef": "2"}},
                       headers=nova_headers(admin_token))
    assert resize.status_code == 202, resize.text
    wait_status(conn, server_id, "VERIFY_RESIZE")
    http.post(
        f"/compute/v2.1/servers/{server_id}/action", json={"confirmResize": None}, headers=nova_headers(admin_token)
    )
    wait_status(conn, server_id, "ACTIVE")
    migrate = http.post(
        f"/compute/v2.1/servers/{server_id}/action", json={"migrate": None}, headers=nova_headers(admin_token)
    )
    assert migrate.status_code == 202, migrate.text
    wait_status(conn, server_id, "VERIFY_RESIZE")

    sdk = list(conn.compute.migrations())
    assert {m.migration_type for m in sdk if m.server_id == server_id} == {"resize", "migration"}
    old = http.get("/compute/v2.1/os-migrations", headers=nova_headers(admin_token)).json()["migrations"]
    assert all("migration_type" not in m and "uuid" not in m for m in old)
    assert {m["instance_uuid"] for m in old} == {server_id}
    v223 = http.get("/compute/v2.1/os-migrations", headers=nova_headers(admin_token, "2.23")).json()["migrations"]
    assert {m["migration_type"] for m in v223} == {"resize", "migration"}
    v259 = http.get(
        "/compute/v2.1/os-migrations", params={"limit": 1}, headers=nova_headers(admin_token, "2.59")
    ).json()
    newest = v259["migrations"][0]
    assert newest["migration_type"] == "migration" and "uuid" in newest and "project_id" not in newest
    assert "migrations_links" in v259
    rest = http.get(
        "/compute/v2.1/os-migrations",
        params={"limit": 1, "marker": newest["uuid"]},
        headers=nova_headers(admin_token, "2.59"),
    ).json()["migrations"]
    assert rest[0]["migration_type"] == "resize"
    v280 = http.get("/compute/v2.1/os-migrations", headers=nova_headers(admin_token, "2.80")).json()["migrations"]
    assert v280[0]["project_id"] == conn.current_project_id and v280[0]["user_id"]
    filtered = http.get(
        "/compute/v2.1/os-migrations", params={"migration_type": "resize"}, headers=nova_headers(admin_token, "2.23")
    ).json()["migrations"]
    assert [m["migration_type"] for m in filtered] == ["resize"]
    by_host = http.get(
        "/compute/v2.1/os-migrations", params={"host": "no-such-host"}, headers=nova_headers(admin_token)
    ).json()["migrations"]
    assert by_host == []
    assert (
        http.get(
            "/compute/v2.1/os-migrations", params={"marker": "nope"}, headers=nova_headers(admin_token, "2.59")
        ).status_code
        == 400
    )


def test_member_is_forbidden(http: httpx.Client, demo_token: str) -> None:
    assert http.get("/compute/v2.1/os-migrations", headers=nova_headers(demo_token)).status_code == 403
