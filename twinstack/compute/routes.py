"""Compute's route table (below ``/compute``): version discovery, then every resource below
``/v2.1`` and, as Nova serves them, below ``/v2``, ``/v2.1/{project_id}`` and ``/v2/{project_id}``.
Starlette takes the first match: fixed segments come before parameters (``/flavors/detail`` first)."""

from __future__ import annotations

from typing import Any

from twinstack.compute.api import (
    aggregates,
    assisted_volume_snapshots,
    availability_zones,
    consoles,
    flavor_access,
    flavor_extra_specs,
    flavors,
    floating_ips,
    hosts,
    hypervisors,
    images,
    instance_actions,
    interfaces,
    ips,
    keypairs,
    limits,
    migrations,
    networks,
    quotas,
    security_groups,
    server_actions,
    server_diagnostics,
    server_groups,
    server_metadata,
    server_migrations,
    server_misc,
    server_shares,
    server_tags,
    servers,
    services,
    usage,
    versions,
    volume_attachments,
    volumes,
    volumes_boot,
)
from twinstack.compute.api.resources_common import reject_unknown_query
from twinstack.core.pipeline import Handler, Req

Routes = list[tuple[str, dict[str, Handler]]]

RESOURCES: Routes = [
    # servers and what hangs below them
    ("/servers", {"GET": servers.index, "POST": servers.create}),
    ("/servers/detail", {"GET": servers.detail}),
    ("/servers/{server_id}", {"GET": servers.show, "PUT": servers.update, "DELETE": servers.delete}),
    ("/servers/{server_id}/action", {"POST": server_actions.action}),
    ("/servers/{server_id}/metadata", {"GET": server_metadata.index, "POST": server_metadata.create,
                                       "PUT": server_metadata.update_all}),
    ("/servers/{server_id}/metadata/{key}", {"GET": server_metadata.show, "PUT": server_metadata.update,
                                             "DELETE": server_metadata.delete}),
    ("/servers/{server_id}/shares", {"GET": server_shares.index, "POST": server_shares.create}),
    ("/servers/{server_id}/shares/{share_id}", {"GET": server_shares.show, "DELETE": server_shares.delete}),
    ("/servers/{server_id}/tags", {"GET": server_tags.index, "PUT": server_tags.update_all,
                                   "DELETE": server_tags.delete_all}),
    ("/servers/{server_id}/tags/{tag}", {"GET": server_tags.show, "PUT": server_tags.update,
                                         "DELETE": server_tags.delete}),
    ("/servers/{server_id}/os-instance-actions", {"GET": instance_actions.index}),
    ("/servers/{server_id}/os-instance-actions/{request_id}", {"GET": instance_actions.show}),
    ("/servers/{server_id}/ips", {"GET": ips.index}),
    ("/servers/{server_id}/ips/{network}", {"GET": ips.show}),
    ("/servers/{server_id}/diagnostics", {"GET": server_diagnostics.show}),
    ("/servers/{server_id}/topology", {"GET": server_misc.topology}),
    ("/servers/{server_id}/remote-consoles", {"POST": consoles.create}),
    ("/servers/{server_id}/os-volume_attachments", {"GET": volume_attachments.index,
                                                    "POST": volume_attachments.create}),
    ("/servers/{server_id}/os-volume_attachments/{volume_id}", {"GET": volume_attachments.show,
                                                                "PUT": volume_attachments.update,
                                                                "DELETE": volume_attachments.delete}),
    ("/servers/{server_id}/migrations", {"GET": server_migrations.index}),
    ("/servers/{server_id}/migrations/{migration_id}", {"GET": server_migrations.show,
                                                        "DELETE": server_migrations.delete}),
    ("/servers/{server_id}/migrations/{migration_id}/action", {"POST": server_migrations.action}),
    ("/servers/{server_id}/os-server-password", {"GET": server_misc.get_password,
                                                 "DELETE": server_misc.clear_password}),
    ("/servers/{server_id}/os-interface", {"GET": interfaces.index, "POST": interfaces.create}),
    ("/servers/{server_id}/os-interface/{port_id}", {"GET": interfaces.show, "DELETE": interfaces.delete}),
    ("/servers/{server_id}/os-security-groups", {"GET": security_groups.server_groups}),
    ("/os-server-external-events", {"POST": server_misc.external_events}),
    ("/os-assisted-volume-snapshots", {"POST": assisted_volume_snapshots.create}),
    ("/os-assisted-volume-snapshots/{snapshot_id}", {"DELETE": assisted_volume_snapshots.delete}),
    ("/extensions", {"GET": server_misc.extensions}),
    ("/extensions/{alias}", {"GET": server_misc.extension}),
    # the compute resources
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
    # the proxies to the other services (gone from 2.36) and the nova-network calls Nova answers 410
    ("/images", {"GET": images.index}),
    ("/images/detail", {"GET": images.detail}),
    ("/images/{image_id}", {"GET": images.show, "DELETE": images.delete}),
    ("/images/{image_id}/metadata", {"GET": images.metadata, "POST": images.metadata_create,
                                     "PUT": images.metadata_replace}),
    ("/images/{image_id}/metadata/{key}", {"GET": images.metadata_item, "PUT": images.metadata_item_update,
                                           "DELETE": images.metadata_item_delete}),
    ("/os-volumes", {"GET": volumes.index, "POST": volumes.create}),
    ("/os-volumes/detail", {"GET": volumes.index}),
    ("/os-volumes/{volume_id}", {"GET": volumes.show, "DELETE": volumes.delete}),
    ("/os-snapshots", {"GET": volumes.snapshots, "POST": volumes.create_snapshot}),
    ("/os-snapshots/detail", {"GET": volumes.snapshots}),
    ("/os-snapshots/{snapshot_id}", {"GET": volumes.snapshot, "DELETE": volumes.delete_snapshot}),
    ("/os-volumes_boot", {"GET": volumes_boot.index, "POST": volumes_boot.create}),
    ("/os-volumes_boot/detail", {"GET": volumes_boot.detail}),
    ("/os-volumes_boot/{server_id}", {"GET": volumes_boot.show, "PUT": volumes_boot.update,
                                      "DELETE": volumes_boot.delete}),
    ("/os-volumes_boot/{server_id}/action", {"POST": volumes_boot.action}),
    ("/os-security-groups", {"GET": security_groups.index, "POST": security_groups.create}),
    ("/os-security-groups/{group_id}", {"GET": security_groups.show, "PUT": security_groups.update,
                                        "DELETE": security_groups.delete}),
    ("/os-security-group-rules", {"POST": security_groups.create_rule}),
    ("/os-security-group-rules/{rule_id}", {"DELETE": security_groups.delete_rule}),
    ("/os-security-group-default-rules", {"GET": networks.gone, "POST": networks.gone}),
    ("/os-security-group-default-rules/{rule_id}", {"GET": networks.gone, "DELETE": networks.gone}),
    ("/os-floating-ip-pools", {"GET": floating_ips.pools}),
    ("/os-floating-ips", {"GET": floating_ips.index, "POST": floating_ips.create}),
    ("/os-floating-ips/{fip_id}", {"GET": floating_ips.show, "DELETE": floating_ips.delete}),
    ("/os-networks", {"GET": networks.index, "POST": networks.gone}),
    ("/os-networks/add", {"POST": networks.gone}),
    ("/os-networks/{network_id}", {"GET": networks.show, "DELETE": networks.gone}),
    ("/os-networks/{network_id}/action", {"POST": networks.gone}),
    ("/os-tenant-networks", {"GET": networks.tenant_index, "POST": networks.gone}),
    ("/os-tenant-networks/{network_id}", {"GET": networks.tenant_show, "DELETE": networks.gone}),
]

