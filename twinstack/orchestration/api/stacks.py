"""``/v1/{tenant_id}/stacks``: create (and adopt), preview, list, lookup by name (Heat's 302 to
``/stacks/<name>/<id>``), show, update (PUT: everything given again; PATCH: the existing stack's template and
parameters kept unless given), delete, abandon, the stack's template, environment, files and outputs."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.ids import uuid_str
from twinstack.core.pipeline import Req, empty, json_response
from twinstack.orchestration import errors as E
from twinstack.orchestration import tables as t
from twinstack.orchestration import views
from twinstack.orchestration.api.common import stack as find_stack
from twinstack.orchestration.api.common import target, tenant
from twinstack.orchestration.manager import constraints, engine, operations, stacks
from twinstack.orchestration.manager.prepare import Prepared, environment, merge_environments, prepare
from twinstack.orchestration.manager.template import parameters

NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_.-]{0,254}$")
_CREATE_KEYS = {"stack_name", "template", "template_url", "files", "environment", "environment_files",
                "parameters", "timeout_mins", "disable_rollback", "tags", "adopt_stack_data", "existing",
                "clear_parameters", "converge", "parameter_defaults", "rollback", "template_id"}


def _body(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise E.bad_request("The request body must be a JSON object.")
    return raw


def _template(body: dict[str, Any], required: bool = True) -> Any:
    if "template" in body and body["template"] is not None:
        return body["template"]
    if body.get("template_url"):
        raise E.bad_request(f"Could not retrieve template: template_url {body['template_url']} is not fetched by "
                            "this cloud; send the template inline.")
    if required:
        raise E.bad_request("No template specified")
    return None


def _tags(value: Any) -> list[str] | None:
    if value in (None, "", []):
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def _timeout(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise E.bad_request(f"Invalid timeout value {value}") from None
    if minutes <= 0:
        raise E.bad_request(f"Invalid timeout value {value}")
    return minutes


def _bool(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise E.bad_request(f"Unrecognized value \"{value}\", acceptable values are: true, false")


def prepare_from(req: Req, body: dict[str, Any], name: str, stack_id: str) -> Prepared:
    files = body.get("files") or {}
    if not isinstance(files, dict):
        raise E.bad_request("files must be a map")
    env = merge_environments(environment(body.get("environment"), files), files, list(body.get("environment_files")
                                                                                       or []))
    given = body.get("parameters") or {}
    if not isinstance(given, dict):
        raise E.bad_request("parameters must be a map")
    return prepare(_template(body), files, env, given,
                   operations.pseudo(name, stack_id, req.context.project_id or ""),
                   constraints.checks(req.cloud, req.context))


async def create(req: Req) -> Any:
    tenant(req)
    req.authorize("stacks:create", {"project_id": req.context.project_id})
    body = _body(await req.json())
    name = body.get("stack_name")
    if not isinstance(name, str) or not NAME.match(name):
        raise E.bad_request(f'Invalid stack name {name} must contain only alphanumeric or "_-." characters, must '
                            "start with alpha and must be 255 characters or less.")
    stack_id = uuid_str()
    adopt = body.get("adopt_stack_data")
    if adopt is not None:
        return await _adopt(req, body, name, stack_id, adopt)
    prepared = prepare_from(req, body, name, stack_id)
    row = operations.new_stack(req.cloud, req.context, name, prepared, stack_id, body.get("parameters") or {},
                               _timeout(body.get("timeout_mins")), _bool(body.get("disable_rollback"), True),
                               _tags(body.get("tags")))
    operations.start_create(req.cloud, req.context, row, prepared)
    return _created(req, row)


def _created(req: Req, row: dict[str, Any]) -> Any:
    """201 with the stack's identity, its URL in Location as well (Heat's ``created`` response)."""
    url = views.stack_url(req, row)
    return json_response({"stack": {"id": row["id"], "links": [{"href": url, "rel": "self"}]}}, 201,
                         {"Location": url})


async def _adopt(req: Req, body: dict[str, Any], name: str, stack_id: str, adopt: Any) -> Any:
    """Adopt: the stack's resources are the physical ones the data names (from an abandon), nothing is made."""
    try:
        data = json.loads(adopt) if isinstance(adopt, str) else adopt
    except ValueError as exc:
        raise E.bad_request(f"Invalid adopt data: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), dict):
        raise E.bad_request("Invalid adopt data: resources are missing")
    body = {**body, "template": body.get("template") or data.get("template")}
    prepared = prepare_from(req, body, name, stack_id)
    row = operations.new_stack(req.cloud, req.context, name, prepared, stack_id, body.get("parameters") or {},
                               _timeout(body.get("timeout_mins")), _bool(body.get("disable_rollback"), True),
                               _tags(body.get("tags")), action="ADOPT")
    now = req.cloud.clock.now()
    with req.cloud.store.begin() as conn:
        for res_name, item in (data.get("resources") or {}).items():
            if res_name not in prepared.definitions or not isinstance(item, dict):
                continue
            conn.execute(t.resources.insert().values(
                id=uuid_str(), stack_id=stack_id, name=res_name, type=prepared.definitions[res_name]["type"],
                physical_id=item.get("resource_id"), action="ADOPT", status="COMPLETE", status_reason="state changed",
                properties=None, data=item.get("resource_data") or {}, metadata=item.get("metadata") or {},
                requires=sorted(prepared.needs.get(res_name, set())), created_at=now, updated_at=None))
    runner = engine.Runner(req.cloud, req.context, row, prepared)
    for res_name in list(runner.rows):
        res = runner.rows[res_name]
        res["properties"] = runner.resolved(res_name)
        runner._write(res)
    operations.start_create(req.cloud, req.context, row, prepared, action="ADOPT")
    return _created(req, row)


async def preview(req: Req) -> Any:
    tenant(req)
    req.authorize("stacks:preview", {"project_id": req.context.project_id})
    body = _body(await req.json())
    name = body.get("stack_name") or ""
    if not NAME.match(str(name)):
        raise E.bad_request(f'Invalid stack name {name} must contain only alphanumeric or "_-." characters, must '
                            "start with alpha and must be 255 characters or less.")
    stack_id = "None"
    prepared = prepare_from(req, body, str(name), stack_id)
    now = req.cloud.clock.now()
    row = {"id": stack_id, "name": name, "project_id": req.context.project_id, "owner": stacks.owner_of(req.context),
           "action": "INIT", "status": "COMPLETE", "status_reason": "", "template": prepared.template,
           "tags": _tags(body.get("tags")), "timeout_mins": _timeout(body.get("timeout_mins")),
           "disable_rollback": _bool(body.get("disable_rollback"), True), "parent_id": None, "created_at": now,
           "updated_at": None, "deleted_at": None}
    out = views.stack(req, row, parameters.shown(prepared.template.get("parameters") or {}, prepared.params), None)
    for key in ("stack_status", "stack_status_reason"):
        out.pop(key, None)
    runner = engine.Runner(req.cloud, req.context, {**row, "id": ""}, prepared)
    resources = []
    required = _required_by(prepared.needs)
    identity = {"stack_name": name, "stack_id": stack_id, "tenant": req.context.project_id}
    for res_name in prepared.definitions:
        props = runner.resolved(res_name)
        kind = prepared.definitions[res_name]["type"]
        resources.append({"resource_name": res_name, "resource_type": kind,
                          "logical_resource_id": res_name, "physical_resource_id": "", "resource_action": "INIT",
                          "resource_status": "COMPLETE", "resource_status_reason": "", "properties": props,
                          "required_by": required.get(res_name, []), "description": "",
                          "metadata": prepared.definitions[res_name].get("metadata") or {},
                          "attributes": dict.fromkeys(engine.plugin_for(kind).attributes),
                          "stack_name": name, "stack_identity": {**identity, "path": ""},
                          "resource_identity": {**identity, "path": f"/resources/{res_name}"},
                          "creation_time": None, "updated_time": None})
    out["resources"] = resources
    return {"stack": out}


def _required_by(needs: dict[str, set[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, deps in needs.items():
        for dep in deps:
            out.setdefault(dep, []).append(name)
    return {k: sorted(v) for k, v in out.items()}


_FILTERS = ("id", "name", "status", "action", "tenant", "username", "owner_id")
_SORT_KEYS = {"stack_name": "name", "stack_status": "status", "creation_time": "created_at",
              "updated_time": "updated_at"}


async def index(req: Req) -> Any:
    tenant(req)
    q = req.query
    global_tenant = _bool(q.get("global_tenant"), False)
    req.authorize("stacks:global_index" if global_tenant else "stacks:index", {"project_id": req.context.project_id})
    c = t.stacks.c
    query = sa.select(t.stacks)
    if not _bool(q.get("show_deleted"), False):
        query = query.where(c.deleted_at.is_(None))
    if not _bool(q.get("show_nested"), False):
        query = query.where(c.parent_id.is_(None))
    if not global_tenant:
        query = query.where(c.project_id == req.context.project_id)
    for key, column in (("name", c.name), ("id", c.id), ("action", c.action), ("tenant", c.project_id)):
        values = q.getlist(key)
        if values:
            query = query.where(column.in_(values))
    statuses = q.getlist("status")
    sort_key = _SORT_KEYS.get(q.get("sort_keys", "creation_time"), "created_at")
    descending = q.get("sort_dir", "desc") == "desc"
    query = query.order_by(c[sort_key].desc() if descending else c[sort_key], c.id)
    with req.cloud.store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    if statuses:
        rows = [r for r in rows if r["status"] in statuses or f"{r['action']}_{r['status']}" in statuses]
    tags = _tags(q.get("tags"))
    if tags:
        rows = [r for r in rows if set(tags) <= set(r["tags"] or [])]
    tags_any = _tags(q.get("tags_any"))
    if tags_any:
        rows = [r for r in rows if set(tags_any) & set(r["tags"] or [])]
    not_tags = _tags(q.get("not_tags"))
    if not_tags:
        rows = [r for r in rows if not set(not_tags) <= set(r["tags"] or [])]
    marker = q.get("marker")
    if marker:
        ids = [r["id"] for r in rows]
        if marker not in ids:
            raise E.not_found("Stack", marker)
        rows = rows[ids.index(marker) + 1:]
    total = len(rows)
    limit = q.get("limit")
    if limit is not None:
        try:
            rows = rows[:max(int(limit), 0)]
        except ValueError:
            raise E.bad_request(f"Only integer is acceptable by 'limit'. ({limit})") from None
    body: dict[str, Any] = {"stacks": [views.stack_summary(req, r, project=global_tenant) for r in rows]}
    if _bool(q.get("with_count"), False):
        body["count"] = total
    return body


async def lookup(req: Req) -> Any:
    """``GET /stacks/<name or id>[/<path>]``: Heat answers 302 to the stack's canonical URL."""
    row = find_stack(req)
    req.authorize("stacks:lookup", target(row))
    path = req.raw.url.path.rstrip("/").rsplit("/", 1)[-1] if req.raw.url.path.rstrip("/").endswith(
        ("/resources", "/events", "/template", "/actions", "/environment", "/files")) else None
    location = views.stack_url(req, row) + (f"/{path}" if path else "")
    if req.raw.url.query:
        location += f"?{req.raw.url.query}"
    return json_response({"location": location}, 302, {"Location": location})


def stack_body(req: Req, row: dict[str, Any], with_outputs: bool = True) -> dict[str, Any]:
    prepared = None
    with contextlib.suppress(ApiError):  # a stored template that no longer resolves still shows its stack
        prepared = operations.prepared_of(req.cloud, req.context, row)
    params = parameters.shown((row["template"] or {}).get("parameters") or {},
                              prepared.params if prepared else row["params"] or {})
    outputs = None
    deleted = row["action"] == "DELETE" and row["status"] == "COMPLETE"
    if with_outputs and prepared is not None and not deleted:
        outputs = engine.outputs(engine.Runner(req.cloud, req.context, row, prepared))
    return views.stack(req, row, params, outputs)


async def show(req: Req) -> Any:
    row = find_stack(req, deleted=True)
    req.authorize("stacks:show", target(row))
    resolve = _bool(req.query.get("resolve_outputs"), True)
    return {"stack": stack_body(req, row, resolve)}


async def update(req: Req) -> Any:
    return await _update(req, patch=False)


async def update_patch(req: Req) -> Any:
    return await _update(req, patch=True)


async def _update(req: Req, patch: bool) -> Any:
    row = find_stack(req)
    req.authorize("stacks:update_patch" if patch else "stacks:update", target(row))
    body = _body(await req.json())
    if operations.busy(req.cloud, row) or row["status"] == "IN_PROGRESS":
        raise E.in_progress(row["name"], row["action"])
    prepared = _prepare_update(req, row, body, patch)
    if "timeout_mins" in body or not patch:
        row["timeout_mins"] = _timeout(body.get("timeout_mins"))
    values: dict[str, Any] = {"timeout_mins": row["timeout_mins"]}
    if "disable_rollback" in body or not patch:
        row["disable_rollback"] = _bool(body.get("disable_rollback"), row["disable_rollback"] if patch else True)
        values["disable_rollback"] = row["disable_rollback"]
    if "tags" in body:
        values["tags"] = _tags(body.get("tags"))
    with req.cloud.store.begin() as conn:
        conn.execute(t.stacks.update().where(t.stacks.c.id == row["id"]).values(**values))
        row.update(values)
    operations.start_update(req.cloud, req.context, row, prepared)
    return empty(202)


def _map(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise E.bad_request(f"{key} must be a map")
    return value


def _prepare_update(req: Req, row: dict[str, Any], body: dict[str, Any], patch: bool) -> Prepared:
    if patch:
        for key in ("files", "parameters"):
            _map(body, key)
        if not isinstance(body.get("clear_parameters") or [], list):
            raise E.bad_request("clear_parameters must be a list")
        old_env = dict(row["environment"] or {})
        params = {k: v for k, v in (row["params"] or {}).items() if not k.startswith("OS::")}
        for name in body.get("clear_parameters") or []:
            params.pop(name, None)
        params.update(body.get("parameters") or {})
        files = {**(row["files"] or {}), **(body.get("files") or {})}
        env = environment(body.get("environment"), files) if body.get("environment") is not None else {}
        merged = {**old_env, **{k: ({**(old_env.get(k) or {}), **v} if isinstance(v, dict) else v)
                                for k, v in env.items()}}
        template = body.get("template") if body.get("template") is not None else row["template"]
        new_params = {**params}
        tmpl_params = (template if isinstance(template, dict) else {}).get("parameters")
        if isinstance(tmpl_params, dict):
            new_params = {k: v for k, v in new_params.items() if k in tmpl_params}
        return prepare(template, files, merged, new_params, operations.pseudo(row["name"], row["id"],
                                                                              row["project_id"]),
                       constraints.checks(req.cloud, req.context), strict=False)
    return prepare_from(req, body, row["name"], row["id"])


async def delete(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:delete", target(row))
    if row["action"] == "DELETE" and row["status"] == "IN_PROGRESS":
        raise E.in_progress(row["name"], row["action"])
    await operations.start_delete(req.cloud, req.context, row)
    return empty(204)


async def abandon(req: Req) -> Any:
    """The stack's data for a later adopt; the stack goes, its physical resources stay."""
    row = find_stack(req)
    req.authorize("stacks:abandon", target(row))
    if operations.busy(req.cloud, row):
        raise E.in_progress(row["name"], row["action"])
    with req.cloud.store.begin() as conn:
        res = stacks.resources(conn, row["id"])
        data = {"name": row["name"], "id": row["id"], "action": row["action"], "status": row["status"],
                "template": row["template"], "files": row["files"], "environment": row["environment"],
                "project_id": row["project_id"], "stack_user_project_id": row["project_id"],
                "tags": row["tags"],
                "resources": {r["name"]: {"resource_id": r["physical_id"], "type": r["type"], "action": r["action"],
                                          "status": r["status"], "metadata": r["metadata"] or {},
                                          "resource_data": r["data"] or {}, "name": r["name"]} for r in res}}
        conn.execute(t.resources.delete().where(t.resources.c.stack_id == row["id"]))
        conn.execute(t.stacks.update().where(t.stacks.c.id == row["id"]).values(
            action="DELETE", status="COMPLETE", status_reason="Stack DELETE completed successfully",
            deleted_at=req.cloud.clock.now()))
    return data


async def template(req: Req) -> Any:
    row = find_stack(req, deleted=True)
    req.authorize("stacks:template", target(row))
    return row["template"]


async def environment_of(req: Req) -> Any:
    row = find_stack(req, deleted=True)
    req.authorize("stacks:environment", target(row))
    return row["environment"]


async def files_of(req: Req) -> Any:
    row = find_stack(req, deleted=True)
    req.authorize("stacks:files", target(row))
    return row["files"] or {}


async def outputs(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:list_outputs", target(row))
    prepared = operations.prepared_of(req.cloud, req.context, row)
    return {"outputs": [{"output_key": o["output_key"], "description": o["description"]}
                        for o in engine.outputs(engine.Runner(req.cloud, req.context, row, prepared))]}


async def output(req: Req) -> Any:
    row = find_stack(req)
    req.authorize("stacks:show_output", target(row))
    prepared = operations.prepared_of(req.cloud, req.context, row)
    for item in engine.outputs(engine.Runner(req.cloud, req.context, row, prepared)):
        if item["output_key"] == req.params["output_key"]:
            return {"output": item}
    raise E.not_found("Specified output key", req.params["output_key"])


async def preview_update(req: Req) -> Any:
    return await _preview_update(req, patch=False)


async def preview_update_patch(req: Req) -> Any:
    return await _preview_update(req, patch=True)


async def _preview_update(req: Req, patch: bool) -> Any:
    """What an update would do, by Heat's diff, without doing it: added, deleted, replaced, updated, unchanged."""
    row = find_stack(req)
    req.authorize("stacks:preview_update_patch" if patch else "stacks:preview_update", target(row))
    body = _body(await req.json())
    prepared = _prepare_update(req, row, body, patch)
    runner = engine.Runner(req.cloud, req.context, row, prepared)
    changes: dict[str, list[dict[str, Any]]] = {k: [] for k in ("added", "deleted", "replaced", "unchanged",
                                                               "updated")}
    required = _required_by(prepared.needs)
    for name, definition in prepared.definitions.items():
        res = runner.rows.get(name)
        if res is None:
            kind = "added"
            res = {"name": name, "type": definition["type"], "physical_id": None, "action": "INIT",
                   "status": "COMPLETE", "status_reason": "", "created_at": None, "updated_at": None, "data": {},
                   "metadata": {}}
        elif res["type"] != definition["type"]:
            kind = "replaced"
        else:
            props = runner.resolved(name)
            old = dict(res["properties"] or {})
            changed = {k for k in set(props) | set(old) if props.get(k) != old.get(k)}
            plugin = engine.plugin_for(res["type"])()
            kind = "unchanged" if not changed else "replaced" if plugin.needs_replace(
                runner.context(res, props), old, changed) else "updated"
        changes[kind].append(views.resource(req, row, res, required.get(name, [])))
    for name, res in runner.rows.items():
        if name not in prepared.definitions:
            changes["deleted"].append(views.resource(req, row, res, []))
    return {"resource_changes": changes}
