"""Zones and recordsets as Designate's v2 API shows them, with ``links.self``."""

from __future__ import annotations

from typing import Any

from twinstack.core.pipeline import Req
from twinstack.dns.manager import POOL_ID


def zone(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "pool_id": POOL_ID, "project_id": row["project_id"], "name": row["name"],
        "email": row["email"], "ttl": row["ttl"], "serial": row["serial"], "status": row["status"],
        "action": row["action"], "version": row["version"], "attributes": {}, "type": row["type"],
        "masters": list(row.get("masters") or []), "description": row["description"],
        "transferred_at": row.get("transferred_at"), "shared": bool(row.get("shared")),
        "created_at": row["created_at"], "updated_at": row["updated_at"],
        "links": {"self": f"{req.base_url()}/v2/zones/{row['id']}"},
    }


def recordset(req: Req, row: dict[str, Any], zone_name: str) -> dict[str, Any]:
    return {
        "id": row["id"], "project_id": row["project_id"], "zone_id": row["zone_id"], "zone_name": zone_name,
        "name": row["name"], "type": row["type"], "ttl": row["ttl"], "records": list(row["records"]),
        "description": row["description"], "status": row["status"], "action": row["action"],
        "version": row["version"], "created_at": row["created_at"], "updated_at": row["updated_at"],
        "links": {"self": f"{req.base_url()}/v2/zones/{row['zone_id']}/recordsets/{row['id']}"},
    }
