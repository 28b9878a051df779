"""Server response bodies in Nova's shapes, per microversion (nova/api/openstack/compute/views/
servers.py): the summary, the detailed body and everything a list page batches (addresses, host
status) so a page costs a fixed number of queries."""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import tables as t
from twinstack.compute.manager import states as s
from twinstack.core.clock import isotime
from twinstack.core.pipeline import Req, empty
from twinstack.network import local as network_local

PROGRESS_STATUSES = {"ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"}


def webob_empty(status: int, headers: dict[str, str] | None = None) -> Any:
    """A body-less answer Nova builds as a bare ``webob.Response(status_int=...)`` instead of going through
    its JSON serializer (server tags' PUT, createImage/createBackup before 2.45, add/removeFloatingIp):
    webob gives those its default ``text/html; charset=UTF-8``, where every other empty answer says
    ``application/json``."""
    return empty(status, {**(headers or {}), "Content-Type": "text/html; charset=UTF-8"})


def roots(req: Req) -> tuple[str, str]:
    """(versioned root, bookmark root) as the client addressed us, with the project id when given."""
    base = req.base_url()
    path = req.raw.scope["path"]  # what the URL's path is built from (building the URL costs ~10 us)
    version = "v2" if "/compute/v2/" in path else "v2.1"
    project = req.params.get("project_id")
    suffix = f"/{project}" if project else ""
    return f"{base}/{version}{suffix}", f"{base}{suffix}"


def links(req: Req, collection: str, id_: str) -> list[dict[str, str]]:
    versioned, bookmark = roots(req)
    return [{"rel": "self", "href": f"{versioned}/{collection}/{id_}"},
            {"rel": "bookmark", "href": f"{bookmark}/{collection}/{id_}"}]


@functools.lru_cache(maxsize=4096)  # every server body hashes its (project, host): a few pairs in a cloud
def host_id(project_id: str, host: str | None) -> str:
    if not host:
        return ""
    return hashlib.sha224((project_id + host).encode()).hexdigest()


def _time(value: datetime | None) -> str | None:
    return isotime(value) if value else None


def _usg(value: datetime | None) -> str | None:
    return isotime(value, micro=True)[:-1] if value else None  # Nova's usage times carry no "Z"


# Statements built once (SQLAlchemy memoizes the cache key on the object): a show is a handful of them.
_GROUPS_OF = sa.select(t.server_group_members.c.group_id, t.server_group_members.c.instance_id).where(
    t.server_group_members.c.instance_id.in_(sa.bindparam("uuids", expanding=True)))
_GROUPS_OF_ONE = sa.select(t.server_group_members.c.group_id, t.server_group_members.c.instance_id).where(
    t.server_group_members.c.instance_id == sa.bindparam("uuid"))  # a show: no IN list to expand
_COMPUTE_SERVICES = sa.select(t.services).where(t.services.c.host.in_(sa.bindparam("hosts", expanding=True)),
                                                t.services.c.binary == "nova-compute")


class PageContext:
    """What a list (or one show) needs besides the rows, fetched once for all of them."""

    def __init__(self, req: Req, conn: Connection, rows: list[dict[str, Any]]) -> None:
        self.req = req
        self._allowed: dict[tuple[str, str], bool] = {}
        # Nova reads a server's addresses and groups from its ports in Neutron (one query for the page)
        live = [r["uuid"] for r in rows if r["vm_state"] != s.DELETED]
        networking = network_local.server_networking(req.cloud, conn, live)
        self.addresses = {r["uuid"]: networking.addresses.get(r["uuid"], {}) for r in rows}
        self.security_groups = networking.security_groups
        self.host_status: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}
        if req.at_least(2, 16):
            # only the hosts whose status a body will show (the rule detail() checks): a member's
            # show skips the services query altogether
            hosts = [r["host"] for r in rows
                     if r["host"] and self.allowed("os_compute_api:servers:show:host_status", r["project_id"])]
            self.host_status = _host_status(req, conn, hosts)
        # rows read with ``grouped`` (a show's) say whether there is any membership to look for
        if req.at_least(2, 71) and any(r.get("grouped", True) for r in rows):
            uuids = [r["uuid"] for r in rows]
            found = conn.execute(_GROUPS_OF_ONE, {"uuid": uuids[0]}) if len(uuids) == 1 \
                else conn.execute(_GROUPS_OF, {"uuids": uuids})
            for gid, iid in found:
                self.groups.setdefault(iid, []).append(gid)


    def allowed(self, rule: str, project_id: str) -> bool:
        """Policy answers per (rule, owner), not per row: a page of 1000 servers asks a handful."""
        key = (rule, project_id)
        if key not in self._allowed:
            self._allowed[key] = view_allowed(self.req, rule, project_id)
        return self._allowed[key]


_VIEW_POLICY: dict[tuple[Any, ...], bool] = {}


