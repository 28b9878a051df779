"""Stacks, resources, events and outputs as Heat's API shows them: statuses joined as ACTION_STATUS,
times in Heat's isotime, ``links`` built from the stack identity (``/stacks/<name>/<id>``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from twinstack.core.pipeline import Req


def time(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def stack_url(req: Req, row: dict[str, Any]) -> str:
    return f"{req.base_url()}/v1/{row['project_id']}/stacks/{row['name']}/{row['id']}"


def stack_summary(req: Req, row: dict[str, Any], project: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row["id"], "links": [{"href": stack_url(req, row), "rel": "self"}], "stack_name": row["name"],
        "description": (row["template"] or {}).get("description", "") if not project else "",
        "stack_status": f"{row['action']}_{row['status']}", "stack_status_reason": row["status_reason"],
        "creation_time": time(row["created_at"]), "updated_time": time(row["updated_at"]),
        "deletion_time": time(row["deleted_at"]), "stack_owner": (row["owner"] or {}).get("user_name"),
        "parent": row["parent_id"], "stack_user_project_id": row["project_id"], "tags": row["tags"] or None,
    }
    if project:
        out["project"] = row["project_id"]
    return out


def stack(req: Req, row: dict[str, Any], parameters: dict[str, str], outputs: list[dict[str, Any]] | None
          ) -> dict[str, Any]:
    out = stack_summary(req, row)
    description = (row["template"] or {}).get("description", "No description")
    out.update(description=description, template_description=description, parameters=parameters,
               notification_topics=[], capabilities=[], disable_rollback=row["disable_rollback"],
               timeout_mins=row["timeout_mins"])
    if outputs is not None:
        out["outputs"] = outputs
    return out


def resource(req: Req, stack_row: dict[str, Any], row: dict[str, Any], required_by: list[str],
             detail: bool = False, attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    base = stack_url(req, stack_row)
    out: dict[str, Any] = {
        "resource_name": row["name"], "logical_resource_id": row["name"], "physical_resource_id": row["physical_id"]
        or "", "resource_status": f"{row['action']}_{row['status']}", "resource_status_reason": row["status_reason"],
        "resource_type": row["type"], "creation_time": time(row["created_at"]),
        "updated_time": time(row["updated_at"] or row["created_at"]), "required_by": required_by,
        "links": [{"href": f"{base}/resources/{row['name']}", "rel": "self"}, {"href": base, "rel": "stack"}],
    }
    nested = (row["data"] or {}).get("nested_id")
    if nested:
        out["links"].append({"href": f"{req.base_url()}/v1/{stack_row['project_id']}/stacks/"
                                     f"{stack_row['name']}-{row['name']}/{nested}", "rel": "nested"})
    if stack_row.get("parent_resource"):
        out["parent_resource"] = stack_row["parent_resource"]
    out["stack_name"] = stack_row["name"]
    if detail:
        out["description"] = ""
        out["metadata"] = row["metadata"] or {}
        out["attributes"] = attributes or {}
    return out


def event(req: Req, stack_row: dict[str, Any], row: dict[str, Any], detail: bool = False) -> dict[str, Any]:
    base = stack_url(req, stack_row)
    out: dict[str, Any] = {
        "id": row["id"], "event_time": time(row["created_at"]), "resource_name": row["resource_name"],
        "logical_resource_id": row["resource_name"], "physical_resource_id": row["physical_id"] or "",
        "resource_status": f"{row['action']}_{row['status']}", "resource_status_reason": row["reason"],
        "links": [{"href": f"{base}/resources/{row['resource_name']}/events/{row['id']}", "rel": "self"},
                  {"href": f"{base}/resources/{row['resource_name']}", "rel": "resource"},
                  {"href": base, "rel": "stack"}],
    }
    if detail:
        out["resource_type"] = row["resource_type"]
        out["resource_properties"] = row["properties"] or {}
    return out


def software_config(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "group": row["group"], "config": row["config"],
            "inputs": row["inputs"], "outputs": row["outputs"], "options": row["options"],
            "creation_time": time(row["created_at"])}
