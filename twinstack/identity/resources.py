"""Identity's plain CRUD resources as declarations, run by ``identity.crud.KEYSTONE``: regions, services
and endpoints (keystone/api/{regions,services,endpoints}.py; the catalog in tokens follows each write),
policies (stored blobs), endpoint groups (OS-EP-FILTER) and credentials (keystone/api/credentials.py).
Only their rules are written here."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.ids import hex_id
from twinstack.core.pipeline import Req
from twinstack.identity import manager as m
from twinstack.identity import tables as t
from twinstack.identity.api import common as c
from twinstack.identity.crud import Attr, KeystoneOps, Resource
from twinstack.identity.schemas import catalog as catalog_schemas
from twinstack.identity.schemas import credentials as credential_schemas
from twinstack.identity.schemas.extras import GROUP_CREATE, GROUP_UPDATE, POLICY_CREATE, POLICY_UPDATE

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


def _insert(conn: Connection, table: sa.Table, values: dict[str, Any]) -> str:
    conn.execute(table.insert().values(**values))
    return str(values["id"])


# -- regions -------------------------------------------------------------------------------------
class RegionOps(KeystoneOps):
    def check_body(self, req: Req, action: str, data: dict[str, Any]) -> None:
        """PUT /v3/regions/{id} names the region in its path; a body id must agree."""
        url_id = req.params.get("id") if action == "create" else None
        if url_id:
            if data.get("id") not in (None, url_id):
                raise c.bad_request(f'Conflicting region IDs specified: "{url_id}" != "{data["id"]}"')
            data["id"] = url_id

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        parent = values.get("parent_region_id")
        if parent and m.find(conn, t.regions, id=parent) is None:
            raise c.not_found("region", parent)
        row = m.create_region(conn, values.get("id") or hex_id(), values.get("description") or "", parent,
                              extra=values["extra"])
        return str(row["id"])

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        """A new parent must exist and must not make the hierarchy a circle; a null description is ""."""
        parent = changes.get("parent_region_id")
        ancestor: str | None = parent
        while ancestor:
            if ancestor == row["id"]:
                raise ApiError(400, f"The specified parent region {parent} would create a circular region "
                               "hierarchy.", "CircularRegionHierarchyError")
            found = m.find(conn, t.regions, id=ancestor)
            if found is None:
                raise c.not_found("region", ancestor)
            ancestor = found["parent_region_id"]
        if "description" in changes and changes["description"] is None:
            changes["description"] = ""

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        """Keystone deletes the child regions too, unless an endpoint still names one of them."""
        family, frontier = [row["id"]], [row["id"]]
        while frontier:
            frontier = [r[0] for r in conn.execute(sa.select(t.regions.c.id).where(
                t.regions.c.parent_region_id.in_(frontier), t.regions.c.id.not_in(family)))]
            family += frontier
        if conn.execute(sa.select(t.endpoints.c.id).where(t.endpoints.c.region_id.in_(family)).limit(1)).first():
            raise c.forbidden_not_security(f"Unable to delete region {row['id']} because it or its child regions "
                                           "have associated endpoints.")
        conn.execute(t.regions.delete().where(t.regions.c.id.in_(family)))


REGIONS = Resource(
    "region", "regions", t.regions, [
        Attr("id", post=True),
        Attr("description", post=True, put=True),
        Attr("parent_region_id", post=True, put=True, filter=True),
    ], RegionOps(), kind="region", empty_none=frozenset({"description"}),
    schemas={"create": catalog_schemas.REGION_CREATE, "update": catalog_schemas.REGION_UPDATE})


# -- services ------------------------------------------------------------------------------------
class ServiceOps(KeystoneOps):
    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        row = m.create_service(conn, values["type"], values.get("name"), description=values.get("description"),
                               enabled=values.get("enabled", True), extra=values["extra"])
        return str(row["id"])

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        conn.execute(t.endpoints.delete().where(t.endpoints.c.service_id == row["id"]))
        conn.execute(t.services.delete().where(t.services.c.id == row["id"]))


SERVICES = Resource(
    "service", "services", t.services, [
        Attr("type", post=True, put=True, filter=True),
        Attr("enabled", post=True, put=True, filter=True),
        Attr("name", post=True, put=True, filter=True),
        Attr("description", post=True, put=True),
    ], ServiceOps(), kind="service", omit_none=frozenset({"name", "description"}),
    default_sort=[("type", "asc"), ("id", "asc")],
    schemas={"create": catalog_schemas.SERVICE_CREATE, "update": catalog_schemas.SERVICE_UPDATE})


# -- endpoints -----------------------------------------------------------------------------------
class EndpointOps(KeystoneOps):
    @staticmethod
    def resolve(conn: Connection, values: dict[str, Any]) -> None:
        """keystone's rules: a legacy ``region`` is created on the fly, a ``region_id`` must exist, and so
        must the service (400 ValidationError, not 404, for both)."""
        if values.get("region_id") is None and values.get("region") is not None:
            values["region_id"] = values["region"]
            if m.find(conn, t.regions, id=values["region_id"]) is None:
                m.create_region(conn, values["region_id"])
        values.pop("region", None)
        if values.get("region_id") is not None and m.find(conn, t.regions, id=values["region_id"]) is None:
            raise c.validation_error("endpoint region_id", "region table")
        if "service_id" in values and m.find(conn, t.services, id=values["service_id"]) is None:
            raise c.validation_error("endpoint service_id", "service table")

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        self.resolve(conn, values)
        row = m.create_endpoint(conn, values["service_id"], values["interface"], values["url"],
                                values.get("region_id"), enabled=values.get("enabled", True), extra=values["extra"])
        return str(row["id"])

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        self.resolve(conn, changes)

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        conn.execute(t.endpoints.delete().where(t.endpoints.c.id == row["id"]))
        conn.execute(t.project_endpoints.delete().where(t.project_endpoints.c.endpoint_id == row["id"]))


ENDPOINTS = Resource(
    "endpoint", "endpoints", t.endpoints, [
        Attr("interface", post=True, put=True, filter=True),
        Attr("region_id", post=True, put=True, filter=True),
        Attr("region", column="region_id", post=True, put=True),  # the legacy name, shown and accepted
        Attr("service_id", post=True, put=True, filter=True),
        Attr("url", post=True, put=True),
        Attr("enabled", post=True, put=True, filter=True),
    ], EndpointOps(), kind="endpoint",
    schemas={"create": catalog_schemas.ENDPOINT_CREATE, "update": catalog_schemas.ENDPOINT_UPDATE})


# -- policies ------------------------------------------------------------------------------------
class PolicyOps(KeystoneOps):
    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        return _insert(conn, t.policies, {"id": hex_id(), "type": values["type"], "blob": values["blob"],
                                          "extra": values["extra"]})


POLICIES = Resource(
    "policy", "policies", t.policies, [
        Attr("type", post=True, put=True, filter=True),
        Attr("blob", post=True, put=True),
    ], PolicyOps(), kind="policy", id_message="Cannot change policy ID", changes_tokens=frozenset(),
    schemas={"create": POLICY_CREATE, "update": POLICY_UPDATE})


# -- credentials ---------------------------------------------------------------------------------
def credential_target(row: dict[str, Any]) -> dict[str, Any]:
    return {"credential": {"user_id": row.get("user_id"), "project_id": row.get("project_id")}}


def ec2_id(data: dict[str, Any]) -> str:
    """An ec2 credential's id is the sha256 of its blob's access key; it needs a project."""
    try:
        blob = json.loads(data["blob"])
    except ValueError:
        raise c.bad_request("Invalid blob in credential") from None
    if not isinstance(blob, dict) or not blob.get("access"):
        raise c.validation_error("access", "blob")
    if not data.get("project_id"):
        raise c.bad_request("Project ID not found: None. An ec2 credential needs a project_id.")
    return hashlib.sha256(str(blob["access"]).encode()).hexdigest()


class CredentialOps(KeystoneOps):
    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        cred_id = ec2_id(values) if values["type"] == "ec2" else hex_id()
        if m.find(conn, t.credentials, id=cred_id):
            raise c.conflict("credential", f"Duplicate ID, {cred_id}")
        return _insert(conn, t.credentials, {"id": cred_id, "user_id": values["user_id"],
                                             "project_id": values.get("project_id"), "type": values["type"],
                                             "blob": values["blob"], "extra": values["extra"]})

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        merged = {**row, **changes}
        if merged["type"] == "ec2":
            ec2_id(merged)  # still a valid ec2 blob with a project; the id stays (as keystone keeps it)


CREDENTIALS = Resource(
    "credential", "credentials", t.credentials, [
        Attr("user_id", post=True, put=True, filter=True),
        Attr("project_id", post=True, put=True),
        Attr("type", post=True, put=True, filter=True),
        Attr("blob", post=True, put=True),
    ], CredentialOps(), kind="credential", row_target=credential_target,
    schemas={"create": credential_schemas.CREATE, "update": credential_schemas.UPDATE})


# -- endpoint groups (OS-EP-FILTER) -------------------------------------------------------------
class EndpointGroupOps(KeystoneOps):
    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        return _insert(conn, t.endpoint_groups, {"id": hex_id(), "name": values["name"],
                                                 "description": values.get("description"),
                                                 "filters": values["filters"]})

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        conn.execute(t.project_endpoint_groups.delete().where(
            t.project_endpoint_groups.c.endpoint_group_id == row["id"]))
        conn.execute(t.endpoint_groups.delete().where(t.endpoint_groups.c.id == row["id"]))


# a new group narrows no project's catalog until a project is added to it; a change or delete may
ENDPOINT_GROUPS = Resource(
    "endpoint_group", "endpoint_groups", t.endpoint_groups, [
        Attr("name", post=True, put=True, filter=True),
        Attr("description", post=True, put=True),
        Attr("filters", post=True, put=True),
    ], EndpointGroupOps(), kind="Endpoint Group", error_type="EndpointGroupNotFound",
    path="OS-EP-FILTER/endpoint_groups", default_sort=[("name", "asc")], bare_head=True,
    changes_tokens=frozenset({"update", "delete"}), schemas={"create": GROUP_CREATE, "update": GROUP_UPDATE})