def view_allowed(req: Req, rule: str, project_id: str) -> bool:
    """What a body shows depends on roles, scope and ownership only: remember the answers
    (oslo.policy costs about a millisecond a check) for as long as this policy engine lives."""
    ctx = req.context
    key = (id(req.cloud.policy), rule, tuple(sorted(ctx.role_names)), ctx.system, ctx.project_id == project_id,
           ctx.is_admin_project)
    found = _VIEW_POLICY.get(key)
    if found is None:
        if len(_VIEW_POLICY) > 4096:
            _VIEW_POLICY.clear()
        found = _VIEW_POLICY[key] = req.cloud.policy.allowed(rule, {"project_id": project_id}, ctx)
    return found


def _addresses(req: Req, conn: Connection, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    uuids = [r["uuid"] for r in rows if r["vm_state"] != s.DELETED]
    found = network_local.addresses(req.cloud, conn, uuids) if uuids else {}
    return {r["uuid"]: found.get(r["uuid"], {}) for r in rows}


def _host_status(req: Req, conn: Connection, hosts: list[str]) -> dict[str, str]:
    if not hosts:
        return {}
    down_after = float(req.cloud.model.compute.settings.get("service_down_time", 60))
    cutoff = req.cloud.clock.now() - timedelta(seconds=down_after)
    out = {}
    for r in conn.execute(_COMPUTE_SERVICES, {"hosts": list(dict.fromkeys(hosts))}).mappings():
        if r["forced_down"]:
            out[r["host"]] = "DOWN"
        elif r["last_seen_up"] is None or r["last_seen_up"] < cutoff:
            out[r["host"]] = "UNKNOWN"
        elif r["disabled"]:
            out[r["host"]] = "MAINTENANCE"
        else:
            out[r["host"]] = "UP"
    return out


def summary(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["uuid"], "links": links(req, "servers", row["uuid"]), "name": row["display_name"]}


def flavor_body(req: Req, flavor: dict[str, Any], page: PageContext | None = None) -> dict[str, Any]:
    if not req.at_least(2, 47):
        _, bookmark = roots(req)
        href = f"{bookmark}/flavors/{flavor.get('id')}"
        return {"id": str(flavor.get("id", "")), "links": [{"rel": "bookmark", "href": href}]}
    body = {
        "vcpus": flavor["vcpus"],
        "ram": flavor["ram"],
        "disk": flavor.get("disk", 0),
        "ephemeral": flavor.get("ephemeral", 0),
        "swap": flavor.get("swap", 0),
        "original_name": flavor.get("name", ""),
    }
    rule, project = "os_compute_api:os-flavor-extra-specs:index", req.context.project_id or ""
    if page.allowed(rule, project) if page else view_allowed(req, rule, project):
        body["extra_specs"] = dict(flavor.get("extra_specs") or {})
    return body


# what Nova leaves out of update and rebuild answers before 2.75 (views/servers.py show(... show_*=False))
REDUCED_OUT = (
    "OS-EXT-AZ:availability_zone",
    "config_drive",
    "key_name",
    "OS-SRV-USG:launched_at",
    "OS-SRV-USG:terminated_at",
    "OS-EXT-STS:task_state",
    "OS-EXT-STS:vm_state",
    "OS-EXT-STS:power_state",
    "os-extended-volumes:volumes_attached",
    "security_groups",
    "host_status",
)


def reduced(body: dict[str, Any]) -> dict[str, Any]:
    """The pre-2.75 update/rebuild body: no extension fields, plain addresses."""
    out = {k: v for k, v in body.items() if k not in REDUCED_OUT and not k.startswith("OS-EXT-SRV-ATTR:")}
    out["addresses"] = {
        net: [{"addr": a["addr"], "version": a["version"]} for a in addrs] for net, addrs in body["addresses"].items()
    }
    return out


def detail(req: Req, row: dict[str, Any], page: PageContext, show: bool = False) -> dict[str, Any]:
    ctx = req.context
    status = s.status(row["vm_state"], row["task_state"])
    sysmeta = row.get("system_metadata") or {}
    _, bookmark = roots(req)
    image: Any = ""
    if row["image_ref"]:
        image = {
            "id": row["image_ref"],
            "links": [{"rel": "bookmark", "href": f"{bookmark}/images/{row['image_ref']}"}],
        }
        if req.at_least(2, 98):
            image["properties"] = image_properties(sysmeta)
    body: dict[str, Any] = {
        "id": row["uuid"],
        "name": row["display_name"],
        "status": status,
        "tenant_id": row["project_id"],
        "user_id": row["user_id"],
        "metadata": dict(row["metadata"] or {}),
        "hostId": host_id(row["project_id"], row["host"]),
        "image": image,
        "flavor": flavor_body(req, row["flavor"], page),
        "created": _time(row["created_at"]),
        "updated": _time(row["updated_at"] or row["created_at"]),
        "addresses": page.addresses.get(row["uuid"], {}),
        "accessIPv4": row["access_ip_v4"] or "",
        "accessIPv6": row["access_ip_v6"] or "",
        "links": links(req, "servers", row["uuid"]),
        "OS-DCF:diskConfig": sysmeta.get("disk_config", "MANUAL"),
        "OS-EXT-AZ:availability_zone": row["availability_zone"] or "",
        "config_drive": row["config_drive"] or "",
        "key_name": row["key_name"],
        "OS-SRV-USG:launched_at": _usg(row["launched_at"]),
        "OS-SRV-USG:terminated_at": _usg(row["terminated_at"]),
        "OS-EXT-STS:task_state": row["task_state"],
        "OS-EXT-STS:vm_state": row["vm_state"],
        "OS-EXT-STS:power_state": row["power_state"],
        "os-extended-volumes:volumes_attached": [
            (
                {"id": v["volume_id"], "delete_on_termination": bool(v.get("delete_on_termination"))}
                if req.at_least(2, 3)
                else {"id": v["volume_id"]}
            )
            for v in (row["block_devices"] or [])
            if v.get("volume_id")
        ],
    }
    if status in PROGRESS_STATUSES:
        body["progress"] = row["progress"] or 0
    groups = page.security_groups.get(row["uuid"])
    if groups:  # a server with no port has none, and Nova leaves the key out
        body["security_groups"] = [{"name": name} for name in dict.fromkeys(g["name"] for g in groups)]
    if row["fault"] and status in ("ERROR", "DELETED"):
        fault = row["fault"]
        body["fault"] = {
            "code": fault["code"],
            "created": fault["created"].split(".")[0] + "Z",
            "message": fault["message"],
        }
        if ctx.is_admin or fault["code"] != 500:
            body["fault"]["details"] = fault.get("details") or ""
    if page.allowed("os_compute_api:os-extended-server-attributes", row["project_id"]):
        body["OS-EXT-SRV-ATTR:host"] = row["host"]
        body["OS-EXT-SRV-ATTR:instance_name"] = f"instance-{row['id']:08x}"
        body["OS-EXT-SRV-ATTR:hypervisor_hostname"] = row["node"]
        if req.at_least(2, 3):
            body.update(
                {
                    "OS-EXT-SRV-ATTR:reservation_id": row["reservation_id"],
                    "OS-EXT-SRV-ATTR:launch_index": row["launch_index"],
                    "OS-EXT-SRV-ATTR:kernel_id": "",
                    "OS-EXT-SRV-ATTR:ramdisk_id": "",
                    "OS-EXT-SRV-ATTR:hostname": row["hostname"],
                    "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
                    "OS-EXT-SRV-ATTR:user_data": row["user_data"],
                }
            )
    elif req.at_least(2, 90):
        body["OS-EXT-SRV-ATTR:hostname"] = row["hostname"]
    if req.at_least(2, 9):
        body["locked"] = bool(row["locked"])
    if (
        req.at_least(2, 16)
        and row["host"]
        and page.allowed("os_compute_api:servers:show:host_status", row["project_id"])
    ):
        body["host_status"] = page.host_status.get(row["host"], "")
    if req.at_least(2, 19):
        body["description"] = row["display_description"]
    if req.at_least(2, 26):
        body["tags"] = list(row["tags"] or [])
    if req.at_least(2, 63):
        body["trusted_image_certificates"] = row["trusted_certs"]
    if req.at_least(2, 71) and show:
        body["server_groups"] = page.groups.get(row["uuid"], [])
    if req.at_least(2, 73):
        body["locked_reason"] = row["locked_reason"]
    if req.at_least(2, 96):
        body["pinned_availability_zone"] = sysmeta.get("requested_az")
    if req.at_least(2, 100):
        body["scheduler_hints"] = request_spec_hints(row["scheduler_hints"])
    return body


def request_spec_hints(hints: dict[str, Any] | None) -> dict[str, list[str]]:
    """As Nova's RequestSpec keeps them (a dict of lists of strings): one value becomes a list of one."""
    return {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in (hints or {}).items()}


# ImageMetaProps' fields are the hw_*, os_* and img_* properties, plus four legacy names it maps
_LEGACY_IMAGE_PROPS = {"architecture", "hypervisor_type", "hypervisor_version_requires", "vm_mode"}


def image_properties(sysmeta: dict[str, Any]) -> dict[str, str]:
    """2.98's image.properties: the standard image properties Nova keeps from the image at boot."""
    props = sysmeta.get("image_properties") or {}
    return {k: str(v) for k, v in props.items() if v is not None
            and (k.startswith(("hw_", "os_", "img_")) or k in _LEGACY_IMAGE_PROPS)}
