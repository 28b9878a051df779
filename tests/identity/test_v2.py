"""Identity v2.0 for legacy clients, driven by keystoneauth's own v2 password plugin."""

from __future__ import annotations

import pytest
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v2

from twinstack.testing import Cloud


def test_keystoneauth_v2_password_plugin(twinstack_cloud: Cloud) -> None:
    auth = v2.Password(auth_url=f"{twinstack_cloud.url}/identity/v2.0", username="demo", password="demo",
                       tenant_name="demo")
    sess = ks_session.Session(auth=auth)
    access = auth.get_access(sess)
    assert access.tenant_name == "demo" and access.username == "demo"
    assert sorted(access.role_names) == ["member", "reader"]
    assert access.expires is not None and access.auth_token
    identity_url = access.service_catalog.url_for(service_type="identity", interface="public")
    assert identity_url.endswith("/identity")
    tenants = sess.get(f"{twinstack_cloud.url}/identity/v2.0/tenants").json()
    assert {t["name"] for t in tenants["tenants"]} == {"demo", "invisible_to_admin"}


def test_keystoneauth_v2_wrong_password_is_401(twinstack_cloud: Cloud) -> None:
    auth = v2.Password(auth_url=f"{twinstack_cloud.url}/identity/v2.0", username="demo", password="nope",
                       tenant_name="demo")
    with pytest.raises(ks_exc.Unauthorized):
        auth.get_access(ks_session.Session(auth=auth))


def test_keystoneauth_v2_token_then_tenant(twinstack_cloud: Cloud) -> None:
    """Unscoped first, then a token-for-token exchange scoped to a tenant by id (what old scripts do)."""
    unscoped = v2.Password(auth_url=f"{twinstack_cloud.url}/identity/v2.0", username="demo", password="demo")
    sess = ks_session.Session(auth=unscoped)
    token = unscoped.get_token(sess)
    tenant_id = sess.get(f"{twinstack_cloud.url}/identity/v2.0/tenants").json()["tenants"][0]["id"]
    scoped = v2.Token(auth_url=f"{twinstack_cloud.url}/identity/v2.0", token=token, tenant_id=tenant_id)
    access = scoped.get_access(ks_session.Session(auth=scoped))
    assert access.tenant_id == tenant_id and access.service_catalog.get_endpoints()
