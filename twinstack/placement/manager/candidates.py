"""Allocation candidates: which providers (or provider trees) can satisfy a request right now.

Single-provider candidates are one SQL query driven by the (resource_class, provider_id) index, each
further class a join on its inventory row with the capacity test on the maintained ``used`` column,
traits and aggregates as EXISTS clauses, and a LIMIT: its cost follows the limit, not the number of
providers. Only trees that actually have children (nested providers, 1.29+) are combined in Python,
in batches, stopping at the limit.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from twinstack.placement.tables import inventories, provider_aggregates, provider_traits, providers


@dataclass
class Group:
    """One request group: its resources, trait and aggregate filters; ``single`` for numbered groups."""

    suffix: str = ""
    resources: dict[str, int] = field(default_factory=dict)
    required: list[list[str]] = field(default_factory=list)  # each inner list: any of these traits
    forbidden: list[str] = field(default_factory=list)
    member_of: list[list[str]] = field(default_factory=list)  # each inner list: in any of these
    forbidden_aggs: list[str] = field(default_factory=list)
    in_tree: int | None = None  # a root provider id


@dataclass
class Candidate:
    root_id: int
    allocations: dict[int, dict[str, int]]  # {provider id: {rc: n}}
    mappings: dict[str, list[int]] = field(default_factory=dict)


def fits(inv: Any, n: int) -> Any:
    return sa.and_(
        (inv.c.total - inv.c.reserved) * inv.c.allocation_ratio >= inv.c.used + n,
        inv.c.min_unit <= n, inv.c.max_unit >= n, (n % inv.c.step_size) == 0,
    )


def trait_filters(pid: Any, group: Group) -> list[Any]:
    clauses: list[Any] = []
    for any_of in group.required:
        clauses.append(sa.exists().where(provider_traits.c.provider_id == pid, provider_traits.c.trait.in_(any_of)))
    if group.forbidden:
        clauses.append(~sa.exists().where(provider_traits.c.provider_id == pid,
                                          provider_traits.c.trait.in_(group.forbidden)))
    return clauses


def aggregate_filters(pid: Any, group: Group) -> list[Any]:
    clauses: list[Any] = []
    for any_of in group.member_of:
        clauses.append(sa.exists().where(provider_aggregates.c.provider_id == pid,
                                         provider_aggregates.c.aggregate.in_(any_of)))
    if group.forbidden_aggs:
        clauses.append(~sa.exists().where(provider_aggregates.c.provider_id == pid,
                                          provider_aggregates.c.aggregate.in_(group.forbidden_aggs)))
    return clauses


_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _shape(group: Group, limit: int | None, skip_nested: bool, root: Group | None,
           window: int = 0) -> tuple[Any, ...]:
    return (len(group.resources), len(group.required), bool(group.forbidden), len(group.member_of),
            bool(group.forbidden_aggs), group.in_tree is not None, skip_nested,
            (len(root.required), bool(root.forbidden)) if root is not None else None, limit is not None, window)


def _build(shape: tuple[Any, ...]) -> Any:
    """The single-provider query for one request shape; values come as bound parameters, so a
    shape is built once and SQLAlchemy's compiled cache does the rest."""
    n_rc, n_req, has_forb, n_mem, has_faggs, has_tree, skip_nested, root_shape, has_limit, window = shape
    first = inventories.alias("i0")
    rp = providers.alias("rp")
    pid = first.c.provider_id

    def fits_bound(inv: Any, k: int) -> Any:
        n = sa.bindparam(f"n{k}", type_=sa.Integer)
        return sa.and_(inv.c.resource_class == sa.bindparam(f"rc{k}", type_=sa.String),
                       (inv.c.total - inv.c.reserved) * inv.c.allocation_ratio >= inv.c.used + n,
                       inv.c.min_unit <= n, inv.c.max_unit >= n, (n % inv.c.step_size) == 0)

    q = sa.select(pid, rp.c.root_id, rp.c.uuid).join(rp, rp.c.id == pid).where(fits_bound(first, 0))
    for k in range(1, n_rc):
        inv = inventories.alias(f"i{k}")
        q = q.join(inv, sa.and_(inv.c.provider_id == pid, fits_bound(inv, k)))

    def has(table: Any, column: Any, owner: Any, name: str) -> Any:
        return sa.exists().where(table.c.provider_id == owner, column.in_(sa.bindparam(name, expanding=True)))

    for i in range(n_req):
        q = q.where(has(provider_traits, provider_traits.c.trait, pid, f"req{i}"))
    if has_forb:
        q = q.where(~has(provider_traits, provider_traits.c.trait, pid, "forb"))
    for i in range(n_mem):
        q = q.where(has(provider_aggregates, provider_aggregates.c.aggregate, pid, f"mem{i}"))
    if has_faggs:
        q = q.where(~has(provider_aggregates, provider_aggregates.c.aggregate, pid, "faggs"))
    if has_tree:
        q = q.where(rp.c.root_id == sa.bindparam("tree", type_=sa.Integer))
    if skip_nested:  # trees with children are combined elsewhere; one index probe per row
        child = providers.alias("child")
        q = q.where(~sa.exists().where(child.c.root_id == rp.c.root_id, child.c.parent_id > 0))
    if root_shape is not None:
        for i in range(root_shape[0]):
            q = q.where(has(provider_traits, provider_traits.c.trait, rp.c.root_id, f"rreq{i}"))
        if root_shape[1]:
            q = q.where(~has(provider_traits, provider_traits.c.trait, rp.c.root_id, "rforb"))
    if window == 1:  # from a starting provider id on (still an index range, no sort)
        q = q.where(pid >= sa.bindparam("lo", type_=sa.Integer))
    elif window == 2:  # ... and the wrap-around before it
        q = q.where(pid < sa.bindparam("hi", type_=sa.Integer))
    q = q.order_by(pid)
    if has_limit:
        q = q.limit(sa.bindparam("lim", type_=sa.Integer))
    return q


