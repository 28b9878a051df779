"""A cloud's twin as a model: read any cloud (a running twinstack, or a real one through a
clouds.yaml) with openstacksdk and write what it contains as a model file.

What is read: projects, users, roles and assignments (by name), flavors (+ extra specs), aggregates,
hosts (from Placement inventories: capacity and allocation ratios), image metadata, networks,
subnets, routers, security groups, volume types and backends, default quotas, Octavia's flavors and
availability zones (with their profiles). What is not: passwords
(a real cloud never gives them; for a twinstack the running model's are kept), image data (the
twin's images get the same metadata and no bytes), servers, volumes and ports (runtime state, not
the shape of the cloud). Swift containers and objects (bytes up to 64 KiB, else only the size), Designate
zones and recordsets, and Barbican secrets with their payloads are read per project, in each project the
export can enter (the caller's, and those of users whose passwords it knows).
"""

from __future__ import annotations

import base64
from typing import Any

BOOTSTRAP_PROJECTS = {"admin", "service"}
BOOTSTRAP_USERS = {"admin"}
BUILTIN_ROLES = {"admin", "member", "reader", "service"}


def _quiet(fn: Any, default: Any) -> Any:
    """A service a real cloud lacks (or forbids) leaves its section empty rather than failing."""
    try:
        return fn()
    except Exception:
        return default


def export(conn: Any, known_passwords: dict[str, str] | None = None) -> dict[str, Any]:
    known_passwords = known_passwords or {}
    model: dict[str, Any] = {"inherit_default": False}
    projects = {p.id: p for p in conn.identity.projects()}
    domains = {d.id: d.name for d in conn.identity.domains()}
    users = {u.id: u for u in conn.identity.users()}
    identity: dict[str, Any] = {"admin_password": known_passwords.get("admin", "admin")}
    identity["domains"] = [{"name": d.name, "description": d.description or "", "enabled": d.is_enabled}
                           for d in conn.identity.domains() if d.id != "default"]
    ordered = sorted(projects.values(), key=lambda p: _depth(p, projects))
    identity["projects"] = [
        {"name": p.name, "domain": domains.get(p.domain_id, "Default"), "description": p.description or "",
         "enabled": p.is_enabled, "tags": list(p.tags or []),
         **({"parent": projects[p.parent_id].name} if p.parent_id in projects else {})}
        for p in ordered if not (p.name in BOOTSTRAP_PROJECTS and p.domain_id == "default") and not p.is_domain
    ]
    identity["users"] = []
    for u in users.values():
        if u.name in BOOTSTRAP_USERS and u.domain_id == "default":
            continue
        entry: dict[str, Any] = {"name": u.name, "domain": domains.get(u.domain_id, "Default"), "enabled": u.is_enabled}
        if u.name in known_passwords:
            entry["password"] = known_passwords[u.name]
        if u.email:
            entry["email"] = u.email
        if u.default_project_id in projects:
            entry["default_project"] = projects[u.default_project_id].name
        identity["users"].append(entry)
    roles = {r.id: r.name for r in conn.identity.roles()}
    identity["roles"] = [{"name": name} for name in sorted(set(roles.values()) - BUILTIN_ROLES)]
    identity["assignments"] = []
    grants: list[tuple[str, str, str]] = []
    for a in conn.identity.role_assignments():
        user_id = (a.user or {}).get("id")
        project_id = ((a.scope or {}).get("project") or {}).get("id")
        if not user_id or user_id not in users or project_id not in projects or a.role["id"] not in roles:
            continue
        grants.append((str(user_id), str(project_id), roles[a.role["id"]]))
        user, project = users[user_id], projects[project_id]
        if user.name in BOOTSTRAP_USERS and user.domain_id == "default":
            continue
        identity["assignments"].append({"role": roles[a.role["id"]], "user": user.name, "project": project.name})
    model["identity"] = identity
    model["compute"] = _compute(conn)
    model["image"] = _image(conn, projects)
    model["network"] = _network(conn, projects)
    model["block_storage"] = _block_storage(conn)
    model["load_balancer"] = _load_balancer(conn)
    scoped = project_connections(conn, projects, users, grants, known_passwords)
    model["object_storage"] = _object_storage(scoped)
    model["dns"] = _dns(scoped)
    model["key_manager"] = _key_manager(scoped, users)
    return model


