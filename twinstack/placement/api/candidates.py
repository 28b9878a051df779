"""``GET /allocation_candidates`` (1.10+): allocation requests and provider summaries, shaped per
microversion (dict format 1.12, traits 1.17, all classes 1.27, trees 1.29, mappings 1.34)."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from twinstack.core.errors import ApiError
from twinstack.core.pipeline import Req
from twinstack.placement import errors, views
from twinstack.placement.api import common
from twinstack.placement.manager import base, candidates, db
from twinstack.placement.tables import inventories, provider_traits, providers

_SUFFIXED = re.compile(r"^(resources|required|member_of|in_tree)(.*)$")


def _groups(req: Req) -> tuple[list[candidates.Group], dict[str, int]]:
    """Read the request groups: the unnumbered one and, from 1.25, suffixed ones."""
    groups: dict[str, candidates.Group] = {}
    allowed = {"resources", "required", "member_of", "limit", "in_tree", "group_policy", "root_required",
               "same_subtree"}
    for key in req.query:
        match = _SUFFIXED.match(key)
        if key in ("root_required", "same_subtree"):
            if not req.at_least(1, 35 if key == "root_required" else 36):
                base.check_query(req.query, allowed - {key})
            continue
        if key in ("limit", "group_policy"):
            if (key == "limit" and not req.at_least(1, 16)) or (key == "group_policy" and not req.at_least(1, 25)):
                base.check_query(req.query, allowed - {key})
            continue
        if not match:
            base.check_query(req.query, allowed)
            continue
        what, suffix = match.groups()
        if suffix:
            pattern = r"^[a-zA-Z0-9_-]{1,64}$" if req.at_least(1, 33) else r"^[1-9][0-9]*$"
            if not req.at_least(1, 25) or not re.match(pattern, suffix):
                base.check_query(req.query, allowed)
        if what == "in_tree" and not req.at_least(1, 31):
            base.check_query(req.query, allowed - {"in_tree"})
        if what == "member_of" and not req.at_least(1, 21):
            base.check_query(req.query, allowed - {"member_of"})
        if what == "required" and not req.at_least(1, 17):
            base.check_query(req.query, allowed - {"required"})
        group = groups.setdefault(suffix, candidates.Group(suffix=suffix))
        values = req.query.getlist(key)
        if what == "resources":
            if len(values) > 1:
                raise ApiError(400, f"Query parameter '{key}' may only be given once.", errors.DUPLICATE_KEY)
            group.resources = common.parse_resources(values[0])
        elif what == "required":
            group.required, group.forbidden = common.parse_required(req, values, key)
        elif what == "member_of":
            group.member_of, group.forbidden_aggs = common.parse_member_of(req, values, key)
        else:
            group.in_tree = common.parse_in_tree(values[-1], key)  # type: ignore[assignment]
    for suffix, group in groups.items():
        if not group.resources and (suffix or not req.at_least(1, 25) or len(groups) == 1):
            raise ApiError(400, f"Invalid query string parameters: 'resources{suffix}' is a required property"
                           if not suffix else f"All request groups must specify resources. Group '{suffix}' "
                           "has none.", errors.MISSING_VALUE)
    if not any(g.resources for g in groups.values()):
        raise ApiError(400, "Invalid query string parameters: 'resources' is a required property", errors.MISSING_VALUE)
    numbered = [s for s in groups if s]
    if len(numbered) > 1 and "group_policy" not in req.query:
        raise ApiError(400, 'The "group_policy" parameter is required when specifying more than one '
                            '"resources{N}" parameter.', errors.MISSING_VALUE)
    if req.query.get("group_policy") not in (None, "none", "isolate"):
        raise ApiError(400, "Invalid query string parameters: 'group_policy' must be one of none, isolate",
                       errors.BAD_VALUE)
    limit = req.query.get("limit")
    if limit is not None and not re.match(r"^[1-9][0-9]*$", limit):
        raise ApiError(400, f"Invalid query string parameters: '{limit}' does not match '^[1-9][0-9]*$'",
                       errors.BAD_VALUE)
    ordered = [groups[s] for s in sorted(groups, key=lambda s: (s != "", s))]
    return ordered, ({"limit": int(limit)} if limit else {})


async def list_candidates(req: Req) -> Any:
    base.since(req, 1, 10)
    req.authorize("placement:allocation_candidates:list")
    groups, opts = _groups(req)
    with req.cloud.store.read() as conn:
        for g in groups:
            db.require_resource_classes(conn, g.resources, message="Invalid resource class in resources "
                                                                   "parameter: No such resource class {names}.")
            common.known_traits(req, conn, g.required, g.forbidden)
            if g.in_tree is not None:
                tree = db.get_provider(conn, g.in_tree)  # type: ignore[arg-type]
                g.in_tree = tree["root_id"] if tree else -1
        root = None
        if "root_required" in req.query:
            root = candidates.Group()
            root.required, root.forbidden = common.parse_required(req, req.query.getlist("root_required"),
                                                                  "root_required")
            if any(len(g) > 1 for g in root.required):
                raise ApiError(400, "Invalid query string parameters: 'in:' is not supported in "
                                    "'root_required'", errors.BAD_VALUE)
            common.known_traits(req, conn, root.required, root.forbidden, "root_required")
        subtrees = [v.split(",") for v in req.query.getlist("same_subtree")]
        known = {g.suffix for g in groups}
        unknown = sorted({s for names in subtrees for s in names if s not in known})
        if unknown:
            raise ApiError(400, "Real Request groups are referenced in same_subtree but not present in the "
                                f"request: {', '.join(unknown)}", errors.BAD_VALUE)
        found = candidates.find(conn, [g for g in groups if g.resources] or groups, opts.get("limit"),
                                nested=req.at_least(1, 29), isolate=req.query.get("group_policy") == "isolate",
                                root=root, same_subtree=subtrees)
        body = _render(req, conn, found, {rc for g in groups for rc in g.resources})
    return views.respond(req, body)


def _render(req: Req, conn: Any, found: list[candidates.Candidate], requested: set[str]) -> dict[str, Any]:
    ids = {p for c in found for p in c.allocations}
    roots = {c.root_id for c in found}
    if req.at_least(1, 29) and roots:
        ids |= {r for (r,) in conn.execute(sa.select(providers.c.id).where(providers.c.root_id.in_(roots)))}
    rows = {r.id: r for r in conn.execute(sa.select(providers).where(providers.c.id.in_(ids)))} if ids else {}
    uuid_of = {i: r.uuid for i, r in rows.items()}
    requests = []
    for c in found:
        if req.at_least(1, 12):
            item: dict[str, Any] = {"allocations": {uuid_of[p]: {"resources": res} for p, res in c.allocations.items()}}
            if req.at_least(1, 34):
                item["mappings"] = {s: [uuid_of[p] for p in ps] for s, ps in c.mappings.items()}
        else:
            item = {"allocations": [{"resource_provider": {"uuid": uuid_of[p]}, "resources": res}
                                    for p, res in c.allocations.items()]}
        requests.append(item)
    summaries: dict[str, Any] = {}
    for pid in sorted(ids):
        summaries[uuid_of[pid]] = {"resources": {}}
        if req.at_least(1, 17):
            summaries[uuid_of[pid]]["traits"] = []
        if req.at_least(1, 29):
            r = rows[pid]
            summaries[uuid_of[pid]]["parent_provider_uuid"] = uuid_of.get(r.parent_id) if r.parent_id else None
            summaries[uuid_of[pid]]["root_provider_uuid"] = uuid_of.get(r.root_id, r.uuid)
    if ids:
        for inv in conn.execute(sa.select(inventories).where(inventories.c.provider_id.in_(ids))
                                .order_by(inventories.c.id)):
            if req.at_least(1, 27) or inv.resource_class in requested:
                summaries[uuid_of[inv.provider_id]]["resources"][inv.resource_class] = {
                    "capacity": db.capacity(dict(inv._mapping)), "used": inv.used}
        if req.at_least(1, 17):
            for pid, trait in conn.execute(sa.select(provider_traits.c.provider_id, provider_traits.c.trait)
                                           .where(provider_traits.c.provider_id.in_(ids))
                                           .order_by(provider_traits.c.trait)):
                summaries[uuid_of[pid]]["traits"].append(trait)
    return {"allocation_requests": requests, "provider_summaries": summaries}
