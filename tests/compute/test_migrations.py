"""os-migrations: the records resize and migrate leave, filters, and the fields each microversion adds."""

from __future__ import annotations

import time

import httpx


def _h(token: str, version: str | None = None) -> dict[str, str]:
    headers = {"X-Auth-Token": token}
    if version:
        headers["OpenStack-API-Version"] = f"compute {version}"
    return headers


def _boot(conn, name: str, flavor: str = "1") -> str:
    image = conn.image.find_image("cirros")
    headers = {"X-Auth-Token": conn.session.get_token(), "OpenStack-API-Version": "compute 2.37"}
    url = conn.compute.get_endpoint().rstrip("/")
    body = {"server": {"name": name, "imageRef": image.id, "flavorRef": flavor, "networks": "none"}}
    response = httpx.post(f"{url}/servers", json=body, headers=headers, timeout=30)
    assert response.status_code == 202, response.text
    server_id = response.json()["server"]["id"]
    _wait(conn, server_id, "ACTIVE")
    return server_id


def _wait(conn, server_id: str, wanted: str) -> None:
    headers = {"X-Auth-Token": conn.session.get_token()}
    url = conn.compute.get_endpoint().rstrip("/")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        server = httpx.get(f"{url}/servers/{server_id}", headers=headers, timeout=30).json()["server"]
        if server["status"] == wanted and server.get("OS-EXT-STS:task_state") is None:
            return
        assert server["status"] != "ERROR", server.get("fault")
        time.sleep(0.05)
    raise AssertionError(f"{server_id} never became {wanted}")


def test_resize_and_migrate_are_listed(cloud, http: httpx.Client, admin_token: str, openstack_connection) -> None:
    conn = openstack_connection
    server_id = _boot(conn, "mig")
    resize = http.post(f"/compute/v2.1/servers/{server_id}/action", json={"resize": {"flavorRef": "2"}},
                       headers=_h(admin_token))
    assert resize.status_code == 202, resize.text
    _wait(conn, server_id, "VERIFY_RESIZE")
    http.post(f"/compute/v2.1/servers/{server_id}/action", json={"confirmResize": None}, headers=_h(admin_token))
    _wait(conn, server_id, "ACTIVE")
    migrate = http.post(f"/compute/v2.1/servers/{server_id}/action", json={"migrate": None}, headers=_h(admin_token))
    assert migrate.status_code == 202, migrate.text
    _wait(conn, server_id, "VERIFY_RESIZE")

    sdk = list(conn.compute.migrations())
    assert {m.migration_type for m in sdk if m.server_id == server_id} == {"resize", "migration"}
    old = http.get("/compute/v2.1/os-migrations", headers=_h(admin_token)).json()["migrations"]
    assert all("migration_type" not in m and "uuid" not in m for m in old)
    assert {m["instance_uuid"] for m in old} == {server_id}
    v223 = http.get("/compute/v2.1/os-migrations", headers=_h(admin_token, "2.23")).json()["migrations"]
    assert {m["migration_type"] for m in v223} == {"resize", "migration"}
    v259 = http.get("/compute/v2.1/os-migrations", params={"limit": 1}, headers=_h(admin_token, "2.59")).json()
    newest = v259["migrations"][0]
    assert newest["migration_type"] == "migration" and "uuid" in newest and "project_id" not in newest
    assert "migrations_links" in v259
    rest = http.get("/compute/v2.1/os-migrations", params={"limit": 1, "marker": newest["uuid"]},
                    headers=_h(admin_token, "2.59")).json()["migrations"]
    assert rest[0]["migration_type"] == "resize"
    v280 = http.get("/compute/v2.1/os-migrations", headers=_h(admin_token, "2.80")).json()["migrations"]
    assert v280[0]["project_id"] == conn.current_project_id and v280[0]["user_id"]
    filtered = http.get("/compute/v2.1/os-migrations", params={"migration_type": "resize"},
                        headers=_h(admin_token, "2.23")).json()["migrations"]
    assert [m["migration_type"] for m in filtered] == ["resize"]
    by_host = http.get("/compute/v2.1/os-migrations", params={"host": "no-such-host"},
                       headers=_h(admin_token)).json()["migrations"]
    assert by_host == []
    assert http.get("/compute/v2.1/os-migrations", params={"marker": "nope"},
                    headers=_h(admin_token, "2.59")).status_code == 400


def test_member_is_forbidden(http: httpx.Client, demo_token: str) -> None:
    assert http.get("/compute/v2.1/os-migrations", headers=_h(demo_token)).status_code == 403
