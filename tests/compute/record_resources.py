"""A recorder for compute's declared resources (server groups, keypairs, aggregates): starts a fresh
cloud, drives over a thousand requests across microversions 2.1..2.104 as admin, a member and a user of
another project (valid, filtered, paged, bad ids, unknown query parameters, deletes), and writes status,
headers (minus request ids and dates) and bodies, ids and timestamps normalised, one JSON line each.
Run it at two commits and diff the files: a refactor must leave them equal.

    PYTHONPATH=$PWD .venv/bin/python -m tests.compute.record_resources out.jsonl
"""

from __future__ import annotations

import json
import re
import sys
import time
from typing import Any

import httpx

from tests.conftest import password_auth
from twinstack.testing import Cloud

# an RSA key openssh can read: imports keep fingerprints stable between runs
PUBLIC_KEY = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/"
              "pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9"
              "JD9UZHYcpSxsIbECHw== Generated-by-Nova")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX32 = re.compile(r"\b[0-9a-f]{32}\b")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_DROPPED = {"date", "x-openstack-request-id", "x-compute-request-id", "server"}


class Recorder:
    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.url = url
        self.names: dict[str, str] = {}
        self.lines: list[str] = []

    def norm(self, text: str) -> str:
        def name(match: re.Match[str]) -> str:
            return self.names.setdefault(match.group(0), f"<id{len(self.names)}>")
        text = text.replace(self.url, "<url>")
        return _TIME.sub("<time>", _HEX32.sub(name, _UUID.sub(name, text)))

    def token(self, user: str, password: str, project: str) -> str:
        response = self.http.post("/identity/v3/auth/tokens", json=password_auth(user, password, project))
        assert response.status_code == 201, response.text
        return response.headers["X-Subject-Token"]

    def call(self, who: tuple[str, str], method: str, path: str, version: str | None = None,
             body: Any = None) -> httpx.Response:
        headers = {"X-Auth-Token": who[1]}
        if version:
            headers["OpenStack-API-Version"] = f"compute {version}"
        response = self.http.request(method, "/compute/v2.1" + path, headers=headers, json=body)
        kept = sorted((k, v) for k, v in response.headers.items() if k.lower() not in _DROPPED)
        self.lines.append(self.norm(json.dumps({
            "req": [who[0], method, path, version, body], "status": response.status_code,
            "headers": kept, "body": response.text}, sort_keys=True)))
        return response


def _other_user(rec: Recorder, admin: str) -> None:
    h = {"X-Auth-Token": admin}
    project = rec.http.post("/identity/v3/projects", headers=h, json={"project": {"name": "rec-other"}}).json()
    user = rec.http.post("/identity/v3/users", headers=h, json={"user": {
        "name": "rec-other", "password": "rec-other", "default_project_id": project["project"]["id"]}}).json()
    roles = rec.http.get("/identity/v3/roles?name=member", headers=h).json()["roles"]
    rec.http.put(f"/identity/v3/projects/{project['project']['id']}/users/{user['user']['id']}/roles/"
                 f"{roles[0]['id']}", headers=h)


def _boot_members(rec: Recorder, who: tuple[str, str], groups: list[str]) -> None:
    """Two servers in the member's first and last group, waited ACTIVE, so views show members."""
    h = {"X-Auth-Token": who[1]}
    image = rec.http.get("/image/v2/images?name=cirros-0.6.3-x86_64-disk", headers=h).json()["images"][0]["id"]
    for i, group in enumerate((groups[0], groups[2])):
        server = rec.http.post("/compute/v2.1/servers", headers={**h, "OpenStack-API-Version": "compute 2.64"}, json={
            "server": {"name": f"m{i}", "imageRef": image, "flavorRef": "1", "networks": "none"},
            "os:scheduler_hints": {"group": group}}).json()["server"]
        for _ in range(400):
            body = rec.http.get(f"/compute/v2.1/servers/{server['id']}", headers=h).json()["server"]
            if body["status"] == "ACTIVE":
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"server {server['id']} never became ACTIVE: {body['status']}")


