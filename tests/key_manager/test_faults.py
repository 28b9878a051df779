"""The fault engine on Barbican: HTTP faults in Barbican's error body, and ``order_error`` (the order ends
ERROR with Barbican's error_status_code and error_reason, and no secret is generated)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from openstack import exceptions


def test_http_fault_on_key_manager(conn: Any, twinstack_faults: Any) -> None:
    twinstack_faults.add(match={"service": "barbican", "method": "POST", "path": "/v1/secrets"},
                         action={"status": 503, "message": "HSM unreachable"}, fail_first=1)
    with pytest.raises(exceptions.HttpException) as info:
        conn.key_manager.create_secret(name="s", payload="p", payload_content_type="text/plain")
    body = info.value.response.json()
    assert (info.value.status_code, body["code"], body["description"]) == (503, 503, "HSM unreachable")
    assert body["title"]
    assert conn.key_manager.create_secret(name="s", payload="p", payload_content_type="text/plain").name == "s"


def test_order_error(conn: Any, km: httpx.Client, twinstack_faults: Any) -> None:
    twinstack_faults.add(match={"name": "^doomed"},
                         action={"outcome": "order_error", "params": {"code": "400", "reason": "No plugin"}})
    meta = {"algorithm": "aes", "bit_length": 256, "mode": "cbc", "payload_content_type": "application/octet-stream"}
    doomed = conn.key_manager.create_order(type="key", meta={**meta, "name": "doomed-key"})
    fine = conn.key_manager.create_order(type="key", meta={**meta, "name": "fine-key"})
    got = km.get(f"/orders/{str(doomed.id).rsplit('/', 1)[-1]}").json()
    assert (got["status"], got["error_status_code"], got["error_reason"]) == ("ERROR", "400", "No plugin")
    assert "secret_ref" not in got
    order = conn.key_manager.get_order(str(fine.id).rsplit("/", 1)[-1])
    assert order.status == "ACTIVE" and order.secret_ref
    assert [s.name for s in conn.key_manager.secrets()] == ["fine-key"]
