"""The fault engine on Swift: HTTP faults in Swift's own answer, and ``object_put_interrupted`` (a PUT that
fails mid-stream: the client gets the error, no object, no counters; core/blobs.py removes the partial file)."""

from __future__ import annotations

from typing import Any

import pytest
from openstack import exceptions

from twinstack.testing import Cloud


@pytest.fixture
def conn(cloud: Cloud) -> Any:
    return cloud.connect("twinstack")


def test_http_fault_on_object_storage(conn: Any, twinstack_faults: Any) -> None:
    conn.object_store.create_container(name="faulty")
    rule = twinstack_faults.add(match={"service": "swift", "method": "PUT", "path": "/v1/*/faulty/*"},
                                action={"status": 503, "retry_after": 1}, fail_first=1)
    with pytest.raises(exceptions.HttpException) as info:
        conn.object_store.upload_object("faulty", "a.txt", data=b"x")
    assert info.value.status_code == 503 and info.value.response.headers["Retry-After"] == "1"
    assert info.value.response.headers["X-Trans-Id"].startswith("tx")
    conn.object_store.upload_object("faulty", "a.txt", data=b"x")  # fail_first: once, then through
    assert twinstack_faults.fired(rule["id"]) == 1


def test_put_interrupted_mid_stream_leaves_nothing(conn: Any, twinstack_faults: Any) -> None:
    conn.object_store.create_container(name="uploads")
    conn.object_store.upload_object("uploads", "keep.bin", data=b"k" * 10)
    rule = twinstack_faults.add(match={"name": "^uploads/big"}, action={"outcome": "object_put_interrupted"})
    data = b"0123456789" * 200_000  # 2 MB: the first half is written, then the backend goes away
    with pytest.raises(exceptions.HttpException) as info:
        conn.object_store.upload_object("uploads", "big.bin", data=data)
    assert info.value.status_code == 503
    assert twinstack_faults.fired(rule["id"]) == 1
    assert [o.name for o in conn.object_store.objects("uploads")] == ["keep.bin"]
    head = conn.object_store.get_container_metadata("uploads")
    assert (head.object_count, head.bytes_used) == (1, 10)
    with pytest.raises(exceptions.NotFoundException):
        conn.object_store.get_object_metadata("big.bin", "uploads")
    twinstack_faults.clear()
    conn.object_store.upload_object("uploads", "big.bin", data=data)
    assert conn.object_store.download_object("big.bin", "uploads") == data
