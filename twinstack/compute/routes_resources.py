"""The compute resource APIs' routes (flavors, keypairs, server groups, aggregates, zones,
hypervisors, services, quotas, limits, usage, migrations), below ``/compute``; compute-core's
routes.py includes this list. Fixed segments come before parameters (``/flavors/detail`` first)."""

from __future__ import annotations

from twinstack.compute.api import (
    aggregates, availability_zones, flavor_access, flavor_extra_specs, flavors, hosts, hypervisors, keypairs, limits,
    migrations, quotas, server_groups, services, usage)
from twinstack.compute.api.resources_common import both
from twinstack.core.pipeline import Handler

_TABLE: list[tuple[str, dict[str, Handler]]] = [
    ("/flavors", {"GET": flavors.index, "POST": flavors.create}),
    ("/flavors/detail", {"GET": flavors.detail}),
    ("/flavors/{flavor_id}", {"GET": flavors.show, "PUT": flavors.update, "DELETE": flavors.delete}),
    ("/flavors/{flavor_id}/action", {"POST": flavor_access.action}),
    ("/flavors/{flavor_id}/os-flavor-access", {"GET": flavor_access.index}),
    ("/flavors/{flavor_id}/os-extra_specs", {"GET": flavor_extra_specs.index, "POST": flavor_extra_specs.create}),
    ("/flavors/{flavor_id}/os-extra_specs/{key}", {"GET": flavor_extra_specs.show, "PUT": flavor_extra_specs.update,
                                                   "DELETE": flavor_extra_specs.delete}),
    ("/os-keypairs", {"GET": keypairs.index, "POST": keypairs.create}),
    ("/os-keypairs/{keypair_name}", {"GET": keypairs.show, "DELETE": keypairs.delete}),
    ("/os-server-groups", {"GET": server_groups.index, "POST": server_groups.create}),
    ("/os-server-groups/{group_id}", {"GET": server_groups.show, "DELETE": server_groups.delete}),
    ("/os-aggregates", {"GET": aggregates.index, "POST": aggregates.create}),
    ("/os-aggregates/{aggregate_id}", {"GET": aggregates.show, "PUT": aggregates.update,
                                       "DELETE": aggregates.delete}),
    ("/os-aggregates/{aggregate_id}/action", {"POST": aggregates.action}),
    ("/os-aggregates/{aggregate_id}/images", {"POST": aggregates.cache_images}),
    ("/os-availability-zone", {"GET": availability_zones.index}),
    ("/os-availability-zone/detail", {"GET": availability_zones.detail}),
    ("/os-hypervisors", {"GET": hypervisors.index}),
    ("/os-hypervisors/detail", {"GET": hypervisors.detail}),
    ("/os-hypervisors/statistics", {"GET": hypervisors.statistics}),
    ("/os-hypervisors/{hypervisor_id}", {"GET": hypervisors.show}),
    ("/os-hypervisors/{hypervisor_id}/uptime", {"GET": hypervisors.uptime}),
    ("/os-hypervisors/{hypervisor_id}/search", {"GET": hypervisors.search}),
    ("/os-hypervisors/{hypervisor_id}/servers", {"GET": hypervisors.servers}),
    ("/os-hosts", {"GET": hosts.index}),
    ("/os-hosts/{host_name}", {"GET": hosts.show, "PUT": hosts.update}),
    ("/os-hosts/{host_name}/startup", {"GET": hosts.startup}),
    ("/os-hosts/{host_name}/shutdown", {"GET": hosts.shutdown}),
    ("/os-hosts/{host_name}/reboot", {"GET": hosts.reboot}),
    ("/os-services", {"GET": services.index}),
    ("/os-services/{service_id}", {"PUT": services.update, "DELETE": services.delete}),
    ("/os-quota-sets/{tenant_id}", {"GET": quotas.show, "PUT": quotas.update, "DELETE": quotas.delete}),
    ("/os-quota-sets/{tenant_id}/defaults", {"GET": quotas.defaults}),
    ("/os-quota-sets/{tenant_id}/detail", {"GET": quotas.detail}),
    ("/os-quota-class-sets/{class_name}", {"GET": quotas.class_show, "PUT": quotas.class_update}),
    ("/limits", {"GET": limits.index}),
    ("/os-simple-tenant-usage", {"GET": usage.index}),
    ("/os-simple-tenant-usage/{tenant_id}", {"GET": usage.show}),
    ("/os-migrations", {"GET": migrations.index}),
    ("/os-instance_usage_audit_log", {"GET": usage.audit_index}),
    ("/os-instance_usage_audit_log/{before}", {"GET": usage.audit_show}),
]

ROUTES: list[tuple[str, dict[str, Handler]]] = [route for path, methods in _TABLE for route in both(path, methods)]
