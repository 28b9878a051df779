"""A behaviour recorder for identity's declared CRUD resources (not a test: pytest does not collect it).
It starts a fresh twinstack from the tree on PYTHONPATH (ids seeded), drives regions, services,
endpoints, policies, credentials and endpoint groups through ~400 requests (valid, filtered, bad ids,
unknown fields, wrong types, PATCH bodies; as admin, member and reader) and writes each status,
headers (but request ids, dates, lengths) and body, ids renamed by first appearance. Record a tree
before a refactor and after it, then compare:

    PYTHONPATH=<old tree> python -m tests.identity.record_crud record before.json
    PYTHONPATH=$PWD python -m tests.identity.record_crud record after.json
    python -m tests.identity.record_crud diff before.json after.json
"""
from __future__ import annotations

import json
import re
import sys
from typing import Any

import httpx

from twinstack.testing import Cloud

DROP_HEADERS = {"date", "x-openstack-request-id", "openstack-request-id", "x-compute-request-id",
                "x-subject-token", "content-length", "server"}
HEX = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{64}\b")


def auth(user: str, project: str = "demo") -> dict[str, Any]:
    return {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "domain": {"id": "default"}, "password": user}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}


class Recorder:
    def __init__(self, http: httpx.Client, tokens: dict[str, str]) -> None:
        self.http = http
        self.tokens = tokens
        self.out: list[dict[str, Any]] = []

    def __call__(self, who: str, method: str, path: str, body: Any = None, raw: str | None = None,
                 ) -> httpx.Response:
        headers = {"X-Auth-Token": self.tokens[who]}
        if raw is not None:
            headers["Content-Type"] = "application/json"
            r = self.http.request(method, "/identity/v3" + path, content=raw, headers=headers)
        else:
            r = self.http.request(method, "/identity/v3" + path, json=body, headers=headers)
        try:
            payload: Any = r.json()
        except ValueError:
            payload = r.text
        self.out.append({"who": who, "method": method, "path": path, "body": body if raw is None else raw,
                         "status": r.status_code,
                         "headers": {k: v for k, v in sorted(r.headers.items()) if k.lower() not in DROP_HEADERS},
                         "response": payload})
        return r


ROLES = ("admin", "member", "reader")


def lists(rec: Recorder, path: str, queries: tuple[str, ...]) -> None:
    """Each query string, as each role."""
    for q in queries:
        for who in ROLES:
            rec(who, "GET", path + q)


def members(rec: Recorder, path: str, key: str, field: str, value: Any = None) -> None:
    """As each role: show ``path``, show a missing sibling, PATCH ``field`` (to the role's name)."""
    for who in ROLES:
        rec(who, "GET", path)
        rec(who, "GET", path.rsplit("/", 1)[0] + "/nope")
        rec(who, "PATCH", path, {key: {field: value(who) if value else f"by {who}"}})


