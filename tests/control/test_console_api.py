"""The console's page and the summaries it reads (/_twinstack/hosts, /hosts/{host}/servers, /servers),
and the journal's console filters (project, status class, the fault that answered); a real server,
servers booted with openstacksdk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from openstack import exceptions as sdk_exceptions

from twinstack.testing import Cloud

HERE = Path(__file__).parent


def _boot(conn: Any, name: str) -> Any:
    server = conn.compute.create_server(
        name=name, image_id=conn.image.find_image("cirros-0.6.3-x86_64-disk").id,
        flavor_id=conn.compute.find_flavor("m1.tiny").id, networks="none")
    return conn.compute.wait_for_server(server, interval=0.05, wait=30)


def test_the_page_and_its_two_files_are_served(http: httpx.Client) -> None:
    page = http.get("/_twinstack/ui")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/_twinstack/ui/console.js" in page.text and "/_twinstack/ui/console.css" in page.text
    script = http.get("/_twinstack/ui/console.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert http.get("/_twinstack/ui/console.css").headers["content-type"].startswith("text/css")
    assert http.get("/_twinstack/ui/../api.py").status_code == 404
    assert http.get("/_twinstack/ui/index.py").status_code == 404
    assert "https://" not in page.text + script.text  # nothing from the internet at use time
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_hosts_show_servers_and_placement_usage(cloud: Cloud, http: httpx.Client) -> None:
    conn = cloud.connect("twinstack")
    server = _boot(conn, "console-web-1")
    admin = cloud.connect("twinstack-admin").compute.get_server(server.id)
    body = http.get("/_twinstack/hosts").json()
    assert body["count"] == len(body["hosts"]) == 4 and body["servers"] == 1
    by_name = {h["name"]: h for h in body["hosts"]}
    host = by_name[admin.compute_host]
    assert host["servers"] == 1 and host["state"] == "up" and host["zone"] == "nova"
    assert host["usage"]["VCPU"] == [1, 8 * 16] and host["usage"]["MEMORY_MB"][0] == 512
    assert body["usage"]["VCPU"] == [1, 4 * 8 * 16]
    assert all(h["usage"]["VCPU"][0] == 0 for h in body["hosts"] if h["name"] != admin.compute_host)

    on_host = http.get(f"/_twinstack/hosts/{admin.compute_host}/servers").json()
    assert on_host["host"] == admin.compute_host
    assert [(s["id"], s["name"], s["status"], s["flavor"]) for s in on_host["servers"]] == [
        (server.id, "console-web-1", "ACTIVE", "m1.tiny")]
    assert http.get("/_twinstack/hosts/nowhere/servers").status_code == 404

    for text in ("web-1", "CONSOLE-WEB", server.id[:8]):
        found = http.get("/_twinstack/servers", params={"search": text}).json()["servers"]
        assert [(s["id"], s["host"]) for s in found] == [(server.id, admin.compute_host)], text
    assert http.get("/_twinstack/servers", params={"search": "%"}).json()["servers"] == []
    assert http.get("/_twinstack/servers", params={"search": "_"}).json()["servers"] == []
    assert http.get("/_twinstack/servers").status_code == 400
    assert http.get("/_twinstack/servers", params={"search": "x", "limit": "0"}).status_code == 400


def test_a_downed_host_shows_as_down(cloud: Cloud, http: httpx.Client) -> None:
    assert http.post("/_twinstack/faults", json={"action": {"outcome": "host_down", "params": {"host": "compute-2"}}}
                     ).status_code == 201
    states = {h["name"]: h["state"] for h in http.get("/_twinstack/hosts").json()["hosts"]}
    assert states == {"compute-1": "up", "compute-2": "down", "compute-3": "up", "compute-4": "up"}


def test_the_journal_names_the_fault_and_filters_by_project_and_status_class(cloud: Cloud, http: httpx.Client) -> None:
    conn = cloud.connect("twinstack")
    list(conn.compute.servers())
    rule = http.post("/_twinstack/faults", json={"match": {"service": "compute", "method": "GET"},
                                                 "action": {"status": 503}}).json()["fault"]
    with pytest.raises(sdk_exceptions.HttpException):
        list(conn.compute.servers())
    failed = http.get("/_twinstack/journal", params={"status": "5xx"}).json()["entries"]
    assert [(e["status"], e["fault"], e["project_name"]) for e in failed] == [(503, rule["id"], "demo")]
    assert http.get("/_twinstack/journal", params={"fault": rule["id"]}).json()["count"] == 1
    ok = http.get("/_twinstack/journal", params={"status": "2xx", "service": "compute"}).json()["entries"]
    assert ok and all(e["status"] // 100 == 2 and e["fault"] is None for e in ok)
    project_id = failed[0]["project_id"]
    by_id = http.get("/_twinstack/journal", params={"project": project_id}).json()["entries"]
    by_name = http.get("/_twinstack/journal", params={"project": "demo"}).json()["entries"]
    assert by_id == by_name and len(by_id) >= 2
    assert http.get("/_twinstack/journal", params={"project": "admin"}).json()["count"] == 0


@pytest.mark.twinstack_model("console_many_hosts.yaml")
def test_many_hosts_in_one_answer(cloud: Cloud, http: httpx.Client) -> None:
    body = http.get("/_twinstack/hosts").json()
    # the model's 1,000 beside the default model's four
    assert body["count"] == 1004 and len({h["name"] for h in body["hosts"]}) == 1004
    assert body["usage"]["VCPU"] == [0, (1000 * 4 + 4 * 8) * 16]