def single_provider(conn: Connection, group: Group, limit: int | None, skip_nested: bool = False,
                    root: Group | None = None, lo: int | None = None, hi: int | None = None,
                    uuids: dict[int, str] | None = None) -> list[tuple[int, int]]:
    """(provider id, root id) of providers that alone satisfy the group, in id order, up to ``limit``;
    only ids ``>= lo`` or ``< hi`` when given. ``uuids`` (when given) learns each provider's uuid,
    which the same query reads, so a caller answering with uuids need not look them up again."""
    shape = _shape(group, limit, skip_nested, root, 1 if lo is not None else 2 if hi is not None else 0)
    q = _STATEMENTS.get(shape)
    if q is None:
        q = _STATEMENTS[shape] = _build(shape)
    params: dict[str, Any] = {}
    for k, (rc, n) in enumerate(group.resources.items()):
        params[f"rc{k}"], params[f"n{k}"] = rc, int(n)
    for i, any_of in enumerate(group.required):
        params[f"req{i}"] = list(any_of)
    if group.forbidden:
        params["forb"] = list(group.forbidden)
    for i, any_of in enumerate(group.member_of):
        params[f"mem{i}"] = list(any_of)
    if group.forbidden_aggs:
        params["faggs"] = list(group.forbidden_aggs)
    if group.in_tree is not None:
        params["tree"] = group.in_tree
    if root is not None:
        for i, any_of in enumerate(root.required):
            params[f"rreq{i}"] = list(any_of)
        if root.forbidden:
            params["rforb"] = list(root.forbidden)
    if limit is not None:
        params["lim"] = int(limit)
    if lo is not None:
        params["lo"] = int(lo)
    elif hi is not None:
        params["hi"] = int(hi)
    rows = conn.execute(q, params).all()
    if uuids is not None:
        uuids.update((r[0], r[2]) for r in rows)
    return [(r[0], r[1]) for r in rows]


# "> 0" and no DISTINCT: SQLite then walks the parent_id index, never the whole table
_NESTED_ROOTS = sa.select(providers.c.root_id).where(providers.c.parent_id > 0)
_NESTED_ROOTS_IN = _NESTED_ROOTS.where(providers.c.root_id == sa.bindparam("tree"))
SHARES = "MISC_SHARES_VIA_AGGREGATE"
# the id range (scalar subqueries: SQLite answers a lone min() or max() from the primary key, both at
# once by a scan) and whether any tree is nested or any provider shares: four index probes, one statement
_PROBE = sa.select(
    sa.select(sa.func.min(providers.c.id)).scalar_subquery(),
    sa.select(sa.func.max(providers.c.id)).scalar_subquery(),
    sa.exists().where(providers.c.parent_id > 0),
    sa.exists().where(provider_traits.c.trait == SHARES),
)