def _depth(project: Any, projects: dict[str, Any]) -> int:
    depth, seen = 0, set()
    while project.parent_id in projects and project.parent_id not in seen:
        seen.add(project.parent_id)
        project, depth = projects[project.parent_id], depth + 1
    return depth


def _compute(conn: Any) -> dict[str, Any]:
    compute: dict[str, Any] = {}
    compute["flavors"] = [
        {"name": f.name, "id": str(f.id), "vcpus": f.vcpus, "ram": f.ram, "disk": f.disk,
         "ephemeral": f.ephemeral or 0, "swap": int(f.swap or 0), "is_public": f.is_public,
         "extra_specs": dict(f.extra_specs or {}), **({"description": f.description} if f.description else {})}
        for f in _quiet(lambda: list(conn.compute.flavors(is_public=None)), [])
    ]
    aggregates = _quiet(lambda: list(conn.compute.aggregates()), [])
    compute["aggregates"] = [{"name": a.name, "availability_zone": a.availability_zone,
                              "metadata": {k: v for k, v in (a.metadata or {}).items() if k != "availability_zone"}}
                             for a in aggregates]
    host_aggs: dict[str, list[str]] = {}
    host_az: dict[str, str] = {}
    for a in aggregates:
        for member in a.hosts or []:
            host_aggs.setdefault(member, []).append(a.name)
            if a.availability_zone:
                host_az[member] = a.availability_zone
    for service in _quiet(lambda: list(conn.compute.services(binary="nova-compute")), []):
        host_az.setdefault(service.host, service.availability_zone or "nova")
    compute["hosts"] = []
    for rp in _quiet(lambda: list(conn.placement.resource_providers()), []):
        inventories = _quiet(lambda rp=rp: list(conn.placement.resource_provider_inventories(rp)), [])
        inventory = {i.resource_class: i for i in inventories}
        if "VCPU" not in inventory or "MEMORY_MB" not in inventory:
            continue
        vcpu, ram, disk = inventory["VCPU"], inventory["MEMORY_MB"], inventory.get("DISK_GB")
        host: dict[str, Any] = {
            "name": rp.name,
            "availability_zone": host_az.get(rp.name, "nova"),
            "aggregates": host_aggs.get(rp.name, []),
            "vcpus": vcpu.total,
            "memory_mb": ram.total,
            "cpu_allocation_ratio": vcpu.allocation_ratio,
            "ram_allocation_ratio": ram.allocation_ratio,
            "reserved_host_memory_mb": ram.reserved,
            "reserved_host_cpus": vcpu.reserved,
        }
        if disk is not None:
            host.update({"disk_gb": disk.total, "disk_allocation_ratio": disk.allocation_ratio})
        traits = (
            [
                t
                for t in _quiet(lambda rp=rp: list(conn.placement.get_resource_provider_traits(rp)), [])
                if t.startswith("CUSTOM_")
            ]
            if hasattr(conn.placement, "get_resource_provider_traits")
            else []
        )
        if traits:
            host["traits"] = traits
        compute["hosts"].append(host)
    defaults = _quiet(lambda: conn.compute.get_quota_set_defaults(conn.current_project_id), None)
    if defaults is not None:
        compute["quotas"] = {
            k: v
            for k in (
                "instances",
                "cores",
                "ram",
                "key_pairs",
                "metadata_items",
                "server_groups",
                "server_group_members",
            )
            if isinstance(v := getattr(defaults, k, None), int)
        }
    return compute


def _image(conn: Any, projects: dict[str, Any]) -> dict[str, Any]:
    core = {
        "id",
        "name",
        "status",
        "visibility",
        "owner",
        "protected",
        "checksum",
        "size",
        "virtual_size",
        "disk_format",
        "container_format",
        "min_disk",
        "min_ram",
        "tags",
        "created_at",
        "updated_at",
        "file",
        "schema",
        "self",
        "os_hash_algo",
        "os_hash_value",
        "os_hidden",
        "direct_url",
        "locations",
        "stores",
        "location",
    }
    images = []
    for i in _quiet(lambda: list(conn.image.images()), []):
        properties = {k: str(v) for k, v in (i.properties or {}).items() if k not in core and v is not None}
        images.append(
            {
                "name": i.name,
                "disk_format": i.disk_format or "qcow2",
                "container_format": i.container_format or "bare",
                "visibility": i.visibility if i.visibility != "shared" else "private",
                "min_disk": i.min_disk or 0,
                "min_ram": i.min_ram or 0,
                "protected": bool(i.is_protected),
                "tags": list(i.tags or []),
                "properties": properties,
                "owner": projects[i.owner_id].name if i.owner_id in projects else "admin",
            }
        )
    return {"images": images}


