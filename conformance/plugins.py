"""tempest plugins run beside tempest: one entry each (the PyPI package pinned, the catalog type that
turns it on, the report's service name and test regex, and its tempest.conf settings). The runner installs
every package into tempest's venv; ``--services <name>`` runs a plugin's tests; tempest.conf gets a
plugin's settings when its catalog type is in the cloud's catalog. Add a row for another plugin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (section, option, value, reason)
Conf = list[tuple[str, str, Any, str]]


@dataclass(frozen=True)
class Plugin:
    service: str  # the name reports and --services use
    package: str  # pip requirement, pinned
    module: str  # the top package of its tests (test ids start with it)
    catalog_type: str  # turned on when the catalog has this type
    regex: str  # the API tests run by default
    settings: Callable[[Any], Conf]  # tempest.conf entries, given discover.Discovery


def _octavia(d: Any) -> Conf:
    return [
        ("load_balancer", "availability_zone", "nova", "Nova's zone, which the AZ tests' profiles name"),
        ("service_available", "load_balancer", True, "Octavia is in the catalog (load-balancer)"),
        ("load_balancer", "region", d.region, ""),
        ("load_balancer", "catalog_type", "load-balancer", "DevStack's catalog type"),
        ("load_balancer", "endpoint_type", "public", ""),
        ("load_balancer", "build_interval", 0.2, "statuses settle at once; poll often"),
        ("load_balancer", "build_timeout", 60, ""),
        ("load_balancer", "check_interval", 0.2, ""),
        ("load_balancer", "check_timeout", 30, ""),
        ("load_balancer", "lb_build_interval", 0.2, "an amphora boots through Nova in well under a second"),
        ("load_balancer", "lb_build_timeout", 120, ""),
        ("load_balancer", "member_role", "member", "the secure-RBAC roles DevStack gives"),
        ("load_balancer", "admin_role", "admin", ""),
        ("load_balancer", "observer_role", "reader", ""),
        ("load_balancer", "global_observer_role", "admin", ""),
        ("load_balancer", "RBAC_test_type", "keystone_default_roles", "Octavia's keystone_default_roles policy"),
        ("load_balancer", "enforce_new_defaults", True, ""),
        ("load_balancer", "provider", "amphora", ""),
        ("load_balancer", "enabled_provider_drivers",
         "amphora:The Octavia Amphora driver.,octavia:Deprecated alias of the Octavia Amphora driver.", ""),
        ("load_balancer", "loadbalancer_topology", "SINGLE", "the model's amphora topology"),
        ("load_balancer", "test_with_noop", False, ""),
        ("load_balancer", "test_with_ipv6", True, ""),
        ("loadbalancer-feature-enabled", "not_implemented_is_error", True, ""),
        ("loadbalancer-feature-enabled", "terminated_tls_enabled", True, ""),
        ("loadbalancer-feature-enabled", "log_offload_enabled", False, "no amphora logs to offload"),
        ("loadbalancer-feature-enabled", "spare_pool_enabled", False, "no spare amphora pool (DevStack's default)"),
        ("enforce_scope", "octavia", False, "project-scoped tokens, as DevStack's Octavia"),
    ]


def _barbican(d: Any) -> Conf:
    return [
        ("service_available", "barbican", True, "Barbican is in the catalog (key-manager)"),
        ("key_manager", "region", d.region, "the catalog's region"),
        ("key_manager", "min_microversion", "1.0", "versions.py: 1.0-1.2"),
        ("key_manager", "max_microversion", "1.2", "versions.py: 1.0-1.2"),
        ("enforce_scope", "barbican", False, "project-scoped admin, as the policies' check strings read"),
        ("barbican_tempest", "enable_multiple_secret_stores", True,
         "the default model enables /secret-stores (one global default store); its RBAC tests need enforce_scope"),
    ]


def _heat(d: Any) -> Conf:
    """[heat_plugin]: DevStack's lib/tempest values, on the model's demo user and its private network."""
    why = "as DevStack's lib/tempest configures heat-tempest-plugin"
    values = {
        "auth_url": f"{d.auth_url}/v3", "auth_version": "3", "username": "demo", "password": "demo",
        "project_name": "demo", "admin_username": d.admin["username"], "admin_password": d.admin["password"],
        "admin_project_name": d.admin["project_name"], "user_domain_name": "Default",
        "project_domain_name": "Default", "region": d.region, "instance_type": "m1.tiny",
        "minimal_instance_type": "m1.nano", "image_ref": "cirros-0.6.3-x86_64-disk",
        "minimal_image_ref": "cirros-0.6.3-x86_64-disk", "fixed_network_name": "private",
        "fixed_subnet_name": "private-subnet", "floating_network_name": "public", "build_interval": 1,
        "build_timeout": 60,
    }
    return [("heat_plugin", k, v, why) for k, v in values.items()] + [
        ("service_available", "heat", True, "Heat is in the catalog (orchestration)")]


def _designate(d: Any) -> Conf:
    return [
        ("service_available", "designate", True, "dns is in the catalog"),
        ("dns", "build_interval", 1, "an IntOpt; zones are ACTIVE before the answer, so the first poll ends it"),
        ("dns", "build_timeout", 30, "nothing here takes long"),
        ("dns_feature_enabled", "api_v2_quotas", True, "/v2/quotas"),
        ("dns_feature_enabled", "api_v2_quotas_verify_project", True, "quotas of unknown projects are refused"),
        ("dns_feature_enabled", "api_v2_root_recordsets", True, "/v2/recordsets"),
        ("dns_feature_enabled", "enforce_new_defaults", True, "policies.py: Designate's new defaults"),
        ("enforce_scope", "designate", False, "project-scoped admin, as the policies' check strings read"),
    ]


PLUGINS: list[Plugin] = [
    Plugin("load_balancer", "octavia-tempest-plugin==3.5.0", "octavia_tempest_plugin", "load-balancer",
           r"^octavia_tempest_plugin\.tests\.api\.v2\.", _octavia),
    # registers [service_available] barbican, which octavia's TERMINATED_HTTPS tests look for
    Plugin("key_manager", "barbican-tempest-plugin==4.6.0", "barbican_tempest_plugin", "key-manager",
           r"^barbican_tempest_plugin\.tests\.api\.", _barbican),
    Plugin("dns", "designate-tempest-plugin==0.30.0", "designate_tempest_plugin", "dns",
           r"^designate_tempest_plugin\.tests\.api\.v2\.", _designate),
    # the API tests (gabbi); the functional tests need resource types and servers reachable over SSH
    Plugin("orchestration", "heat-tempest-plugin==3.0.0", "heat_tempest_plugin", "orchestration",
           r"^heat_tempest_plugin\.tests\.api\.", _heat),
]


def by_service(name: str) -> Plugin | None:
    return next((p for p in PLUGINS if p.service == name), None)


def service_of(test_id: str) -> str | None:
    return next((p.service for p in PLUGINS if test_id.startswith(p.module + ".")), None)


def packages() -> list[str]:
    return [p.package for p in PLUGINS]
