"""The version document, template validate, resource types and their schemas, template versions and
functions, build info, software configs, stack snapshots and actions (check, suspend, resume, cancel)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.orchestration import errors as E
from twinstack.orchestration import tables as t
from twinstack.orchestration import views
from twinstack.orchestration.api.common import stack as find_stack
from twinstack.orchestration.api.common import target, tenant
from twinstack.orchestration.api.stacks import _body, _template
from twinstack.orchestration.manager import configs, constraints, operations, stacks
from twinstack.orchestration.manager.prepare import environment, merge_environments, prepare
from twinstack.orchestration.manager.resources import REGISTRY
from twinstack.orchestration.manager.template import functions, hot, parameters


async def versions(req: Req) -> Any:
    return json_response({"versions": [{"id": "v1.0", "status": "CURRENT",
                                        "links": [{"href": f"{req.base_url()}/v1/", "rel": "self"}]}]}, 300)


async def validate(req: Req) -> Any:
    tenant(req)
    req.authorize("stacks:validate_template", {"project_id": req.context.project_id})
    body = _body(await req.json())
    files = body.get("files") or {}
    env = merge_environments(environment(body.get("environment"), files), files,
                             list(body.get("environment_files") or []))
    tmpl = hot.load(_template(body))
    hot.check(tmpl)
    parameters.check_schema(tmpl.get("parameters") or {})
    given = {**(env.get("parameters") or {}), **(body.get("parameters") or {})}
    schema = tmpl.get("parameters") or {}
    # validate checks the template and what values are given, not that every parameter has one
    fill = {k: v.get("default", _placeholder(v.get("type"))) for k, v in schema.items()
            if isinstance(v, dict) and k not in given and k not in (env.get("parameter_defaults") or {})}
    prepare(tmpl, files, env, {**fill, **given}, operations.pseudo("validate", "None", req.context.project_id or ""),
            constraints.checks(req.cloud, req.context), strict=False)
    out: dict[str, Any] = {"Description": tmpl.get("description", "No description"),
                           "Parameters": parameters.validate_view(schema, given)}
    if tmpl.get("parameter_groups"):
        out["ParameterGroups"] = tmpl["parameter_groups"]
    if req.query.get("show_nested", "false").lower() == "true":
        out["NestedParameters"] = {}
    registry = {**(env.get("resource_registry") or {})}
    registry.setdefault("resources", {})
    for definition in (tmpl.get("resources") or {}).values():  # a template in files used as a type registers it
        kind = definition.get("type") if isinstance(definition, dict) else None
        if isinstance(kind, str) and kind in files:
            registry[kind] = kind
    out["Environment"] = {"parameters": {}, "parameter_defaults": {}, "event_sinks": [], **env,
                          "resource_registry": registry}
    return out


def _placeholder(kind: Any) -> Any:
    return {"number": 0, "comma_delimited_list": "", "json": {}, "boolean": False}.get(str(kind), "")


async def resource_types(req: Req) -> Any:
    tenant(req)
    req.authorize("resource_types:index", {"project_id": req.context.project_id})
    names = sorted(REGISTRY)
    name_filter = req.query.get("name")
    if name_filter:
        names = [n for n in names if name_filter in n]
    if req.query.get("with_description", "false").lower() == "true":
        return {"resource_types": [{"resource_type": n, "description": REGISTRY[n].description} for n in names]}
    return {"resource_types": names}


async def resource_type(req: Req) -> Any:
    tenant(req)
    req.authorize("resource_types:show", {"project_id": req.context.project_id})
    plugin = REGISTRY.get(req.params["type_name"])
    if plugin is None:
        raise E.not_found("Resource Type", req.params["type_name"])
    return plugin.schema()


async def resource_type_template(req: Req) -> Any:
    tenant(req)
    req.authorize("resource_types:template", {"project_id": req.context.project_id})
    plugin = REGISTRY.get(req.params["type_name"])
    if plugin is None:
        raise E.not_found("Resource Type", req.params["type_name"])
    params = {k: {"type": {"Integer": "number", "Number": "number", "Boolean": "boolean", "List":
                           "comma_delimited_list", "Map": "json"}.get(p.type, "string"), "description": p.description}
              for k, p in plugin.properties.items()}
    return {"heat_template_version": "2016-10-14", "description": f"Initial template of {plugin.type_name}",
            "parameters": params,
            "resources": {plugin.type_name.split("::")[-1]: {"type": plugin.type_name, "properties": {
                k: {"get_param": k} for k in plugin.properties}}},
            "outputs": {k: {"description": d, "value": {"get_attr": [plugin.type_name.split("::")[-1], k]}}
                        for k, d in plugin.attributes.items()}}


async def template_versions(req: Req) -> Any:
    tenant(req)
    req.authorize("stacks:list_template_versions", {"project_id": req.context.project_id})
    return {"template_versions": [{"version": f"heat_template_version.{v}", "type": "hot",
                                   "aliases": [a for a, d in hot.VERSIONS.items() if d == v and a != v]}
                                  for v in sorted(set(hot.VERSIONS.values()))]}


async def template_functions(req: Req) -> Any:
    tenant(req)
    req.authorize("stacks:list_template_functions", {"project_id": req.context.project_id})
    version = req.params["template_version"].removeprefix("heat_template_version.")
    if version not in hot.VERSIONS:
        raise E.not_found("Template version", req.params["template_version"])
    return {"template_functions": [{"functions": name, "description": functions.DESCRIPTIONS.get(name, "")}
                                   for name in sorted(functions.FUNCTIONS)]}


async def build_info(req: Req) -> Any:
    tenant(req)
    req.authorize("build_info:build_info", {"project_id": req.context.project_id})
    return {"api": {"revision": "twinstack"}, "engine": {"revision": "twinstack"}}


async def services(req: Req) -> Any:
    tenant(req)
    req.authorize("service:index", {"project_id": req.context.project_id})
    now = views.time(req.cloud.clock.now())
    return {"services": [{"id": "00000000-0000-0000-0000-00000000heat"[:36], "host": "twinstack",
                          "hostname": "twinstack", "binary": "heat-engine", "engine_id": "twinstack",
                          "topic": "engine", "report_interval": 60, "status": "up", "created_at": now,
                          "updated_at": now, "deleted_at": None}]}


# -- software configs ---------------------------------------------------------------------------------
async def config_index(req: Req) -> Any:
    tenant(req)
    req.authorize("software_configs:index", {"project_id": req.context.project_id})
    rows = configs.listing(req.cloud, req.context.project_id)
    return {"software_configs": [{k: v for k, v in views.software_config(r).items() if k in
                                  ("id", "name", "group", "creation_time")} for r in rows]}


async def config_create(req: Req) -> Any:
    tenant(req)
    req.authorize("software_configs:create", {"project_id": req.context.project_id})
    body = _body(await req.json())
    row = configs.create(req.cloud, req.context.project_id or "", body.get("name"), body.get("group") or
                         "Heat::Ungrouped", body.get("config"), body.get("inputs"), body.get("outputs"),
                         body.get("options"))
    return {"software_config": views.software_config(row)}


def _config(req: Req) -> dict[str, Any]:
    tenant(req)
    owner = None if req.context.is_admin else req.context.project_id
    row = configs.get(req.cloud, req.params["config_id"], owner)
    if row is None:
        raise E.not_found("Software Config", req.params["config_id"])
    return row


async def config_show(req: Req) -> Any:
    row = _config(req)
    req.authorize("software_configs:show", {"project_id": row["project_id"]})
    return {"software_config": views.software_config(row)}


async def config_delete(req: Req) -> Any:
    row = _config(req)
    req.authorize("software_configs:delete", {"project_id": row["project_id"]})
    configs.delete(req.cloud, row["id"])
    return empty(204)


# -- snapshots and actions ----------------------------------------------------------------------------
def _snapshot_view(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "status": row["status"], "status_reason": row["status_reason"],
            "data": row["data"], "creation_time": views.time(row["created_at"])}


async def snapshot_index(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:list_snapshots", target(row))
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(t.snapshots).where(
            t.snapshots.c.stack_id == row["id"]).order_by(t.snapshots.c.created_at))]
    return {"snapshots": [_snapshot_view(r) for r in rows]}


async def snapshot_create(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:snapshot", target(row))
    body = await req.json(required=False) or {}
    if row["status"] == "IN_PROGRESS":
        raise E.in_progress(row["name"], row["action"])
    with req.cloud.store.begin() as conn:
        res = stacks.resources(conn, row["id"])
        data = {"template": row["template"], "environment": row["environment"], "files": row["files"],
                "params": row["params"], "resources": {r["name"]: {"resource_id": r["physical_id"], "type": r["type"],
                                                                 "resource_data": r["data"] or {}} for r in res}}
        snap = {"id": uuid_str(), "stack_id": row["id"], "name": body.get("name"), "status": "COMPLETE",
                "status_reason": "Stack SNAPSHOT completed successfully", "data": data,
                "created_at": req.cloud.clock.now()}
        conn.execute(t.snapshots.insert().values(**snap))
        stacks.add_event(conn, snap["created_at"], row["id"], row["name"], "OS::Heat::Stack", row["id"], "SNAPSHOT",
                         "COMPLETE", "Stack SNAPSHOT completed successfully")
    return _snapshot_view(snap)


def _snapshot(req: Req, row: dict[str, Any]) -> dict[str, Any]:
    with req.cloud.store.read() as conn:
        found = conn.execute(sa.select(t.snapshots).where(t.snapshots.c.stack_id == row["id"],
                                                          t.snapshots.c.id == req.params["snapshot_id"])).first()
    if found is None:
        raise E.not_found("Snapshot with id", req.params["snapshot_id"])
    return dict(found._mapping)


async def snapshot_show(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:show_snapshot", target(row))
    return {"snapshot": _snapshot_view(_snapshot(req, row))}


async def snapshot_delete(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:delete_snapshot", target(row))
    snap = _snapshot(req, row)
    with req.cloud.store.begin() as conn:
        conn.execute(t.snapshots.delete().where(t.snapshots.c.id == snap["id"]))
    return empty(204)


async def snapshot_restore(req: Req) -> Any:
    """Restore: the stack updated back to the snapshot's template and parameters."""
    row = find_stack(req)
    req.authorize("stacks:restore_snapshot", target(row))
    snap = _snapshot(req, row)
    if operations.busy(req.cloud, row):
        raise E.in_progress(row["name"], row["action"])
    data = snap["data"]
    given = {k: v for k, v in (data.get("params") or {}).items() if not k.startswith("OS::")}
    prepared = prepare(data["template"], data.get("files") or {}, data.get("environment") or {}, given,
                       operations.pseudo(row["name"], row["id"], row["project_id"]), strict=False)
    operations.start_update(req.cloud, req.context, row, prepared, action="RESTORE")
    return empty(202)