def catalog(rec: Recorder) -> None:
    a = "admin"
    # regions
    rec(a, "POST", "/regions", {"region": {"id": "RegionA", "description": "a"}})
    rec(a, "POST", "/regions", {"region": {"id": "RegionB", "parent_region_id": "RegionA", "colour": "red"}})
    rec(a, "POST", "/regions", {"region": {"id": "RegionC", "parent_region_id": "RegionB"}})
    rec(a, "POST", "/regions", {"region": {"description": "generated"}})
    rec(a, "PUT", "/regions/RegionD", {"region": {"description": "put"}})
    rec(a, "PUT", "/regions/RegionE", {"region": {"id": "Other"}})
    rec(a, "PUT", "/regions/RegionE", {"region": {"id": "RegionE"}})
    rec(a, "POST", "/regions", {"region": {"id": "RegionA"}})
    rec(a, "POST", "/regions", {"region": {"id": "RegionX", "parent_region_id": "nope"}})
    rec(a, "POST", "/regions", {"region": {"id": 5}})
    rec(a, "POST", "/regions", {"region": {"id": "RegionY", "description": 7}})
    rec(a, "POST", "/regions", {"region": {"id": ""}})
    rec(a, "POST", "/regions", {"region": "x"})
    rec(a, "POST", "/regions", {"regions": {}})
    rec(a, "POST", "/regions", [1])
    rec(a, "POST", "/regions", raw="{not json")
    rec(a, "POST", "/regions", {"region": {"id": "RegionZ", "links": {"self": "x"}, "extra": {"k": 1}}})
    lists(rec, "/regions", ("", "?parent_region_id=RegionA", "?parent_region_id=nope", "?foo=bar", "?limit=1",
              "?parent_region_id__contains=Region", "?id=RegionA", "?description=a", "?sort_key=id&sort_dir=desc"))
    rec(a, "HEAD", "/regions")
    rec(a, "GET", "/regions/")
    for who in ROLES:
        rec(who, "GET", "/regions/RegionB")
        rec(who, "GET", "/regions/nope")
        rec(who, "PATCH", "/regions/RegionB", {"region": {"description": f"by {who}"}})
        rec(who, "DELETE", "/regions/RegionD")
    rec(a, "HEAD", "/regions/RegionB")
    rec(a, "GET", "/regions/RegionB/")
    rec(a, "PATCH", "/regions/RegionB", {"region": {"description": None}})
    rec(a, "PATCH", "/regions/RegionB", {"region": {"colour": "blue", "size": 2}})
    rec(a, "PATCH", "/regions/RegionB", {"region": {}})
    rec(a, "PATCH", "/regions/RegionB", {"region": {"id": "RegionB"}})
    rec(a, "PATCH", "/regions/RegionB", {"region": {"id": "Renamed"}})
    rec(a, "PATCH", "/regions/RegionA", {"region": {"parent_region_id": "RegionC"}})
    rec(a, "PATCH", "/regions/RegionA", {"region": {"parent_region_id": "RegionA"}})
    rec(a, "PATCH", "/regions/RegionA", {"region": {"parent_region_id": "nope"}})
    rec(a, "PATCH", "/regions/RegionC", {"region": {"parent_region_id": None}})
    rec(a, "PATCH", "/regions/RegionC", {"region": {"parent_region_id": "RegionA"}})
    rec(a, "PATCH", "/regions/RegionC", {"region": {"description": 3}})
    rec(a, "PATCH", "/regions/nope", {"region": {"description": "x"}})
    rec(a, "PATCH", "/regions/RegionC", {"regionx": {}})
    rec(a, "PATCH", "/regions/RegionC", raw="[]")
    rec(a, "GET", "/regions")

    # services
    rec(a, "POST", "/services", {"service": {"type": "widget", "name": "widgets", "description": "w"}})
    rec(a, "POST", "/services", {"service": {"type": "gadget", "enabled": False, "extra_thing": [1]}})
    rec(a, "POST", "/services", {"service": {"type": "gizmo", "name": None}})
    rec(a, "POST", "/services", {"service": {"name": "no type"}})
    rec(a, "POST", "/services", {"service": {"type": ""}})
    rec(a, "POST", "/services", {"service": {"type": "x", "enabled": "yes"}})
    rec(a, "POST", "/services", {"service": {"type": "x" * 256}})
    rec(a, "POST", "/services", {"service": {"type": "x", "id": "myid"}})
    rec(a, "POST", "/services", {"service": []})
    services = rec(a, "GET", "/services").json()["services"]
    widget = next(s["id"] for s in services if s["type"] == "widget")
    gadget = next(s["id"] for s in services if s["type"] == "gadget")
    lists(rec, "/services", ("", "?type=widget", "?name=widgets", "?enabled=false", "?enabled=0", "?enabled=true",
              "?enabled=xyz", "?name__icontains=WID", "?name__contains=WID", "?name__startswith=wid",
              "?name__endswith=ets", "?type__istartswith=G", "?foo=bar", "?type=widget&type=gadget", "?name=",
              "?limit=2&marker=x"))
    members(rec, f"/services/{widget}", "service", "description")
    rec(a, "HEAD", f"/services/{widget}")
    rec(a, "PATCH", f"/services/{widget}", {"service": {"enabled": False, "name": "w2", "colour": "x"}})
    rec(a, "PATCH", f"/services/{widget}", {"service": {"enabled": "no"}})
    rec(a, "PATCH", f"/services/{widget}", {"service": {"type": ""}})
    rec(a, "PATCH", f"/services/{widget}", {"service": {}})
    rec(a, "PATCH", f"/services/{widget}", {"service": {"id": widget}})
    rec(a, "PATCH", f"/services/{widget}", {"service": {"name": None, "description": None}})
    rec(a, "PATCH", "/services/nope", {"service": {"name": "x"}})
    rec(a, "GET", f"/services/{widget}")

    # endpoints
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "public",
                                               "url": "http://w.example/v1", "region_id": "RegionA"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "internal",
                                               "url": "http://w.internal/v1", "region": "LegacyRegion"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": gadget, "interface": "admin",
                                               "url": "https://g.example", "enabled": False, "weight": 3}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": "nope", "interface": "public", "url": "http://x"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "public", "url": "http://x",
                                               "region_id": "nope"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "sideways", "url": "http://x"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "public", "url": "not a url"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "public"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": widget, "interface": "public", "url": "http://x",
                                               "enabled": "true"}})
    rec(a, "POST", "/endpoints", {"endpoint": {"service_id": 4, "interface": "public", "url": "http://x"}})
    endpoints = rec(a, "GET", "/endpoints").json()["endpoints"]
    public = next(e["id"] for e in endpoints if e["url"] == "http://w.example/v1")
    lists(rec, "/endpoints", ("", f"?service_id={widget}", "?interface=public", "?region_id=RegionA", "?enabled=false",
              "?enabled=1", "?interface=public&interface=admin", "?url=http://w.example/v1", "?foo=1",
              "?interface__contains=ubl", "?region_id=nope"))
    members(rec, f"/endpoints/{public}", "endpoint", "url", lambda who: f"http://{who}.example")
    rec(a, "HEAD", f"/endpoints/{public}")
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"region": "LegacyTwo", "weight": 1}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"region_id": None}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"region_id": "nope"}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"service_id": "nope"}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"service_id": gadget, "interface": "admin"}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"interface": "bad"}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"id": public}})
    rec(a, "PATCH", f"/endpoints/{public}", {"endpoint": {"enabled": False}})
    rec(a, "PATCH", "/endpoints/nope", {"endpoint": {"enabled": False}})
    rec(a, "GET", f"/endpoints/{public}")
    rec(a, "GET", "/auth/catalog")
    # deletes with dependants
    rec(a, "DELETE", "/regions/RegionA")
    rec(a, "DELETE", "/regions/LegacyRegion")
    rec("member", "DELETE", f"/endpoints/{public}")
    rec(a, "DELETE", f"/endpoints/{public}")
    rec(a, "DELETE", f"/endpoints/{public}")
    rec(a, "DELETE", "/regions/RegionA")
    rec(a, "DELETE", "/regions/RegionA")
    rec(a, "GET", "/regions")
    rec("member", "DELETE", f"/services/{gadget}")
    rec(a, "DELETE", f"/services/{gadget}")
    rec(a, "DELETE", "/services/nope")
    rec(a, "GET", "/endpoints")
    rec(a, "GET", "/auth/catalog")


