"""``"routes": null`` on a router update clears its routes, as neutron-lib converts None to []."""

from __future__ import annotations

import httpx


def test_routes_null_clears(openstack_connection, http: httpx.Client, admin_token: str) -> None:
    router = openstack_connection.network.create_router(name="routes-null")
    headers = {"X-Auth-Token": admin_token}
    response = http.put(f"/network/v2.0/routers/{router.id}", json={"router": {"routes": None}}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["router"]["routes"] == []
    bad = http.put(f"/network/v2.0/routers/{router.id}", json={"router": {"routes": "x"}}, headers=headers)
    assert bad.status_code == 400 and bad.json()["NeutronError"]["type"] == "HTTPBadRequest"
    openstack_connection.network.delete_router(router)