def _network(conn: Any, projects: dict[str, Any]) -> dict[str, Any]:
    def owner(project_id: str) -> str:
        return projects[project_id].name if project_id in projects else "admin"

    subnets: dict[str, list[Any]] = {}
    subnet_names: dict[str, str] = {}
    for s in _quiet(lambda: list(conn.network.subnets()), []):
        subnets.setdefault(s.network_id, []).append(s)
        subnet_names[s.id] = s.name
    networks, names = [], {}
    for n in _quiet(lambda: list(conn.network.networks()), []):
        names[n.id] = n.name
        networks.append(
            {
                "name": n.name,
                "project": owner(n.project_id),
                "shared": bool(n.is_shared),
                "external": bool(n.is_router_external),
                "mtu": n.mtu or 1500,
                "port_security_enabled": n.is_port_security_enabled is not False,
                "subnets": [
                    {
                        k: v
                        for k, v in {
                            "name": s.name,
                            "cidr": s.cidr,
                            "ip_version": s.ip_version,
                            "gateway_ip": s.gateway_ip or "none",
                            "allocation_pools": [
                                {"start": p["start"], "end": p["end"]} for p in s.allocation_pools or []
                            ],
                            "dns_nameservers": list(s.dns_nameservers or []),
                            "host_routes": [
                                {"destination": r["destination"], "nexthop": r["nexthop"]} for r in s.host_routes or []
                            ],
                            "enable_dhcp": bool(s.is_dhcp_enabled),
                            "ipv6_ra_mode": s.ipv6_ra_mode,
                            "ipv6_address_mode": s.ipv6_address_mode,
                        }.items()
                        if v is not None
                    }
                    for s in subnets.get(n.id, [])
                ],
            }
        )
    routers = []
    for r in _quiet(lambda: list(conn.network.routers()), []):
        gateway = r.external_gateway_info or {}
        interfaces = [
            subnet_names[ip["subnet_id"]]
            for port in _quiet(
                lambda r=r: list(conn.network.ports(device_id=r.id, device_owner="network:router_interface")), []
            )
            for ip in port.fixed_ips or []
            if ip["subnet_id"] in subnet_names
        ]
        routers.append(
            {
                "name": r.name,
                "project": owner(r.project_id),
                "external_network": names.get(gateway.get("network_id")) if gateway else None,
                "enable_snat": bool(gateway.get("enable_snat", True)),
                "interfaces": interfaces,
                "routes": [{"destination": x["destination"], "nexthop": x["nexthop"]} for x in r.routes or []],
            }
        )
    groups = []
    group_names = {}
    all_groups = _quiet(lambda: list(conn.network.security_groups()), [])
    for g in all_groups:
        group_names[g.id] = g.name
    for g in all_groups:
        if g.name == "default":
            continue  # Neutron makes each project's default group itself
        rules = []
        for rule in g.security_group_rules or []:
            if _automatic(rule):
                continue  # Neutron adds these to every new group itself
            rules.append(
                {
                    k: v
                    for k, v in {
                        "direction": rule["direction"],
                        "ethertype": rule["ethertype"],
                        "protocol": rule.get("protocol"),
                        "port_range_min": rule.get("port_range_min"),
                        "port_range_max": rule.get("port_range_max"),
                        "remote_ip_prefix": rule.get("remote_ip_prefix"),
                        "remote_group": group_names.get(rule.get("remote_group_id"))
                        if rule.get("remote_group_id")
                        else None,
                    }.items()
                    if v is not None
                }
            )
        groups.append(
            {"name": g.name, "project": owner(g.project_id), "description": g.description or "", "rules": rules}
        )
    return {"networks": networks, "routers": routers, "security_groups": groups}


def _automatic(rule: dict[str, Any]) -> bool:
    return (
        rule["direction"] == "egress"
        and not rule.get("protocol")
        and not rule.get("port_range_min")
        and not rule.get("remote_ip_prefix")
        and not rule.get("remote_group_id")
    )


