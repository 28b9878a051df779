"""The one list runner behind Cinder's paged lists (volumes, snapshots, backups, transfers,
attachments): filters, sort aliases, keyset pages with offset, MarkerNotFound, with_count, scope."""

from __future__ import annotations

from tests.block_storage.conftest import Cinder


def _names(response: object) -> list[str]:
    body = response.json()  # type: ignore[attr-defined]
    key = next(k for k in body if not k.endswith("_links") and k != "count")
    return [item["name"] for item in body[key]]


def test_snapshot_and_backup_lists_filter_sort_and_page(demo: Cinder) -> None:
    vol = demo.create_volume(1, name="src")
    for name in ("s1", "s2", "s3"):
        assert demo.post("/snapshots", {"snapshot": {"volume_id": vol["id"], "name": name}}).status_code == 202
        assert demo.post("/backups", {"backup": {"volume_id": vol["id"], "name": name}}).status_code == 202
    assert _names(demo.get("/snapshots?sort=display_name:asc")) == ["s1", "s2", "s3"]
    assert _names(demo.get("/snapshots?display_name=s2")) == ["s2"]
    assert _names(demo.get("/backups?sort_key=name&sort_dir=desc")) == ["s3", "s2", "s1"]
    assert demo.get("/backups?sort=display_name:asc").status_code == 400  # no alias for backups
    page = demo.get("/backups/detail?sort=name:asc&limit=2").json()
    assert [b["name"] for b in page["backups"]] == ["s1", "s2"] and page["backups_links"][0]["rel"] == "next"
    assert _names(demo.get("/snapshots?sort=name:asc&offset=1")) == ["s2", "s3"]
    counted = demo.get("/snapshots?with_count=true&limit=1", version="3.45").json()
    assert counted["count"] == 3 and len(counted["snapshots"]) == 1
    missing = demo.get("/snapshots?marker=nope")
    assert missing.status_code == 404 and "Marker nope could not be found" in missing.text
    assert _names(demo.get("/snapshots?name=")) == []  # an empty value filters on the empty name


def test_transfer_and_attachment_lists_ignore_empty_filters(demo: Cinder, admin: Cinder) -> None:
    vol = demo.create_volume(1, name="moving")
    assert demo.post("/os-volume-transfer", {"transfer": {"volume_id": vol["id"], "name": "t1"}}).status_code == 202
    assert _names(demo.get("/os-volume-transfer?name=")) == ["t1"]  # an empty value is no filter here
    assert _names(demo.get("/os-volume-transfer?name=t1")) == ["t1"]
    assert _names(demo.get("/os-volume-transfer?name=other")) == []
    assert demo.get("/os-volume-transfer?sort=name:asc&marker=nope").status_code == 404
    attachments = demo.get("/attachments?volume_id=", version="3.27")
    assert attachments.status_code == 200 and attachments.json()["attachments"] == []


def test_admin_all_tenants_narrows_by_project(demo: Cinder, alt: Cinder, admin: Cinder) -> None:
    mine = demo.create_volume(1, name="mine")
    theirs = alt.create_volume(1, name="theirs")
    every = {v["id"] for v in admin.get("/volumes?all_tenants=1").json()["volumes"]}
    assert {mine["id"], theirs["id"]} <= every
    narrowed = admin.get(f"/volumes?all_tenants=1&project_id={alt.project_id}").json()["volumes"]
    assert [v["id"] for v in narrowed] == [theirs["id"]]
    assert [v["id"] for v in demo.get("/volumes").json()["volumes"]] == [mine["id"]]


def test_an_offset_past_cinders_max_int_is_a_400(demo: Cinder) -> None:
    """Cinder bounds offset with validate_integer(offset, 'offset', 0, DB_MAX_INT); unbounded, the
    fuzzer's ``volume-transfers/detail?offset=99999999999999999999`` overflowed SQLite (a 500)."""
    for path in ("/volumes", "/volumes/detail", "/snapshots", "/backups", "/volume-transfers/detail"):
        response = demo.get(f"{path}?offset=99999999999999999999")
        assert response.status_code == 400, (path, response.text)
        assert "offset must be <= 2147483647" in response.text
    assert demo.get("/volumes?offset=2147483647").status_code == 200
