"""Secret stores (multiple backends enabled, the default model): the one global default store, the
project's preferred store and an admin's choice of it; the 404 of a Barbican with them disabled."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from twinstack.testing import Cloud

STORE = "Software Only Crypto"


def test_stores_through_openstacksdk(cloud: Cloud) -> None:
    km = cloud.connect("twinstack-admin").key_manager
    stores = list(km.secret_stores())
    assert [(s.name, s.status, s.global_default, s.secret_store_plugin, s.crypto_plugin) for s in stores] == [
        (STORE, "ACTIVE", True, "store_crypto", "simple_crypto")]
    store = stores[0]
    assert "/key-manager/v1/secret-stores/" in store.secret_store_ref and store.created_at and store.updated_at
    assert [s.secret_store_ref for s in km.secret_stores(global_default=True)] == [store.secret_store_ref]
    default = km.get_global_default_secret_store()
    assert default.global_default and default.name == STORE
    # the default model gives the admin project the store as its preferred one
    assert km.get_preferred_secret_store().name == STORE


def _admin(cloud: Cloud) -> httpx.Client:
    conn: Any = cloud.connect("twinstack-admin")
    base = conn.key_manager.get_endpoint().rstrip("/")
    return httpx.Client(base_url=base, headers={"X-Auth-Token": conn.auth_token}, timeout=30)


def test_preferred_store(cloud: Cloud, km: httpx.Client) -> None:
    """secretstores.py: GET preferred for readers, POST/DELETE {id}/preferred for the project's admin."""
    ref = km.get("/secret-stores").json()["secret_stores"][0]["secret_store_ref"]
    store_id = ref.rsplit("/", 1)[1]
    assert km.get(f"/secret-stores/{store_id}").json()["secret_store_ref"] == ref
    missing = km.get("/secret-stores/preferred")
    assert missing.status_code == 404
    assert missing.json() == {"code": 404, "title": "Not Found",
                              "description": "Not Found. No preferred secret store defined for this project."}
    refused = km.post(f"/secret-stores/{store_id}/preferred")
    assert refused.status_code == 403
    assert refused.json()["description"].startswith("Setting preferred secret store attempt not allowed")
    unknown = km.get("/secret-stores/4d2d2b1c-0000-4000-8000-000000000000")
    assert unknown.status_code == 404 and unknown.json()["description"] == "Not Found. Secret store not found."
    assert km.put("/secret-stores").status_code == 405
    with _admin(cloud) as admin:
        assert admin.delete(f"/secret-stores/{store_id}/preferred").status_code == 204
        assert admin.get("/secret-stores/preferred").status_code == 404
        again = admin.delete(f"/secret-stores/{store_id}/preferred")
        assert again.status_code == 404 and "No preferred secret store" in again.json()["description"]
        assert admin.post(f"/secret-stores/{store_id}/preferred").status_code == 204
        assert admin.get("/secret-stores/preferred").json()["secret_store_ref"] == ref


@pytest.mark.twinstack_model("models/one_store.yaml")
def test_multiple_stores_disabled(cloud: Cloud, km: httpx.Client) -> None:
    """multiple_secret_stores: false is DevStack's Barbican: every /secret-stores call is this 404."""
    for path in ("/secret-stores", "/secret-stores/global-default", "/secret-stores/preferred",
                 "/secret-stores/4d2d2b1c-0000-4000-8000-000000000000"):
        gone = km.get(path)
        assert gone.status_code == 404, path
        assert gone.json()["description"] == ("Not Found. Multiple backends support is not enabled in service "
                                              "configuration.")
