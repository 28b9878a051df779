"""The clouds.yaml and OS_* lines for a cloud, as DevStack writes them for its users."""

from __future__ import annotations

from typing import Any

import yaml

from twinstack.model.schema import CloudModel

REGION = "RegionOne"


def _password(model: CloudModel, name: str) -> str | None:
    if name == "admin":
        return model.identity.admin_password
    for user in model.identity.users:
        if user.name == name:
            return user.password
    return None


def clouds(model: CloudModel, base_url: str) -> dict[str, Any]:
    """devstack's layout: the demo user is the plain cloud, admin and alt are beside it. Each cloud is
    there twice, as ``twinstack*`` and under DevStack's own names (``devstack``, ``devstack-admin``...),
    so suites written for DevStack (openstacksdk's and OSC's functional tests) run unchanged."""
    auth_url = f"{base_url}/identity"
    out: dict[str, Any] = {}
    wanted = [("twinstack", "demo", "demo"), ("twinstack-admin", "admin", "admin"),
              ("twinstack-alt", "alt_demo", "alt_demo"), ("twinstack-reader", "reader", "demo"),
              ("devstack", "demo", "demo"), ("devstack-admin", "admin", "admin"),
              ("devstack-admin-demo", "admin", "demo"), ("devstack-alt", "alt_demo", "alt_demo"),
              ("devstack-reader", "reader", "demo")]
    for cloud_name, user, project in wanted:
        password = _password(model, user)
        if password is None:
            continue
        out[cloud_name] = {
            "auth": {"auth_url": auth_url, "username": user, "password": password, "project_name": project,
                     "user_domain_id": "default", "project_domain_id": "default"},
            "region_name": REGION, "identity_api_version": 3, "interface": "public",
        }
    for cloud_name in ("twinstack-system-admin", "devstack-system-admin"):
        out[cloud_name] = {
            "auth": {"auth_url": auth_url, "username": "admin", "password": model.identity.admin_password,
                     "system_scope": "all", "user_domain_id": "default"},
            "region_name": REGION, "identity_api_version": 3, "interface": "public",
        }
    # what DevStack-run suites read beside the clouds (openstacksdk's functional tests and examples/):
    # the image to boot, by name
    images = [i.name for i in model.image.images if i.visibility == "public"] if model.image else []
    return {"clouds": out, **({"functional": {"image_name": images[0]}} if images else {})}


def clouds_yaml(model: CloudModel, base_url: str) -> str:
    return yaml.safe_dump(clouds(model, base_url), sort_keys=False)


def env_lines(model: CloudModel, base_url: str) -> str:
    return "\n".join([
        f"export OS_AUTH_URL={base_url}/identity/v3",
        "export OS_IDENTITY_API_VERSION=3",
        "export OS_USERNAME=admin",
        f"export OS_PASSWORD={model.identity.admin_password}",
        "export OS_PROJECT_NAME=admin",
        "export OS_USER_DOMAIN_ID=default",
        "export OS_PROJECT_DOMAIN_ID=default",
        f"export OS_REGION_NAME={REGION}",
    ])
