"""Volumes through openstacksdk and raw HTTP: lifecycle, listing, metadata, ownership, bad input."""

from __future__ import annotations

from typing import Any

import httpx

from tests.block_storage.conftest import Cinder


def test_version_discovery(raw: httpx.Client) -> None:
    response = raw.get("/volume/")
    assert response.status_code == 300
    version = response.json()["versions"][0]
    assert (version["id"], version["min_version"], version["version"]) == ("v3.0", "3.0", "3.71")
    assert raw.get("/volume/v3/").json()["versions"][0]["status"] == "CURRENT"


def test_microversion_header_echoed_and_406_beyond_max(demo: Cinder) -> None:
    response = demo.get("/volumes", version="3.50")
    assert response.headers["OpenStack-API-Version"] == "volume 3.50"
    assert demo.get("/volumes", version="3.72").status_code == 406
    assert demo.get("/volumes", version=None).headers["OpenStack-API-Version"] == "volume 3.0"


def test_sdk_volume_lifecycle(cloud: Any, demo_connection: Any) -> None:
    conn = demo_connection
    volume = conn.create_volume(size=2, name="data", description="d", metadata={"a": "1"}, wait=True)
    assert volume.status == "available" and volume.size == 2
    got = conn.block_storage.get_volume(volume.id)
    assert got.name == "data" and got.metadata == {"a": "1"} and got.volume_type == "lvmdriver-1"
    assert got.is_bootable is False and got.attachments == []
    conn.block_storage.update_volume(volume, name="renamed", description="new")
    assert conn.block_storage.get_volume(volume.id).name == "renamed"
    assert [v.name for v in conn.block_storage.volumes()] == ["renamed"]
    conn.block_storage.delete_volume(volume)
    conn.block_storage.wait_for_delete(volume)
    assert list(conn.block_storage.volumes()) == []


def test_create_from_snapshot_and_from_volume(cloud: Any, demo_connection: Any) -> None:
    conn = demo_connection
    source = conn.create_volume(size=1, name="src", wait=True)
    clone = conn.create_volume(size=2, source_volid=source.id, name="clone", wait=True)
    assert clone.size == 2 and clone.source_volume_id == source.id
    snap = conn.block_storage.create_snapshot(volume_id=source.id, name="s1")
    conn.block_storage.wait_for_status(snap, "available")
    from_snap = conn.block_storage.create_volume(snapshot_id=snap.id, name="fromsnap")
    from_snap = conn.block_storage.wait_for_status(from_snap, "available")
    assert from_snap.size == 1 and from_snap.snapshot_id == snap.id


def test_list_filters_sort_and_pagination(demo: Cinder) -> None:
    ids = [demo.create_volume(1, name=f"v{i}", metadata={"tier": "gold" if i % 2 else "bronze"})["id"]
           for i in range(5)]
    names = [v["name"] for v in demo.get("/volumes/detail?sort=name:asc").json()["volumes"]]
    assert names == ["v0", "v1", "v2", "v3", "v4"]
    assert [v["name"] for v in demo.get("/volumes?sort_key=name&sort_dir=desc").json()["volumes"]][0] == "v4"
    gold = demo.get('/volumes/detail?metadata={"tier":"gold"}').json()["volumes"]
    assert sorted(v["name"] for v in gold) == ["v1", "v3"]
    assert [v["name"] for v in demo.get("/volumes?name=v2").json()["volumes"]] == ["v2"]
    assert demo.get("/volumes?status=error").json()["volumes"] == []
    page = demo.get("/volumes?limit=2&sort=name:asc").json()
    assert [v["name"] for v in page["volumes"]] == ["v0", "v1"]
    next_url = page["volumes_links"][0]["href"]
    rest = httpx.get(next_url, headers={"X-Auth-Token": demo.token}).json()
    assert [v["name"] for v in rest["volumes"]] == ["v2", "v3"]
    counted = demo.get("/volumes?with_count=true&limit=1", version="3.45").json()
    assert counted["count"] == 5 and len(counted["volumes"]) == 1
    assert "count" not in demo.get("/volumes?with_count=true", version="3.44").json()
    assert len(ids) == 5


def test_project_less_urls_work(demo: Cinder) -> None:
    volume = demo.create_volume(1, name="noproj")
    response = demo.get(f"/volumes/{volume['id']}", project=False)
    assert response.status_code == 200 and response.json()["volume"]["name"] == "noproj"