def _block_storage(conn: Any) -> dict[str, Any]:
    types = [
        {
            "name": t.name,
            "description": t.description,
            "is_public": t.is_public,
            "extra_specs": dict(t.extra_specs or {}),
        }
        for t in _quiet(lambda: list(conn.block_storage.types()), [])
        if t.name != "__DEFAULT__"
    ]
    backends = []
    for pool in _quiet(lambda: list(conn.block_storage.backend_pools()), []):
        caps = pool.capabilities or {}
        total = caps.get("total_capacity_gb")
        backends.append(
            {
                "name": caps.get("volume_backend_name") or pool.name.split("#")[0].split("@")[-1],
                "capacity_gb": int(float(total))
                if isinstance(total, (int, float, str)) and str(total).replace(".", "").isdigit()
                else 1000,
            }
        )
    out: dict[str, Any] = {"volume_types": types}
    if backends:
        out["backends"] = backends
    return out


def _load_balancer(conn: Any) -> dict[str, Any]:
    """Octavia's catalog: flavor and availability zone profiles, flavors, zones, default quotas (load
    balancers themselves are runtime state, as servers are)."""
    import json
    out: dict[str, Any] = {}
    profiles = {p.id: p for p in _quiet(lambda: list(conn.load_balancer.flavor_profiles()), [])}
    out["flavor_profiles"] = [{"name": p.name, "provider_name": p.provider_name,
                               "flavor_data": json.loads(p.flavor_data or "{}")} for p in profiles.values()]
    out["flavors"] = [{"name": f.name, "description": f.description or "", "enabled": f.is_enabled,
                       "flavor_profile": profiles[f.flavor_profile_id].name}
                      for f in _quiet(lambda: list(conn.load_balancer.flavors()), [])
                      if f.flavor_profile_id in profiles]
    zone_profiles = {p.id: p for p in _quiet(lambda: list(conn.load_balancer.availability_zone_profiles()), [])}
    out["availability_zone_profiles"] = [
        {"name": p.name, "provider_name": p.provider_name,
         "availability_zone_data": json.loads(p.availability_zone_data or "{}")} for p in zone_profiles.values()]
    out["availability_zones"] = [
        {"name": z.name, "description": z.description or "", "enabled": z.is_enabled,
         "availability_zone_profile": zone_profiles[z.availability_zone_profile_id].name}
        for z in _quiet(lambda: list(conn.load_balancer.availability_zones()), [])
        if z.availability_zone_profile_id in zone_profiles]
    quota = _quiet(lambda: conn.load_balancer.get_quota_default(), None)
    if quota is not None:
        out["quotas"] = {"load_balancer": quota.load_balancers, "listener": quota.listeners, "pool": quota.pools,
                         "health_monitor": quota.health_monitors, "member": quota.members,
                         "l7policy": getattr(quota, "l7policy", None), "l7rule": getattr(quota, "l7rule", None)}
        out["quotas"] = {k: v for k, v in out["quotas"].items() if isinstance(v, int)}
    return out
# -- object storage, DNS, key manager: per project --------------------------------------------------
ROLE_PREFERENCE = {"admin": 0, "member": 1, "SwiftOperator": 1}
INLINE_OBJECT_BYTES = 64 * 1024  # objects up to this size carry their bytes; larger ones only their size


def project_connections(conn: Any, projects: dict[str, Any], users: dict[str, Any],
                        grants: list[tuple[str, str, str]], known_passwords: dict[str, str]) -> list[tuple[str, Any]]:
    """(project name, a connection scoped to it) for each project the export can enter: the caller's own,
    and each other one where a user whose password is known has a role. Swift accounts, Designate zones and
    Barbican secrets belong to a project and only its members list them."""
    out: list[tuple[str, Any]] = []
    own = conn.current_project_id
    for project_id, project in projects.items():
        if project.is_domain:
            continue
        if project_id == own:
            out.append((project.name, conn))
            continue
        # a reader may not list a Swift account: prefer an admin's or a member's role
        entering = sorted((ROLE_PREFERENCE.get(role, 9), users[u].name) for u, p, role in grants
                          if p == project_id and users[u].name in known_passwords)
        user = next((u for u in users.values() if entering and u.name == entering[0][1]), None)
        if user is None:
            continue
        scoped = _quiet(lambda user=user, project=project: conn.connect_as(
            username=user.name, password=known_passwords[user.name], user_domain_id=user.domain_id,
            project_name=project.name, project_domain_id=project.domain_id), None)
        if scoped is not None:
            out.append((project.name, scoped))
    return out