@dataclass
class Probe:
    """What a candidates request needs to know of the whole cloud before it looks for providers."""

    low: int | None  # lowest and highest provider id (None: no providers)
    high: int | None
    nested: bool  # some tree has children: those trees are combined apart
    sharing: bool  # some provider shares its inventory through aggregates


def probe(conn: Connection) -> Probe:
    """One statement instead of three (id range, nested roots, sharing providers): in most clouds no
    tree is nested and nothing is shared, and then nothing more is asked before the candidates."""
    low, high, nested, sharing = conn.execute(_PROBE).one()
    return Probe(None if low is None else int(low), None if high is None else int(high), bool(nested), bool(sharing))


def nested_roots(conn: Connection, in_tree: int | None) -> list[int]:
    """Roots of trees with more than one provider (cheap: an index range on parent_id)."""
    rows = conn.execute(_NESTED_ROOTS) if in_tree is None else conn.execute(_NESTED_ROOTS_IN, {"tree": in_tree})
    return sorted({r for (r,) in rows})


def find(conn: Connection, groups: list[Group], limit: int | None, nested: bool,
         isolate: bool = False, root: Group | None = None,
         same_subtree: list[list[str]] | None = None, start: int | None = None,
         shape: Probe | None = None, uuids: dict[int, str] | None = None) -> list[Candidate]:
    """Candidates for all groups together, flat trees first (SQL), then nested trees (combined here).
    ``root`` (1.35 root_required) holds traits the root of each candidate's tree must (not) have.
    ``start``: single-provider candidates are taken from that provider id on, wrapping around to the
    lowest id (a random ``start`` spreads a limited set over the whole cloud at the cost of one more
    indexed query, where Placement's ``randomize_allocation_candidates`` shuffles every candidate).
    ``shape``: the caller's ``probe`` of this transaction (else probed here); ``uuids`` learns the
    uuids of the single-provider candidates (see ``single_provider``)."""
    multi_group = len([g for g in groups if g.resources]) > 1 or bool(same_subtree)
    shape = shape or probe(conn)
    roots = nested_roots(conn, _tree_of(groups)) if nested and shape.nested else []
    sharing = sharing_providers(conn) if shape.sharing else {}
    found: list[Candidate] = []
    if not multi_group:
        group = next(g for g in groups if g.resources)
        skip = bool(roots)
        if start is None:
            flat = single_provider(conn, group, limit, skip_nested=skip, root=root, uuids=uuids)
        else:
            flat = single_provider(conn, group, limit, skip_nested=skip, root=root, lo=start, uuids=uuids)
            if limit is None or len(flat) < limit:
                flat += single_provider(conn, group, None if limit is None else limit - len(flat),
                                        skip_nested=skip, root=root, hi=start, uuids=uuids)
        for pid, root_id in flat:
            found.append(Candidate(root_id, {pid: dict(group.resources)}, {group.suffix: [pid]}))
    else:
        # several groups: every tree is combined; flat trees are single providers holding everything
        roots = roots + list(_flat_roots_for(conn, groups, limit))
    if limit is not None and len(found) >= limit:
        return found[:limit]
    if sharing:  # trees that can borrow from a sharing provider are combined too
        anchors = anchor_roots(conn, set().union(*sharing.values()), _tree_of(groups), set(sharing))
        roots = sorted(set(roots) | anchors)
    if not roots:  # nothing to combine (most clouds): no keys to compare
        return found
    seen = {_key(c) for c in found}
    for batch_start in range(0, len(roots), 200):
        batch = roots[batch_start:batch_start + 200]
        for cand in _combine_trees(conn, batch, groups, isolate, root, same_subtree or [], sharing):
            if _key(cand) in seen:
                continue
            seen.add(_key(cand))
            found.append(cand)
            if limit is not None and len(found) >= limit:
                return found
    return found


def _key(cand: Candidate) -> tuple[Any, ...]:
    return tuple(sorted((pid, tuple(sorted(res.items()))) for pid, res in cand.allocations.items()))


