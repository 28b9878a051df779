"""Tempest plugins that test the services tempest itself leaves out: one row per plugin, pinned, with the
tests it contributes to a run and the tempest.conf options it reads. ``runner`` installs them beside
tempest, ``tempest_conf`` writes their options when the catalog has their service, ``report`` files
their tests under ``service``. Add a plugin by adding a row."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plugin:
    service: str  # the report's name for the service (a section of docs/conformance.md)
    catalog_type: str  # the catalog entry that makes the service available
    package: str  # the PyPI requirement, pinned
    module: str  # the plugin's top-level module: its test ids start with it
    regex: str  # the tests a run includes
    settings: tuple[tuple[str, str, str, str], ...]  # (section, option, value, why)


PLUGINS: tuple[Plugin, ...] = (
    Plugin(
        service="key_manager", catalog_type="key-manager",
        package="barbican-tempest-plugin==4.6.0", module="barbican_tempest_plugin",
        regex=r"^barbican_tempest_plugin\.tests\.api\.",
        settings=(
            ("service_available", "barbican", "True", "key-manager is in the catalog"),
            ("key_manager", "region", "{region}", "the catalog's region"),
            ("key_manager", "min_microversion", "1.0", "versions.py: 1.0-1.2"),
            ("key_manager", "max_microversion", "1.2", "versions.py: 1.0-1.2"),
            ("enforce_scope", "barbican", "False", "project-scoped admin, as the policies' check strings read"),
            ("barbican_tempest", "enable_multiple_secret_stores", "False",
             "skips: one secret store (DevStack's simple_crypto), no /secret-stores"),
        ),
    ),
    Plugin(
        service="dns", catalog_type="dns",
        package="designate-tempest-plugin==0.30.0", module="designate_tempest_plugin",
        regex=r"^designate_tempest_plugin\.tests\.api\.v2\.",
        settings=(
            ("service_available", "designate", "True", "dns is in the catalog"),
            ("dns", "build_interval", "1", "an IntOpt; zones are ACTIVE before the answer, so the first poll ends it"),
            ("dns", "build_timeout", "30", "nothing here takes long"),
            ("dns_feature_enabled", "api_v2_quotas", "True", "/v2/quotas"),
            ("dns_feature_enabled", "api_v2_quotas_verify_project", "True", "quotas of unknown projects are refused"),
            ("dns_feature_enabled", "api_v2_root_recordsets", "True", "/v2/recordsets"),
            ("dns_feature_enabled", "enforce_new_defaults", "True", "policies.py: Designate's new defaults"),
            ("enforce_scope", "designate", "False", "project-scoped admin, as the policies' check strings read"),
        ),
    ),
)


def by_module(test_id: str) -> Plugin | None:
    return next((p for p in PLUGINS if test_id.startswith(p.module + ".")), None)


def requirements() -> list[str]:
    return [p.package for p in PLUGINS]


def test_prefixes() -> tuple[str, ...]:
    return ("tempest.", *(p.module + "." for p in PLUGINS))