def _object_storage(scoped: list[tuple[str, Any]]) -> dict[str, Any]:
    containers = []
    for project, conn in scoped:
        for c in _quiet(lambda conn=conn: list(conn.object_store.containers()), []):
            head = _quiet(lambda conn=conn, c=c: conn.object_store.get_container_metadata(c.name), None)
            entry: dict[str, Any] = {"name": c.name, "project": project}
            if head is not None:
                entry.update({k: v for k, v in (("read_acl", head.read_ACL), ("write_acl", head.write_ACL)) if v})
                if head.metadata:
                    entry["metadata"] = dict(head.metadata)
            entry["objects"] = [_object(conn, c.name, o) for o in _quiet(
                lambda conn=conn, c=c: list(conn.object_store.objects(c.name)), [])]
            containers.append(entry)
    return {"containers": containers}


def _object(conn: Any, container: str, obj: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": obj.name}
    head = _quiet(lambda: conn.object_store.get_object_metadata(obj.name, container), None)
    if head is not None:
        entry["content_type"] = head.content_type
        if head.metadata:
            entry["metadata"] = dict(head.metadata)
    size = int(obj.content_length or 0)
    data = _quiet(lambda: conn.object_store.download_object(obj.name, container), None) \
        if size <= INLINE_OBJECT_BYTES else None
    if data is None:
        entry["size"] = size
    else:
        try:
            entry["content"] = data.decode("utf-8")
        except UnicodeDecodeError:
            entry["content_base64"] = base64.b64encode(data).decode()
    return entry


def _dns(scoped: list[tuple[str, Any]]) -> dict[str, Any]:
    zones = []
    for project, conn in scoped:
        for z in _quiet(lambda conn=conn: list(conn.dns.zones()), []):
            if z.project_id and getattr(conn, "current_project_id", None) not in (None, z.project_id):
                continue  # shared into this project, exported with its owner
            entry: dict[str, Any] = {"name": z.name, "project": project, "email": z.email, "ttl": z.ttl}
            if z.type == "SECONDARY":  # its records are its masters': Designate chose its e-mail and TTL
                entry = {"name": z.name, "project": project, "type": "SECONDARY", "masters": list(z.masters or [])}
            if z.description:
                entry["description"] = z.description
            entry["recordsets"] = [
                {k: v for k, v in {"name": r.name, "type": r.type, "records": list(r.records), "ttl": r.ttl,
                                   "description": r.description}.items() if v is not None}
                for r in _quiet(lambda conn=conn, z=z: list(conn.dns.recordsets(z)), [])
                if not (r.type == "SOA" or (r.type == "NS" and r.name == z.name))]  # Designate makes these
            zones.append(entry)
    return {"zones": zones}


def _key_manager(scoped: list[tuple[str, Any]], users: dict[str, Any]) -> dict[str, Any]:
    secrets = []
    for project, conn in scoped:
        for s in _quiet(lambda conn=conn: list(conn.key_manager.secrets()), []):
            secret_id = str(s.id).rsplit("/", 1)[-1]  # the SDK's id is the secret_ref
            entry: dict[str, Any] = {k: v for k, v in {
                "name": s.name, "id": secret_id, "project": project, "secret_type": s.secret_type,
                "algorithm": s.algorithm, "bit_length": s.bit_length, "mode": s.mode,
                "expiration": s.expires_at}.items() if v is not None}
            creator = users.get(getattr(s, "creator_id", None) or "")
            if creator is not None:
                entry["creator"] = creator.name
            content_type = (s.content_types or {}).get("default")
            full = _quiet(lambda conn=conn, secret_id=secret_id: conn.key_manager.get_secret(secret_id), None) \
                if content_type else None
            payload = getattr(full, "payload", None)
            if isinstance(payload, str):
                entry.update(payload=payload, payload_content_type="text/plain")
            elif isinstance(payload, bytes):
                entry.update(payload=base64.b64encode(payload).decode(), payload_content_type=content_type,
                             payload_content_encoding="base64")
            secrets.append(entry)
    return {"secrets": secrets}