_SHARING = (sa.select(provider_aggregates.c.provider_id, provider_aggregates.c.aggregate)
            .join(provider_traits, provider_traits.c.provider_id == provider_aggregates.c.provider_id)
            .where(provider_traits.c.trait == SHARES))


def sharing_providers(conn: Connection) -> dict[int, set[str]]:
    """Providers that share their inventory with the members of their aggregates (an index search on
    the trait; nothing to do when there are none, the usual case)."""
    out: dict[int, set[str]] = {}
    for pid, agg in conn.execute(_SHARING):
        out.setdefault(pid, set()).add(agg)
    return out


def anchor_roots(conn: Connection, aggregates: set[str], in_tree: int | None, sharing: set[int]) -> set[int]:
    """Roots of trees with a provider in one of these aggregates (sharing providers themselves excluded)."""
    q = (sa.select(providers.c.root_id).join(provider_aggregates, provider_aggregates.c.provider_id == providers.c.id)
         .where(provider_aggregates.c.aggregate.in_(aggregates)))
    if in_tree is not None:
        q = q.where(providers.c.root_id == in_tree)
    return {r for (r,) in conn.execute(q)} - sharing


def _tree_of(groups: list[Group]) -> int | None:
    for g in groups:
        if g.in_tree is not None:
            return g.in_tree
    return None


def _flat_roots_for(conn: Connection, groups: list[Group], limit: int | None) -> list[int]:
    """Flat providers that hold everything all groups ask for (the groups then share that provider)."""
    merged = Group(resources={})
    for g in groups:
        for rc, n in g.resources.items():
            merged.resources[rc] = merged.resources.get(rc, 0) + n
    merged.in_tree = _tree_of(groups)
    q_roots = [root for pid, root in single_provider(conn, merged, limit) if pid == root]
    nested = set(nested_roots(conn, merged.in_tree))
    return [r for r in q_roots if r not in nested]


def _combine_trees(conn: Connection, roots: list[int], groups: list[Group], isolate: bool,
                   root_filter: Group | None = None, same_subtree: Sequence[Sequence[str]] = (),
                   sharing: dict[int, set[str]] | None = None) -> list[Candidate]:
    if not roots:
        return []
    members: dict[int, list[int]] = {}
    parents: dict[int, int | None] = {}
    for pid, root, parent in conn.execute(sa.select(providers.c.id, providers.c.root_id, providers.c.parent_id)
                                  .where(providers.c.root_id.in_(roots)).order_by(providers.c.id)):
        members.setdefault(root, []).append(pid)
        parents[pid] = parent
    sharing = sharing or {}
    all_ids = [p for ps in members.values() for p in ps] + list(sharing)
    invs: dict[int, dict[str, dict[str, Any]]] = {}
    for r in conn.execute(sa.select(inventories).where(inventories.c.provider_id.in_(all_ids))):
        invs.setdefault(r.provider_id, {})[r.resource_class] = dict(r._mapping)
    traits: dict[int, set[str]] = {}
    for pid, t in conn.execute(sa.select(provider_traits.c.provider_id, provider_traits.c.trait)
                               .where(provider_traits.c.provider_id.in_(all_ids))):
        traits.setdefault(pid, set()).add(t)
    aggs: dict[int, set[str]] = {}
    for pid, a in conn.execute(sa.select(provider_aggregates.c.provider_id, provider_aggregates.c.aggregate)
                               .where(provider_aggregates.c.provider_id.in_(all_ids))):
        aggs.setdefault(pid, set()).add(a)
    out: list[Candidate] = []
    for root in roots:
        if root_filter is not None:
            have = traits.get(root, set())
            if any(not (have & set(a)) for a in root_filter.required) or have & set(root_filter.forbidden):
                continue
        pids = members.get(root, [])
        if sharing:
            tree_aggs = set().union(*(aggs.get(p, set()) for p in pids))
            pids = pids + [s for s, s_aggs in sharing.items() if s_aggs & tree_aggs and s not in pids]
        found = _tree_candidates(root, pids, invs, traits, aggs, groups, isolate)
        out.extend(c for c in found if all(_same_subtree(c, names, parents) for names in same_subtree))
    return out


def _free(inv: dict[str, Any], taken: int) -> int:
    return int((inv["total"] - inv["reserved"]) * inv["allocation_ratio"]) - inv["used"] - taken


