"""Compute's route table (below ``/compute``): version discovery, then every resource below
``/v2.1`` and, as Nova serves them, below ``/v2.1/{project_id}``, ``/v2`` and ``/v2/{project_id}``."""

from __future__ import annotations

from twinstack.compute.api import (consoles, images, instance_actions, interfaces, ips, network_proxies,
                                   security_groups, server_actions, server_diagnostics, server_metadata,
                                   server_migrations, server_misc, server_tags, servers, versions,
                                   volume_attachments, volumes)
from twinstack.core.pipeline import Handler
from twinstack.compute import routes_proxies, routes_resources

Routes = list[tuple[str, dict[str, Handler]]]

SERVERS: Routes = [
    ("/servers", {"GET": servers.index, "POST": servers.create}),
    ("/servers/detail", {"GET": servers.detail}),
    ("/servers/{server_id}", {"GET": servers.show, "PUT": servers.update, "DELETE": servers.delete}),
    ("/servers/{server_id}/action", {"POST": server_actions.action}),
    ("/servers/{server_id}/metadata", {"GET": server_metadata.index, "POST": server_metadata.create,
                                       "PUT": server_metadata.update_all}),
    ("/servers/{server_id}/metadata/{key}", {"GET": server_metadata.show, "PUT": server_metadata.update,
                                             "DELETE": server_metadata.delete}),
    ("/servers/{server_id}/tags", {"GET": server_tags.index, "PUT": server_tags.update_all,
                                   "DELETE": server_tags.delete_all}),
    ("/servers/{server_id}/tags/{tag}", {"GET": server_tags.show, "PUT": server_tags.update,
                                         "DELETE": server_tags.delete}),
    ("/servers/{server_id}/os-instance-actions", {"GET": instance_actions.index}),
    ("/servers/{server_id}/os-instance-actions/{request_id}", {"GET": instance_actions.show}),
    ("/servers/{server_id}/ips", {"GET": ips.index}),
    ("/servers/{server_id}/ips/{network}", {"GET": ips.show}),
    ("/servers/{server_id}/diagnostics", {"GET": server_diagnostics.show}),
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
    ("/os-server-external-events", {"POST": server_misc.external_events}),
    ("/extensions", {"GET": server_misc.extensions}),
    ("/os-security-groups", {"GET": security_groups.index, "POST": security_groups.create}),
    ("/os-security-groups/{group_id}", {"GET": security_groups.show, "PUT": security_groups.update,
                                        "DELETE": security_groups.delete}),
    ("/os-security-group-rules", {"POST": security_groups.create_rule}),
    ("/os-security-group-rules/{rule_id}", {"DELETE": security_groups.delete_rule}),
    ("/servers/{server_id}/os-security-groups", {"GET": security_groups.server_groups}),
    ("/os-volumes", {"GET": volumes.index, "POST": volumes.create}),
    ("/os-volumes/detail", {"GET": volumes.index}),
    ("/os-volumes/{volume_id}", {"GET": volumes.show, "DELETE": volumes.delete}),
    ("/os-snapshots", {"GET": volumes.snapshots, "POST": volumes.create_snapshot}),
    ("/os-snapshots/detail", {"GET": volumes.snapshots}),
    ("/os-snapshots/{snapshot_id}", {"GET": volumes.snapshot, "DELETE": volumes.delete_snapshot}),
    ("/os-floating-ip-pools", {"GET": network_proxies.pools}),
    ("/os-floating-ips", {"GET": network_proxies.index, "POST": network_proxies.create}),
    ("/os-floating-ips/{fip_id}", {"GET": network_proxies.show, "DELETE": network_proxies.delete}),
    ("/images", {"GET": images.index}),
    ("/images/detail", {"GET": images.detail}),
    ("/images/{image_id}", {"GET": images.show, "DELETE": images.delete}),
    ("/images/{image_id}/metadata", {"GET": images.metadata, "POST": images.metadata_create,
                                     "PUT": images.metadata_replace}),
    ("/images/{image_id}/metadata/{key}", {"GET": images.metadata_item, "PUT": images.metadata_item_update,
                                           "DELETE": images.metadata_item_delete}),
    ("/extensions/{alias}", {"GET": server_misc.extension}),
    ("/servers/{server_id}/os-interface", {"GET": interfaces.index, "POST": interfaces.create}),
    ("/servers/{server_id}/os-interface/{port_id}", {"GET": interfaces.show, "DELETE": interfaces.delete}),
]


def _expand(routes: Routes) -> Routes:
    out: Routes = []
    for root in ("/v2.1", "/v2"):
        out += [(root + path, methods) for path, methods in routes]
    for root in ("/v2.1/{project_id}", "/v2/{project_id}"):
        out += [(root + path, methods) for path, methods in routes]
    return out


ROUTES: Routes = [
    ("/", {"GET": versions.root}),
    ("/v2.1", {"GET": versions.v21}),
    ("/v2.1/", {"GET": versions.v21}),
    ("/v2", {"GET": versions.v2}),
    ("/v2/", {"GET": versions.v2}),
    ("/v2.0", {"GET": versions.v2}),
    ("/v2.0/", {"GET": versions.v2}),
] + _expand(SERVERS) + list(routes_resources.ROUTES) + list(routes_proxies.ROUTES)
