"""The identity section of the cloud model: who exists and what they may do."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DomainModel(_Strict):
    name: str = Field(min_length=1, max_length=64)
    id: str | None = None
    description: str = ""
    enabled: bool = True


class ProjectModel(_Strict):
    name: str = Field(min_length=1, max_length=64)
    id: str | None = None
    domain: str = "Default"
    parent: str | None = None  # name of a project in the same domain
    description: str = ""
    enabled: bool = True
    tags: list[str] = []


class UserModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    id: str | None = None
    domain: str = "Default"
    password: str | None = None
    email: str | None = None
    default_project: str | None = None
    enabled: bool = True
    description: str = ""


class GroupModel(_Strict):
    name: str = Field(min_length=1, max_length=64)
    domain: str = "Default"
    description: str = ""
    users: list[str] = []


class RoleModel(_Strict):
    name: str = Field(min_length=1, max_length=255)
    implies: list[str] = []
    description: str = ""


class AssignmentModel(_Strict):
    """A role for a user or group on a project, a domain or the system."""

    role: str
    user: str | None = None
    group: str | None = None
    project: str | None = None
    domain: str | None = None
    system: Literal["all"] | None = None
    inherited: bool = False
    actor_domain: str = "Default"  # the domain the user or group lives in
    project_domain: str = "Default"  # the domain the project lives in

    @model_validator(mode="after")
    def _one_actor_one_target(self) -> AssignmentModel:
        if (self.user is None) == (self.group is None):
            raise ValueError("give exactly one of user or group")
        targets = [t for t in (self.project, self.domain, self.system) if t is not None]
        if len(targets) != 1:
            raise ValueError("give exactly one of project, domain or system")
        return self


class RegionModel(_Strict):
    id: str
    description: str = ""
    parent: str | None = None


class EndpointModel(_Strict):
    interface: Literal["public", "internal", "admin"] = "public"
    url: str
    region: str = "RegionOne"


class ServiceModel(_Strict):
    name: str
    type: str
    description: str = ""
    endpoints: list[EndpointModel] = []


class IdentityModel(_Strict):
    admin_password: str = "admin"
    domains: list[DomainModel] = []
    projects: list[ProjectModel] = []
    users: list[UserModel] = []
    groups: list[GroupModel] = []
    roles: list[RoleModel] = []
    assignments: list[AssignmentModel] = []
    regions: list[RegionModel] = []
    services: list[ServiceModel] = []
