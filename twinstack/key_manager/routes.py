"""Barbican's routes below ``/key-manager`` (the catalog's URL; clients discover ``/v1`` from the version
document)."""

from __future__ import annotations

from twinstack.core.pipeline import Handler
from twinstack.key_manager.api import acls, consumers, containers, orders, quotas, root, secret_stores, secrets

SECRET_METADATUM: dict[str, Handler] = {"GET": secrets.get_metadatum, "PUT": secrets.put_metadatum,
                                        "DELETE": secrets.delete_metadatum}
CONSUMERS_OF_SECRET: dict[str, Handler] = {"GET": consumers.list_secret, "POST": consumers.add_secret,
                                           "DELETE": consumers.remove_secret}
CONSUMERS_OF_CONTAINER: dict[str, Handler] = {"GET": consumers.list_container, "POST": consumers.add_container,
                                              "DELETE": consumers.remove_container}

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
    ("/v1/secrets/{secret_id}/consumers", CONSUMERS_OF_SECRET),
    ("/v1/secrets/{secret_id}/consumers/", CONSUMERS_OF_SECRET),
    ("/v1/containers", {"GET": containers.index, "POST": containers.create}),
    ("/v1/containers/", {"GET": containers.index, "POST": containers.create}),
    ("/v1/containers/{container_id}", {"GET": containers.show, "DELETE": containers.delete}),
    ("/v1/containers/{container_id}/secrets", {"POST": containers.add_secret,
                                               "DELETE": containers.remove_secret}),
    ("/v1/containers/{container_id}/consumers", CONSUMERS_OF_CONTAINER),
    ("/v1/containers/{container_id}/consumers/", CONSUMERS_OF_CONTAINER),
    ("/v1/orders", {"GET": orders.index, "POST": orders.create}),
    ("/v1/orders/", {"GET": orders.index, "POST": orders.create}),
    ("/v1/orders/{order_id}", {"GET": orders.show, "DELETE": orders.delete}),
    ("/v1/secrets/{secret_id}/acl", acls.SECRET_ACL),
    ("/v1/containers/{container_id}/acl", acls.CONTAINER_ACL),
    ("/v1/quotas", {"GET": quotas.effective}),
    ("/v1/project-quotas", {"GET": quotas.index}),
    ("/v1/secret-stores", {"GET": secret_stores.index}),
    ("/v1/secret-stores/", {"GET": secret_stores.index}),
    ("/v1/secret-stores/global-default", {"GET": secret_stores.global_default}),
    ("/v1/secret-stores/preferred", {"GET": secret_stores.preferred}),
    ("/v1/secret-stores/{store_id}", {"GET": secret_stores.show}),
    ("/v1/secret-stores/{store_id}/preferred", {"POST": secret_stores.set_preferred,
                                                "DELETE": secret_stores.remove_preferred}),
    ("/v1/project-quotas/{project_id}", {"GET": quotas.show, "PUT": quotas.put, "DELETE": quotas.delete}),
]
