"""os-simple-tenant-usage: per-project server hours over a period, detailed, paged from 2.40."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.compute.resources_helpers import boot_id, nova_headers


def _period() -> dict[str, str]:
    now = datetime.now(UTC).replace(tzinfo=None)
    return {"start": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S"),
            "end": (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")}


def test_sdk_usage_for_projects(cloud, openstack_connection, demo_connection) -> None:
    first = boot_id(demo_connection, "u1", "2")
    boot_id(demo_connection, "u2", "1")
    # Nova parses naive UTC times only, and "detailed" only when it is "1" (the sdk sends True)
    start = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    usages = list(openstack_connection.compute.usages(start=start))
    demo = next(u for u in usages if u.project_id == demo_connection.current_project_id)
    assert demo.total_hours > 0 and demo.total_memory_mb_usage > 0
    own = demo_connection.compute.get_usage(demo_connection.current_project_id, start=start)
    assert len(own.server_usages) == 2
    entry = next(s for s in own.server_usages if s["instance_id"] == first)
    assert entry["flavor"] == "m1.small" and entry["memory_mb"] == 2048 and entry["local_gb"] == 20
    assert entry["state"] == "active" and entry["ended_at"] is None


def test_period_errors_policy_and_pages(cloud, http: httpx.Client, admin_token: str, demo_token: str,
                                        demo_connection) -> None:
    for name in ("p1", "p2", "p3"):
        boot_id(demo_connection, name)
    project = demo_connection.current_project_id
    bad = http.get(
        "/compute/v2.1/os-simple-tenant-usage", params={"start": "yesterday"}, headers=nova_headers(admin_token)
    )
    assert bad.status_code == 400
    backwards = {"start": _period()["end"], "end": _period()["start"]}
    assert (
        http.get(
            "/compute/v2.1/os-simple-tenant-usage", params=backwards, headers=nova_headers(admin_token)
        ).status_code
        == 400
    )
    assert http.get("/compute/v2.1/os-simple-tenant-usage", headers=nova_headers(demo_token)).status_code == 403
    summary = http.get(
        "/compute/v2.1/os-simple-tenant-usage", params=_period(), headers=nova_headers(admin_token)
    ).json()
    demo = next(u for u in summary["tenant_usages"] if u["tenant_id"] == project)
    assert "server_usages" not in demo and demo["total_vcpus_usage"] > 0
    page = http.get(
        f"/compute/v2.1/os-simple-tenant-usage/{project}",
        params={**_period(), "limit": 2},
        headers=nova_headers(demo_token, "2.40"),
    ).json()
    assert len(page["tenant_usage"]["server_usages"]) == 2
    href = page["tenant_usage_links"][0]["href"]
    rest = http.get("/compute" + href.split("/compute", 1)[1], headers=nova_headers(demo_token, "2.40")).json()
    assert len(rest["tenant_usage"]["server_usages"]) == 1
    nothing = http.get(
        "/compute/v2.1/os-simple-tenant-usage/unknown-project", params=_period(), headers=nova_headers(admin_token)
    ).json()
    assert nothing == {"tenant_usage": {}}


def test_instance_usage_audit_log(http: httpx.Client, admin_token: str, demo_token: str) -> None:
    body = http.get("/compute/v2.1/os-instance_usage_audit_log", headers=nova_headers(admin_token)).json()
    log = body["instance_usage_audit_logs"]
    assert log["num_hosts"] >= 4 and log["num_hosts_not_run"] == log["num_hosts"] and log["log"] == {}
    assert log["overall_status"] == f"0 of {log['num_hosts']} hosts done. 0 errors."
    before = http.get(
        "/compute/v2.1/os-instance_usage_audit_log/2012-07-05 10:00:00", headers=nova_headers(admin_token)
    ).json()
    assert before["instance_usage_audit_log"]["period_beginning"] == "2012-06-01 00:00:00"
    assert before["instance_usage_audit_log"]["period_ending"] == "2012-07-01 00:00:00"
    january = http.get(
        "/compute/v2.1/os-instance_usage_audit_log/2013-01-10 10:00:00.5", headers=nova_headers(admin_token)
    )
    assert january.json()["instance_usage_audit_log"]["period_beginning"] == "2012-12-01 00:00:00"
    assert (
        http.get("/compute/v2.1/os-instance_usage_audit_log/yesterday", headers=nova_headers(admin_token)).status_code
        == 400
    )
    assert http.get("/compute/v2.1/os-instance_usage_audit_log", headers=nova_headers(demo_token)).status_code == 403
