"""Octavia's objects declared for core/crud.py (the fields, what a POST or PUT may set, defaults,
filters and sort keys, as octavia/api/v2/types declares them), and ``OctaviaCrud``, Octavia's dialect
of the runner: WSME's wording for bad bodies, ``sort=key:dir`` or ``sort_key``/``sort_dir``, ``limit``/
``marker``/``page_reverse`` with ``<plural>_links``, ``fields=``, tag filters, and every other query
parameter a filter on a field (an unknown one is a 400)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.crud import Crud, Messages
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.resource import REQUIRED, Attr, Ops, Resource, boolean, integer, one_of, string, uuid
from twinstack.load_balancer import errors
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.schemas import (
    HM_TYPES,
    HTTP_METHODS,
    L7_ACTIONS,
    L7_COMPARE_TYPES,
    L7_RULE_TYPES,
    LB_ALGORITHMS,
    LISTENER_PROTOCOLS,
    POOL_PROTOCOLS,
    SP_TYPES,
)

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

MAX_TIMEOUT = 31536000  # octavia constants.MAX_TIMEOUT (a year, in ms)
TAG_FILTERS = ("tags", "tags-any", "not-tags", "not-tags-any")


def text(max_len: int = 255) -> Callable[[Any], Any]:
    return string(max_len, nullable=True)


def ip_address(value: Any) -> str:
    """An IPv4 or IPv6 address, kept as written (Octavia's IPAddressType checks it, and echoes it)."""
    try:
        ipaddress.ip_address(str(value))
        return str(value)
    except ValueError:
        raise ValueError(f"Value should be IPv4 or IPv6 format: '{value}'") from None


def ip_or_none(value: Any) -> Any:
    return None if value is None else ip_address(value)


def tag_list(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 255 for v in value):
        raise ValueError("Value should be a list of strings of at most 255 characters")
    return list(dict.fromkeys(value))


def string_list(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("Value should be a list of strings")
    return value


def uuid_nullable(value: Any) -> Any:
    return None if value is None else uuid(value)


def objects(value: Any) -> Any:
    """A list of objects (a single-call create's children)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("Value should be a list of objects")
    return value


def an_object(value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        raise ValueError("Value should be an object")
    return value


def cidr_list(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("Value should be a list of CIDRs")
    out = []
    for item in value:
        try:
            out.append(str(ipaddress.ip_network(str(item), strict=False)))
        except ValueError:
            raise ValueError(f"Value should be IPv4 or IPv6 CIDR format: '{item}'") from None
    return list(dict.fromkeys(out))


def header_dict(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("Value should be a dictionary of strings")
    return value


def session_persistence(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("Value should be an object")
    unknown = set(value) - {"type", "cookie_name", "persistence_timeout", "persistence_granularity"}
    if unknown:
        raise ValueError(f"Unknown attribute for argument session_persistence: {', '.join(sorted(unknown))}")
    if value.get("type") not in SP_TYPES:
        raise ValueError(f"Value should be one of: {', '.join(SP_TYPES)}")
    out = {"type": value["type"], "cookie_name": value.get("cookie_name"),
           "persistence_timeout": value.get("persistence_timeout"),
           "persistence_granularity": value.get("persistence_granularity")}
    if out["cookie_name"] is not None and (not isinstance(out["cookie_name"], str) or len(out["cookie_name"]) > 255):
        raise ValueError("cookie_name should be a string of at most 255 characters")
    if out["persistence_timeout"] is not None:
        out["persistence_timeout"] = integer()(out["persistence_timeout"])
    if out["persistence_granularity"] is not None:
        out["persistence_granularity"] = ip_address(out["persistence_granularity"])
    return out


class OctaviaResource(Resource):
    """Every object of the load balancer tree: id, project, name, admin state, statuses, tags, times."""

    def common_attrs(self) -> list[Attr]:
        return [Attr("id", filter=True, sort=True),
                Attr("project_id", post=True, filter=True, sort=True, convert=string(36)),
                Attr("name", post=True, put=True, convert=text(), filter=True, sort=True),
                Attr("admin_state_up", post=True, put=True, default=True, convert=boolean, filter=True,
                     sort=True),
                Attr("provisioning_status", filter=True, sort=True),
                Attr("operating_status", filter=True, sort=True),
                Attr("tags", post=True, put=True, default=list, convert=tag_list, filter=True),
                Attr("created_at", filter=True, sort=True), Attr("updated_at", filter=True, sort=True)]


class ChildOps(Ops):
    """Computed fields of tree objects: the ids of what hangs below or beside them, one query a page."""

    links: tuple[tuple[str, sa.Table, str, str], ...] = ()  # (field, table, fk column, value column)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        ids = [r["id"] for r in rows]
        for name, table, fk, value in self.links:
            found: dict[str, list[dict[str, str]]] = {i: [] for i in ids}
            for owner, child in conn.execute(sa.select(table.c[fk], table.c[value]).where(
                    table.c[fk].in_(ids)).order_by(table.c.created_at, table.c.id)):
                found[owner].append({"id": child})
            for row in rows:
                row[name] = found[row["id"]]


class LoadBalancerOps(ChildOps):
    links = (("listeners", t.listeners, "load_balancer_id", "id"), ("pools", t.pools, "load_balancer_id", "id"))


class ListenerOps(ChildOps):
    links = (("l7policies", t.l7policies, "listener_id", "id"),)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        super().expand(cloud, conn, rows, caller)
        for row in rows:
            row["loadbalancers"] = [{"id": row["load_balancer_id"]}]


class PoolOps(ChildOps):
    links = (("members", t.members, "pool_id", "id"),)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        super().expand(cloud, conn, rows, caller)
        ids = [r["id"] for r in rows]
        found = conn.execute(sa.select(t.health_monitors.c.pool_id, t.health_monitors.c.id).where(
            t.health_monitors.c.pool_id.in_(ids)))
        monitors: dict[str, str] = {row[0]: row[1] for row in found}
        users: dict[str, list[str]] = {i: [] for i in ids}
        for listener_id, pool_id in conn.execute(sa.select(t.listeners.c.id, t.listeners.c.default_pool_id).where(
                t.listeners.c.default_pool_id.in_(ids))):
            users[pool_id].append(listener_id)
        for listener_id, pool_id in conn.execute(sa.select(t.l7policies.c.listener_id,
                                                           t.l7policies.c.redirect_pool_id).where(
                t.l7policies.c.redirect_pool_id.in_(ids))):
            users[pool_id].append(listener_id)
        for row in rows:
            row["healthmonitor_id"] = monitors.get(row["id"])
            row["loadbalancers"] = [{"id": row["load_balancer_id"]}]
            row["listeners"] = [{"id": i} for i in dict.fromkeys(users[row["id"]])]


class MonitorOps(ChildOps):
    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        for row in rows:
            row["pools"] = [{"id": row["pool_id"]}]


class L7PolicyOps(ChildOps):
    links = (("rules", t.l7rules, "l7policy_id", "id"),)


def _port(name: str, **kw: Any) -> Attr:
    return Attr(name, convert=integer(1, 65535), filter=True, sort=True, **kw)


def _timeout(name: str) -> Attr:
    return Attr(name, post=True, put=True, convert=integer(0, MAX_TIMEOUT, nullable=True), filter=True, sort=True)


LOADBALANCER = OctaviaResource("loadbalancer", "loadbalancers", t.load_balancers, [
    Attr("description", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("vip_address", post=True, convert=ip_or_none, filter=True, sort=True),
    Attr("vip_port_id", post=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("vip_subnet_id", post=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("vip_network_id", post=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("vip_qos_policy_id", post=True, put=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("vip_sg_ids", post=True, put=True, convert=string_list),
    Attr("vip_vnic_type", filter=True),
    Attr("additional_vips", post=True, default=list, convert=objects),
    Attr("listeners", column=None, post=True, default=list, convert=objects),
    Attr("pools", column=None, post=True, default=list, convert=objects),
    Attr("provider", post=True, convert=text(64), filter=True, sort=True),
    Attr("flavor_id", post=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("availability_zone", post=True, convert=text(), filter=True, sort=True),
], LoadBalancerOps(), kind="Load Balancer", path="lbaas/loadbalancers")

LISTENER = OctaviaResource("listener", "listeners", t.listeners, [
    Attr("description", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("protocol", post=True, default=REQUIRED, convert=one_of(*LISTENER_PROTOCOLS), filter=True, sort=True),
    _port("protocol_port", post=True, default=REQUIRED),
    Attr("connection_limit", post=True, put=True, default=-1, convert=integer(-1), filter=True, sort=True),
    Attr("default_tls_container_ref", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("sni_container_refs", post=True, put=True, default=list, convert=string_list),
    Attr("default_pool_id", post=True, put=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("default_pool", column=None, post=True, visible=False, convert=an_object),
    Attr("l7policies", column=None, post=True, default=list, convert=objects),
    Attr("insert_headers", post=True, put=True, default=dict, convert=header_dict),
    Attr("loadbalancer_id", column="load_balancer_id", post=True, default=REQUIRED, convert=uuid, visible=False,
         filter=True),
    Attr("loadbalancers", column=None),
    _timeout("timeout_client_data"), _timeout("timeout_member_connect"), _timeout("timeout_member_data"),
    _timeout("timeout_tcp_inspect"),
    Attr("client_authentication", post=True, put=True, default="NONE",
         convert=one_of("NONE", "OPTIONAL", "MANDATORY"), filter=True, sort=True),
    Attr("client_ca_tls_container_ref", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("client_crl_container_ref", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("allowed_cidrs", post=True, put=True, convert=cidr_list),
    Attr("tls_ciphers", post=True, put=True, convert=text(2048)),
    Attr("tls_versions", post=True, put=True, convert=string_list),
    Attr("alpn_protocols", post=True, put=True, convert=string_list),
    Attr("hsts_max_age", post=True, put=True, convert=integer(0, nullable=True)),
    Attr("hsts_include_subdomains", post=True, put=True, default=False, convert=boolean),
    Attr("hsts_preload", post=True, put=True, default=False, convert=boolean),
], ListenerOps(), kind="Listener", path="lbaas/listeners")

POOL = OctaviaResource("pool", "pools", t.pools, [
    Attr("description", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("protocol", post=True, default=REQUIRED, convert=one_of(*POOL_PROTOCOLS), filter=True, sort=True),
    Attr("lb_algorithm", post=True, put=True, default=REQUIRED, convert=one_of(*LB_ALGORITHMS), filter=True,
         sort=True),
    Attr("session_persistence", post=True, put=True, convert=session_persistence),
    Attr("loadbalancer_id", column="load_balancer_id", post=True, convert=uuid_nullable, visible=False, filter=True),
    Attr("listener_id", post=True, convert=uuid_nullable, visible=False),
    Attr("loadbalancers", column=None), Attr("listeners", column=None),
    Attr("members", column=None, post=True, convert=objects),
    Attr("healthmonitor_id", column=None),
    Attr("healthmonitor", column=None, post=True, visible=False, convert=an_object),
    Attr("tls_enabled", post=True, put=True, default=False, convert=boolean, filter=True),
    Attr("tls_container_ref", post=True, put=True, convert=text()),
    Attr("ca_tls_container_ref", post=True, put=True, convert=text()),
    Attr("crl_container_ref", post=True, put=True, convert=text()),
    Attr("tls_ciphers", post=True, put=True, convert=text(2048)),
    Attr("tls_versions", post=True, put=True, convert=string_list),
    Attr("alpn_protocols", post=True, put=True, convert=string_list),
], PoolOps(), kind="Pool", path="lbaas/pools")

MEMBER = OctaviaResource("member", "members", t.members, [
    Attr("address", post=True, default=REQUIRED, convert=ip_address, filter=True, sort=True),
    _port("protocol_port", post=True, default=REQUIRED),
    Attr("weight", post=True, put=True, default=1, convert=integer(0, 256), filter=True, sort=True),
    Attr("backup", post=True, put=True, default=False, convert=boolean, filter=True, sort=True),
    Attr("subnet_id", post=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("monitor_address", post=True, put=True, convert=ip_or_none, filter=True, sort=True),
    Attr("monitor_port", post=True, put=True, convert=integer(1, 65535, nullable=True), filter=True, sort=True),
    Attr("vnic_type", filter=True),
    Attr("request_sriov", column=None, post=True, default=False, convert=boolean, visible=False),
    Attr("pool_id", visible=False, filter=True),  # the URL's, which clients also send as a filter
], ChildOps(), kind="Member", path="lbaas/pools/{pool_id}/members")

HEALTHMONITOR = OctaviaResource("healthmonitor", "healthmonitors", t.health_monitors, [
    Attr("type", post=True, default=REQUIRED, convert=one_of(*HM_TYPES), filter=True, sort=True),
    Attr("delay", post=True, put=True, default=REQUIRED, convert=integer(0), filter=True, sort=True),
    Attr("timeout", post=True, put=True, default=REQUIRED, convert=integer(0), filter=True, sort=True),
    Attr("max_retries", post=True, put=True, default=REQUIRED, convert=integer(1, 10), filter=True, sort=True),
    Attr("max_retries_down", post=True, put=True, default=3, convert=integer(1, 10), filter=True, sort=True),
    Attr("http_method", post=True, put=True, convert=one_of(*HTTP_METHODS, nullable=True), filter=True,
         sort=True),
    Attr("url_path", post=True, put=True, convert=text(2048), filter=True, sort=True),
    Attr("expected_codes", post=True, put=True, convert=text(64), filter=True, sort=True),
    Attr("http_version", post=True, put=True, convert=one_of(1.0, 1.1, nullable=True), filter=True),
    Attr("domain_name", post=True, put=True, convert=text(), filter=True),
    Attr("pool_id", post=True, default=REQUIRED, convert=uuid, visible=False, filter=True),
    Attr("pools", column=None),
], MonitorOps(), kind="Health Monitor", path="lbaas/healthmonitors")

L7POLICY = OctaviaResource("l7policy", "l7policies", t.l7policies, [
    Attr("description", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("action", post=True, put=True, default=REQUIRED, convert=one_of(*L7_ACTIONS), filter=True, sort=True),
    Attr("listener_id", post=True, default=REQUIRED, convert=uuid, filter=True, sort=True),
    Attr("redirect_pool_id", post=True, put=True, convert=uuid_nullable, filter=True, sort=True),
    Attr("redirect_url", post=True, put=True, convert=text(2048), filter=True, sort=True),
    Attr("redirect_prefix", post=True, put=True, convert=text(2048), filter=True, sort=True),
    Attr("redirect_http_code", post=True, put=True, convert=one_of(301, 302, 303, 307, 308, nullable=True),
         filter=True, sort=True),
    Attr("position", post=True, put=True, convert=integer(1, 2147483647), filter=True, sort=True),
    Attr("rules", column=None, post=True, convert=objects),
], L7PolicyOps(), kind="L7 Policy", path="lbaas/l7policies")

L7RULE = OctaviaResource("rule", "rules", t.l7rules, [
    Attr("type", post=True, put=True, default=REQUIRED, convert=one_of(*L7_RULE_TYPES), filter=True, sort=True),
    Attr("compare_type", post=True, put=True, default=REQUIRED, convert=one_of(*L7_COMPARE_TYPES), filter=True,
         sort=True),
    Attr("key", post=True, put=True, convert=text(), filter=True, sort=True),
    Attr("value", post=True, put=True, default=REQUIRED, convert=string(255), filter=True, sort=True),
    Attr("invert", post=True, put=True, default=False, convert=boolean, filter=True, sort=True),
    Attr("l7policy_id", visible=False, filter=True),  # the URL's, which clients also send as a filter
], ChildOps(), kind="L7 Rule", path="lbaas/l7policies/{l7policy_id}/rules")

# the kind names of policies, errors and the lifecycle, per resource
KINDS = {LOADBALANCER.singular: "loadbalancer", LISTENER.singular: "listener", POOL.singular: "pool",
         MEMBER.singular: "member", HEALTHMONITOR.singular: "healthmonitor", L7POLICY.singular: "l7policy",
         L7RULE.singular: "l7rule"}

OCTAVIA_MESSAGES = Messages(
    body_required=(400, "Invalid input for field/attribute {key}. Value: 'None'. Mandatory field missing.",
                   "InvalidInput"),
    unknown_fields=(400, "Unknown attribute for argument: {names}", "UnknownAttribute"),
    not_allowed=(400, "Unknown attribute for argument: {name}", "UnknownAttribute"),
    forbidden=(403, "Policy does not allow this request to be performed.", "PolicyForbidden"),
    required=(400, "Invalid input for field/attribute {name}. Value: 'None'. Mandatory field missing.",
              "InvalidInput"),
    invalid=(400, "Invalid input for field/attribute {name}. {reason}", "InvalidInput"),
    invalid_filter=(400, "One or more arguments are either duplicate or invalid", "InvalidFilterArgument"),
    sort_count=(400, "Supplied sort direction is not valid.", "InvalidSortDirection"),
    sort_key=(400, "Supplied sort key '{key}' is not valid.", "InvalidSortKey"),
    sort_dir=(400, "Supplied sort direction '{direction}' is not valid.", "InvalidSortDirection"),
    marker_not_found="Supplied pagination marker '{marker}' is not valid.",
)


@dataclass
class OctaviaCrud(Crud):
    messages: Messages = field(default_factory=lambda: OCTAVIA_MESSAGES)
    prefix: str = "/v2"
    control: frozenset[str] = frozenset({"fields", "limit", "marker", "sort", "sort_key", "sort_dir",
                                         "project_id", *TAG_FILTERS})
    reverse_param: str | None = "page_reverse"
    max_limit: int = 1000

    def not_found(self, res: Resource, id_: str) -> ApiError:
        return errors.not_found(KINDS.get(res.singular, res.singular), id_)

    def is_admin(self, caller: Context | None) -> bool:
        return caller is None

    def parse_sorting(self, res: Resource, params: Any, version: Any = None) -> list[tuple[str, str]]:
        """``sort=created_at:desc,name`` or ``sort_key=a,b&sort_dir=desc``; created_at and id close the order."""
        pairs: list[tuple[str, str]] = []
        if params.get("sort"):
            for item in params["sort"].split(","):
                parts = item.split(":")
                if len(parts) > 2:
                    raise errors.invalid_sort_key(str(parts))
                pairs.append((parts[0], parts[1] if len(parts) == 2 else "asc"))
        elif params.get("sort_key"):
            keys = params["sort_key"].split(",")
            dirs = (params.get("sort_dir") or "").split(",") if params.get("sort_dir") else []
            dirs += ["asc"] * (len(keys) - len(dirs))
            pairs = list(zip(keys, dirs, strict=False))
        out: list[tuple[str, str]] = []
        for key, direction in pairs:
            direction = direction.lower()
            if direction not in ("asc", "desc"):
                raise errors.invalid_sort_dir(direction)
            attr = res.by_name.get(key)
            if attr is None or not attr.sort or not attr.col:
                raise errors.invalid_sort_key(key)
            out.append((attr.col, direction))
        keys = [k for k, _ in out]
        out += [(k, "asc") for k in ("created_at", "id") if k not in keys and k in res.table.c]
        if not out:
            out = list(res.default_sort)
        return out

    def links(self, req: Req, res: Resource, rows: list[dict[str, Any]], more: bool, marker: str | None,
              limit: int, reverse: bool) -> list[dict[str, str]]:
        """Octavia's links: ``previous`` once a marker is given, ``next`` when the page is full."""
        base = f"{req.base_url()}{req.raw.scope['twinstack.subpath']}"
        if not rows:
            return []
        keep = [f"limit={limit}"]
        for name in ("sort", "sort_key"):
            if req.query.get(name):
                keep.append(f"{name}={req.query[name]}")
        first, last = rows[0]["id"], rows[-1]["id"]
        links = []
        if marker:
            links.append({"href": f"{base}?{'&'.join(keep)}&marker={first}&page_reverse=True", "rel": "previous"})
        if len(rows) >= limit:
            links.append({"href": f"{base}?{'&'.join(keep)}&marker={last}", "rel": "next"})
        return links

    def extra_filters(self, res: Resource, query: sa.Select[Any], params: Any) -> sa.Select[Any]:
        column = sa.cast(res.table.c.tags, sa.String) if "tags" in res.table.c else None
        for name in TAG_FILTERS:
            values = [v for raw in params.getlist(name) for v in raw.split(",") if v]
            if not values or column is None:
                continue
            matches = [column.like(f'%"{v}"%') for v in values]
            if name == "tags":
                query = query.where(sa.and_(*matches))
            elif name == "tags-any":
                query = query.where(sa.or_(*matches))
            elif name == "not-tags":
                query = query.where(sa.not_(sa.and_(*matches)))
            else:
                query = query.where(sa.not_(sa.or_(*matches)))
        return query


CRUD = OctaviaCrud()