async def action(req: Req) -> Any:
    """check, suspend, resume, cancel_update: state changes only (the resources are not touched)."""
    row = find_stack(req)
    body = _body(await req.json())
    if len(body) != 1:
        raise E.bad_request("Multiple actions specified")
    name = next(iter(body))
    if name not in ("check", "suspend", "resume", "cancel_update", "cancel_without_rollback"):
        raise E.bad_request(f"Invalid action {name} specified")
    req.authorize(f"actions:{name}", target(row))
    if name.startswith("cancel"):
        if not (row["action"] == "UPDATE" and row["status"] == "IN_PROGRESS"):
            raise E.not_supported(f"Cancelling update when stack is {row['action']}_{row['status']}")
        return empty(200)
    if operations.busy(req.cloud, row):
        raise E.in_progress(row["name"], row["action"])
    verb = name.upper()
    with req.cloud.store.begin() as conn:
        for res in stacks.resources(conn, row["id"]):
            conn.execute(t.resources.update().where(t.resources.c.id == res["id"]).values(
                action=verb, status="COMPLETE", status_reason="state changed"))
            stacks.add_event(conn, req.cloud.clock.now(), row["id"], res["name"], res["type"], res["physical_id"],
                             verb, "COMPLETE", "state changed")
    stacks.set_stack_state(req.cloud, row["id"], verb, "COMPLETE", f"Stack {verb} completed successfully")
    return empty(200)
