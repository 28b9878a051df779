"""Handlers of ``/_twinstack``: what tests and CI use to drive the emulator itself.

The control plane answers without a token (it is the test's side door, like moto's); errors use
Keystone's body shape. Bad requests (unknown snapshot, a clock call in real-time mode, a bad rule)
are 4xx with a message saying what is wrong.
"""

from __future__ import annotations

import re
import time
from typing import Any

import yaml
from pydantic import ValidationError
from starlette.responses import PlainTextResponse

from twinstack.control import clouds
from twinstack.core import snapshots
from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req, empty, json_response, public
from twinstack.model import loader

_SNAPSHOT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(f"{loader.location(e['loc'])}: {e['msg']}" for e in exc.errors())


@public
async def health(req: Req) -> Any:
    cloud = req.cloud
    status = 200 if cloud.ready else 503
    return json_response({"status": "ok" if cloud.ready else "starting", "services": cloud.health()}, status)


@public
async def clouds_yaml(req: Req) -> Any:
    return PlainTextResponse(clouds.clouds_yaml(req.cloud.model, req.cloud.settings.base_url))


@public
async def reset(req: Req) -> Any:
    started = time.perf_counter()
    await req.cloud.reset()
    return {"reset": True, "seconds": round(time.perf_counter() - started, 4)}


# -- faults ------------------------------------------------------------------------------------
@public
async def list_faults(req: Req) -> Any:
    return {"faults": req.cloud.faults.listing()}


@public
async def add_fault(req: Req) -> Any:
    body = await req.json()
    rules = body if isinstance(body, list) else [body.get("fault", body) if isinstance(body, dict) else body]
    added = []
    for index, data in enumerate(rules):
        if not isinstance(data, dict):
            raise ApiError(400, f"fault rule {index}: expected an object, found {type(data).__name__}")
        try:
            added.append(req.cloud.faults.add(data))
        except ValidationError as exc:
            raise ApiError(400, f"fault rule {index}: {_validation_message(exc)}") from None
    dumped = [r.model_dump(exclude_none=True) for r in added]
    return json_response({"faults": dumped} if isinstance(body, list) else {"fault": dumped[0]}, 201)


@public
async def show_fault(req: Req) -> Any:
    rule = req.cloud.faults.rules.get(req.params["fault_id"])
    if rule is None:
        raise ApiError(404, f"No fault rule {req.params['fault_id']}.")
    return {"fault": rule.model_dump(exclude_none=True)}


@public
async def delete_fault(req: Req) -> Any:
    req.cloud.faults.delete(req.params["fault_id"])
    return empty()


@public
async def clear_faults(req: Req) -> Any:
    req.cloud.faults.clear()
    return empty()


# -- clock -------------------------------------------------------------------------------------
def _clock_body(req: Req) -> dict[str, Any]:
    clock = req.cloud.clock
    return {"clock": {"mode": clock.mode, "now": clock.now().isoformat() + "Z", "offset": clock.offset,
                      "waiting": clock.pending()}}


@public
async def show_clock(req: Req) -> Any:
    return _clock_body(req)


@public
async def set_clock(req: Req) -> Any:
    body = await req.json()
    mode = body.get("mode") if isinstance(body, dict) else None
    if mode not in ("real", "manual"):
        raise ApiError(400, "Give {\"mode\": \"real\"} or {\"mode\": \"manual\"}.")
    req.cloud.clock.set_mode(mode)
    return _clock_body(req)


@public
async def advance_clock(req: Req) -> Any:
    body = await req.json(required=False) or {}
    seconds = body.get("seconds", 0) if isinstance(body, dict) else None
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        raise ApiError(400, "seconds must be a number >= 0.")
    clock = req.cloud.clock
    if not clock.manual:
        raise ApiError(409, "The clock runs in real time; set {\"mode\": \"manual\"} first (PUT /_twinstack/clock).")
    woken = clock.advance(float(seconds))
    # let the lifecycles that woke run to their next wait before answering
    import asyncio

    for _ in range(20):
        await asyncio.sleep(0)
    body = _clock_body(req)
    body["clock"]["woken"] = woken
    return body


