"""Designate's routes below ``/dns`` (DevStack's URL): the version documents, then v2."""

from __future__ import annotations

from twinstack.core.pipeline import Handler, public
from twinstack.dns.api import recordsets, versions, zones

RECORDSET: dict[str, Handler] = {"GET": recordsets.show, "PUT": recordsets.update, "PATCH": recordsets.update,
                                 "DELETE": recordsets.delete}

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": public(versions.root)}),
    ("/v2", {"GET": public(versions.v2)}),
    ("/v2/", {"GET": public(versions.v2)}),
    ("/v2/zones", {"GET": zones.index, "POST": zones.create}),
    ("/v2/zones/{zone_id}", {"GET": zones.show, "PATCH": zones.update, "DELETE": zones.delete}),
    ("/v2/zones/{zone_id}/nameservers", {"GET": zones.nameservers}),
    ("/v2/zones/{zone_id}/recordsets", {"GET": recordsets.index, "POST": recordsets.create}),
    ("/v2/zones/{zone_id}/recordsets/{recordset_id}", RECORDSET),
    ("/v2/recordsets", {"GET": recordsets.index_all}),
]
