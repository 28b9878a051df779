"""tempest.conf, generated from what the running cloud reports (``discover.Discovery``).

Every feature flag is written with the reason it has its value; flags that make tempest skip tests
(a feature the cloud does not offer) are listed in docs/conformance.md. Values are those a real cloud
with the same capabilities would set: nothing here exists to hide a failure.
"""

from __future__ import annotations

import configparser
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.discover import Discovery
from conformance.plugins import PLUGINS

# tempest 47 declares every build_interval an IntOpt: 1 s is the shortest poll it accepts (0 would
# make its waiters poll in a busy loop). twinstack's state machines advance at once, so most waits
# end on the first poll, before any sleep.
BUILD_INTERVAL = 1
BUILD_TIMEOUT = 30     # a build that is not done in 30 s will not be done at all


@dataclass
class Setting:
    section: str
    option: str
    value: Any
    reason: str = ""
    skips: bool = False   # this value makes tempest skip tests a fuller cloud would run


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def settings(d: Discovery, state_dir: Path) -> list[Setting]:
    s: list[Setting] = []

    def put(section: str, option: str, value: Any, reason: str = "", skips: bool = False) -> None:
        s.append(Setting(section, option, value, reason, skips))

    a = d.admin
    put("DEFAULT", "log_dir", str(state_dir / "logs"))
    put("DEFAULT", "log_file", "tempest.log")
    put("oslo_concurrency", "lock_path", str(state_dir / "lock"))
    # -- credentials: tempest creates a project and users per test class as the admin ---------
    put("auth", "use_dynamic_credentials", True)
    put("auth", "admin_username", a["username"])
    put("auth", "admin_password", a["password"])
    put("auth", "admin_project_name", a["project_name"])
    put("auth", "admin_domain_name", "Default")
    put("auth", "default_credentials_domain_name", "Default")
    put("auth", "create_isolated_networks", "network" in d.catalog,
        "tempest makes a network, subnet and router per test class when Neutron is in the catalog")
    # -- identity ----------------------------------------------------------------------------
    put("identity", "uri_v3", f"{d.auth_url}/v3")
    put("identity", "auth_version", "v3")
    put("identity", "region", d.region)
    put("identity", "v3_endpoint_type", "public")
    put("identity", "admin_role", "admin")
    put("identity", "default_domain_id", "default")
    probes = d.identity_probes
    put("identity-feature-enabled", "api_v3", True)
    put("identity-feature-enabled", "api_v2", False, "Keystone removed v2.0 (Queens); tempest 47 has no v2 tests")
    put("identity-feature-enabled", "api_v2_admin", False, "Keystone removed v2.0")
    put("identity-feature-enabled", "trust", probes.get("trust", False),
        "probed: GET /v3/OS-TRUST/trusts " + ("answers" if probes.get("trust") else "is not served"),
        skips=not probes.get("trust", False))
    put("identity-feature-enabled", "access_rules", probes.get("access_rules", False),
        "probed: GET /v3/users/{id}/access_rules " + ("answers" if probes.get("access_rules") else "is not served"),
        skips=not probes.get("access_rules", False))
    exts = [name for name in ("OS-EC2", "OS-INHERIT") if probes.get(name)]
    put("identity-feature-enabled", "api_extensions", exts or [""],
        "probed: OS-EC2 credentials and OS-INHERIT role listings; listed only if served",
        skips=len(exts) < 2)
    put("identity-feature-enabled", "domain_specific_drivers", False,
        "no per-domain identity backends (DevStack's default too)", skips=True)
    put("identity-feature-enabled", "security_compliance", False,
        "no PCI-DSS password rules configured (Keystone's default: off)", skips=True)
    put("identity-feature-enabled", "immutable_user_source", False,
        "users are writable (SQL backend), as in DevStack")
    # -- compute -----------------------------------------------------------------------------
    svc = dict.fromkeys(("nova", "glance", "neutron", "cinder", "swift", "horizon"), False)
    from conformance.discover import SERVICE_AVAILABLE
    for ctype in d.catalog:
        if ctype in SERVICE_AVAILABLE:
            svc[SERVICE_AVAILABLE[ctype]] = True
    for name, available in svc.items():
        put("service_available", name, available,
            "in the catalog" if available else "not in the catalog", skips=not available)
    if "compute" in d.catalog:
        flavors = d.flavors
        if flavors:
            put("compute", "flavor_ref", flavors[0]["id"], f"smallest public flavor ({flavors[0].get('name')})")
            alt = flavors[1] if len(flavors) > 1 else flavors[0]
            put("compute", "flavor_ref_alt", alt["id"], f"next public flavor ({alt.get('name')})")
        else:
            d.notes.append("no public flavors: compute tests that boot servers cannot run")
        put("compute", "region", d.region)
        put("compute", "build_interval", BUILD_INTERVAL)
        put("compute", "build_timeout", BUILD_TIMEOUT)
        put("compute", "min_compute_nodes", max(d.hypervisors, 1),
            f"{d.hypervisors} enabled hypervisor(s) in os-hypervisors; migration tests need 2",
            skips=d.hypervisors < 2)
        if "compute" in d.versions:
            put("compute", "min_microversion", d.versions["compute"][0], "compute version document")
            put("compute", "max_microversion", d.versions["compute"][1], "compute version document")
        _compute_flags(put, d)
    if d.images:
        put("compute", "image_ref", d.images[0]["id"], f"active image {d.images[0].get('name')}")
        alt_image = d.images[1] if len(d.images) > 1 else d.images[0]
        put("compute", "image_ref_alt", alt_image["id"], f"active image {alt_image.get('name')}")
    if "placement" in d.catalog:
        put("placement", "region", d.region)
        if "placement" in d.versions:
            put("placement", "min_microversion", d.versions["placement"][0], "placement version document")
            put("placement", "max_microversion", d.versions["placement"][1], "placement version document")
    # -- image -------------------------------------------------------------------------------
    if "image" in d.catalog:
        put("image", "region", d.region)
        put("image", "build_interval", BUILD_INTERVAL)
        put("image", "build_timeout", BUILD_TIMEOUT)
        # disk_formats and container_formats stay tempest's defaults (qcow2, raw, ... and bare, ami, ...),
        # as DevStack's lib/tempest leaves them: ListUserImagesTest makes images of the first six pairs and
        # then lists raw ones, so an order led by the schema enum (ami, ari...) finds none
        put("image-feature-enabled", "api_v2", True)
        put("image-feature-enabled", "image_format_enforcement", d.image_format_enforced,
            "probed: an upload of bytes that are not qcow2 as disk_format qcow2 was "
            + ("refused" if d.image_format_enforced else "accepted (no format inspection)"),
            skips=d.image_format_enforced)
        put("image-feature-enabled", "do_secure_hash", d.image_hashes,
            "probed: os_hash_value " + ("set" if d.image_hashes else "empty") + " after an upload")
        if d.http_image:
            put("image", "http_image", d.http_image,
                "served by the harness on loopback (no internet; DevStack points it at a reachable cirros)")
            put("image", "http_qcow2_image", d.http_qcow2_image, "served by the harness on loopback")
        put("image-feature-enabled", "import_image", bool(d.import_methods),
            f"/v2/info/import lists {d.import_methods or 'no methods'}", skips=not d.import_methods)
        put("image", "image_caching_enabled", d.image_cache,
            "probed: GET /v2/cache " + ("answers" if d.image_cache else "is refused"), skips=not d.image_cache)
        put("image-feature-enabled", "manage_locations", False,
            "show_multiple_locations is off (Glance's default)", skips=True)
        put("image-feature-enabled", "image_conversion", False, "no import-time conversion plugin (Glance's default)",
            skips=True)
        put("image-feature-enabled", "http_store_enabled", False, "no http store (DevStack's default)", skips=True)
    # -- network -----------------------------------------------------------------------------
    if "network" in d.catalog:
        exts = d.network_extensions
        put("network", "region", d.region)
        put("network", "build_interval", BUILD_INTERVAL)
        put("network", "build_timeout", BUILD_TIMEOUT)
        if d.public_network:
            name = d.public_network.get("name")
            put("network", "public_network_id", d.public_network["id"], f"external network {name}")
            put("network", "floating_network_name", d.public_network.get("name", "public"))
        put("network", "project_networks_reachable", False, "fake hypervisors have no data plane")
        put(
            "network-feature-enabled",
            "api_extensions",
            exts or [""],
            f"the {len(exts)} aliases GET /v2.0/extensions lists",
            skips=True,
        )
        put(
            "network-feature-enabled",
            "floating_ips",
            bool(d.public_network) and "router" in exts,
            "an external network and the router extension"
            + ("" if d.public_network and "router" in exts else ": missing"),
            skips=not (d.public_network and "router" in exts),
        )
        put(
            "network-feature-enabled",
            "port_security",
            "port-security" in exts,
            "the port-security extension",
            skips="port-security" not in exts,
        )
        put("network-feature-enabled", "ipv6", True)
        put(
            "network-feature-enabled",
            "ipv6_subnet_attributes",
            True,
            "ipv6_ra_mode/ipv6_address_mode are subnet fields",
        )
    # -- object storage ----------------------------------------------------------------------
    if "object-store" in d.catalog:
        put("object-storage", "region", d.region)
        put("object-storage-feature-enabled", "discoverable_apis", ",".join(d.object_storage_apis),
            "probed: the middleware Swift's /info lists (tempest skips the others)", skips=True)
        put("object-storage-feature-enabled", "container_sync", False,
            "no container-sync realms (twinstack's Swift has no container sync)", skips=True)
    # -- volume ------------------------------------------------------------------------------
    if d.volume_type:
        put("volume", "catalog_type", d.volume_type, "the catalog's type for Cinder v3")
        put("volume", "region", d.region)
        put("volume", "build_interval", BUILD_INTERVAL)
        put("volume", "build_timeout", BUILD_TIMEOUT)
        if "volume" in d.versions:
            put("volume", "min_microversion", d.versions["volume"][0], "volume version document")
            put("volume", "max_microversion", d.versions["volume"][1], "volume version document")
        pools = d.volume_pools
        backends = sorted(
            {
                (p.get("capabilities") or {}).get("volume_backend_name") or p.get("name", "").split("#")[-1]
                for p in pools
            }
            - {""}
        )
        if backends:
            put("volume", "backend_names", backends, "volume_backend_name of the scheduler's pools")
        caps = (pools[0].get("capabilities") or {}) if pools else {}
        if caps.get("storage_protocol"):
            put("volume", "storage_protocol", caps["storage_protocol"], "the first pool's capabilities")
        if caps.get("vendor_name"):
            put("volume", "vendor_name", caps["vendor_name"], "the first pool's capabilities")
        put(
            "volume-feature-enabled",
            "multi_backend",
            len(backends) > 1,
            f"{len(backends)} backend(s)",
            skips=len(backends) < 2,
        )
        put(
            "volume-feature-enabled",
            "api_extensions",
            d.volume_extensions or [""],
            f"the {len(d.volume_extensions)} aliases GET /v3/{{project}}/extensions lists",
            skips=True,
        )
        put(
            "volume-feature-enabled",
            "backup",
            d.volume_backups,
            "GET /backups " + ("answers" if d.volume_backups else "is not served"),
            skips=not d.volume_backups,
        )
        if d.multiattach_type:
            put("volume", "volume_type_multiattach", d.multiattach_type)
        put(
            "volume-feature-enabled",
            "extend_attached_volume",
            False,
            "DevStack's default (TEMPEST_EXTEND_ATTACHED_VOLUME=False)",
            skips=True,
        )
        put("volume-feature-enabled", "snapshot", True)
        put("volume-feature-enabled", "clone", True)
        put("volume-feature-enabled", "manage_volume", False, "no driver-managed storage to adopt", skips=True)
        put("volume-feature-enabled", "manage_snapshot", False, "no driver-managed storage to adopt", skips=True)
        put("volume-feature-enabled", "replication", False, "no replication targets", skips=True)
    # -- what fake hypervisors cannot do -----------------------------------------------------
    put("validation", "run_validation", False, "fake servers have no guest to SSH into or ping", skips=True)

    put("service-clients", "http_timeout", 60)
    # -- tempest plugins (conformance/plugins.py): their options when their service is in the catalog
    for plugin in PLUGINS:
        available = plugin.catalog_type in d.catalog
        for section, option, value, why in plugin.settings:
            if section == "service_available":
                put(section, option, available, why if available else "not in the catalog", skips=not available)
            elif available:
                put(section, option, value.format(region=d.region), why.removeprefix("skips: "),
                    skips=why.startswith("skips:"))
    return s


