"""Small Nova resources around servers: os-server-password, os-server-external-events and the
legacy extensions list, as tempest and older clients still call them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.compute import errors
from twinstack.compute import tables as t
from twinstack.compute.manager import instances as inst
from twinstack.compute.schemas import server_external_events as schemas
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.core.validation import validate

# GET /extensions: the fixed list Nova 34 answers (alias: name), kept for old clients that look a name up
EXTENSIONS: dict[str, str] = {
    "NMN": "Multinic", "OS-DCF": "DiskConfig", "OS-EXT-AZ": "ExtendedAvailabilityZone",
    "OS-EXT-IMG-SIZE": "ImageSize", "OS-EXT-IPS": "ExtendedIps", "OS-EXT-IPS-MAC": "ExtendedIpsMac",
    "OS-EXT-SRV-ATTR": "ExtendedServerAttributes", "OS-EXT-STS": "ExtendedStatus",
    "OS-FLV-DISABLED": "FlavorDisabled", "OS-FLV-EXT-DATA": "FlavorExtraData", "OS-SCH-HNT": "SchedulerHints",
    "OS-SRV-USG": "ServerUsage", "os-access-ips": "AccessIPs", "os-admin-actions": "AdminActions",
    "os-admin-password": "AdminPassword", "os-agents": "Agents", "os-aggregates": "Aggregates",
    "os-assisted-volume-snapshots": "AssistedVolumeSnapshots", "os-attach-interfaces": "AttachInterfaces",
    "os-availability-zone": "AvailabilityZone", "os-baremetal-ext-status": "BareMetalExtStatus",
    "os-baremetal-nodes": "BareMetalNodes", "os-block-device-mapping": "BlockDeviceMapping",
    "os-block-device-mapping-v2-boot": "BlockDeviceMappingV2Boot", "os-cell-capacities": "CellCapacities",
    "os-cells": "Cells", "os-certificates": "Certificates", "os-cloudpipe": "Cloudpipe",
    "os-cloudpipe-update": "CloudpipeUpdate", "os-config-drive": "ConfigDrive",
    "os-console-auth-tokens": "ConsoleAuthTokens", "os-console-output": "ConsoleOutput", "os-consoles": "Consoles",
    "os-create-backup": "CreateBackup", "os-create-server-ext": "Createserverext",
    "os-deferred-delete": "DeferredDelete", "os-evacuate": "Evacuate",
    "os-extended-evacuate-find-host": "ExtendedEvacuateFindHost",
    "os-extended-floating-ips": "ExtendedFloatingIps", "os-extended-hypervisors": "ExtendedHypervisors",
    "os-extended-networks": "ExtendedNetworks", "os-extended-quotas": "ExtendedQuotas",
    "os-extended-rescue-with-image": "ExtendedRescueWithImage", "os-extended-services": "ExtendedServices",
    "os-extended-services-delete": "ExtendedServicesDelete", "os-extended-status": "ExtendedStatus",
    "os-extended-volumes": "ExtendedVolumes", "os-fixed-ips": "FixedIPs", "os-flavor-access": "FlavorAccess",
    "os-flavor-extra-specs": "FlavorExtraSpecs", "os-flavor-manage": "FlavorManage",
    "os-flavor-rxtx": "FlavorRxtx", "os-flavor-swap": "FlavorSwap", "os-floating-ip-dns": "FloatingIpDns",
    "os-floating-ip-pools": "FloatingIpPools", "os-floating-ips": "FloatingIps",
    "os-floating-ips-bulk": "FloatingIpsBulk", "os-fping": "Fping",
    "os-hide-server-addresses": "HideServerAddresses", "os-hosts": "Hosts",
    "os-hypervisor-status": "HypervisorStatus", "os-hypervisors": "Hypervisors",
    "os-instance-actions": "InstanceActions", "os-instance_usage_audit_log": "OSInstanceUsageAuditLog",
    "os-keypairs": "Keypairs", "os-lock-server": "LockServer", "os-migrate-server": "MigrateServer",
    "os-migrations": "Migrations", "os-multiple-create": "MultipleCreate", "os-networks": "Networks",
    "os-networks-associate": "NetworkAssociationSupport", "os-pause-server": "PauseServer",
    "os-personality": "Personality", "os-preserve-ephemeral-rebuild": "PreserveEphemeralOnRebuild",
    "os-quota-class-sets": "QuotaClasses", "os-quota-sets": "Quotas", "os-rescue": "Rescue",
    "os-security-group-default-rules": "SecurityGroupDefaultRules", "os-security-groups": "SecurityGroups",
    "os-server-diagnostics": "ServerDiagnostics", "os-server-external-events": "ServerExternalEvents",
    "os-server-group-quotas": "ServerGroupQuotas", "os-server-groups": "ServerGroups",
    "os-server-list-multi-status": "ServerListMultiStatus", "os-server-password": "ServerPassword",
    "os-server-sort-keys": "ServerSortKeys", "os-server-start-stop": "ServerStartStop", "os-services": "Services",
    "os-shelve": "Shelve", "os-simple-tenant-usage": "SimpleTenantUsage", "os-suspend-server": "SuspendServer",
    "os-tenant-networks": "OSTenantNetworks", "os-used-limits": "UsedLimits",
    "os-used-limits-for-admin": "UsedLimitsForAdmin", "os-user-data": "UserData", "os-user-quotas": "UserQuotas",
    "os-virtual-interfaces": "VirtualInterfaces", "os-volume-attachment-update": "VolumeAttachmentUpdate",
    "os-volumes": "Volumes",
}


async def get_password(req: Req) -> Any:
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-server-password:show", {"project_id": row["project_id"]})
    return {"password": (row["system_metadata"] or {}).get("password", "")}


async def clear_password(req: Req) -> Any:
    with req.cloud.store.begin() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
        req.authorize("os_compute_api:os-server-password:clear", {"project_id": row["project_id"]})
        sysmeta = {k: v for k, v in (row["system_metadata"] or {}).items() if k != "password"}
        conn.execute(t.instances.update().where(t.instances.c.uuid == row["uuid"]).values(system_metadata=sysmeta))
    return empty(204)


async def external_events(req: Req) -> Any:
    req.authorize("os_compute_api:os-server-external-events:create", {})
    events = validate(await req.json(), schemas.create)["events"]
    uuids = [e["server_uuid"] for e in events]
    with req.cloud.store.read() as conn:
        known = dict(conn.execute(sa.select(t.instances.c.uuid, t.instances.c.host).where(
            t.instances.c.uuid.in_(uuids), t.instances.c.deleted.is_(False))).tuples().all())
    out, accepted = [], 0
    for event in events:
        result = dict(event, status=event.get("status", "completed"))
        if event["server_uuid"] not in known:
            result.update(code=404, status="failed")
        elif not known[event["server_uuid"]]:
            result.update(code=422, status="failed")
        else:
            result["code"] = 200
            accepted += 1
        out.append(result)
    status = 200 if accepted == len(out) else (404 if accepted == 0 else 207)
    if accepted == 0 and all(r["code"] == 404 for r in out):
        raise ApiError(404, "No instances found for any event")
    return json_response({"events": out}, status)


def _extension(alias: str) -> dict[str, Any]:
    return {"alias": alias, "name": EXTENSIONS[alias], "description": f"{EXTENSIONS[alias]} support.",
            "namespace": "http://docs.openstack.org/compute/ext/fake_xml", "updated": "2014-12-03T00:00:00Z",
            "links": []}


def _extensions_allowed(req: Req) -> None:
    """nova/api/openstack/compute/extension_info.py: os_compute_api:extensions ("@", project-scoped)."""
    req.authorize("os_compute_api:extensions", {"project_id": req.context.project_id})


async def extensions(req: Req) -> Any:
    _extensions_allowed(req)
    return {"extensions": [_extension(a) for a in EXTENSIONS]}


async def extension(req: Req) -> Any:
    _extensions_allowed(req)
    alias = req.params["alias"]
    if alias not in EXTENSIONS:
        raise errors.resource_not_found()
    return {"extension": _extension(alias)}


async def topology(req: Req) -> Any:
    """GET /servers/{id}/topology (2.78+): fake hypervisors give servers no NUMA topology, which Nova
    reports as no nodes."""
    if not req.at_least(2, 78):
        raise errors.resource_not_found()
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("compute:server:topology:index", {"project_id": row["project_id"]})
    return {"nodes": [], "pagesize_kb": None}
