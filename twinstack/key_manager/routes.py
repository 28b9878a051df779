"""Barbican's routes below ``/key-manager`` (the catalog's URL; clients discover ``/v1`` from the version
document)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.key_manager.api import root, secrets

SECRET_METADATUM: dict[str, Handler] = {"GET": secrets.get_metadatum, "PUT": secrets.put_metadatum,
                                        "DELETE": secrets.delete_metadatum}

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/", {"GET": root.versions}),
    ("/v1", {"GET": root.v1}),
    ("/v1/", {"GET": root.v1}),
    ("/v1/secrets", {"GET": secrets.index, "POST": secrets.create}),
    ("/v1/secrets/", {"GET": secrets.index, "POST": secrets.create}),
    ("/v1/secrets/{secret_id}", {"GET": secrets.show, "PUT": secrets.put_payload, "DELETE": secrets.delete}),
    ("/v1/secrets/{secret_id}/payload", {"GET": secrets.payload}),
    ("/v1/secrets/{secret_id}/metadata", {"GET": secrets.get_metadata, "PUT": secrets.put_metadata,
                                          "POST": secrets.post_metadatum}),
    ("/v1/secrets/{secret_id}/metadata/{key}", SECRET_METADATUM),
]
