"""Amphorae: the servers a load balancer runs on, booted through Nova's in-process interface in the
service project (the model's flavor and image, on the VIP network), one for SINGLE and two (MASTER and
BACKUP) for ACTIVE_STANDBY. A build waits for each server to be ACTIVE; one that ends in ERROR (or the
fault engine's ``amphora_boot_failure``) leaves the amphora and its load balancer in ERROR, as Octavia's
worker does once its retries are spent. Deletes and failovers delete the servers the same way."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.compute import local as compute_local
from twinstack.core.context import Context
from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.identity import local as identity_local
from twinstack.image import local as image_local
from twinstack.load_balancer import tables as t
from twinstack.load_balancer.manager import ACTIVE, ERROR, PENDING_CREATE, PENDING_UPDATE, now, settings, settle
from twinstack.network import local as network_local

if TYPE_CHECKING:
    from twinstack.cloud import Cloud

log = logging.getLogger("twinstack.load_balancer")
EVENT = "load_balancer.amphora"
POLL = 0.1  # cloud seconds between looks at a building server
BUILD_TIMEOUT = 300.0  # Octavia's amp_active_retries x amp_active_wait_sec
ROLES = {"SINGLE": ["STANDALONE"], "ACTIVE_STANDBY": ["MASTER", "BACKUP"]}


def service_context(cloud: Cloud) -> Context:
    """Octavia's service user, scoped to the amphora project, as Nova sees it (an admin: it boots on the
    tenants' networks)."""
    with cloud.store.read() as conn:
        project = identity_local.find_project(conn, settings(cloud).amphora.project)
        user = identity_local.find_user(conn, "octavia") or identity_local.find_user(conn, "admin")
    if project is None or user is None:
        raise ApiError(500, f"The amphora project {settings(cloud).amphora.project} does not exist.")
    stamp = cloud.clock.now()
    return Context(token="", user_id=user.id, user_name=user.name, user_domain_id=user.domain_id,
                   user_domain_name="Default", expires_at=stamp + timedelta(hours=1), issued_at=stamp,
                   methods=["password"], audit_ids=[], project_id=project.id, project_name=project.name,
                   project_domain_id=project.domain_id, project_domain_name="Default",
                   roles=[{"id": "admin", "name": "admin"}, {"id": "member", "name": "member"},
                          {"id": "reader", "name": "reader"}, {"id": "service", "name": "service"}])


def new_amphorae(cloud: Cloud, conn: Connection, lb_id: str, topology: str) -> None:
    for role in ROLES[topology]:
        conn.execute(t.amphorae.insert().values(
            id=uuid_str(), load_balancer_id=lb_id, status=PENDING_CREATE, role=role, cert_busy=False,
            vrrp_interface="eth1" if topology == "ACTIVE_STANDBY" else None,
            vrrp_id=1 if topology == "ACTIVE_STANDBY" else None,
            vrrp_priority={"MASTER": 100, "BACKUP": 90}.get(role), created_at=now(cloud)))


def _image_id(cloud: Cloud, ctx: Context, ref: str) -> str | None:
    try:
        images = image_local.proxy_list_images(cloud, ctx, name=ref)
    except ApiError:
        images = []
    if images:
        return str(images[0]["id"])
    with cloud.store.read() as conn:
        image = image_local.get_image(cloud, conn, ref, ctx.project_id)
    return str(image["id"]) if image else None


def _fail(cloud: Cloud, lb_id: str, amphora_ids: list[str], why: str) -> None:
    log.warning("load balancer %s: amphora build failed: %s", lb_id, why)
    with cloud.store.begin() as conn:
        if amphora_ids:
            conn.execute(t.amphorae.update().where(t.amphorae.c.id.in_(amphora_ids))
                         .values(status=ERROR, updated_at=now(cloud)))
        conn.execute(t.load_balancers.update().where(t.load_balancers.c.id == lb_id)
                     .values(provisioning_status=ERROR, updated_at=now(cloud)))


