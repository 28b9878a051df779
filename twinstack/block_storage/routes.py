"""Cinder's route table: path -> method -> handler, below ``/volume``. Each resource path is served
both as ``/v3/{project_id}/...`` and, as from 3.67, ``/v3/...`` (accepted at any version, since
clients use the catalog URL as it is). Project-less paths come first so literal segments win."""

from __future__ import annotations

from twinstack.block_storage.api import versions, volumes
from twinstack.core.pipeline import Handler

RESOURCES: list[tuple[str, dict[str, Handler]]] = [
    ("/volumes", {"GET": volumes.index, "POST": volumes.create}),
    ("/volumes/detail", {"GET": volumes.detail}),
    ("/volumes/summary", {"GET": volumes.summary}),
    ("/volumes/{volume_id}", {"GET": volumes.show, "PUT": volumes.update, "DELETE": volumes.delete}),
    ("/volumes/{volume_id}/metadata", {"GET": volumes.metadata_show, "POST": volumes.metadata_create,
                                       "PUT": volumes.metadata_replace}),
    ("/volumes/{volume_id}/metadata/{key}", {"GET": volumes.metadata_item_show, "PUT": volumes.metadata_item_update,
                                             "DELETE": volumes.metadata_item_delete}),
]


def _routes() -> list[tuple[str, dict[str, Handler]]]:
    out: list[tuple[str, dict[str, Handler]]] = [
        ("/", {"GET": versions.root}),
        ("/v3", {"GET": versions.v3}),
        ("/v3/", {"GET": versions.v3}),
    ]
    out += [(f"/v3{path}", methods) for path, methods in RESOURCES]
    out += [(f"/v3/{{project_id}}{path}", methods) for path, methods in RESOURCES]
    return out


ROUTES = _routes()