def policies(rec: Recorder) -> None:
    a = "admin"
    rec(a, "POST", "/policies", {"policy": {"type": "application/json", "blob": "{}"}})
    rec(a, "POST", "/policies", {"policy": {"type": "text/plain", "blob": "x", "note": "n", "id": "mine"}})
    rec(a, "POST", "/policies", {"policy": {"type": "text/plain"}})
    rec(a, "POST", "/policies", {"policy": {"blob": "x"}})
    rec(a, "POST", "/policies", {"policy": {"type": 1, "blob": "x"}})
    rec(a, "POST", "/policies", {"policy": {"type": "t", "blob": {"a": 1}}})
    rec(a, "POST", "/policies", {"policy": "x"})
    for who in ROLES:
        rec(who, "POST", "/policies", {"policy": {"type": f"by/{who}", "blob": "b"}})
    pols = rec(a, "GET", "/policies").json()["policies"]
    first = pols[0]["id"]
    lists(rec, "/policies", ("", "?type=text/plain", "?type=none", "?blob=x", "?type__contains=plain", "?limit=1"))
    members(rec, f"/policies/{first}", "policy", "blob", lambda who: who)
    rec(a, "HEAD", f"/policies/{first}")
    rec(a, "PATCH", f"/policies/{first}", {"policy": {"type": "t2", "extra1": {"x": [1]}}})
    rec(a, "PATCH", f"/policies/{first}", {"policy": {"extra1": None}})
    rec(a, "PATCH", f"/policies/{first}", {"policy": {}})
    rec(a, "PATCH", f"/policies/{first}", {"policy": {"id": first}})
    rec(a, "PATCH", f"/policies/{first}", {"policy": {"blob": 5}})
    rec(a, "PATCH", "/policies/nope", {"policy": {"blob": "x"}})
    rec(a, "GET", f"/policies/{first}")
    rec("member", "DELETE", f"/policies/{first}")
    rec(a, "DELETE", f"/policies/{first}")
    rec(a, "DELETE", f"/policies/{first}")
    rec(a, "GET", "/policies")