# -- journal -----------------------------------------------------------------------------------
@public
async def journal(req: Req) -> Any:
    filters = {k: v for k, v in req.query.items() if k != "limit"}
    limit = req.query.get("limit")
    if limit is not None and not limit.isdigit():
        raise ApiError(400, "limit must be a non-negative integer.")
    if "since" in filters and not filters["since"].isdigit():
        raise ApiError(400, "since must be an entry id (a non-negative integer).")
    entries = req.cloud.journal.query(filters, int(limit) if limit else None)
    return {"entries": entries, "count": len(entries)}


@public
async def clear_journal(req: Req) -> Any:
    req.cloud.journal.clear()
    return empty()


# -- snapshots ---------------------------------------------------------------------------------
def _snapshot_path(req: Req, name: str) -> Any:
    if not _SNAPSHOT_NAME.match(name):
        raise ApiError(400, f"Invalid snapshot name {name!r}: letters, digits, '.', '_' and '-' only.")
    return req.cloud.state_dir / "snapshots" / f"{name}.tar.gz"


@public
async def list_snapshots(req: Req) -> Any:
    folder = req.cloud.state_dir / "snapshots"
    names = sorted(p.name[: -len(".tar.gz")] for p in folder.glob("*.tar.gz")) if folder.exists() else []
    return {"snapshots": [{"name": n, "size": (folder / f"{n}.tar.gz").stat().st_size} for n in names]}


@public
async def save_snapshot(req: Req) -> Any:
    body = await req.json()
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str):
        raise ApiError(400, "Give the snapshot a name: {\"name\": \"before-test\"}.")
    path = _snapshot_path(req, name)
    with req.cloud.store.read() as conn:
        tables = snapshots.dump(conn)
    snapshots.save_file(path, tables, req.cloud.state_dir, {"snapshots"})
    return json_response({"snapshot": {"name": name, "size": path.stat().st_size}}, 201)


@public
async def load_snapshot(req: Req) -> Any:
    name = req.params["name"]
    path = _snapshot_path(req, name)
    if not path.exists():
        raise ApiError(404, f"No snapshot named {name}.")
    started = time.perf_counter()
    tables = snapshots.load_file(path, req.cloud.state_dir, {"snapshots"})
    await req.cloud.load_tables(tables)
    return {"snapshot": {"name": name}, "seconds": round(time.perf_counter() - started, 4)}


@public
async def delete_snapshot(req: Req) -> Any:
    path = _snapshot_path(req, req.params["name"])
    if not path.exists():
        raise ApiError(404, f"No snapshot named {req.params['name']}.")
    path.unlink()
    return empty()


# -- model -------------------------------------------------------------------------------------
@public
async def show_model(req: Req) -> Any:
    return req.cloud.model.model_dump(mode="json", exclude_defaults=True)


@public
async def apply_model(req: Req) -> Any:
    """Layer a model over the current one and reset the cloud to the result, all or nothing."""
    raw = await req.raw.body()
    try:
        layer = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        raise ApiError(400, f"The model is not valid YAML/JSON: {exc}") from None
    if not isinstance(layer, dict):
        raise ApiError(400, "The model must be a mapping (YAML or JSON object).")
    current = req.cloud.model.model_dump(mode="json", exclude_defaults=True)
    try:
        model = loader.validate(loader.merge(current, layer), "applied model")
    except loader.ModelError as exc:
        raise ApiError(400, "The model has errors: " + "; ".join(exc.errors)) from None
    try:
        await req.cloud.reset(model)
    except loader.ModelError as exc:
        raise ApiError(400, "The model has errors: " + "; ".join(exc.errors)) from None
    return {"applied": True}
