"""``/servers/{id}/diagnostics``: the hypervisor's numbers (the fake driver's), in the pre-2.48
free-form shape or the 2.48+ standard one."""

from __future__ import annotations

from typing import Any

from twinstack.compute.manager import api as capi
from twinstack.compute.manager import instances as inst
from twinstack.compute.manager import states as s
from twinstack.compute.manager.context import RequestContext
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req


async def show(req: Req) -> Any:
    ctx = RequestContext.from_req(req)
    with req.cloud.store.read() as conn:
        row = inst.get(conn, req.params["server_id"], req.context)
    req.authorize("os_compute_api:os-server-diagnostics", {"project_id": row["project_id"]})
    if not row["host"] or row["vm_state"] in (s.BUILDING, s.SHELVED_OFFLOADED):
        raise ApiError(
            409, f"Cannot 'get_diagnostics' instance {row['uuid']} while it is in vm_state {row['vm_state']}"
        )
    raw = await capi.get_diagnostics(ctx, row)
    if not req.at_least(2, 48):
        return raw
    flavor = row["flavor"]
    states = {s.RUNNING: "running", s.PAUSED_POWER: "paused", s.SHUTDOWN: "shutdown", s.SUSPENDED_POWER: "suspended"}
    return {
        "state": states.get(row["power_state"], "pending"),
        "driver": "libvirt",
        "hypervisor": "kvm",
        "hypervisor_os": "ubuntu",
        "uptime": 46664,
        "config_drive": bool(row["config_drive"]),
        "num_cpus": flavor["vcpus"],
        "num_nics": 1,
        "num_disks": 1,
        "cpu_details": [{"id": i, "time": 1702000000 + i, "utilisation": 15} for i in range(flavor["vcpus"])],
        "nic_details": [
            {
                "mac_address": "fa:16:3e:00:00:01",
                "rx_octets": raw["tap1_rx"],
                "rx_errors": 0,
                "rx_drop": 0,
                "rx_packets": raw["tap1_rx_packets"],
                "rx_rate": None,
                "tx_octets": raw["tap1_tx"],
                "tx_errors": 0,
                "tx_drop": 0,
                "tx_packets": raw["tap1_tx_packets"],
                "tx_rate": None,
            }
        ],
        "disk_details": [
            {
                "read_bytes": raw["vda_read"],
                "read_requests": raw["vda_read_req"],
                "write_bytes": raw["vda_write"],
                "write_requests": raw["vda_write_req"],
                "errors_count": 0,
            }
        ],
        "memory_details": {"maximum": flavor["ram"], "used": flavor["ram"] // 4},
    }