def endpoint_groups(rec: Recorder) -> None:
    a = "admin"
    base = "/OS-EP-FILTER/endpoint_groups"
    rec(a, "POST", base, {"endpoint_group": {"name": "g-b", "filters": {"interface": "public"}}})
    rec(a, "POST", base, {"endpoint_group": {"name": "g-a", "description": "d", "filters": {"service_id": "x"}}})
    rec(a, "POST", base, {"endpoint_group": {"name": "g-c", "filters": {}, "extra": 1}})
    rec(a, "POST", base, {"endpoint_group": {"name": "g-c"}})
    rec(a, "POST", base, {"endpoint_group": {"filters": {}}})
    rec(a, "POST", base, {"endpoint_group": {"name": 3, "filters": {}}})
    rec(a, "POST", base, {"endpoint_group": {"name": "x", "filters": {"bogus": "1"}}})
    rec(a, "POST", base, {"endpoint_group": []})
    for who in ROLES:
        rec(who, "POST", base, {"endpoint_group": {"name": f"by-{who}", "filters": {}}})
    groups = rec(a, "GET", base).json()["endpoint_groups"]
    first = next(g["id"] for g in groups if g["name"] == "g-b")
    lists(rec, base, ("", "?name=g-a", "?name__contains=g-", "?name=none", "?description=d", "?limit=1"))
    for who in ROLES:
        rec(who, "GET", f"{base}/{first}")
        rec(who, "HEAD", f"{base}/{first}")
        rec(who, "GET", f"{base}/nope")
        rec(who, "PATCH", f"{base}/{first}", {"endpoint_group": {"description": who}})
    rec(a, "HEAD", base)
    rec(a, "HEAD", f"{base}/nope")
    rec(a, "PATCH", f"{base}/{first}", {"endpoint_group": {"name": "renamed", "filters": {"region_id": "r"}}})
    rec(a, "PATCH", f"{base}/{first}", {"endpoint_group": {"description": None}})
    rec(a, "PATCH", f"{base}/{first}", {"endpoint_group": {}})
    rec(a, "PATCH", f"{base}/{first}", {"endpoint_group": {"id": first}})
    rec(a, "PATCH", f"{base}/{first}", {"endpoint_group": {"colour": "x"}})
    rec(a, "PATCH", f"{base}/{first}", {"endpoint_group": {"filters": "x"}})
    rec(a, "PATCH", f"{base}/nope", {"endpoint_group": {"name": "x"}})
    rec(a, "GET", f"{base}/{first}")
    rec("member", "DELETE", f"{base}/{first}")
    rec(a, "DELETE", f"{base}/{first}")
    rec(a, "DELETE", f"{base}/{first}")
    rec(a, "GET", base)


