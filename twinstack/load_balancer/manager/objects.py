"""The objects below a load balancer, checked as Octavia's controllers check them (per listener protocol,
pool protocol, monitor type, L7 action and rule type) and recorded PENDING_CREATE. Each ``add_*`` takes
converted values (manager/resources.py) and the load balancer row, and raises Octavia's 4xx."""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.errors import ApiError
from twinstack.load_balancer import errors
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import (
    NO_MONITOR,
    OFFLINE,
    PENDING_UPDATE,
    begin,
    get,
    insert,
    quotas,
    set_status,
    update,
)
from twinstack.load_balancer.schemas import (
    HEADERS,
    HTTP_LISTENERS,
    L4,
    LISTENER_POOLS,
    SSL_HEADERS,
    TIMEOUTS,
    UDP_MONITORS,
)
from twinstack.network import local as network_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

TLS_VERSIONS = ["TLSv1.2", "TLSv1.3"]  # [api_settings] default_listener_tls_versions
ALPN = ["h2", "http/1.1", "http/1.0"]  # default_listener_alpn_protocols
CIPHERS = ("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
           "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
           "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256")
MAX_RULES = 50  # MAX_L7RULES_PER_L7POLICY
UDP_MIN_DELAY = 3  # [api_settings] udp_connect_min_interval_health_monitor
EXPECTED_CODES = re.compile(r"^(\d{3}(\s*,\s*\d{3})*)$|^(\d{3}-\d{3})$")


def _lb_pool(conn: Connection, lb_id: str, pool_id: str) -> dict[str, Any]:
    row = conn.execute(sa.select(t.pools).where(t.pools.c.id == pool_id, t.pools.c.load_balancer_id == lb_id)) \
        .mappings().first()
    if row is None:
        raise errors.not_found("pool", pool_id)
    return dict(row)


def _pool_fits(listener_protocol: str, pool_protocol: str) -> None:
    if pool_protocol not in LISTENER_POOLS.get(listener_protocol, ()):
        raise errors.validation(f"The pool protocol '{pool_protocol}' is invalid while the listener protocol is "
                                f"'{listener_protocol}'.")


# -- listeners ---------------------------------------------------------------------------------------------
def _check_listener_tls(values: dict[str, Any], protocol: str) -> None:
    has_certs = bool(values.get("default_tls_container_ref") or values.get("sni_container_refs")
                     or values.get("client_ca_tls_container_ref"))
    terminates = protocol == "TERMINATED_HTTPS" or (protocol == "PROMETHEUS" and has_certs)
    headers = values.get("insert_headers") or {}
    if headers:
        if protocol not in HTTP_LISTENERS:
            raise errors.invalid_option("insert-headers", f"a {protocol} protocol listener.")
        unknown = sorted(set(headers) - set(HEADERS) - set(SSL_HEADERS))
        if unknown:
            raise errors.invalid_option(unknown, "insert_headers")
        ssl = [h for h in headers if h in SSL_HEADERS]
        if ssl and protocol != "TERMINATED_HTTPS":
            raise errors.invalid_option(ssl, f"{protocol} protocol listener.")
    if protocol in ("UDP", "SCTP") and (has_certs or headers):
        raise errors.validation(f"{protocol} protocol listener does not support TLS.")
    if not terminates and has_certs:
        raise errors.validation(f"Certificate container references are not allowed on {protocol} protocol "
                                "listeners.")
    if values.get("client_ca_tls_container_ref") and not (values.get("default_tls_container_ref")
                                                         or values.get("sni_container_refs")):
        raise errors.validation("An SNI or default certificate container reference must be provided with a "
                                "client CA container reference.")
    if terminates and not (values.get("default_tls_container_ref") or values.get("sni_container_refs")):
        raise errors.validation(f"An SNI or default certificate container reference must be provided for "
                                f"{protocol} protocol listeners.")
    auth = values.get("client_authentication") or "NONE"
    if auth != "NONE" and not values.get("client_ca_tls_container_ref"):
        raise errors.validation(f"Client authentication setting {auth} requires a client CA container reference.")
    if values.get("client_crl_container_ref") and not values.get("client_ca_tls_container_ref"):
        raise errors.validation("A client authentication CA reference is required to specify a client "
                                "authentication revocation list.")
    if values.get("hsts_max_age") is not None and protocol != "TERMINATED_HTTPS":
        raise errors.validation("The HSTS feature can only be used in combination with TERMINATED_HTTPS "
                                "listeners.")


