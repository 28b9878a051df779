"""tempest plugins the harness installs beside tempest and runs by service (``--services orchestration``): one
row per plugin, a simple table (other services add theirs). A row says which package, which tests, which
report name, and what its tempest.conf section holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.tempest_conf import Setting


@dataclass(frozen=True)
class Plugin:
    service: str  # the report's name, and what --services takes
    requirement: str  # pip requirement installed into tempest's venv
    test_prefix: str  # the test ids it contributes start with this
    regex: str  # what a run of this service selects
    conf: Callable[[Any], list[Setting]]  # its tempest.conf settings, from the Discovery


def _heat(d: Any) -> list[Setting]:
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
    return [Setting("heat_plugin", k, v, why) for k, v in values.items()] + [
        Setting("service_available", "heat", "orchestration" in d.catalog, "Heat is in the catalog")]


PLUGINS: list[Plugin] = [
    # the API tests (gabbi); the functional tests need resource types and servers reachable over SSH
    Plugin("orchestration", "heat-tempest-plugin==3.0.0", "heat_tempest_plugin.",
           r"^heat_tempest_plugin\.tests\.api\.", _heat),
]


def requirements() -> list[str]:
    return [p.requirement for p in PLUGINS]


def by_service(name: str) -> Plugin | None:
    return next((p for p in PLUGINS if p.service == name), None)


def service_of(test_id: str) -> str | None:
    return next((p.service for p in PLUGINS if test_id.startswith(p.test_prefix)), None)


def is_plugin_test(test_id: str) -> bool:
    return service_of(test_id) is not None


def settings(d: Any) -> list[Setting]:
    return [s for p in PLUGINS for s in p.conf(d)]
