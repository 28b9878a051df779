"""Garbage in every request body Cinder validates: always a 4xx in Cinder's fault shape, never a 500,
and nothing half-written."""

from __future__ import annotations

from typing import Any

from tests.block_storage.conftest import Cinder

GARBAGE: list[Any] = [None, 1, "x", [], [1], {}, {"a": [1]}, True, -1, 1e30]
ACTION_FIELDS = ("new_size", "new_type", "bootable", "readonly", "status", "mountpoint", "instance_uuid",
                 "attachment_id", "connector", "image_name", "key", "snapshot_id")
ACTIONS = ("os-extend", "os-retype", "os-set_bootable", "os-update_readonly_flag", "os-reset_status", "os-attach",
           "os-detach", "os-initialize_connection", "os-volume_upload_image", "os-unset_image_metadata", "revert")
FAULTS = {"badRequest", "itemNotFound", "forbidden", "overLimit", "conflictingRequest", "badMethod"}


def _fault(response: Any) -> None:
    assert 400 <= response.status_code < 500, (response.request.method, response.request.url, response.text)
    body = response.json()
    assert len(body) == 1 and next(iter(body)) in FAULTS, body
    fault = next(iter(body.values()))
    assert fault["code"] == response.status_code and fault["message"]


def test_garbage_bodies_are_cinder_faults(admin: Cinder) -> None:
    vid = admin.create_volume(1)["id"]
    before = admin.volume(vid)
    for value in GARBAGE:
        for path, member, fields in (("/volumes", "volume", ("size", "metadata", "volume_type", "snapshot_id")),
                                     ("/snapshots", "snapshot", ("volume_id", "metadata")),
                                     ("/backups", "backup", ("volume_id", "incremental")),
                                     ("/types", "volume_type", ("name", "extra_specs")),
                                     ("/attachments", "attachment", ("volume_uuid", "connector")),
                                     (f"/os-quota-sets/{admin.project_id}", "quota_set", ("volumes",))):
            method = admin.put if path.startswith("/os-quota-sets") else admin.post
            if value not in ({}, ):
                _fault(method(path, {member: value}))
            for field in fields:
                response = method(path, {member: {field: value}})
                if response.status_code < 300:
                    continue  # a few garbage values are valid (e.g. an empty metadata dict)
                _fault(response)
        for action in ACTIONS:
            for field in ACTION_FIELDS:
                response = admin.action(vid, {action: {field: value}})
                if response.status_code >= 300:
                    _fault(response)
                admin.action(vid, {"os-reset_status": {"status": "available", "attach_status": "detached"}})
    after = admin.volume(vid)
    assert after["size"] == before["size"] and after["attachments"] == []
    # whatever was accepted (size 1 is a valid size) is fully accounted: quota usage and pool allocation agree
    volumes = admin.get("/volumes/detail").json()["volumes"]
    used = sum(v["size"] for v in volumes)
    pool = admin.get("/scheduler-stats/get_pools?detail=True").json()["pools"][0]["capabilities"]
    assert pool["allocated_capacity_gb"] == used
    assert admin.get("/limits").json()["limits"]["absolute"]["totalGigabytesUsed"] == used
