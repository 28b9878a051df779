"""Details of Nova 34's answers that the differential run (docs/differential.md) found twinstack lacking,
pinned on a real server: Content-Type of empty answers, rebuild's Location, the 406's headers, lock's
body before 2.73, the description a pre-2.19 create stores."""

from __future__ import annotations

from typing import Any

import pytest

from tests.compute.helpers import action, boot, nova, wait_status


@pytest.fixture
def conn(cloud: Any, openstack_connection: Any) -> Any:
    return openstack_connection


def test_empty_answers_say_json_except_the_bare_webob_ones(conn: Any) -> None:
    sid = boot(conn, "ct")["id"]
    # Nova's serializer sets application/json on every answer it renders, bodiless 202/204 included
    stop = action(conn, sid, {"os-stop": None})
    assert stop.status_code == 202 and stop.content == b""
    assert stop.headers["content-type"] == "application/json"
    wait_status(conn, sid, "SHUTOFF")
    # a tag PUT answers a bare webob.Response: webob's default type, whether the tag is new or not
    for status in (201, 204):
        put = nova(conn, "PUT", f"/servers/{sid}/tags/t1", "2.26")
        assert put.status_code == status and put.headers["content-type"] == "text/html; charset=UTF-8"
    check = nova(conn, "GET", f"/servers/{sid}/tags/t1", "2.26")
    assert check.status_code == 204 and check.headers["content-type"] == "application/json"
    # createImage before 2.45 too (its Location points at the image)
    snap = action(conn, sid, {"createImage": {"name": "ct-snap"}}, "2.1")
    assert snap.status_code == 202 and snap.headers["content-type"] == "text/html; charset=UTF-8"
    assert "/v2/images/" in snap.headers["location"]
    deleted = nova(conn, "DELETE", f"/servers/{sid}")
    assert deleted.status_code == 204 and deleted.headers["content-type"] == "application/json"


def test_rebuild_answers_the_servers_location(conn: Any) -> None:
    server = boot(conn, "rb")
    image = conn.image.find_image("cirros-0.6.3-x86_64-disk")
    response = action(conn, server["id"], {"rebuild": {"imageRef": image.id}}, "2.1")
    assert response.status_code == 202
    self_link = [link["href"] for link in response.json()["server"]["links"] if link["rel"] == "self"][0]
    assert response.headers["location"] == self_link


def test_unsupported_microversion_406_echoes_the_version_asked(conn: Any) -> None:
    for asked in ("2.200", "2.0"):
        response = nova(conn, "GET", "/flavors", asked)
        assert response.status_code == 406
        assert response.headers["openstack-api-version"] == f"compute {asked}"
        assert response.headers["x-openstack-nova-api-version"] == asked
        assert response.headers["vary"] == "OpenStack-API-Version, X-OpenStack-Nova-API-Version"
    assert "openstack-api-version" not in nova(conn, "GET", "/flavors", "2.x").headers  # malformed: 400


def test_lock_takes_any_body_before_2_73_and_ignores_the_reason(conn: Any) -> None:
    sid = boot(conn, "lk")["id"]
    assert action(conn, sid, {"lock": {"locked_reason": "ignored"}}, "2.72").status_code == 202
    body = nova(conn, "GET", f"/servers/{sid}", "2.73").json()["server"]
    assert body["locked"] is True and body["locked_reason"] is None
    assert action(conn, sid, {"unlock": None}).status_code == 202
    # from 2.73 the body is checked: an empty reason is refused, null is a lock without one
    assert action(conn, sid, {"lock": {"locked_reason": ""}}, "2.73").status_code == 400
    assert action(conn, sid, {"lock": None}, "2.73").status_code == 202


def test_a_server_created_before_2_19_is_described_by_its_name(conn: Any) -> None:
    old = boot(conn, "named-early", version="2.1", networks=[])
    assert nova(conn, "GET", f"/servers/{old['id']}", "2.19").json()["server"]["description"] == "named-early"
    assert "description" not in nova(conn, "GET", f"/servers/{old['id']}", "2.18").json()["server"]
    new = boot(conn, "named-late", version="2.19", networks=[])
    assert nova(conn, "GET", f"/servers/{new['id']}", "2.19").json()["server"]["description"] is None
