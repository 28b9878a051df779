"""Security groups and rules (neutron/db/securitygroups_db.py): a ``default`` group per project made on
first use with Neutron's default rules, egress-any rules on every new group, rule validation and
duplicate detection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import netaddr
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.convert import to_bool
from twinstack.core.ids import uuid_str
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import address_groups, base, default_rules
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import security_groups as security_groups_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


PORT_PROTOCOLS = ("tcp", "udp", "dccp", "sctp", "udplite", "6", "17", "33", "132", "136")
ICMP_PROTOCOLS = ("icmp", "icmpv6", "ipv6-icmp", "1", "58")
_ANY = {"IPv4": "0.0.0.0/0", "IPv6": "::/0"}


# -- the default group --------------------------------------------------------------------------
# built once (SQLAlchemy memoizes a statement's cache key on the object): every boot asks it
_DEFAULT_OF = sa.select(t.default_security_groups.c.security_group_id).where(
    t.default_security_groups.c.project_id == sa.bindparam("project_id"))


def ensure_default(cloud: Cloud, conn: Connection, project_id: str) -> str:
    """The project's ``default`` group, made (with its four rules) the first time it is needed."""
    row = conn.execute(_DEFAULT_OF, {"project_id": project_id}).first()
    if row is not None:
        return str(row[0])
    now = cloud.clock.now()
    sg_id = uuid_str()
    try:
        with conn.begin_nested():
            conn.execute(t.security_groups.insert().values(
                id=sg_id, project_id=project_id, name="default", description="Default security group",
                created_at=now, updated_at=now, revision_number=0, stateful=True))
            conn.execute(t.default_security_groups.insert().values(project_id=project_id, security_group_id=sg_id))
            _rules_from_templates(conn, now, project_id, sg_id, default_group=True)
    except sa.exc.IntegrityError:  # another writer made it first (a server database): use theirs
        return str(conn.execute(sa.select(t.default_security_groups.c.security_group_id)
                                .where(t.default_security_groups.c.project_id == project_id)).scalar_one())
    return sg_id


def ensure_default_outside(cloud: Cloud, project_id: str | None) -> None:
    if not project_id:
        return
    with cloud.store.read() as conn:
        exists = conn.execute(sa.select(t.default_security_groups.c.project_id)
                              .where(t.default_security_groups.c.project_id == project_id)).first()
    if exists is None:
        with cloud.store.begin() as conn:
            ensure_default(cloud, conn, project_id)


def _insert_rule(conn: Connection, now: Any, project_id: str, sg_id: str, direction: str, ethertype: str,
                 **extra: Any) -> str:
    rule_id = uuid_str()
    conn.execute(t.security_group_rules.insert().values(
        id=rule_id, project_id=project_id, security_group_id=sg_id, direction=direction, ethertype=ethertype,
        created_at=now, updated_at=now, revision_number=0, **{"description": "", **extra}))
    return rule_id


def _rules_from_templates(conn: Connection, now: Any, project_id: str, sg_id: str, default_group: bool) -> None:
    """A new group's rules, from the default security group rule templates (PARENT: the group itself)."""
    for tpl in default_rules.templates(conn, default_group):
        extra = {k: tpl[k] for k in ("protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
                                     "remote_address_group_id", "description") if tpl[k] is not None}
        if tpl["remote_group_id"] == default_rules.PARENT:
            extra["remote_group_id"] = sg_id
        _insert_rule(conn, now, project_id, sg_id, tpl["direction"], tpl["ethertype"], **extra)


def _rules_for(conn: Connection, sg_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in sg_ids}
    if not sg_ids:
        return out
    rows = [dict(r._mapping) for r in conn.execute(sa.select(t.security_group_rules).where(
        t.security_group_rules.c.security_group_id.in_(sg_ids)).order_by(t.security_group_rules.c.created_at))]
    RULES.ops.expand(None, conn, rows, None)  # type: ignore[arg-type]
    tags = base.tags_for(conn, [r["id"] for r in rows])
    for r in rows:
        r["tags"] = tags[r["id"]]
        out[r["security_group_id"]].append(base.view(RULES, r, None))
    return out


class SecurityGroupOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return t.security_groups.c.project_id == (caller.project_id if caller else None)

    def before_list(self, cloud: Cloud, caller: Context | None) -> None:
        ensure_default_outside(cloud, caller.project_id if caller else None)

    def filter(self, name: str, values: list[str]) -> Any:
        if name == "shared":
            return sa.false() if all(to_bool(v) for v in values) else sa.true()  # no group is shared
        raise E.bad(f"[{name}] is invalid attribute for filtering", "HTTPBadRequest")

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        rules = _rules_for(conn, [r["id"] for r in rows])
        for r in rows:
            r["security_group_rules"] = rules[r["id"]]
            r["shared"] = False

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        ensure_default(cloud, conn, values["project_id"])
        if values.get("name") == "default":
            raise E.in_use("Default security group already exists.", "SecurityGroupDefaultAlreadyExists")
        sg_id = base.insert_row(cloud, conn, SECURITY_GROUPS, values)
        _rules_from_templates(conn, cloud.clock.now(), values["project_id"], sg_id, default_group=False)
        return sg_id

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if row["name"] == "default" and changes.get("name", "default") != "default":
            raise E.in_use("Updating default security group not allowed.", "SecurityGroupCannotUpdateDefault")
        if changes.get("name") == "default" and row["name"] != "default":
            raise E.in_use("Default security group already exists.", "SecurityGroupDefaultAlreadyExists")

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        is_default = conn.execute(sa.select(t.default_security_groups.c.project_id).where(
            t.default_security_groups.c.security_group_id == row["id"])).first() is not None
        if is_default and caller is not None and not caller.is_admin:
            raise E.in_use("Insufficient rights for removing default security group.",
                           "SecurityGroupCannotRemoveDefault")
        if conn.execute(sa.select(t.port_security_groups.c.port_id).where(
                t.port_security_groups.c.security_group_id == row["id"]).limit(1)).first() is not None:
            raise E.in_use(f"Security Group {row['id']} in use.", "SecurityGroupInUse")
        rule_ids = sa.select(t.security_group_rules.c.id).where(t.security_group_rules.c.security_group_id == row["id"])
        conn.execute(t.tags.delete().where(t.tags.c.resource_id.in_(rule_ids)))
        conn.execute(t.security_group_rules.delete().where(sa.or_(
            t.security_group_rules.c.security_group_id == row["id"],
            t.security_group_rules.c.remote_group_id == row["id"])))
        conn.execute(t.default_security_groups.delete()
                     .where(t.default_security_groups.c.security_group_id == row["id"]))
        conn.execute(t.security_groups.delete().where(t.security_groups.c.id == row["id"]))


SECURITY_GROUPS = Resource(
    "security_group", "security_groups", t.security_groups, security_groups_schema.ATTRIBUTES,
    SecurityGroupOps(), kind="Security group", not_found="Security group {id} does not exist",
    quota="security_group", path="security-groups",
)


def validate_rule(values: dict[str, Any]) -> None:
    proto = values.get("protocol")
    pmin, pmax = values.get("port_range_min"), values.get("port_range_max")
    ethertype = values["ethertype"]
    if proto in ("icmpv6", "ipv6-icmp", "58") and ethertype == "IPv4":
        raise E.bad("Security group rule for ethertype 'IPv4' not supported. Allowed values are 'IPv6'.",
                    "SecurityGroupRuleInvalidEtherType")
    if (pmin is not None or pmax is not None) and proto is None:
        raise E.bad("Must also specify protocol if port range is given.", "SecurityGroupProtocolRequiredWithPorts")
    if proto in PORT_PROTOCOLS and (pmin is not None or pmax is not None):
        for port in (pmin, pmax):
            if port is not None and not 1 <= port <= 65535:
                raise E.bad(f"Invalid value for port {port}.", "SecurityGroupInvalidPortValue")
        if pmin is None or pmax is None or pmin > pmax:  # Neutron wants both ends of a port range
            raise E.bad("For TCP/UDP protocols, port_range_min must be <= port_range_max",
                        "SecurityGroupInvalidPortRange")
    elif proto in ICMP_PROTOCOLS:
        if pmax is not None and pmin is None:
            raise E.bad(f"ICMP code (port-range-max) {pmax} is provided but ICMP type (port-range-min) is missing.",
                        "SecurityGroupMissingIcmpType")
        for name, port in (("type", pmin), ("code", pmax)):
            if port is not None and not 0 <= port <= 255:
                raise E.bad(f"Invalid value for ICMP {name} (port-range-min): {port}. It must be 0 to 255.",
                            "SecurityGroupInvalidIcmpValue")
    elif proto is not None and (pmin is not None or pmax is not None):
        raise E.bad(f"Invalid protocol {proto} for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.",
                    "SecurityGroupInvalidProtocolForPort")
    prefix = values.get("remote_ip_prefix")
    if sum(values.get(k) is not None for k in ("remote_ip_prefix", "remote_group_id", "remote_address_group_id")) > 1:
        raise E.bad("Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.",
                    "SecurityGroupMultipleRemoteEntites")  # sic: neutron's spelling
    if prefix is not None:
        try:
            net = netaddr.IPNetwork(prefix)
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise E.bad(f"Invalid input for remote_ip_prefix. Reason: '{prefix}' is not a valid IP subnet.",
                        "HTTPBadRequest") from None
        if f"IPv{net.version}" != ethertype:
            raise E.bad(f"Conflicting value ethertype {ethertype} for CIDR {prefix}",
                        "SecurityGroupRuleParameterConflict")
        # Neutron keeps the prefix as given, with its mask made explicit (10.0.0.5 -> 10.0.0.5/32;
        # 10.0.0.5/24 stays); normalized_cidr shows its network
        values["remote_ip_prefix"] = str(net)