def _unit_ok(inv: dict[str, Any], n: int) -> bool:
    return inv["min_unit"] <= n <= inv["max_unit"] and n % inv["step_size"] == 0


def _same_subtree(cand: Candidate, suffixes: Sequence[str], parents: dict[int, int | None]) -> bool:
    """1.36: the providers of these groups all descend from (or are) one of them."""
    chosen = {p for s in suffixes for p in cand.mappings.get(s, [])}

    def lineage(pid: int) -> set[int]:
        line = set()
        node: int | None = pid
        while node is not None:
            line.add(node)
            node = parents.get(node)
        return line

    lines = {p: lineage(p) for p in chosen}
    return any(all(top in lines[p] for p in chosen) for top in chosen)


def _tree_candidates(root: int, pids: list[int], invs: dict[int, dict[str, dict[str, Any]]],
                     traits: dict[int, set[str]], aggs: dict[int, set[str]], groups: list[Group],
                     isolate: bool) -> list[Candidate]:
    """Every way to place each group's resources in one tree, capacity counted across groups."""
    def allowed(pid: int, g: Group, single: bool) -> bool:
        if g.forbidden and traits.get(pid, set()) & set(g.forbidden):
            return False
        if single:
            if any(not (traits.get(pid, set()) & set(a)) for a in g.required):
                return False
            if any(not (aggs.get(pid, set()) & set(a)) for a in g.member_of):
                return False
            if g.forbidden_aggs and aggs.get(pid, set()) & set(g.forbidden_aggs):
                return False
        return True

    # each slot: (group index, rc, n); numbered groups put all their slots on one provider
    per_group: list[list[dict[int, dict[str, int]]]] = []
    for g in groups:
        if not g.resources:
            continue
        single = bool(g.suffix)
        options: list[dict[int, dict[str, int]]] = []
        if single:
            for pid in pids:
                if allowed(pid, g, True) and all(rc in invs.get(pid, {}) and _unit_ok(invs[pid][rc], n)
                                                 and _free(invs[pid][rc], 0) >= n for rc, n in g.resources.items()):
                    options.append({pid: dict(g.resources)})
        else:
            choices = []
            for rc, n in g.resources.items():
                ok = [pid for pid in pids if rc in invs.get(pid, {}) and _unit_ok(invs[pid][rc], n)
                      and _free(invs[pid][rc], 0) >= n and allowed(pid, g, False)]
                choices.append([(pid, rc, n) for pid in ok])
            for combo in itertools.product(*choices):
                alloc: dict[int, dict[str, int]] = {}
                for pid, rc, n in combo:
                    alloc.setdefault(pid, {})[rc] = n
                have_traits = set().union(*(traits.get(p, set()) for p in alloc)) | traits.get(root, set())
                if any(not (have_traits & set(a)) for a in g.required):
                    continue
                have_aggs = set().union(*(aggs.get(p, set()) for p in alloc)) | aggs.get(root, set())
                if any(not (have_aggs & set(a)) for a in g.member_of):
                    continue
                if g.forbidden_aggs and have_aggs & set(g.forbidden_aggs):
                    continue
                options.append(alloc)
        if not options:
            return []
        per_group.append(options)
    suffixes = [g.suffix for g in groups if g.resources]
    out: list[Candidate] = []
    seen: set[tuple[Any, ...]] = set()
    for picked in itertools.product(*per_group):
        merged: dict[int, dict[str, int]] = {}
        for alloc in picked:
            for pid, res in alloc.items():
                for rc, n in res.items():
                    merged.setdefault(pid, {})[rc] = merged.get(pid, {}).get(rc, 0) + n
        if any(_free(invs[pid][rc], 0) < n for pid, res in merged.items() for rc, n in res.items()):
            continue
        if isolate:
            numbered = [next(iter(a)) for a, s in zip(picked, suffixes, strict=False) if s]
            if len(set(numbered)) != len(numbered):
                continue
        key = tuple(sorted((pid, tuple(sorted(res.items()))) for pid, res in merged.items()))
        if key in seen:
            continue
        seen.add(key)
        mappings = {s: sorted(a) for a, s in zip(picked, suffixes, strict=False)}
        out.append(Candidate(root, merged, mappings))
    return out