def _compute_flags(put: Any, d: Discovery) -> None:
    """Nova's fake-driver capabilities, as twinstack's compute implements them."""
    on = "Nova's fake driver supports it, so twinstack's compute must too"
    put("compute-feature-enabled", "console_output", True, on)
    put("compute-feature-enabled", "resize", True, on)
    put("compute-feature-enabled", "pause", True, on)
    put("compute-feature-enabled", "suspend", True, on)
    put("compute-feature-enabled", "shelve", True, on)
    put("compute-feature-enabled", "rescue", True, on)
    put("compute-feature-enabled", "snapshot", True, on)
    put(
        "compute-feature-enabled",
        "interface_attach",
        "network" in d.catalog,
        "needs Neutron ports",
        skips="network" not in d.catalog,
    )
    put("compute-feature-enabled", "disk_config", True, on)
    put("compute-feature-enabled", "config_drive", True, on)
    put("compute-feature-enabled", "enable_instance_password", True, on)
    put(
        "compute-feature-enabled",
        "cold_migration",
        d.hypervisors > 1,
        f"{d.hypervisors} host(s)",
        skips=d.hypervisors < 2,
    )
    put(
        "compute-feature-enabled",
        "live_migration",
        d.hypervisors > 1,
        f"{d.hypervisors} host(s)",
        skips=d.hypervisors < 2,
    )
    put(
        "compute-feature-enabled",
        "change_password",
        False,
        "needs a guest agent to set the password inside the guest (DevStack's default: off)",
        skips=True,
    )
    put("compute-feature-enabled", "serial_console", False, "no serial console proxy (no guest)", skips=True)
    put("compute-feature-enabled", "vnc_console", False, "no noVNC proxy (no guest display)", skips=True)
    put("compute-feature-enabled", "spice_console", False, "no SPICE proxy (no guest display)", skips=True)
    verified = "verified: tempest's tests for it pass against twinstack (Nova's fake driver has it too)"
    put("compute-feature-enabled", "stable_rescue", True, verified)
    put("compute-feature-enabled", "block_migration_for_live_migration", d.hypervisors > 1, verified)
    put("compute-feature-enabled", "volume_backed_live_migration", d.hypervisors > 1, verified)
    put(
        "compute-feature-enabled",
        "swap_volume",
        False,
        "volume swap needs a hypervisor block job (DevStack's default: off)",
        skips=True,
    )
    put(
        "compute-feature-enabled",
        "volume_multiattach",
        bool(d.multiattach_type),
        f"volume type {d.multiattach_type} has multiattach='<is> True'"
        if d.multiattach_type
        else "no volume type has multiattach='<is> True' (DevStack makes one only with ENABLE_VOLUME_MULTIATTACH)",
        skips=not d.multiattach_type,
    )
    put(
        "compute-feature-enabled",
        "attach_encrypted_volume",
        False,
        "no key manager (Barbican) in the cloud",
        skips=True,
    )
    put(
        "compute-feature-enabled",
        "personality",
        False,
        "file injection is off (DevStack's default, ENABLE_FILE_INJECTION=False); removed in 2.57",
        skips=True,
    )
    try:  # the filters twinstack's scheduler runs (no API lists them, as in Nova)
        from twinstack.compute.scheduler.filters import DEFAULT_FILTERS

        names = [f.name for f in DEFAULT_FILTERS]
        put(
            "compute-feature-enabled",
            "scheduler_enabled_filters",
            names,
            "the filters of twinstack/compute/scheduler/filters.py",
        )
    except Exception:
        pass
    put("compute-feature-enabled", "metadata_service", False, "no guest to read a metadata service", skips=True)


def render(items: list[Setting]) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    for item in items:
        if item.section != "DEFAULT" and not parser.has_section(item.section):
            parser.add_section(item.section)
        parser.set(item.section, item.option, _fmt(item.value))
    out = io.StringIO()
    out.write("# Generated by `python -m conformance` from the running cloud; do not edit.\n")
    parser.write(out)
    return out.getvalue()


def skip_flags(items: list[Setting]) -> list[dict[str, str]]:
    return [
        {
            "flag": f"{i.section}.{i.option}",
            "value": _fmt(i.value) if len(_fmt(i.value)) < 80 else _fmt(i.value)[:77] + "...",
            "reason": i.reason,
        }
        for i in items
        if i.skips
    ]