async def _boot(cloud: Cloud, ctx: Context, lb: dict[str, Any], amphora: dict[str, Any]) -> str | None:
    """Boot one amphora and wait for its server; the failure's reason, or None when it is up."""
    amp = settings(cloud).amphora
    name = f"amphora-{amphora['id']}"
    if cloud.faults.check(EVENT, name=name, project_id=lb["project_id"]) is not None:
        return "injected amphora boot failure"
    with cloud.store.read() as conn:
        flavor_id = compute_local.find_flavor_id(cloud, conn, amp.flavor)
    image_id = _image_id(cloud, ctx, amp.image)
    if flavor_id is None or image_id is None:
        return f"no amphora {'flavor ' + amp.flavor if flavor_id is None else 'image ' + amp.image}"
    try:
        server_id = await compute_local.boot_server(
            cloud, ctx, name, flavor_id, image_id, lb["vip_network_id"],
            {"lb_id": lb["id"], "amphora_id": amphora["id"], "role": amphora["role"] or ""})
    except ApiError as err:
        return err.message
    with cloud.store.begin() as conn:
        conn.execute(t.amphorae.update().where(t.amphorae.c.id == amphora["id"]).values(
            compute_id=server_id, status="BOOTING", compute_flavor=flavor_id, image_id=image_id,
            updated_at=now(cloud)))
    waited = 0.0
    while True:
        state = compute_local.server_state(cloud, server_id)
        if state is None:
            return "the amphora's server was deleted"
        if state["vm_state"] == "error":
            return ((state["fault"] or {}).get("message")) or "the amphora's server went to ERROR"
        if state["vm_state"] == "active":
            break
        if waited >= BUILD_TIMEOUT:
            return f"Waiting for compute id {server_id} to go active timeout."
        await cloud.clock.sleep(POLL)
        waited += POLL
    ports = network_local.list_ports(cloud, ctx, server_id)
    ips = [ip["ip_address"] for p in ports for ip in p.get("fixed_ips") or []]
    with cloud.store.begin() as conn:
        stamp = cloud.clock.now()
        conn.execute(t.amphorae.update().where(t.amphorae.c.id == amphora["id"]).values(
            status="ALLOCATED", lb_network_ip=ips[0] if ips else None, vrrp_ip=ips[0] if ips else None,
            vrrp_port_id=ports[0]["id"] if ports else None,
            ha_ip=lb["vip_address"], ha_port_id=lb["vip_port_id"], cached_zone=lb["availability_zone"] or "nova",
            cert_expiration=(stamp + timedelta(days=730)).strftime("%Y-%m-%dT%H:%M:%S"), updated_at=now(cloud)))
    return None


async def _delete_server(cloud: Cloud, ctx: Context, server_id: str) -> None:
    """Nova's delete of an amphora's server; one already gone is no error."""
    try:
        await compute_local.delete_server(cloud, ctx, server_id)
    except ApiError as err:
        if err.status != 404:
            raise


def _waiting(conn: Connection, lb_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sa.select(t.amphorae).where(
        t.amphorae.c.load_balancer_id == lb_id, t.amphorae.c.status == PENDING_CREATE)
        .order_by(t.amphorae.c.role.desc())).mappings()]


async def build(cloud: Cloud, lb_id: str) -> None:
    """PENDING_CREATE -> ACTIVE (with the objects created with it), or ERROR."""
    with cloud.store.read() as conn:
        lb = conn.execute(sa.select(t.load_balancers).where(t.load_balancers.c.id == lb_id)).mappings().first()
        amphorae = _waiting(conn, lb_id)
    if lb is None or lb["provisioning_status"] not in (PENDING_CREATE, PENDING_UPDATE):
        return
    try:
        ctx = service_context(cloud)
    except ApiError as err:
        _fail(cloud, lb_id, [a["id"] for a in amphorae], err.message)
        return
    for amphora in amphorae:
        why = await _boot(cloud, ctx, dict(lb), amphora)
        if why is not None:
            _fail(cloud, lb_id, [a["id"] for a in amphorae], why)
            return
    with cloud.store.begin() as conn:
        conn.execute(t.load_balancers.update().where(t.load_balancers.c.id == lb_id)
                     .values(provisioning_status=PENDING_UPDATE, updated_at=now(cloud)))
        settle(cloud, conn, lb_id)


