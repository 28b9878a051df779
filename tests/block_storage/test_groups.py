"""Generic volume groups: group types, groups with volumes, group snapshots, groups from a source."""

from __future__ import annotations

from tests.block_storage.conftest import Cinder


def test_group_lifecycle(admin: Cinder, demo: Cinder) -> None:
    gtype = admin.post(
        "/group_types",
        {"group_type": {"name": "gt", "group_specs": {"consistent_group_snapshot_enabled": "<is> True"}}},
        version="3.11",
    )
    assert gtype.status_code == 202, gtype.text
    gtype_id = gtype.json()["group_type"]["id"]
    assert demo.get("/groups", version="3.12").status_code == 404
    created = demo.post(
        "/groups", {"group": {"name": "g1", "group_type": gtype_id, "volume_types": ["lvmdriver-1"]}}, version="3.13"
    )
    assert created.status_code == 202, created.text
    gid = created.json()["group"]["id"]
    assert demo.get(f"/groups/{gid}", version="3.13").json()["group"]["status"] == "available"
    v1 = demo.create_volume(1, volume_type="lvmdriver-1", group_id=gid)
    assert demo.get(f"/volumes/{v1['id']}", version="3.13").json()["volume"]["group_id"] == gid
    assert demo.delete(f"/volumes/{v1['id']}").status_code == 400  # it belongs to a group
    bad = demo.post("/volumes", {"volume": {"size": 1, "group_id": gid, "volume_type": "__DEFAULT__"}},
                    version="3.13")  # __DEFAULT__ is not in the group
    assert bad.status_code == 400
    gsnap = demo.post("/group_snapshots", {"group_snapshot": {"group_id": gid, "name": "gs"}}, version="3.14")
    assert gsnap.status_code == 202, gsnap.text
    gsnap_id = gsnap.json()["group_snapshot"]["id"]
    assert demo.get(f"/group_snapshots/{gsnap_id}", version="3.14").json()["group_snapshot"]["status"] == "available"
    snaps = demo.get("/snapshots/detail", version="3.14").json()["snapshots"]
    assert [s["group_snapshot_id"] for s in snaps] == [gsnap_id]
    clone = demo.post(
        "/groups/action", {"create-from-src": {"group_snapshot_id": gsnap_id, "name": "g2"}}, version="3.14"
    )
    assert clone.status_code == 202, clone.text
    g2 = demo.get(f"/groups/{clone.json()['group']['id']}", version="3.25").json()["group"]
    assert g2["status"] == "available" and len(g2["volumes"]) == 1 and g2["group_snapshot_id"] == gsnap_id
    assert demo.post(f"/groups/{gid}/action", {"delete": {"delete-volumes": True}}, version="3.13").status_code == 400
    assert demo.delete(f"/group_snapshots/{gsnap_id}", version="3.14").status_code == 202
    assert demo.post(f"/groups/{gid}/action", {"delete": {"delete-volumes": True}}, version="3.13").status_code == 202
    assert demo.get(f"/volumes/{v1['id']}").status_code == 404
    assert demo.get(f"/groups/{gid}", version="3.13").status_code == 404
    assert demo.get(f"/os-quota-sets/{demo.project_id}?usage=True").json()["quota_set"]["groups"]["in_use"] == 1
