"""``/v3/domains/{id}/config[/{group}[/{option}]]`` and ``/v3/domains/config/.../default``, as
keystone/api/domains.py: only the ``identity`` and ``ldap`` groups and keystone's whitelisted options
(403 InvalidDomainConfig otherwise); the ldap password is stored but never shown in defaults."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.schemas.domain_config import CONFIG_BODY

# keystone's [identity]/[ldap] options a domain may override, with the defaults it reports
DEFAULTS: dict[str, dict[str, Any]] = {
    "identity": {"driver": "sql", "list_limit": None},
    "ldap": {
        "url": "ldap://localhost", "user": None, "suffix": "cn=example,cn=com", "query_scope": "one",
        "page_size": 0, "alias_dereferencing": "default", "debug_level": None, "chase_referrals": None,
        "user_tree_dn": None, "user_filter": None, "user_objectclass": "inetOrgPerson",
        "user_id_attribute": "cn", "user_name_attribute": "sn", "user_description_attribute": "description",
        "user_mail_attribute": "mail", "user_pass_attribute": "userPassword", "user_enabled_attribute": "enabled",
        "user_enabled_invert": False, "user_enabled_mask": 0, "user_enabled_default": "True",
        "user_attribute_ignore": ["default_project_id"], "user_default_project_id_attribute": None,
        "user_enabled_emulation": False, "user_enabled_emulation_dn": None,
        "user_enabled_emulation_use_group_config": False, "user_additional_attribute_mapping": [],
        "group_tree_dn": None, "group_filter": None, "group_objectclass": "groupOfNames",
        "group_id_attribute": "cn", "group_name_attribute": "ou", "group_member_attribute": "member",
        "group_members_are_ids": False, "group_desc_attribute": "description", "group_attribute_ignore": [],
        "group_additional_attribute_mapping": [], "tls_cacertfile": None, "tls_cacertdir": None,
        "use_tls": False, "tls_req_cert": "demand", "use_pool": True, "pool_size": 10,
    },
}
SENSITIVE = {"ldap": {"password"}}


def _invalid(reason: str) -> ApiError:
    return ApiError(403, f"Invalid domain specific configuration: {reason}", "InvalidDomainConfig")


def _missing(what: str, domain_id: str) -> ApiError:
    return ApiError(404, f"Could not find {what} in domain configuration for domain {domain_id}.",
                    "DomainConfigNotFound")


def _check(config: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(config, dict) or not config:
        raise _invalid("No options specified")
    for group, options in config.items():
        if group not in DEFAULTS:
            raise _invalid(f"Group {group} is not supported for domain specific configurations")
        if not isinstance(options, dict):
            raise _invalid(f"Group {group} must be an object of options")
        for option in options:
            if option not in DEFAULTS[group] and option not in SENSITIVE.get(group, set()):
                raise _invalid(f"Option {option} in group {group} is not supported for domain specific "
                               "configurations")
    return config


async def _body(req: Req) -> dict[str, Any]:
    body = await req.json()
    c.validate(body, CONFIG_BODY)
    return body["config"]


def _load(req: Req, conn: Any, action: str) -> tuple[str, dict[str, Any] | None]:
    domain_id = req.params["domain_id"]
    c.authorize(req, action, {"domain": {"id": domain_id}, "domain_id": domain_id})
    c.get_row(conn, t.domains, domain_id, "domain")
    row = conn.execute(sa.select(t.domain_configs.c.config).where(t.domain_configs.c.domain_id == domain_id)).first()
    return domain_id, (dict(row[0]) if row else None)


def _save(conn: Any, domain_id: str, config: dict[str, Any], existed: bool) -> None:
    dc = t.domain_configs
    if not config:
        conn.execute(dc.delete().where(dc.c.domain_id == domain_id))
    elif existed:
        conn.execute(dc.update().where(dc.c.domain_id == domain_id).values(config=config))
    else:
        conn.execute(dc.insert().values(domain_id=domain_id, config=config))


def _group_and_option(req: Req, config: dict[str, Any] | None, domain_id: str) -> tuple[str | None, str | None]:
    group, option = req.params.get("group"), req.params.get("option")
    if group is not None and group not in DEFAULTS:
        raise _invalid(f"Group {group} is not supported for domain specific configurations")
    if config is None:
        raise _missing("domain config", domain_id)
    if group is not None and group not in config:
        raise _missing(group, domain_id)
    if option is not None and group is not None and option not in config[group]:
        raise _missing(f"{group}/{option}", domain_id)
    return group, option


async def put_config(req: Req) -> Any:
    config = _check(await _body(req))
    with req.cloud.store.begin() as conn:
        domain_id, existing = _load(req, conn, "identity:create_domain_config")
        _save(conn, domain_id, config, existing is not None)
    return json_response({"config": config}, 200 if existing is not None else 201)


async def get_config(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        domain_id, config = _load(req, conn, "identity:get_domain_config")
    group, option = _group_and_option(req, config, domain_id)
    assert config is not None
    if option is not None and group is not None:
        return {"config": {option: config[group][option]}}
    if group is not None:
        return {"config": {group: config[group]}}
    return {"config": config}


async def update_config(req: Req) -> Any:
    update = await _body(req)
    with req.cloud.store.begin() as conn:
        domain_id, config = _load(req, conn, "identity:update_domain_config")
        group, option = _group_and_option(req, config, domain_id)
        assert config is not None
        if option is not None and group is not None:
            if set(update) != {option}:
                raise _invalid(f"Trying to update option {option} in group {group}, so that, and only that, "
                               "option must be specified in the config")
            update = {group: update}
        elif group is not None and set(update) != {group}:
            raise _invalid(f"Trying to update group {group}, so that, and only that, group must be specified "
                           "in the config")
        _check(update)
        for name, options in update.items():
            config[name] = {**config.get(name, {}), **options}
        _save(conn, domain_id, config, True)
    return {"config": config}


async def delete_config(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        domain_id, config = _load(req, conn, "identity:delete_domain_config")
        group, option = _group_and_option(req, config, domain_id)
        assert config is not None
        if option is not None and group is not None:
            config[group].pop(option)
            if not config[group]:
                config.pop(group)
        elif group is not None:
            config.pop(group)
        else:
            config = {}
        _save(conn, domain_id, config, True)
    return empty(204)


async def get_default(req: Req) -> Any:
    c.authorize(req, "identity:get_domain_config_default")
    group, option = req.params.get("group"), req.params.get("option")
    if group is None:
        return {"config": DEFAULTS}
    if group not in DEFAULTS:
        raise _invalid(f"Group {group} is not supported for domain specific configurations")
    if option is None:
        return {"config": {group: DEFAULTS[group]}}
    if option not in DEFAULTS[group]:
        raise _invalid(f"Reading the default for option {option} in group {group} is not supported")
    return {"config": {option: DEFAULTS[group][option]}}
