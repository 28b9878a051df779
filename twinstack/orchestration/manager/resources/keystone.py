"""OS::Keystone::Project, User and UserRoleAssignment through identity's local.py (admin's, by Keystone's
policy): a project, a user with its roles on projects, or roles granted to an existing user."""

from __future__ import annotations

from typing import Any, ClassVar

from twinstack.identity import local as identity
from twinstack.orchestration.manager.resources.base import (
    Plugin,
    Prop,
    ResourceContext,
    ResourceFailure,
    delete_quietly,
)


def _project_id(rc: ResourceContext, ref: str) -> str:
    with rc.cloud.store.read() as conn:
        found = identity.get_project(conn, ref) or identity.find_project(conn, ref)
    if found is None:
        raise ResourceFailure("NotFound", f"Could not find project: {ref}.")
    return found.id


def _user_id(rc: ResourceContext, ref: str) -> str:
    with rc.cloud.store.read() as conn:
        found = identity.get_user(conn, ref) or identity.find_user(conn, ref)
    if found is None:
        raise ResourceFailure("NotFound", f"Could not find user: {ref}.")
    return found.id


async def _grants(rc: ResourceContext, user_id: str, roles: list[dict[str, Any]], revoke: bool = False) -> None:
    for item in roles:
        if not item.get("project"):
            raise ResourceFailure("NotSupported", "Only project role assignments are supported by this cloud's Heat.")
        call = rc.call(identity.grant_project_role, rc.cloud, rc.caller, str(item["role"]), user_id,
                       _project_id(rc, str(item["project"])), revoke)
        if revoke:
            try:
                await call
            except ResourceFailure as err:
                if err.kind != "NotFound":
                    raise
        else:
            await call


class Project(Plugin):
    type_name = "OS::Keystone::Project"
    description = "A Keystone project."
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "Name of keystone project.", update_allowed=False),
        "domain": Prop("String", "Name or id of keystone domain.", default="default"),
        "description": Prop("String", "Description of keystone project.", default=""),
        "enabled": Prop("Boolean", "This project is enabled or disabled.", default=True),
        "parent": Prop("String", "The name or ID of parent of this keystone project in hierarchy."),
        "tags": Prop("List", "A list of tags for labeling and sorting projects.", default=[]),
    }
    attributes: ClassVar[dict[str, str]] = {
        "name": "Project name.", "domain_id": "Project domain id.", "enabled": "Flag of enable project.",
        "parent_id": "Project parent id.", "is_domain": "Indicates whether the project also acts as a domain.",
    }

    async def create(self, rc: ResourceContext) -> None:
        p = rc.props
        parent = _project_id(rc, str(p["parent"])) if p.get("parent") else None
        row = await rc.call(identity.create_project, rc.cloud, rc.caller, str(p.get("name") or rc.physical_name()),
                            p.get("domain"), str(p.get("description") or ""), bool(p.get("enabled", True)), parent,
                            [str(t) for t in p.get("tags") or []])
        rc.data.update(name=row["name"], domain_id=row["domain_id"], parent_id=row["parent_id"])
        rc.set_id(str(row["id"]))

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, identity.delete_project, rc.cloud, rc.caller, rc.physical_id)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        if name == "enabled":
            return bool(rc.props.get("enabled", True))
        if name == "is_domain":
            return False
        return rc.data.get(name)


class User(Plugin):
    type_name = "OS::Keystone::User"
    description = "A Keystone user, with roles on projects."
    properties: ClassVar[dict[str, Prop]] = {
        "name": Prop("String", "Name of keystone user."),
        "domain": Prop("String", "Name or ID of keystone domain.", default="default"),
        "description": Prop("String", "Description of keystone user.", default=""),
        "enabled": Prop("Boolean", "Keystone user is enabled or disabled.", default=True),
        "email": Prop("String", "Email address of keystone user."),
        "password": Prop("String", "Password of keystone user."),
        "default_project": Prop("String", "Name or ID of default project of keystone user."),
        "groups": Prop("List", "Keystone user groups.", default=[]),
        "roles": Prop("List", "List of role assignments (role and project).", update_allowed=True),
    }
    attributes: ClassVar[dict[str, str]] = {
        "name": "User name.", "default_project_id": "Default project id for user.", "domain_id": "Keystone domain "
        "id for user.", "enabled": "Flag of enable user.", "password_expires_at": "Show user password expiration "
        "time.",
    }

    async def create(self, rc: ResourceContext) -> None:
        p = rc.props
        project = _project_id(rc, str(p["default_project"])) if p.get("default_project") else None
        row = await rc.call(identity.create_user, rc.cloud, rc.caller, str(p.get("name") or rc.physical_name()),
                            p.get("domain"), p.get("password"), project, p.get("email"), p.get("description"),
                            bool(p.get("enabled", True)))
        rc.data.update(name=row["name"], domain_id=row["domain_id"], default_project_id=project)
        rc.set_id(str(row["id"]))
        await _grants(rc, str(row["id"]), p.get("roles") or [])

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        if "roles" in changed:
            await _grants(rc, str(rc.physical_id), old.get("roles") or [], revoke=True)
            await _grants(rc, str(rc.physical_id), rc.props.get("roles") or [])

    async def delete(self, rc: ResourceContext) -> None:
        if rc.physical_id:
            await delete_quietly(rc, identity.delete_user, rc.cloud, rc.caller, rc.physical_id)

    def attribute(self, rc: ResourceContext, name: str) -> Any:
        if name == "enabled":
            return bool(rc.props.get("enabled", True))
        if name == "password_expires_at":
            return None
        return rc.data.get(name)


class UserRoleAssignment(Plugin):
    type_name = "OS::Keystone::UserRoleAssignment"
    description = "Roles of an existing user on projects."
    properties: ClassVar[dict[str, Prop]] = {
        "user": Prop("String", "Name or id of keystone user.", required=True),
        "roles": Prop("List", "List of role assignments (role and project).", required=True, update_allowed=True),
    }

    async def create(self, rc: ResourceContext) -> None:
        user_id = _user_id(rc, str(rc.props["user"]))
        await _grants(rc, user_id, rc.props.get("roles") or [])
        rc.set_id(rc.physical_name())

    async def update(self, rc: ResourceContext, old: dict[str, Any], changed: set[str]) -> None:
        await _grants(rc, _user_id(rc, str(old["user"])), old.get("roles") or [], revoke=True)
        await _grants(rc, _user_id(rc, str(rc.props["user"])), rc.props.get("roles") or [])

    async def delete(self, rc: ResourceContext) -> None:
        try:
            user_id = _user_id(rc, str(rc.props["user"]))
        except ResourceFailure:
            return
        await _grants(rc, user_id, rc.props.get("roles") or [], revoke=True)