def credentials(rec: Recorder, ids: dict[str, str]) -> None:
    a = "admin"
    admin_id, member_id, project = ids["admin"], ids["member"], ids["project"]
    rec(a, "POST", "/credentials", {"credential": {"type": "ec2", "user_id": admin_id, "project_id": project,
                                                   "blob": json.dumps({"access": "AK1", "secret": "s"})}})
    rec(a, "POST", "/credentials", {"credential": {"type": "ec2", "user_id": admin_id, "project_id": project,
                                                   "blob": json.dumps({"access": "AK1", "secret": "s"})}})
    rec(a, "POST", "/credentials", {"credential": {"type": "ec2", "user_id": admin_id,
                                                   "blob": json.dumps({"access": "AK2"})}})
    rec(a, "POST", "/credentials", {"credential": {"type": "ec2", "user_id": admin_id, "project_id": project,
                                                   "blob": "not json"}})
    rec(a, "POST", "/credentials", {"credential": {"type": "ec2", "user_id": admin_id, "project_id": project,
                                                   "blob": json.dumps({"secret": "x"})}})
    rec(a, "POST", "/credentials", {"credential": {"type": "ec2", "user_id": admin_id, "project_id": project,
                                                   "blob": "[1]"}})
    rec(a, "POST", "/credentials", {"credential": {"type": "totp", "user_id": member_id, "blob": "seed",
                                                   "label": "phone"}})
    rec(a, "POST", "/credentials", {"credential": {"type": "cert", "user_id": admin_id, "blob": "pem"}})
    rec(a, "POST", "/credentials", {"credential": {"type": "cert", "blob": "pem"}})
    rec(a, "POST", "/credentials", {"credential": {"type": "cert", "user_id": admin_id, "blob": 1}})
    rec(a, "POST", "/credentials", {"credential": {"type": "", "user_id": admin_id, "blob": "x"}})
    rec(a, "POST", "/credentials", {"credential": {"type": "cert", "user_id": admin_id, "blob": "x",
                                                   "project_id": None}})
    rec("member", "POST", "/credentials", {"credential": {"type": "cert", "user_id": member_id, "blob": "mine"}})
    rec("member", "POST", "/credentials", {"credential": {"type": "cert", "user_id": admin_id, "blob": "theirs"}})
    rec("member", "POST", "/credentials", {"credential": {"type": "ec2", "user_id": member_id, "project_id": project,
                                                          "blob": json.dumps({"access": "MK", "secret": "s"})}})
    rec("reader", "POST", "/credentials", {"credential": {"type": "cert", "user_id": ids["reader"], "blob": "r"}})
    creds = rec(a, "GET", "/credentials").json()["credentials"]
    mine = next(c["id"] for c in creds if c["blob"] == "mine")
    admins = next(c["id"] for c in creds if c["blob"] == "pem")
    ec2 = next(c["id"] for c in creds if c["type"] == "ec2" and "AK1" in c["blob"])
    lists(rec, "/credentials", ("", f"?user_id={member_id}", "?type=ec2", "?type=cert&user_id=" + admin_id, "?foo=1",
              "?type__contains=c", "?blob=mine", "?limit=1"))
    for who in ROLES:
        rec(who, "GET", f"/credentials/{mine}")
        rec(who, "GET", f"/credentials/{admins}")
        rec(who, "GET", "/credentials/nope")
        rec(who, "PATCH", f"/credentials/{mine}", {"credential": {"blob": f"by {who}"}})
        rec(who, "PATCH", f"/credentials/{admins}", {"credential": {"blob": f"by {who}"}})
    rec(a, "HEAD", f"/credentials/{mine}")
    rec(a, "PATCH", f"/credentials/{ec2}", {"credential": {"blob": json.dumps({"access": "AK9", "secret": "t"})}})
    rec(a, "PATCH", f"/credentials/{ec2}", {"credential": {"blob": "broken"}})
    rec(a, "PATCH", f"/credentials/{ec2}", {"credential": {"project_id": None}})
    rec(a, "PATCH", f"/credentials/{ec2}", {"credential": {"note": "n"}})
    rec(a, "PATCH", f"/credentials/{admins}", {"credential": {"type": "ec2"}})
    rec(a, "PATCH", f"/credentials/{admins}", {"credential": {"type": "other", "extra_k": 1}})
    rec(a, "PATCH", f"/credentials/{admins}", {"credential": {}})
    rec(a, "PATCH", f"/credentials/{admins}", {"credential": {"id": admins}})
    rec(a, "PATCH", f"/credentials/{admins}", {"credential": {"user_id": 5}})
    rec(a, "PATCH", "/credentials/nope", {"credential": {"blob": "x"}})
    rec(a, "GET", f"/credentials/{ec2}")
    rec("reader", "DELETE", f"/credentials/{mine}")
    rec("member", "DELETE", f"/credentials/{admins}")
    rec("member", "DELETE", f"/credentials/{mine}")
    rec("member", "DELETE", f"/credentials/{mine}")
    rec(a, "DELETE", f"/credentials/{admins}")
    rec(a, "GET", f"/users/{admin_id}/credentials/OS-EC2")
    rec(a, "GET", "/credentials")


def diff(before_path: str, after_path: str) -> None:
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    same = 0
    for i, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new:
            same += 1
            continue
        print(f"#{i} {old['who']} {old['method']} {old['path']} {json.dumps(old['body'])[:120]}: "
              f"{old['status']} -> {new['status']}")
    print(f"{len(before)} requests, {same} identical")


def record(out_path: str) -> None:
    with Cloud(extra_args=["--seed", "7"]) as cloud, httpx.Client(base_url=cloud.url, timeout=30) as http:
        tokens: dict[str, str] = {}
        ids: dict[str, str] = {}
        for role, user in (("admin", "admin"), ("member", "demo"), ("reader", "reader")):
            r = http.post("/identity/v3/auth/tokens", json=auth(user, "admin" if user == "admin" else "demo"))
            assert r.status_code == 201, r.text
            tokens[role] = r.headers["X-Subject-Token"]
            ids[role] = r.json()["token"]["user"]["id"]
            if role == "member":
                ids["project"] = r.json()["token"]["project"]["id"]
        rec = Recorder(http, tokens)
        catalog(rec)
        policies(rec)
        credentials(rec, ids)
        endpoint_groups(rec)
        base = cloud.url
    text = json.dumps(rec.out, indent=1, sort_keys=True).replace(base, "BASE")
    # ids are random: name each by its first appearance
    names: dict[str, str] = {}
    text = HEX.sub(lambda m: names.setdefault(m.group(0), f"ID{len(names)}"), text)
    with open(out_path, "w") as f:
        f.write(text)
    print(len(rec.out), "requests")


if __name__ == "__main__":
    if sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        record(sys.argv[2])
