"""Designate's routes below ``/dns`` (DevStack's URL): the version documents, then v2."""

from __future__ import annotations

from twinstack.core.pipeline import Handler, public
from twinstack.dns.api import common, misc, recordsets, reverse, shares, tasks, transfers, tsigkeys, versions, zones
from twinstack.dns.api.lists import BLACKLISTS, TLDS

RECORDSET: dict[str, Handler] = {"GET": recordsets.show, "PUT": recordsets.update, "PATCH": recordsets.update,
                                 "DELETE": recordsets.delete}

EXPORTS = tasks.handlers("EXPORT")
IMPORTS = tasks.handlers("IMPORT")


def _exports() -> list[tuple[str, dict[str, Handler]]]:
    """The export collection under Designate's spelling and openstacksdk's (``export``)."""
    index, show, delete = EXPORTS
    text: Handler = tasks.export_text
    routes: list[tuple[str, dict[str, Handler]]] = []
    for name in ("exports", "export"):
        routes += [(f"/v2/zones/tasks/{name}", {"GET": index}),
                   (f"/v2/zones/tasks/{name}/{{task_id}}", {"GET": show, "DELETE": delete}),
                   (f"/v2/zones/tasks/{name}/{{task_id}}/export", {"GET": text})]
    return routes


ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": public(versions.root)}),
    ("/v2", {"GET": public(versions.v2)}),
    ("/v2/", {"GET": public(versions.v2)}),
    ("/v2/zones", {"GET": zones.index, "POST": zones.create}),
    ("/v2/zones/tasks/transfer_requests", {"GET": transfers.index_requests}),
    ("/v2/zones/tasks/transfer_requests/{request_id}", {"GET": transfers.show_request,
                                                         "PATCH": transfers.update_request,
                                                         "DELETE": transfers.delete_request}),
    ("/v2/zones/tasks/transfer_accepts", {"GET": transfers.index_accepts, "POST": transfers.accept}),
    ("/v2/zones/tasks/transfer_accepts/{accept_id}", {"GET": transfers.show_accept}),
    *_exports(),
    ("/v2/zones/tasks/imports", {"GET": IMPORTS[0], "POST": tasks.create_import}),
    ("/v2/zones/tasks/imports/{task_id}", {"GET": IMPORTS[1], "DELETE": IMPORTS[2]}),
    ("/v2/zones/{zone_id}/tasks/export", {"POST": tasks.create_export}),
    ("/v2/zones/{zone_id}/tasks/abandon", {"POST": zones.abandon}),
    ("/v2/zones/{zone_id}/tasks/xfr", {"POST": zones.transfer}),
    ("/v2/zones/{zone_id}/shares", {"GET": shares.index, "POST": shares.create}),
    ("/v2/zones/{zone_id}/shares/{share_id}", {"GET": shares.show, "DELETE": shares.delete}),
    ("/v2/zones/{zone_id}", {"GET": zones.show, "PATCH": zones.update, "DELETE": zones.delete}),
    ("/v2/zones/{zone_id}/nameservers", {"GET": zones.nameservers}),
    ("/v2/zones/{zone_id}/recordsets", {"GET": recordsets.index, "POST": recordsets.create}),
    ("/v2/zones/{zone_id}/recordsets/{recordset_id}", RECORDSET),
    ("/v2/zones/{zone_id}/tasks/transfer_requests", {"POST": transfers.create_request}),
    ("/v2/recordsets", {"GET": recordsets.index_all}),
    ("/v2/recordsets/{recordset_id}", {"GET": recordsets.show_any}),
    ("/v2/pools", {"GET": misc.pools, "POST": misc.pool_create}),
    ("/v2/service_statuses", {"GET": misc.service_statuses}),
    ("/v2/service_statuses/{status_id}", {"GET": misc.service_status}),
    ("/v2/pools/{pool_id}", {"GET": misc.pool, "PATCH": misc.pool_update, "DELETE": misc.pool_delete}),
    ("/v2/limits", {"GET": misc.limits}),
    ("/v2/quotas", {"GET": misc.quota_own}),
    ("/v2/quotas/{project_id}", {"GET": misc.quota_show, "PATCH": misc.quota_update, "DELETE": misc.quota_reset}),
    ("/v2/reverse/floatingips", {"GET": reverse.index}),
    ("/v2/reverse/floatingips/{fip_key}", {"GET": reverse.show, "PATCH": reverse.update}),
    ("/v2/tsigkeys", {"GET": tsigkeys.index, "POST": tsigkeys.create}),
    ("/v2/tsigkeys/{tsigkey_id}", {"GET": tsigkeys.show, "PATCH": tsigkeys.update, "DELETE": tsigkeys.delete}),
    *TLDS.routes(),
    *BLACKLISTS.routes(),
]
ROUTES = [(path, {method: common.designate_handler(handler) for method, handler in methods.items()})
          for path, methods in ROUTES]