def test_another_projects_volume_is_404(demo: Cinder, alt: Cinder) -> None:
    volume = demo.create_volume(1)
    response = alt.get(f"/volumes/{volume['id']}")
    assert response.status_code == 404
    assert response.json() == {"itemNotFound": {"code": 404, "message": f"Volume {volume['id']} could not be found."}}
    assert alt.delete(f"/volumes/{volume['id']}").status_code == 404
    assert alt.get("/volumes").json()["volumes"] == []


def test_admin_sees_all_tenants_and_host(demo: Cinder, admin: Cinder) -> None:
    volume = demo.create_volume(1)
    assert admin.get("/volumes").json()["volumes"] == []
    every = admin.get("/volumes/detail?all_tenants=1").json()["volumes"]
    assert [v["id"] for v in every] == [volume["id"]]
    assert every[0]["os-vol-host-attr:host"] == "twinstack@lvmdriver-1#lvmdriver-1"
    assert "os-vol-host-attr:host" not in demo.volume(volume["id"])


def test_metadata_routes(demo: Cinder) -> None:
    vid = demo.create_volume(1, metadata={"a": "1"})["id"]
    assert demo.post(f"/volumes/{vid}/metadata", {"metadata": {"b": "2"}}).json() == {"metadata": {"a": "1", "b": "2"}}
    assert demo.put(f"/volumes/{vid}/metadata/b", {"meta": {"b": "3"}}).json() == {"meta": {"b": "3"}}
    assert demo.get(f"/volumes/{vid}/metadata/b").json() == {"meta": {"b": "3"}}
    assert demo.delete(f"/volumes/{vid}/metadata/a").status_code == 200
    assert demo.get(f"/volumes/{vid}/metadata").json() == {"metadata": {"b": "3"}}
    assert demo.get(f"/volumes/{vid}/metadata/zz").status_code == 404
    assert demo.put(f"/volumes/{vid}/metadata", {"metadata": {"c": "4"}}).json() == {"metadata": {"c": "4"}}


def test_bad_input_is_400_and_writes_nothing(demo: Cinder) -> None:
    for body in ({"volume": {"size": 0}}, {"volume": {"size": "abc"}}, {"volume": {"size": -3}},
                 {"volume": {}}, {"volum": {"size": 1}}, {"volume": {"size": 1, "volume_type": "nope"}},
                 {"volume": {"size": 1, "availability_zone": "mars"}}, {"volume": {"size": 1, "name": "x" * 300}},
                 {"volume": {"size": 1, "snapshot_id": "missing"}}):
        response = demo.post("/volumes", body)
        assert response.status_code in (400, 404), (body, response.text)
        fault = response.json()
        assert list(fault) in (["badRequest"], ["itemNotFound"]), fault
        assert fault[next(iter(fault))]["message"]
    response = demo.client.post(f"{demo.base}/volumes", content=b"{nope", headers={"X-Auth-Token": demo.token})
    assert response.status_code == 400
    assert demo.get("/volumes").json()["volumes"] == []
    assert demo.get("/limits").json()["limits"]["absolute"]["totalVolumesUsed"] == 0


def test_url_project_must_match_token(demo: Cinder, alt: Cinder) -> None:
    response = demo.client.get(f"/volume/v3/{alt.project_id}/volumes", headers={"X-Auth-Token": demo.token})
    assert response.status_code == 400
    assert "project_id" in response.json()["badRequest"]["message"]


def test_volume_summary(demo: Cinder) -> None:
    demo.create_volume(2, metadata={"k": "v"})
    demo.create_volume(3)
    body = demo.get("/volumes/summary", version="3.36").json()["volume-summary"]
    assert body == {"total_count": 2, "total_size": 5, "metadata": {"k": ["v"]}}


def test_reader_can_read_but_not_write(demo: Cinder, raw: httpx.Client) -> None:
    from tests.block_storage.conftest import _login

    reader = Cinder(raw, *_login(raw, "reader", "reader", "demo"))
    vid = demo.create_volume(1, name="shared")["id"]
    assert reader.volume(vid)["name"] == "shared"
    assert [v["id"] for v in reader.get("/volumes").json()["volumes"]] == [vid]
    response = reader.post("/volumes", {"volume": {"size": 1}})
    assert response.status_code == 403 and "forbidden" in response.json()
    assert reader.delete(f"/volumes/{vid}").status_code == 403
    assert reader.action(vid, {"os-extend": {"new_size": 2}}).status_code == 403
    assert demo.volume(vid)["size"] == 1
