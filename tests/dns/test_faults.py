"""The fault engine on Designate: HTTP faults in Designate's error body, and ``zone_stuck_pending`` (the
worker never answers: the zone and its recordsets stay PENDING until the rule goes and a change settles)."""

from __future__ import annotations

from typing import Any

import pytest
from openstack import exceptions

from twinstack.testing import Cloud


def test_http_fault_on_dns(cloud: Cloud, twinstack_faults: Any) -> None:
    conn: Any = cloud.connect("twinstack")
    twinstack_faults.add(match={"service": "designate", "operation": "POST /v2/zones"},
                         action={"status": 500, "message": "pool manager down"})
    with pytest.raises(exceptions.HttpException) as info:
        conn.dns.create_zone(name="down.example.", email="ops@down.example")
    body = info.value.response.json()
    assert info.value.status_code == 500 and body["code"] == 500 and body["message"] == "pool manager down"
    assert "request_id" in body
    assert list(conn.dns.zones()) == []


def test_zone_stuck_pending(cloud: Cloud, twinstack_faults: Any) -> None:
    conn: Any = cloud.connect("twinstack")
    rule = twinstack_faults.add(match={"name": r"^stuck\.", "project": "demo"},
                                action={"outcome": "zone_stuck_pending"})
    stuck = conn.dns.create_zone(name="stuck.example.", email="ops@stuck.example")
    fine = conn.dns.create_zone(name="fine.example.", email="ops@fine.example")
    conn.dns.create_recordset(stuck, name="www.stuck.example.", type="A", records=["192.0.2.1"])
    assert conn.dns.get_zone(stuck).status == "PENDING"
    assert conn.dns.get_zone(fine).status == "ACTIVE"
    assert {r.status for r in conn.dns.recordsets(stuck)} == {"PENDING"}
    assert twinstack_faults.fired(rule["id"]) >= 2
    twinstack_faults.clear()  # the worker comes back: the next change settles the zone
    conn.dns.update_zone(stuck, description="retry")
    assert conn.dns.get_zone(stuck).status == "ACTIVE"
    assert {r.status for r in conn.dns.recordsets(stuck)} == {"ACTIVE"}
