"""RBAC policies (rbac-policies) for networks: share a network with one project (or every project,
``*``) as ``access_as_shared`` or ``access_as_external``. Visibility queries read these rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.core.context import Context
from twinstack.network import errors as E
from twinstack.network import tables as t
from twinstack.network.manager import base
from twinstack.network.manager.base import Ops, Resource
from twinstack.network.schemas import rbac as rbac_schema

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


_FLAG = {"access_as_shared": "shared", "access_as_external": "external"}


def granted_networks(project_id: str | None, action: str | None = None) -> Any:
    """A subquery of network ids shared with ``project_id`` (or with everyone) through RBAC."""
    c = t.rbac_policies.c
    query = sa.select(c.object_id).where(c.object_type == "network", c.target_tenant.in_([project_id or "", "*"]))
    if action is not None:
        query = query.where(c.action == action)
    return query


class RbacOps(Ops):
    def visible(self, caller: Context | None) -> Any:
        c = t.rbac_policies.c
        return sa.or_(c.project_id == (caller.project_id if caller else None),
                      c.target_tenant == (caller.project_id if caller else None))

    def create(self, cloud: Cloud, conn: Connection, values: dict[str, Any], caller: Context | None) -> str:
        network = conn.execute(sa.select(t.networks).where(t.networks.c.id == values["object_id"])).first()
        if network is None or (caller is not None and not caller.is_admin
                               and network.project_id != caller.project_id):
            raise E.not_found("Network", values["object_id"])
        c = t.rbac_policies.c
        if conn.execute(sa.select(c.id).where(c.object_type == "network", c.object_id == values["object_id"],
                                              c.action == values["action"],
                                              c.target_tenant == values["target_tenant"])).first() is not None:
            raise E.in_use("An RBAC policy already exists with those values.", "DuplicateRbacPolicy")
        if values["target_tenant"] == "*":  # everyone: the network's own flag says so too
            conn.execute(t.networks.update().where(t.networks.c.id == network.id)
                         .values(**{_FLAG[values["action"]]: True}))
        return base.insert_row(cloud, conn, RBAC_POLICIES, values)

    def update(self, cloud: Cloud, conn: Connection, row: dict[str, Any], changes: dict[str, Any],
               caller: Context | None) -> None:
        if "target_tenant" in changes and changes["target_tenant"] != row["target_tenant"]:
            self._check_unused(conn, row)

    def delete(self, cloud: Cloud, conn: Connection, row: dict[str, Any], caller: Context | None) -> None:
        self._check_unused(conn, row)
        conn.execute(t.rbac_policies.delete().where(t.rbac_policies.c.id == row["id"]))
        if row["target_tenant"] == "*":
            conn.execute(t.networks.update().where(t.networks.c.id == row["object_id"])
                         .values(**{_FLAG[row["action"]]: False}))

    def _check_unused(self, conn: Connection, row: dict[str, Any]) -> None:
        """The target project must not be using the network through this entry (ports on it)."""
        owner = conn.execute(sa.select(t.networks.c.project_id).where(t.networks.c.id == row["object_id"])).scalar()
        ports = sa.select(t.ports.c.id).where(t.ports.c.network_id == row["object_id"],
                                              t.ports.c.project_id != owner, t.ports.c.project_id != "")
        if row["target_tenant"] != "*":
            ports = ports.where(t.ports.c.project_id == row["target_tenant"])
        if row["action"] == "access_as_shared" and conn.execute(ports.limit(1)).first() is not None:
            raise E.in_use(f"RBAC policy on object {row['object_id']} cannot be removed because other objects "
                           "depend on it.", "RbacPolicyInUse")


RBAC_POLICIES = Resource(
    "rbac_policy", "rbac_policies", t.rbac_policies, rbac_schema.ATTRIBUTES,
    RbacOps(), kind="RBAC policy", error_type="RbacPolicy", quota="rbac_policy", named=False,
    path="rbac-policies",
)
