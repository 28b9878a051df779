"""The admin's catalog: flavor profiles (a provider and its flavor data, JSON), flavors naming one,
availability zone profiles and zones, declared for core/crud.py with Octavia's checks (the provider
enabled, the JSON readable, a profile or flavor in use kept)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.core.resource import REQUIRED, Attr, Ops, Resource, boolean, string
from twinstack.load_balancer import errors, policies
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager.loadbalancers import PROVIDERS
from twinstack.load_balancer.manager.resources import OctaviaCrud, uuid_nullable

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _provider(value: Any) -> str:
    value = string(255)(value)
    if value not in PROVIDERS:
        raise ValueError(f"Provider '{value}' is not enabled.")
    return str(value)


def _json_text(value: Any) -> str:
    value = string(4096)(value)
    try:
        data = json.loads(value)
    except ValueError:
        raise ValueError("flavor_data is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValueError("the data must be a JSON object")
    return str(value)


class _Plain(Resource):
    def common_attrs(self) -> list[Attr]:
        return []


class _InUse(Ops):
    """Refuses to delete a row other rows name (``column`` of ``table``), and checks references."""

    def __init__(self, kind: str, table: sa.Table | None = None, column: str = "", refs: tuple[tuple[str, sa.Table,
                 str], ...] = ()) -> None:
        self.kind, self.table, self.column, self.refs = kind, table, column, refs

    def _check_refs(self, conn: Connection, values: dict[str, Any]) -> None:
        for field, table, what in self.refs:
            if field in values and conn.execute(sa.select(table.c[table.primary_key.columns.keys()[0]]).where(
                    table.primary_key.columns.values()[0] == values[field])).first() is None:
                raise errors.invalid_subresource(what, values[field])

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str | None:
        self._check_refs(conn, values)
        return None

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        self._check_refs(conn, changes)

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        key = self.resource.key
        if self.table is not None and conn.execute(sa.select(sa.literal(1)).where(
                self.table.c[self.column] == row[key])).first() is not None:
            raise errors.in_use(self.kind, row[key])
        conn.execute(self.resource.table.delete().where(self.resource.table.c[key] == row[key]))


def _named(kind: str) -> tuple[Attr, ...]:
    return (Attr("id", filter=True, sort=True), Attr("name", post=True, put=True, default=REQUIRED,
                                                     convert=string(255), filter=True, sort=True))


FLAVOR_PROFILE = _Plain("flavorprofile", "flavorprofiles", t.flavor_profiles, [
    *_named("flavorprofile"),
    Attr("provider_name", post=True, put=True, default=REQUIRED, convert=_provider, filter=True, sort=True),
    Attr("flavor_data", post=True, put=True, default=REQUIRED, convert=_json_text, filter=True),
], _InUse("flavorprofile", t.flavors, "flavor_profile_id"), kind="Flavor profile", path="lbaas/flavorprofiles")

FLAVOR = _Plain("flavor", "flavors", t.flavors, [
    *_named("flavor"),
    Attr("description", post=True, put=True, default="", convert=string(255, nullable=True), filter=True,
         sort=True),
    Attr("enabled", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("flavor_profile_id", post=True, default=REQUIRED, convert=uuid_nullable, filter=True, sort=True),
], _InUse("flavor", t.load_balancers, "flavor_id", (("flavor_profile_id", t.flavor_profiles, "flavorprofile"),)),
    kind="Flavor", path="lbaas/flavors")

AZ_PROFILE = _Plain("availability_zone_profile", "availability_zone_profiles", t.availability_zone_profiles, [
    *_named("availability_zone_profile"),
    Attr("provider_name", post=True, put=True, default=REQUIRED, convert=_provider, filter=True, sort=True),
    Attr("availability_zone_data", post=True, put=True, default=REQUIRED, convert=_json_text, filter=True),
], _InUse("availability_zone_profile", t.availability_zones, "availability_zone_profile_id"),
    kind="Availability Zone Profile", path="lbaas/availabilityzoneprofiles")

AZ = _Plain("availability_zone", "availability_zones", t.availability_zones, [
    Attr("name", column="id", post=True, default=REQUIRED, convert=string(255), filter=True, sort=True),
    Attr("description", post=True, put=True, default="", convert=string(255, nullable=True), filter=True,
         sort=True),
    Attr("enabled", post=True, put=True, default=True, convert=boolean, filter=True, sort=True),
    Attr("availability_zone_profile_id", post=True, default=REQUIRED, convert=uuid_nullable, filter=True,
         sort=True),
], _InUse("availability_zone", t.load_balancers, "availability_zone",
          (("availability_zone_profile_id", t.availability_zone_profiles, "availability_zone_profile"),)),
    kind="Availability Zone", path="lbaas/availabilityzones", default_sort=[("id", "asc")])

KIND = {"flavorprofile": "flavor-profile", "flavor": "flavor", "availability_zone_profile":
        "availability-zone-profile", "availability_zone": "availability-zone"}
ACTIONS = {"create": "post", "update": "put", "delete": "delete", "list": "get_all", "show": "get_one"}


@dataclass
class AdminCrud(OctaviaCrud):
    """The admin's resources: Octavia's policy names, and the unique names it keeps."""

    def rule(self, res: Resource, action: str) -> str:
        return policies.rule(KIND[res.singular], ACTIONS[action])

    def authorize(self, cloud: Cloud, caller: Context | None, rule: str, target: dict[str, Any]) -> None:
        if caller is None:
            return
        try:
            cloud.policy.authorize(rule, {"project_id": caller.project_id, **target}, caller)
        except ApiError as err:
            raise errors.forbidden() if err.status == 403 else err from None

    def admit(self, req: Req, res: Resource, action: str) -> None:
        if action in ("list", "show"):
            self.authorize(req.cloud, req.context, self.rule(res, action), {})

    def not_found(self, res: Resource, id_: str) -> ApiError:
        return errors.not_found(res.singular, id_)

    def insert_row(self, cloud: Cloud, conn: Connection, res: Resource, values: dict[str, Any]) -> str:
        if res is FLAVOR and conn.execute(sa.select(t.flavors.c.id).where(
                t.flavors.c.name == values["name"])).first() is not None:
            raise errors.conflict(f"A flavor of {values['name']} already exists.", "RecordAlreadyExists")
        if res is AZ and conn.execute(sa.select(t.availability_zones.c.id).where(
                t.availability_zones.c.id == values["name"])).first() is not None:
            raise errors.conflict(f"A availability zone of {values['name']} already exists.", "RecordAlreadyExists")
        return super().insert_row(cloud, conn, res, values)


ADMIN_CRUD = AdminCrud()