def record(rec: Recorder) -> None:
    admin = ("admin", rec.token("admin", "admin", "admin"))
    _other_user(rec, admin[1])
    demo = ("demo", rec.token("demo", "demo", "demo"))
    other = ("other", rec.token("rec-other", "rec-other", "rec-other"))
    users = (admin, demo, other)
    versions = [f"2.{m}" for m in range(1, 105)]

    # -- state: groups, keypairs, aggregates per user --------------------------------------------
    groups: dict[str, list[str]] = {}
    for who in users:
        groups[who[0]] = []
        for i, version in enumerate(("2.1", "2.15", "2.64")):
            body = ({"name": f"g{i}", "policy": "anti-affinity", "rules": {"max_server_per_host": 2}}
                    if version == "2.64" else {"name": f"g{i}", "policies": ["affinity"]})
            groups[who[0]].append(rec.call(who, "POST", "/os-server-groups", version, {"server_group": body})
                                  .json()["server_group"]["id"])
        for i in range(3):
            rec.call(who, "POST", "/os-keypairs", "2.2", {"keypair": {"name": f"k{i}", "public_key": PUBLIC_KEY}})
    rec.call(admin, "POST", "/os-keypairs", "2.10", {"keypair": {"name": "for-demo", "public_key": PUBLIC_KEY,
                                                                 "user_id": "demo"}})
    host = rec.http.get("/compute/v2.1/os-services?binary=nova-compute",
                        headers={"X-Auth-Token": admin[1]}).json()["services"][0]["host"]
    aggs = [rec.call(admin, "POST", "/os-aggregates", "2.1", {"aggregate": {"name": f"a{i}", **(
        {"availability_zone": "zone1"} if i == 0 else {})}}).json()["aggregate"]["id"] for i in range(3)]
    rec.call(admin, "POST", f"/os-aggregates/{aggs[0]}/action", "2.1", {"add_host": {"host": host}})
    rec.call(admin, "POST", f"/os-aggregates/{aggs[1]}/action", "2.1", {"set_metadata": {"metadata": {"k": "v"}}})
    _boot_members(rec, demo, groups["demo"])

    # -- reads at every microversion ----------------------------------------------------------------
    for version in versions:
        for who in users:
            mine = groups[who[0]][0]
            for query in ("", "?all_projects=True", "?all_projects=1", "?limit=1", "?limit=1&offset=1",
                          "?offset=2", "?limit=-1", "?limit=abc", "?bogus=1", "?limit=1&bogus=1&x=2"):
                rec.call(who, "GET", "/os-server-groups" + query, version)
            for group in (mine, groups["admin"][1], "nonexistent", "00000000-0000-0000-0000-000000000000",
                          f"{mine}?bogus=1", "nonexistent?bogus=1"):
                rec.call(who, "GET", f"/os-server-groups/{group}", version)
            for query in ("", "?limit=1", "?limit=1&marker=k0", "?marker=k1", "?marker=missing", "?user_id=demo",
                          "?user_id=admin&limit=2", "?limit=abc", "?bogus=1"):
                rec.call(who, "GET", "/os-keypairs" + query, version)
            for name in ("k1", "missing", "k1?user_id=demo", "k1?bogus=1", "for-demo?user_id=demo"):
                rec.call(who, "GET", f"/os-keypairs/{name}", version)
            if who is admin or version in ("2.1", "2.41", "2.104"):
                rec.call(who, "GET", "/os-aggregates", version)
                rec.call(who, "GET", "/os-aggregates?bogus=1", version)
                for agg in (aggs[0], aggs[1], "abc", "99999", "99999999999999999999999", f"{aggs[1]}?bogus=1"):
                    rec.call(who, "GET", f"/os-aggregates/{agg}", version)

    # -- deletes: missing, someone else's, own, at the versions where the answer changes ----------------
    for version in ("2.1", "2.2", "2.10", "2.64", "2.75", "2.104"):
        for who in users:
            rec.call(who, "DELETE", "/os-server-groups/nonexistent", version)
            rec.call(who, "DELETE", f"/os-server-groups/{groups['admin'][2]}", version) if who is not admin else None
            made = rec.call(who, "POST", "/os-server-groups", version,
                            {"server_group": {"name": "d", "policies": ["affinity"]}
                             if version in ("2.1", "2.2", "2.10") else {"name": "d", "policy": "affinity"}})
            if made.status_code == 200:
                rec.call(who, "DELETE", f"/os-server-groups/{made.json()['server_group']['id']}", version)
            rec.call(who, "DELETE", "/os-keypairs/missing", version)
            rec.call(who, "DELETE", "/os-keypairs/k2?bogus=1", version)
            rec.call(who, "POST", "/os-keypairs", version, {"keypair": {"name": "d", "public_key": PUBLIC_KEY}})
            rec.call(who, "DELETE", "/os-keypairs/d", version)
            rec.call(who, "DELETE", "/os-keypairs/for-demo?user_id=demo", "2.9")
            rec.call(who, "DELETE", "/os-aggregates/abc", version)
            rec.call(who, "DELETE", "/os-aggregates/99999", version)
            rec.call(who, "DELETE", f"/os-aggregates/{aggs[0]}", version)
            made = rec.call(who, "POST", "/os-aggregates", version, {"aggregate": {"name": f"d{version}"}})
            if made.status_code == 200:
                rec.call(who, "DELETE", f"/os-aggregates/{made.json()['aggregate']['id']}", version)
    rec.call(admin, "DELETE", "/os-keypairs/for-demo?user_id=demo", "2.10")
    rec.call(demo, "GET", "/os-keypairs", "2.10")
    rec.call(admin, "DELETE", f"/os-server-groups/{groups['demo'][1]}", "2.1")
    rec.call(demo, "GET", "/os-server-groups", "2.13")


def main() -> None:
    with Cloud() as cloud:
        assert cloud.url is not None
        rec = Recorder(cloud.url)
        record(rec)
    with open(sys.argv[1], "w") as out:
        out.write("\n".join(rec.lines) + "\n")
    print(f"{len(rec.lines)} requests recorded", file=sys.stderr)


if __name__ == "__main__":
    main()
