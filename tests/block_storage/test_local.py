"""local.py as compute calls it in-process (no HTTP): create, attach, detach, snapshot, list, delete,
all inside the caller's transaction."""

from __future__ import annotations

import uuid

from twinstack.block_storage import local
from twinstack.cloud import Cloud as InProcessCloud
from twinstack.config import Settings
from twinstack.identity import local as identity_local


def test_local_interface_for_compute() -> None:
    """local.py, as compute calls it in-process: create, attach, detach, snapshot, list, delete."""
    inproc = InProcessCloud(Settings(models=[]))
    try:
        inproc.open()
        with inproc.store.begin() as conn:
            project = identity_local.find_project(conn, "demo").id
            vol = local.create_volume(inproc, conn, project, "u1", 2, name="bfv")
            assert vol["status"] == "available" and vol["volume_type"] == "lvmdriver-1"
            server = str(uuid.uuid4())
            attachment_id = local.attach(inproc, conn, vol["id"], server, "compute-1", "/dev/vda")
            shown = local.get_volume(inproc, conn, vol["id"], project)
            assert shown["status"] == "in-use" and shown["attachments"][0]["id"] == attachment_id
            assert local.get_volume(inproc, conn, vol["id"], "another-project") is None
            snap = local.create_snapshot(inproc, conn, vol["id"], project, "snap")
            assert snap["status"] == "available"
            assert [s["id"] for s in local.list_snapshots(inproc, conn, project)] == [snap["id"]]
            local.detach(inproc, conn, vol["id"], server)
            assert local.get_volume(inproc, conn, vol["id"])["status"] == "available"
            assert [v["id"] for v in local.list_volumes(inproc, conn, project)] == [vol["id"]]
            local.delete_snapshot(inproc, conn, snap["id"])
            local.delete_volume(inproc, conn, vol["id"])
            assert local.get_volume(inproc, conn, vol["id"]) is None
    finally:
        inproc.close()