def _network_of(prefix: str | None) -> str | None:
    return str(netaddr.IPNetwork(prefix).cidr) if prefix else None


class RuleOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        project = caller.project_id if caller else None
        owned = sa.select(t.security_groups.c.id).where(t.security_groups.c.project_id == project)
        return sa.or_(t.security_group_rules.c.project_id == (caller.project_id if caller else None),
                      t.security_group_rules.c.security_group_id.in_(owned))

    def before_list(self, cloud: Cloud, caller: Context | None) -> None:
        ensure_default_outside(cloud, caller.project_id if caller else None)

    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        for r in rows:
            r["normalized_cidr"] = _network_of(r["remote_ip_prefix"]) if r["remote_ip_prefix"] else \
                (None if r["remote_group_id"] or r["remote_address_group_id"] else _ANY[r["ethertype"]])
            r["belongs_to_default_sg"] = None

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        sg = base.get_visible(conn, SECURITY_GROUPS, values["security_group_id"], caller)
        if caller is not None and not caller.is_admin and sg["project_id"] != values["project_id"]:
            raise E.not_found("SecurityGroup", sg["id"], f"Security group {sg['id']} does not exist")
        values["project_id"] = sg["project_id"] if caller is None or caller.is_admin else values["project_id"]
        if values.get("remote_group_id") and conn.execute(sa.select(t.security_groups.c.id).where(
                t.security_groups.c.id == values["remote_group_id"])).first() is None:
            raise E.not_found("SecurityGroup", values["remote_group_id"],
                              f"Security group {values['remote_group_id']} does not exist")
        validate_rule(values)
        if values.get("remote_address_group_id"):
            address_groups.check_remote(conn, values["remote_address_group_id"], values["project_id"])
        c = t.security_group_rules.c
        # a rule "from anywhere" matches an existing one with no prefix, and the other way round
        anywhere = values.get("remote_ip_prefix") in (None, _ANY[values["ethertype"]]) \
            and values.get("remote_group_id") is None and values.get("remote_address_group_id") is None
        candidates = conn.execute(sa.select(c.id, c.remote_ip_prefix).where(
            c.security_group_id == sg["id"], c.direction == values["direction"], c.ethertype == values["ethertype"],
            *[(c[k] == values.get(k)) if values.get(k) is not None else c[k].is_(None)
              for k in ("protocol", "port_range_min", "port_range_max", "remote_group_id", "remote_address_group_id")],
        )).all()
        # prefixes compare by their network (10.1.2.3/8 is 10.0.0.0/8), as Neutron's duplicate check does
        wanted = _network_of(values.get("remote_ip_prefix"))
        for rule_id, prefix in candidates:
            if _network_of(prefix) == wanted or (anywhere and prefix is None):
                raise E.in_use(f"Security group rule already exists. Rule id is {rule_id}.", "SecurityGroupRuleExists")
        return base.insert_row(cloud, conn, RULES, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        pass

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        conn.execute(t.security_group_rules.delete().where(t.security_group_rules.c.id == row["id"]))
        base.bump(cloud, conn, t.security_groups, row["security_group_id"])


RULES = Resource(
    "security_group_rule", "security_group_rules", t.security_group_rules, security_groups_schema.RULE_ATTRIBUTES,
    RuleOps(), kind="Security group rule", not_found="Security group rule {id} does not exist",
    quota="security_group_rule", named=False, path="security-group-rules",
)
