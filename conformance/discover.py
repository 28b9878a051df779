"""What the running cloud says about itself, read through its public APIs as any client would:
the catalog, version documents, images, flavors, networks, extensions. tempest.conf is built from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import yaml

# catalog type -> the name tempest's [service_available] uses
SERVICE_AVAILABLE = {"compute": "nova", "image": "glance", "network": "neutron",
                     "block-storage": "cinder", "volumev3": "cinder", "volume": "cinder",
                     "object-store": "swift", "dashboard": "horizon"}
VOLUME_TYPES = ("block-storage", "volumev3", "volume")


@dataclass
class Discovery:
    url: str
    auth_url: str
    admin: dict[str, Any]
    region: str
    token: str = ""
    project_id: str = ""
    user_id: str = ""
    catalog: dict[str, str] = field(default_factory=dict)          # type -> public url
    versions: dict[str, tuple[str, str]] = field(default_factory=dict)  # type -> (min, max)
    images: list[dict[str, Any]] = field(default_factory=list)
    disk_formats: list[str] = field(default_factory=list)
    container_formats: list[str] = field(default_factory=list)
    import_methods: list[str] = field(default_factory=list)
    image_cache: bool = False  # GET /v2/cache answers (Glance with an image cache, API 2.14+)
    object_storage_apis: list[str] = field(default_factory=list)  # what Swift's /info lists beside "swift"
    image_format_enforced: bool = True
    image_hashes: bool = True
    http_image: str = ""
    http_qcow2_image: str = ""
    flavors: list[dict[str, Any]] = field(default_factory=list)
    hypervisors: int = 0
    public_network: dict[str, Any] | None = None
    network_extensions: list[str] = field(default_factory=list)
    volume_extensions: list[str] = field(default_factory=list)
    volume_pools: list[dict[str, Any]] = field(default_factory=list)
    volume_backups: bool = False
    multiattach_type: str = ""
    identity_probes: dict[str, bool] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def volume_type(self) -> str | None:
        return next((t for t in VOLUME_TYPES if t in self.catalog), None)


def _root(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


class Prober:
    def __init__(self, base_url: str, timeout: float = 20.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(timeout=timeout)

    def get(self, url: str, token: str | None = None, **headers: str) -> httpx.Response:
        if token:
            headers["X-Auth-Token"] = token
        return self.http.get(url, headers=headers)

    def json(self, url: str, token: str, **headers: str) -> Any:
        response = self.get(url, token, **headers)
        if response.status_code >= 300:
            return None
        try:
            return response.json()
        except ValueError:
            return None

    def ok(self, url: str, token: str) -> bool:
        return self.get(url, token).status_code < 300


def _version_range(doc: Any) -> tuple[str, str] | None:
    """The (min, max) microversion from a version document in any of the shapes services use."""
    candidates: list[dict[str, Any]] = []
    if isinstance(doc, dict):
        if isinstance(doc.get("version"), dict):
            candidates.append(doc["version"])
        versions = doc.get("versions")
        if isinstance(versions, dict):
            versions = versions.get("values")
        if isinstance(versions, list):
            candidates += [v for v in versions if isinstance(v, dict)]
    best: tuple[str, str] | None = None
    for v in candidates:
        high = v.get("version") or v.get("max_version")
        low = v.get("min_version")
        current = v.get("status", "CURRENT").upper() in ("CURRENT", "STABLE", "SUPPORTED")
        if high and low and current and (best is None or _key(high) > _key(best[1])):
            best = (str(low), str(high))
    return best


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version))


def discover(base_url: str) -> Discovery:
    p = Prober(base_url)
    clouds = yaml.safe_load(p.get(f"{p.base_url}/_twinstack/clouds.yaml").raise_for_status().text)["clouds"]
    admin = clouds["twinstack-admin"]
    auth = admin["auth"]
    d = Discovery(url=p.base_url, auth_url=auth["auth_url"].rstrip("/"), admin=auth,
                  region=admin.get("region_name", "RegionOne"))
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": auth["username"],
                        "password": auth["password"],
                        "domain": {"id": auth.get("user_domain_id", "default")},
                    }
                },
            },
            "scope": {
                "project": {"name": auth["project_name"], "domain": {"id": auth.get("project_domain_id", "default")}}
            },
        }
    }
    response = p.http.post(f"{d.auth_url}/v3/auth/tokens", json=body)
    response.raise_for_status()
    d.token = response.headers["X-Subject-Token"]
    token = response.json()["token"]
    d.project_id, d.user_id = token["project"]["id"], token["user"]["id"]
    for entry in token.get("catalog", []):
        for ep in entry.get("endpoints", []):
            if ep.get("interface") == "public" and ep.get("region_id", d.region) in (d.region, None):
                d.catalog[entry["type"]] = ep["url"].rstrip("/")
    _identity(p, d)
    if "compute" in d.catalog:
        _compute(p, d)
    if "placement" in d.catalog:
        r = _version_range(p.json(d.catalog["placement"], d.token))
        if r:
            d.versions["placement"] = r
    if "image" in d.catalog:
        _image(p, d)
    if "network" in d.catalog:
        _network(p, d)
    if d.volume_type:
        _volume(p, d)
    if "object-store" in d.catalog:  # Swift's /info sits at the endpoint's root, above /v1/AUTH_...
        info = p.json(d.catalog["object-store"].split("/v1/", 1)[0] + "/info", d.token) or {}
        d.object_storage_apis = sorted(k for k in info if k != "swift")
    return d


def _identity(p: Prober, d: Discovery) -> None:
    """Identity features tempest has a flag for, each probed with a read an admin may do."""
    v3 = f"{d.auth_url}/v3"
    probes = {
        "trust": f"{v3}/OS-TRUST/trusts",
        "access_rules": f"{v3}/users/{d.user_id}/access_rules",
        "application_credentials": f"{v3}/users/{d.user_id}/application_credentials",
        "OS-EC2": f"{v3}/users/{d.user_id}/credentials/OS-EC2",
        "OS-INHERIT": f"{v3}/OS-INHERIT/domains/default/users/{d.user_id}/roles/inherited_to_projects",
        "domain_config": f"{v3}/domains/default/config/default",
    }
    for name, url in probes.items():
        d.identity_probes[name] = p.ok(url, d.token)


def _compute(p: Prober, d: Discovery) -> None:
    url = d.catalog["compute"]
    r = _version_range(p.json(url, d.token)) or _version_range(
        p.json(_root(url) + urlsplit(url).path.rsplit("/", 1)[0] + "/", d.token)
    )
    if r:
        d.versions["compute"] = r
    flavors = (p.json(f"{url}/flavors/detail", d.token) or {}).get("flavors", [])
    flavors = [
        f for f in flavors if f.get("os-flavor-access:is_public", True) and not f.get("OS-FLV-DISABLED:disabled")
    ]
    d.flavors = sorted(flavors, key=lambda f: (f.get("ram", 0), f.get("vcpus", 0), f.get("disk", 0), str(f["id"])))
    hypervisors = (p.json(f"{url}/os-hypervisors", d.token) or {}).get("hypervisors", [])
    d.hypervisors = len(
        [h for h in hypervisors if h.get("state", "up") == "up" and h.get("status", "enabled") == "enabled"]
    )


def _image(p: Prober, d: Discovery) -> None:
    url = d.catalog["image"]
    base = url if url.endswith("/v2") else f"{url}/v2"
    images = (p.json(f"{base}/images?status=active&limit=100", d.token) or {}).get("images", [])
    # prefer what DevStack uploads (cirros) and public images; stable order by name
    d.images = sorted(
        images,
        key=lambda i: (
            "cirros" not in (i.get("name") or ""),
            i.get("visibility") != "public",
            i.get("name") or "",
            i["id"],
        ),
    )
    schema = p.json(f"{base}/schemas/image", d.token) or {}
    props = schema.get("properties", {})
    d.disk_formats = [f for f in props.get("disk_format", {}).get("enum", []) if f]
    d.container_formats = [f for f in props.get("container_format", {}).get("enum", []) if f]
    info = p.json(f"{base}/info/import", d.token) or {}
    d.import_methods = list(info.get("import-methods", {}).get("value", []))
    d.image_cache = "cached_images" in (p.json(f"{base}/cache", d.token) or {})
    _image_upload_probe(p, d, base)


def _image_upload_probe(p: Prober, d: Discovery, base: str) -> None:
    """Upload bytes that are no qcow2 as a qcow2 image: a cloud that inspects formats refuses them
    (tempest's image_format_enforcement); an accepted upload shows whether hashes are computed."""
    headers = {"X-Auth-Token": d.token}
    created = p.http.post(
        f"{base}/images",
        headers=headers,
        json={"name": "conformance-format-probe", "disk_format": "qcow2", "container_format": "bare"},
    )
    if created.status_code >= 300:
        d.notes.append(f"image probe: creating an image answered {created.status_code}")
        return
    image_id = created.json()["id"]
    try:
        upload = p.http.put(
            f"{base}/images/{image_id}/file",
            content=b"not a qcow2 image " * 64,
            headers={**headers, "Content-Type": "application/octet-stream"},
        )
        d.image_format_enforced = upload.status_code >= 400
        if not d.image_format_enforced:
            image = p.json(f"{base}/images/{image_id}", d.token) or {}
            d.image_hashes = bool(image.get("os_hash_value"))
    finally:
        p.http.delete(f"{base}/images/{image_id}", headers=headers)


def _network(p: Prober, d: Discovery) -> None:
    url = d.catalog["network"]
    base = url if url.endswith("/v2.0") else f"{url}/v2.0"
    d.network_extensions = sorted(
        e["alias"] for e in (p.json(f"{base}/extensions", d.token) or {}).get("extensions", [])
    )
    nets = (p.json(f"{base}/networks?router:external=true", d.token) or {}).get("networks", [])
    nets = [n for n in nets if n.get("router:external")]
    if nets:
        d.public_network = sorted(nets, key=lambda n: (n.get("name") != "public", n.get("name") or ""))[0]


def _volume(p: Prober, d: Discovery) -> None:
    url = d.catalog[d.volume_type or ""]
    parts = urlsplit(url)
    path = re.sub(r"/v3/[^/]+$", "/v3", parts.path)
    unversioned = urlunsplit((parts.scheme, parts.netloc, path.rsplit("/v3", 1)[0] + "/", "", ""))
    r = _version_range(p.json(unversioned, d.token)) or _version_range(p.json(url, d.token))
    if r:
        d.versions["volume"] = r
    d.volume_extensions = sorted(e["alias"] for e in (p.json(f"{url}/extensions", d.token) or {}).get("extensions", []))
    d.volume_pools = (p.json(f"{url}/scheduler-stats/get_pools?detail=true", d.token) or {}).get("pools", [])
    d.volume_backups = p.ok(f"{url}/backups", d.token)
    for vtype in (p.json(f"{url}/types", d.token) or {}).get("volume_types", []):
        if str((vtype.get("extra_specs") or {}).get("multiattach", "")).lower() in ("<is> true", "true"):
            d.multiattach_type = vtype["name"]
            break