async def delete(cloud: Cloud, lb_id: str) -> None:
    """PENDING_DELETE -> gone: the amphorae's servers deleted through Nova, the VIP port freed, the tree
    removed."""
    with cloud.store.read() as conn:
        lb = conn.execute(sa.select(t.load_balancers).where(t.load_balancers.c.id == lb_id)).mappings().first()
        servers = [r[0] for r in conn.execute(sa.select(t.amphorae.c.compute_id).where(
            t.amphorae.c.load_balancer_id == lb_id, t.amphorae.c.compute_id.is_not(None)))]
    if lb is None:
        return
    if servers:
        ctx = service_context(cloud)
        for server_id in servers:
            await _delete_server(cloud, ctx, server_id)
    with cloud.store.begin() as conn:
        if lb["vip_port_id"]:
            network_local.release_service_port(cloud, conn, lb["vip_port_id"], delete=bool(lb["vip_port_owned"]))
        conn.execute(t.amphorae.delete().where(t.amphorae.c.load_balancer_id == lb_id))
        for kind, table in t.TREE.items():
            column = table.c.id if kind == "loadbalancer" else table.c.load_balancer_id
            conn.execute(table.delete().where(column == lb_id))


async def failover(cloud: Cloud, lb_id: str, amphora_ids: list[str] | None = None) -> None:
    """Replace amphorae (all of the load balancer's, or those named): a new server each, then the old one
    deleted; the load balancer ACTIVE again, or ERROR when a new amphora does not come up."""
    with cloud.store.begin() as conn:
        query = sa.select(t.amphorae).where(t.amphorae.c.load_balancer_id == lb_id,
                                            t.amphorae.c.status != PENDING_CREATE)
        if amphora_ids is not None:
            query = query.where(t.amphorae.c.id.in_(amphora_ids))
        old = [dict(r) for r in conn.execute(query).mappings()]
        for amphora in old:
            conn.execute(t.amphorae.update().where(t.amphorae.c.id == amphora["id"])
                         .values(status="PENDING_DELETE", updated_at=now(cloud)))
            conn.execute(t.amphorae.insert().values(
                id=uuid_str(), load_balancer_id=lb_id, status=PENDING_CREATE, role=amphora["role"], cert_busy=False,
                vrrp_interface=amphora["vrrp_interface"], vrrp_id=amphora["vrrp_id"],
                vrrp_priority=amphora["vrrp_priority"], created_at=now(cloud)))
        lb = conn.execute(sa.select(t.load_balancers).where(t.load_balancers.c.id == lb_id)).mappings().first()
        amphorae = _waiting(conn, lb_id)
    if lb is None:
        return
    ctx = service_context(cloud)
    for amphora in amphorae:
        why = await _boot(cloud, ctx, dict(lb), amphora)
        if why is not None:
            _fail(cloud, lb_id, [a["id"] for a in amphorae], why)
            return
    for amphora in old:
        if amphora["compute_id"]:
            await _delete_server(cloud, ctx, amphora["compute_id"])
    with cloud.store.begin() as conn:
        conn.execute(t.amphorae.delete().where(t.amphorae.c.id.in_([a["id"] for a in old])))
        settle(cloud, conn, lb_id)


def resume(cloud: Cloud) -> list[tuple[str, str]]:
    """What was in flight when the cloud stopped or was reset: (step, load balancer id) to start again."""
    with cloud.store.read() as conn:
        rows = conn.execute(sa.select(t.load_balancers.c.id, t.load_balancers.c.provisioning_status).where(
            t.load_balancers.c.provisioning_status.in_((PENDING_CREATE, "PENDING_DELETE", PENDING_UPDATE)))).all()
    return [("build" if status == PENDING_CREATE else "delete" if status == "PENDING_DELETE" else "settle", lb_id)
            for lb_id, status in rows]


__all__ = ["ACTIVE", "build", "delete", "failover", "new_amphorae", "resume", "service_context"]
