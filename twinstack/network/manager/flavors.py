"""Service flavors and service profiles (flavors, one of Neutron's default service plugins): an admin
describes service offerings (a flavor of a service type, backed by profiles naming a driver); everyone
may list flavors, only admins see profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import flavors as schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

_LINKS = t.flavor_service_profiles.c


def _check_profiles(conn: Connection, profile_ids: list[str]) -> None:
    for profile_id in profile_ids:
        base.get_visible(conn, SERVICE_PROFILES, profile_id, None)


def associate(conn: Connection, flavor_id: str, profile_id: str) -> None:
    """POST /flavors/{id}/service_profiles: 409 when the pair exists, as Neutron's db says."""
    _check_profiles(conn, [profile_id])
    exists = conn.execute(sa.select(_LINKS.flavor_id).where(_LINKS.flavor_id == flavor_id,
                                                            _LINKS.service_profile_id == profile_id)).first()
    if exists is not None:
        raise E.in_use(f"Service Profile {profile_id} is already associated with flavor {flavor_id}.",
                       "FlavorServiceProfileBindingExists")
    conn.execute(t.flavor_service_profiles.insert().values(flavor_id=flavor_id, service_profile_id=profile_id))


def disassociate(conn: Connection, flavor_id: str, profile_id: str) -> None:
    gone = conn.execute(t.flavor_service_profiles.delete().where(_LINKS.flavor_id == flavor_id,
                                                                 _LINKS.service_profile_id == profile_id))
    if not gone.rowcount:
        raise E.not_found("FlavorServiceProfileBinding", profile_id,
                          f"Service Profile {profile_id} is not associated with flavor {flavor_id}.")


class FlavorOps(Ops):
    def expand(self, cloud: Cloud, conn: Connection, rows: list[dict[str, Any]], caller: Context | None) -> None:
        ids = [r["id"] for r in rows]
        found: dict[str, list[str]] = {i: [] for i in ids}
        if ids:
            for flavor_id, profile_id in conn.execute(
                    sa.select(_LINKS.flavor_id, _LINKS.service_profile_id).where(_LINKS.flavor_id.in_(ids))):
                found[flavor_id].append(profile_id)
        for r in rows:
            r["service_profiles"] = sorted(found[r["id"]])

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        profiles = values.get("service_profiles") or []
        _check_profiles(conn, profiles)
        flavor_id = base.insert_row(cloud, conn, FLAVORS, values)
        for profile_id in profiles:
            associate(conn, flavor_id, profile_id)
        return flavor_id

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if "service_profiles" in changes:
            _check_profiles(conn, changes["service_profiles"])
            conn.execute(t.flavor_service_profiles.delete().where(_LINKS.flavor_id == row["id"]))
            for profile_id in changes["service_profiles"]:
                associate(conn, row["id"], profile_id)


class ServiceProfileOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        return sa.false()  # get_service_profile is admin-only in Neutron's defaults

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        if conn.execute(sa.select(_LINKS.flavor_id).where(_LINKS.service_profile_id == row["id"])).first():
            raise E.in_use(f"Service Profile {row['id']} is used by some service instance.", "ServiceProfileInUse")
        conn.execute(t.service_profiles.delete().where(t.service_profiles.c.id == row["id"]))


FLAVORS = Resource(
    "flavor", "flavors", t.flavors, schema.FLAVOR_ATTRIBUTES, FlavorOps(), kind="Flavor", standard=False,
)
SERVICE_PROFILES = Resource(
    "service_profile", "service_profiles", t.service_profiles, schema.PROFILE_ATTRIBUTES, ServiceProfileOps(),
    kind="Service Profile", error_type="ServiceProfile", named=False, standard=False,
)