# From 2.102 Nova's query schemas for these GETs allow no parameter at all (additionalProperties false);
# the flavor lists check their own (they also take parameters).
STRICT_FROM_2_102 = frozenset({
    "/servers/{server_id}", "/servers/{server_id}/metadata", "/servers/{server_id}/metadata/{key}",
    "/servers/{server_id}/os-instance-actions/{request_id}", "/servers/{server_id}/ips",
    "/servers/{server_id}/ips/{network}", "/servers/{server_id}/diagnostics", "/servers/{server_id}/migrations",
    "/servers/{server_id}/migrations/{migration_id}", "/servers/{server_id}/os-server-password",
    "/servers/{server_id}/topology", "/servers/{server_id}/os-interface", "/servers/{server_id}/os-interface/{port_id}",
    "/servers/{server_id}/os-security-groups", "/extensions", "/extensions/{alias}", "/flavors/{flavor_id}",
    "/flavors/{flavor_id}/os-flavor-access", "/flavors/{flavor_id}/os-extra_specs",
    "/flavors/{flavor_id}/os-extra_specs/{key}", "/os-server-groups/{group_id}", "/os-aggregates",
    "/os-aggregates/{aggregate_id}", "/os-availability-zone", "/os-availability-zone/detail",
    "/os-quota-class-sets/{class_name}", "/os-instance_usage_audit_log", "/os-instance_usage_audit_log/{before}",
})


def _strict(handler: Handler) -> Handler:
    async def checked(req: Req) -> Any:
        if req.at_least(2, 102):
            reject_unknown_query(req)
        return await handler(req)
    checked.__name__ = handler.__name__
    return checked


def strict_queries(routes: Routes) -> Routes:
    return [(path, {m: _strict(h) if m == "GET" and path in STRICT_FROM_2_102 else h for m, h in methods.items()})
            for path, methods in routes]


ROOTS = ("/v2.1", "/v2", "/v2.1/{project_id}", "/v2/{project_id}")


def expand(routes: Routes) -> Routes:
    """Every route below each of Nova's four roots; the roots without a project id first, so a
    fixed segment (``/servers/detail``) is never read as a project id."""
    return [(root + path, methods) for root in ROOTS for path, methods in routes]


ROUTES: Routes = [
    ("/", {"GET": versions.root}),
    ("/v2.1", {"GET": versions.v21}),
    ("/v2.1/", {"GET": versions.v21}),
    ("/v2", {"GET": versions.v2}),
    ("/v2/", {"GET": versions.v2}),
    ("/v2.0", {"GET": versions.v2}),
    ("/v2.0/", {"GET": versions.v2}),
] + expand(strict_queries(RESOURCES))