def check_alpn(values: dict[str, Any]) -> None:
    """The amphora driver's ALPN protocols (AMPHORA_SUPPORTED_ALPN_PROTOCOLS)."""
    unsupported = [p for p in values.get("alpn_protocols") or [] if p not in ALPN]
    if unsupported:
        raise errors.unsupported(f"Amphora provider does not support {', '.join(unsupported)} ALPN protocol(s). "
                                 f"Supported: {', '.join(ALPN)}")


def _check_cidrs(lb: dict[str, Any], cidrs: list[str] | None) -> None:
    if not cidrs or not lb.get("vip_address"):
        return
    version = ipaddress.ip_address(lb["vip_address"]).version
    for cidr in cidrs:
        if ipaddress.ip_network(cidr).version != version:
            raise errors.validation(f"CIDR {cidr} IP version incompatible with all VIPs ['{lb['vip_address']}'] IP "
                                    "version.")


def add_listener(cloud: Cloud, conn: Connection, lb: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    protocol = values["protocol"]
    quotas.check(cloud, conn, lb["project_id"], "listener")
    _check_listener_tls(values, protocol)
    _check_cidrs(lb, values.get("allowed_cidrs"))
    check_alpn(values)
    for other_protocol, in conn.execute(sa.select(t.listeners.c.protocol).where(
            t.listeners.c.load_balancer_id == lb["id"], t.listeners.c.protocol_port == values["protocol_port"])):
        if L4[other_protocol] == L4[protocol]:
            raise errors.conflict(f"Another Listener on this Load Balancer is already using protocol "
                                  f"{other_protocol} and protocol_port {values['protocol_port']}",
                                  "DuplicateListenerEntry")
    if values.get("default_pool_id"):
        _pool_fits(protocol, _lb_pool(conn, lb["id"], values["default_pool_id"])["protocol"])
    row = {k: v for k, v in values.items() if k not in ("default_pool", "l7policies", "loadbalancer_id")}
    for name, default in TIMEOUTS.items():
        if row.get(name) is None:
            row[name] = default
    if protocol == "TERMINATED_HTTPS":
        row.setdefault("tls_versions", None)
        row["tls_versions"] = row["tls_versions"] or list(TLS_VERSIONS)
        row["alpn_protocols"] = row.get("alpn_protocols") or list(ALPN)
        row["tls_ciphers"] = row.get("tls_ciphers") or CIPHERS
    return insert(cloud, conn, "listener", {**row, "load_balancer_id": lb["id"], "project_id": lb["project_id"]})


def change_listener(cloud: Cloud, conn: Connection, lb: dict[str, Any], listener: dict[str, Any],
                    changes: dict[str, Any]) -> None:
    merged = {**listener, **changes}
    _check_listener_tls(merged, listener["protocol"])
    check_alpn(changes)
    _check_cidrs(lb, changes.get("allowed_cidrs"))
    if changes.get("default_pool_id"):
        _pool_fits(listener["protocol"], _lb_pool(conn, lb["id"], changes["default_pool_id"])["protocol"])
    for name, default in TIMEOUTS.items():
        if name in changes and changes[name] is None:
            changes[name] = default
    update(cloud, conn, "listener", listener["id"], changes)


# -- pools -------------------------------------------------------------------------------------------------
def _check_persistence(values: dict[str, Any], protocol: str) -> None:
    sp = values.get("session_persistence")
    if not sp:
        return
    if sp["type"] == "APP_COOKIE" and not sp.get("cookie_name"):
        raise errors.validation("Field cookie_name must be specified when using the APP_COOKIE session "
                                "persistence type.")
    if sp["type"] != "APP_COOKIE" and sp.get("cookie_name"):
        raise errors.validation("Field cookie_name can only be specified when using the APP_COOKIE session "
                                "persistence type.")
    if protocol in ("UDP", "SCTP"):
        if sp["type"] != "SOURCE_IP":
            raise errors.validation(f"Session persistence of type {sp['type']} is not supported for {protocol} "
                                    "protocol pools.")
    elif sp.get("persistence_timeout") is not None or sp.get("persistence_granularity") is not None:
        raise errors.validation("persistence_timeout and persistence_granularity is only for UDP and SCTP "
                                "protocol pools.")


def _check_algorithm(values: dict[str, Any]) -> None:
    if values.get("lb_algorithm") == "SOURCE_IP_PORT":
        raise errors.unsupported("Amphora provider does not support SOURCE_IP_PORT algorithm.")


def add_pool(cloud: Cloud, conn: Connection, lb: dict[str, Any], values: dict[str, Any],
             listener: dict[str, Any] | None) -> dict[str, Any]:
    quotas.check(cloud, conn, lb["project_id"], "pool")
    _check_algorithm(values)
    check_alpn(values)
    _check_persistence(values, values["protocol"])
    if listener is not None:
        if listener["default_pool_id"]:
            raise errors.conflict("This listener already has a default pool", "DuplicatePoolEntry")
        _pool_fits(listener["protocol"], values["protocol"])
    row = {k: v for k, v in values.items() if k not in ("members", "healthmonitor", "loadbalancer_id")}
    pool = insert(cloud, conn, "pool", {**row, "listener_id": listener["id"] if listener else None,
                                        "load_balancer_id": lb["id"], "project_id": lb["project_id"]})
    if listener is not None:
        update(cloud, conn, "listener", listener["id"], {"default_pool_id": pool["id"]})
    return pool


def change_pool(cloud: Cloud, conn: Connection, pool: dict[str, Any], changes: dict[str, Any]) -> None:
    _check_algorithm(changes)
    check_alpn(changes)
    _check_persistence({**pool, **changes}, pool["protocol"])
    update(cloud, conn, "pool", pool["id"], changes)


# -- members -----------------------------------------------------------------------------------------------
def add_member(cloud: Cloud, conn: Connection, pool: dict[str, Any], values: dict[str, Any],
               count_quota: bool = True) -> dict[str, Any]:
    if count_quota:
        quotas.check(cloud, conn, pool["project_id"], "member")
    if values.get("subnet_id") and network_local.subnet(cloud, conn, values["subnet_id"]) is None:
        raise errors.bad_request(f"Subnet {values['subnet_id']} not found.", "InvalidSubresource")
    if conn.execute(sa.select(t.members.c.id).where(t.members.c.pool_id == pool["id"],
                                                    t.members.c.address == values["address"],
                                                    t.members.c.protocol_port == values["protocol_port"])).first():
        raise errors.conflict(f"Another member on this pool is already using ip {values['address']} on "
                              f"protocol_port {values['protocol_port']}", "DuplicateMemberEntry")
    watched = conn.execute(sa.select(t.health_monitors.c.id).where(t.health_monitors.c.pool_id == pool["id"])).first()
    row = {k: v for k, v in values.items() if k != "request_sriov"}
    return insert(cloud, conn, "member", {
        **row, "vnic_type": "direct" if values.get("request_sriov") else "normal", "pool_id": pool["id"],
        "load_balancer_id": pool["load_balancer_id"], "project_id": pool["project_id"],
        "operating_status": OFFLINE if watched else NO_MONITOR})


# -- health monitors ---------------------------------------------------------------------------------------
HTTP_FIELDS = ("http_method", "url_path", "expected_codes", "http_version", "domain_name")


def _check_monitor(values: dict[str, Any], pool_protocol: str) -> None:
    kind = values["type"]
    if kind == "UDP-CONNECT" and values["delay"] < UDP_MIN_DELAY:
        raise errors.validation(f"The request delay value {values['delay']} should be larger than {UDP_MIN_DELAY} "
                                f"for {kind} health monitor type.")
    if kind not in ("HTTP", "HTTPS"):
        given = [f for f in HTTP_FIELDS if values.get(f) is not None]
        if given:
            raise errors.validation(f"{', '.join(given)} is not a valid option for health monitors of type {kind}")
    if pool_protocol == "UDP" and kind not in UDP_MONITORS:
        raise errors.validation(f"The associated pool protocol is UDP, so only a {', '.join(UDP_MONITORS)} health "
                                "monitor type is supported.")
    if kind == "UDP-CONNECT" and pool_protocol != "UDP":
        raise errors.validation(f"The {kind} type is only supported for pools of type UDP.")
    if kind == "SCTP" and pool_protocol not in ("SCTP", "UDP"):
        raise errors.validation(f"The {kind} type is only supported for pools of type SCTP or UDP.")
    url = values.get("url_path")
    if url is not None and not url.startswith("/"):
        raise errors.bad_request(f"Not a valid URLPath: {url}", "InvalidURLPath")
    codes = values.get("expected_codes")
    if codes is not None and not EXPECTED_CODES.match(codes):
        raise errors.invalid_input("expected_codes", codes)
    if values.get("domain_name") and values.get("http_version") != 1.1:
        raise errors.validation("The http_version must be 1.1 when domain_name is provided.")


def add_monitor(cloud: Cloud, conn: Connection, pool: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    quotas.check(cloud, conn, pool["project_id"], "health_monitor")
    if conn.execute(sa.select(t.health_monitors.c.id).where(t.health_monitors.c.pool_id == pool["id"])).first():
        raise errors.conflict("This pool already has a health monitor", "DuplicateHealthMonitor")
    _check_monitor(values, pool["protocol"])
    row = dict(values)
    if row["type"] in ("HTTP", "HTTPS"):
        row["http_method"] = row.get("http_method") or "GET"
        row["url_path"] = row.get("url_path") or "/"
        row["expected_codes"] = row.get("expected_codes") or "200"
    return insert(cloud, conn, "healthmonitor", {**row, "pool_id": pool["id"],
                                                 "load_balancer_id": pool["load_balancer_id"],
                                                 "project_id": pool["project_id"]})


def change_monitor(cloud: Cloud, conn: Connection, monitor: dict[str, Any], pool: dict[str, Any],
                   changes: dict[str, Any]) -> None:
    _check_monitor({**monitor, **changes}, pool["protocol"])
    update(cloud, conn, "healthmonitor", monitor["id"], changes)


# -- L7 policies and rules ---------------------------------------------------------------------------------
def _policy_args(message: str) -> ApiError:
    return errors.bad_request(f"Invalid L7 Policy arguments: {message}", "InvalidL7PolicyArgs")


def _url(value: str) -> None:
    if not re.match(r"^https?://[^\s/$.?#].[^\s]*$", value):
        raise _policy_args(f"Not a valid URL: {value}")


def sanitize_policy(values: dict[str, Any]) -> dict[str, Any]:
    """Octavia's sanitize_l7policy_api_args: the action's own argument required, the others cleared, and
    the action following the redirect argument given (a pool, a URL or a prefix)."""
    out = dict(values)
    action = out.get("action")
    if action == "REJECT":
        out.update(redirect_url=None, redirect_pool_id=None)
    elif action == "REDIRECT_TO_URL":
        if not out.get("redirect_url"):
            raise _policy_args("redirect_url must not be None")
        out["redirect_pool_id"] = None
    elif action == "REDIRECT_TO_POOL":
        if not out.get("redirect_pool_id"):
            raise _policy_args("redirect_pool_id or redirect_pool must not be None")
        out["redirect_url"] = None
    elif action == "REDIRECT_PREFIX" and not out.get("redirect_prefix"):
        raise _policy_args("redirect_prefix must not be None")
    if out.get("redirect_pool_id") and (out.get("redirect_url") or out.get("redirect_prefix")):
        raise _policy_args("Cannot specify redirect_pool_id and redirect_url or redirect_prefix at the same time")
    if out.get("redirect_pool_id"):
        out.update(action="REDIRECT_TO_POOL", redirect_url=None, redirect_prefix=None, redirect_http_code=None)
    if out.get("redirect_url"):
        _url(out["redirect_url"])
        out.update(action="REDIRECT_TO_URL", redirect_pool_id=None, redirect_prefix=None)
        out["redirect_http_code"] = out.get("redirect_http_code") or 302
    if out.get("redirect_prefix"):
        _url(out["redirect_prefix"])
        out.update(action="REDIRECT_PREFIX", redirect_pool_id=None, redirect_url=None)
        out["redirect_http_code"] = out.get("redirect_http_code") or 302
    return out


def _check_policy(conn: Connection, lb_id: str, listener: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    if listener["protocol"] == "PROMETHEUS":
        raise errors.validation("L7 policies are not supported on PROMETHEUS listeners.")
    if values.get("action") == "REDIRECT_TO_POOL" or values.get("redirect_pool_id"):
        _pool_fits(listener["protocol"], _lb_pool(conn, lb_id, values["redirect_pool_id"])["protocol"])
    return values


def place(conn: Connection, listener_id: str, policy_id: str, position: int | None) -> None:
    """Octavia's ordering: the policy at ``position`` (the end when None or past it), the others 1..n."""
    c = t.l7policies.c
    others = [r[0] for r in conn.execute(sa.select(c.id).where(c.listener_id == listener_id, c.id != policy_id)
                                         .order_by(c.position, c.created_at))]
    index = len(others) if position is None else max(0, min(position - 1, len(others)))
    others.insert(index, policy_id)
    for number, id_ in enumerate(others, start=1):
        conn.execute(t.l7policies.update().where(c.id == id_).values(position=number))


def add_policy(cloud: Cloud, conn: Connection, listener: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    quotas.check(cloud, conn, listener["project_id"], "l7policy")
    row = _check_policy(conn, listener["load_balancer_id"], listener, sanitize_policy(values))
    row.pop("rules", None)
    position = row.pop("position", None)
    policy = insert(cloud, conn, "l7policy", {**row, "position": 2147483647, "listener_id": listener["id"],
                                              "load_balancer_id": listener["load_balancer_id"],
                                              "project_id": listener["project_id"]})
    place(conn, listener["id"], policy["id"], position)
    return policy


def change_policy(cloud: Cloud, conn: Connection, policy: dict[str, Any], listener: dict[str, Any],
                  changes: dict[str, Any]) -> None:
    changes = sanitize_policy(changes)
    _check_policy(conn, policy["load_balancer_id"], listener, {**policy, **changes})
    values = {k: v for k, v in changes.items() if k != "position"}
    update(cloud, conn, "l7policy", policy["id"], values)
    if "position" in changes:
        place(conn, listener["id"], policy["id"], changes["position"])


DN_FIELDS = ("CN", "C", "ST", "L", "O", "OU", "E", "DC", "SN", "DNQ", "GN", "T", "UID", "initials", "pseudonym",
             "generationQualifier", "serialNumber", "dnQualifier", "emailAddress")


def check_rule(values: dict[str, Any]) -> None:
    kind, compare, key, value = values["type"], values["compare_type"], values.get("key"), values["value"]

    def fail(message: str) -> None:
        raise errors.bad_request(f"Error parsing L7Rule: {message}", "L7RuleValidation")

    if kind in ("HEADER", "COOKIE", "SSL_DN_FIELD") and not key:
        fail(f"key is required for {kind} rule types")
    if kind in ("HOST_NAME", "PATH", "FILE_TYPE", "SSL_CONN_HAS_CERT", "SSL_VERIFY_RESULT") and key:
        fail(f"key is not valid for {kind} rule types")
    if kind == "SSL_DN_FIELD" and key not in DN_FIELDS:
        fail(f"Invalid L7 Rule: Invalid SSL Distinguished Name field: {key}")
    if kind == "FILE_TYPE" and compare not in ("EQUAL_TO", "REGEX"):
        fail(f"Invalid L7 Rule: {compare} is not a valid comparison type for FILE_TYPE rules")
    if kind in ("SSL_CONN_HAS_CERT", "SSL_VERIFY_RESULT") and compare != "EQUAL_TO":
        fail(f"Invalid L7 Rule: {kind} rules only support EQUAL_TO comparisons")
    if kind == "SSL_CONN_HAS_CERT" and value != "True":
        fail("Invalid L7 Rule: SSL_CONN_HAS_CERT rules take the value True")
    if kind == "SSL_VERIFY_RESULT" and not value.isdigit():
        fail("Invalid L7 Rule: SSL_VERIFY_RESULT rules take a number")
    if compare == "REGEX":
        try:
            re.compile(value)
        except re.error as err:
            fail(f"Invalid L7 Rule: Unable to parse regular expression: {err}")
    elif kind in ("HOST_NAME", "PATH", "FILE_TYPE") and re.search(r"\s", value):
        fail(f"Invalid L7 Rule: Invalid characters in {kind.lower()} value")


def add_rule(cloud: Cloud, conn: Connection, policy: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    quotas.check(cloud, conn, policy["project_id"], "l7rule")
    count = conn.execute(sa.select(sa.func.count()).select_from(t.l7rules).where(
        t.l7rules.c.l7policy_id == policy["id"])).scalar()
    if int(count or 0) >= MAX_RULES:
        raise errors.conflict(f"Too many rules on L7 policy {policy['id']}", "TooManyL7RulesOnL7Policy")
    check_rule(values)
    return insert(cloud, conn, "l7rule", {**values, "l7policy_id": policy["id"],
                                          "load_balancer_id": policy["load_balancer_id"],
                                          "project_id": policy["project_id"]})


def change(cloud: Cloud, conn: Connection, kind: str, row: dict[str, Any], lb: dict[str, Any],
           values: dict[str, Any]) -> None:
    """A PUT of a listener, pool, member, health monitor, L7 policy or L7 rule its load balancer allows
    (the API and Heat's resources both): the kind's own checks and write, the object PENDING_UPDATE, and
    its load balancer (with a member's pool, a rule's policy) begun."""
    if kind == "listener":
        change_listener(cloud, conn, lb, row, values)
    elif kind == "pool":
        change_pool(cloud, conn, row, values)
    elif kind == "healthmonitor":
        change_monitor(cloud, conn, row, get(conn, "pool", row["pool_id"]), values)
    elif kind == "l7policy":
        change_policy(cloud, conn, row, get(conn, "listener", row["listener_id"]), values)
    else:
        if kind == "l7rule":
            check_rule({**row, **values})
        update(cloud, conn, kind, row["id"], values)
    set_status(cloud, conn, kind, [row["id"]], PENDING_UPDATE)
    parent = {"member": "pool", "l7rule": "l7policy"}.get(kind)
    begin(cloud, conn, lb["id"], *([(parent, row[f"{parent}_id"])] if parent else []))
