"""The callers and the things they reach for: a token per persona (made through Keystone's API as
DevStack's admin would), and resources in demo's project (and a private one in alt_demo's, which no
one outside it may ever see) that fill the routes' path parameters."""

from __future__ import annotations

import time
from typing import Any

import httpx

PERSONAS = ("admin", "member", "reader", "other_project", "domain_admin", "domain_manager", "system_admin",
            "system_reader", "no_token", "revoked_token")


def _auth(user: str, password: str, scope: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"auth": {"identity": {"methods": ["password"], "password": {
        "user": {"name": user, "domain": {"id": "default"}, "password": password}}}}}
    if scope:
        body["auth"]["scope"] = scope
    return body


def _project(name: str) -> dict[str, Any]:
    return {"project": {"name": name, "domain": {"id": "default"}}}


class Setup:
    """Talks to one running cloud as its admin; ``tokens`` and ``ids`` are what the matrix uses."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=60)
        self.tokens: dict[str, str | None] = {}
        self.ids: dict[str, str] = {}
        self.foreign: dict[str, str] = {}  # alt_demo's private resources: a leak if anyone else sees them
        self.url_project: dict[str, str] = {}  # the project a persona's catalog puts in Cinder's URLs

    def token(self, user: str, password: str, scope: dict[str, Any] | None) -> str:
        response = self.http.post("/identity/v3/auth/tokens", json=_auth(user, password, scope))
        response.raise_for_status()
        return str(response.headers["X-Subject-Token"])

    def call(self, method: str, path: str, as_: str = "admin", **kwargs: Any) -> Any:
        headers = {"X-Auth-Token": self.tokens[as_] or "", **kwargs.pop("headers", {})}
        response = self.http.request(method, path, headers=headers, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path} as {as_}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else None

    def first(self, path: str, key: str, **match: Any) -> dict[str, Any]:
        for item in self.call("GET", path)[key]:
            if all(item.get(k) == v for k, v in match.items()):
                return dict(item)
        raise RuntimeError(f"nothing in {path} matches {match}")

    # -- the callers ----------------------------------------------------------------------
    def personas(self) -> None:
        self.tokens["admin"] = self.token("admin", "admin", _project("admin"))
        self.tokens["member"] = self.token("demo", "demo", _project("demo"))
        self.tokens["reader"] = self.token("reader", "reader", _project("demo"))
        self.tokens["other_project"] = self.token("alt_demo", "alt_demo", _project("alt_demo"))
        roles = {r["name"]: r["id"] for r in self.call("GET", "/identity/v3/roles")["roles"]}
        if "manager" not in roles:
            roles["manager"] = self.call("POST", "/identity/v3/roles", json={"role": {"name": "manager"}})["role"]["id"]
        self.ids.update(member_role=roles["member"], reader_role=roles["reader"])
        domain = {"domain": {"id": "default"}}
        for persona, role, on in (("domain_admin", "admin", "domain"), ("domain_manager", "manager", "domain"),
                                  ("system_admin", "admin", "system"), ("system_reader", "reader", "system")):
            name = f"pm-{persona}"
            user = self.call("POST", "/identity/v3/users", json={"user": {
                "name": name, "password": name, "domain_id": "default"}})["user"]
            grant = (f"/identity/v3/domains/default/users/{user['id']}/roles/{roles[role]}" if on == "domain"
                     else f"/identity/v3/system/users/{user['id']}/roles/{roles[role]}")
            self.call("PUT", grant)
            self.tokens[persona] = self.token(name, name, domain if on == "domain" else {"system": {"all": True}})
        self.tokens["no_token"] = None
        revoked = self.token("demo", "demo", _project("demo"))
        self.call("DELETE", "/identity/v3/auth/tokens", headers={"X-Subject-Token": revoked})
        self.tokens["revoked_token"] = revoked

    # -- what they reach for --------------------------------------------------------------
    def fixtures(self) -> None:
        ids = self.ids
        projects = {p["name"]: p["id"] for p in self.call("GET", "/identity/v3/projects")["projects"]}
        ids.update(project=projects["demo"], target_project=projects["demo"], alt_project=projects["alt_demo"],
                   domain="default")
        self.url_project = {"admin": projects["admin"], "other_project": projects["alt_demo"]}
        ids["user"] = self.first("/identity/v3/users", "users", name="demo")["id"]
        ids["region"] = "RegionOne"
        ids["service"] = self.first("/identity/v3/services", "services", type="compute")["id"]
        ids["endpoint"] = self.call("GET", "/identity/v3/endpoints")["endpoints"][0]["id"]
        ids["group"] = self.call("POST", "/identity/v3/groups", json={"group": {"name": "pm-group"}})["group"]["id"]
        ids["credential"] = self.call("POST", "/identity/v3/credentials", json={"credential": {
            "user_id": ids["user"], "type": "cert", "blob": "x"}})["credential"]["id"]
        ids["app_cred"] = self.call("POST", f"/identity/v3/users/{ids['user']}/application_credentials", as_="member",
                                    json={"application_credential": {"name": "pm"}})["application_credential"]["id"]
        ids.update(tag="pm-tag", meta_key="pm-key", flavor="1", host="compute-1", network_name="private",
                   resource_class="VCPU", trait="CUSTOM_SSD", keypair="pm-keypair")
        self._network()
        self._compute()
        self._block_storage()
        self._image()
        self._foreign()

    def _network(self) -> None:
        ids, n = self.ids, "/network/v2.0"
        ids["network"] = self.first(f"{n}/networks", "networks", name="private")["id"]
        ids["subnet"] = self.first(f"{n}/subnets", "subnets", network_id=ids["network"])["id"]
        ids["port"] = self.call("POST", f"{n}/ports", as_="member", json={"port": {
            "network_id": ids["network"], "name": "pm-port"}})["port"]["id"]
        ids["router"] = self.call("POST", f"{n}/routers", as_="member", json={"router": {"name": "pm"}})["router"]["id"]
        group = self.call("POST", f"{n}/security-groups", as_="member", json={"security_group": {"name": "pm"}})
        ids["security_group"] = group["security_group"]["id"]
        ids["security_group_rule"] = group["security_group"]["security_group_rules"][0]["id"]
        public = self.first(f"{n}/networks", "networks", name="public")["id"]
        ids["floating_ip"] = self.call("POST", f"{n}/floatingips", as_="member", json={"floatingip": {
            "floating_network_id": public}})["floatingip"]["id"]
        ids["subnetpool"] = self.call("GET", f"{n}/subnetpools")["subnetpools"][0]["id"]

    def _compute(self) -> None:
        ids, c = self.ids, "/compute/v2.1"
        ids["image"] = self.call("GET", "/image/v2/images")["images"][0]["id"]
        self.call("POST", f"{c}/os-keypairs", as_="member", json={"keypair": {"name": ids["keypair"]}})
        ids["server_group"] = self.call("POST", f"{c}/os-server-groups", as_="member", json={"server_group": {
            "name": "pm", "policies": ["affinity"]}})["server_group"]["id"]
        ids["server"] = self.call("POST", f"{c}/servers", as_="member", json={"server": {
            "name": "pm-server", "imageRef": ids["image"], "flavorRef": "1",
            "networks": [{"uuid": ids["network"]}]}})["server"]["id"]
        self._wait(f"{c}/servers/{ids['server']}", "server", "ACTIVE")
        ids["aggregate"] = str(self.call("GET", f"{c}/os-aggregates")["aggregates"][0]["id"])
        ids["hypervisor"] = str(self.call("GET", f"{c}/os-hypervisors")["hypervisors"][0]["id"])
        ids["compute_service"] = str(self.call("GET", f"{c}/os-services")["services"][0]["id"])
        ids["provider"] = self.call("GET", "/placement/resource_providers")["resource_providers"][0]["uuid"]

    def _block_storage(self) -> None:
        ids = self.ids
        v = f"/volume/v3/{ids['project']}"
        ids["volume"] = self.call("POST", f"{v}/volumes", as_="member", json={"volume": {"size": 1}})["volume"]["id"]
        self._wait(f"{v}/volumes/{ids['volume']}", "volume", "available", "member")
        ids["snapshot"] = self.call("POST", f"{v}/snapshots", as_="member", json={"snapshot": {
            "volume_id": ids["volume"]}})["snapshot"]["id"]
        self._wait(f"{v}/snapshots/{ids['snapshot']}", "snapshot", "available", "member")
        ids["volume_type"] = self.call("GET", f"{v}/types", as_="member")["volume_types"][0]["id"]

    def _image(self) -> None:
        image = self.call("POST", "/image/v2/images", as_="member", json={
            "name": "pm-private", "disk_format": "raw", "container_format": "bare", "visibility": "private"})
        self.ids["public_image"] = self.ids["image"]
        self.ids["image"] = image["id"]

    def _foreign(self) -> None:
        """alt_demo's private network, volume and image: no caller outside alt_demo may see them."""
        net = self.call("POST", "/network/v2.0/networks", as_="other_project", json={"network": {"name": "pm-alt"}})
        self.foreign["network"] = net["network"]["id"]
        volume = self.call("POST", f"/volume/v3/{self.ids['alt_project']}/volumes", as_="other_project",
                           json={"volume": {"size": 1}})
        self.foreign["volume"] = volume["volume"]["id"]
        image = self.call("POST", "/image/v2/images", as_="other_project", json={
            "name": "pm-alt-private", "disk_format": "raw", "container_format": "bare", "visibility": "private"})
        self.foreign["image"] = image["id"]

    def _wait(self, path: str, key: str, status: str, as_: str = "admin") -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.call("GET", path, as_=as_)[key]["status"] == status:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{path} never became {status}")
