"""``python -m fuzz`` (``make fuzz``): start twinstack as ``twinstack up`` runs it, make real resources,
send seeded hostile requests to every route from several clients, shrink what fails, check the cloud
still boots a server, write docs/reliability.md's Fuzzing section and docs/reliability-fuzz.json."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fuzz import report, runner, world
from fuzz.requests import Generator
from fuzz.routes import catalog
from fuzz.shrink import shrink, stray_tracebacks, traceback_for
from twinstack.testing import Cloud

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(f"[fuzz {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fuzz(seed: int, count: int, clients: int = 8, time_limit: float = 3600, hang_after: float = 30,
         per_schema: int = 6, max_findings: int = 40, sweep: bool = True) -> dict[str, Any]:
    """One seeded run; returns the figures (and the findings, shrunk, with the server's tracebacks)."""
    started = time.monotonic()
    routes = catalog()
    with Cloud(env={"TWINSTACK_LOG_LEVEL": "warning"}, startup_timeout=120) as cloud:
        assert cloud.url is not None
        base = cloud.url
        the_world = world.build(base)
        gen = Generator(routes, the_world, seed, per_schema)
        gen.pool.warm(routes)
        log(f"valid bodies drawn for {len(gen.pool)} schemas in {time.monotonic() - started:.0f}s")
        tally = runner.Tally()
        swept = gen.sweep() if sweep else []
        budget = iter(range(count - len(swept)))

        def next_request() -> Any:
            if swept:
                return swept.pop()
            return gen.next() if next(budget, None) is not None else None

        log(f"{len(routes)} routes; sending {count} requests (seed {seed}, {clients} clients)")
        asyncio.run(runner.run(base, next_request, clients, hang_after, started + time_limit, tally.add))
        sent_seconds = time.monotonic() - started
        log(f"sent {tally.sent} in {sent_seconds:.0f}s: {sorted(tally.statuses.items())}")
        findings = _findings(base, cloud.log_path, tally, the_world.tokens, max_findings)
        alive = world.boots_a_server(base)
        log(f"after the fuzz a server boots: {alive}")
        strays = stray_tracebacks(cloud.log_path)
    statuses = tally.statuses
    return {
        "seed": seed, "requests": tally.sent, "clients": clients, "seconds": round(time.monotonic() - started, 1),
        "routes_total": len({r.key for r in routes}), "routes_covered": len(tally.routes),
        "status_5xx": sum(n for s, n in statuses.items() if s >= 500), "hangs": statuses.get(0, 0),
        "disconnects": statuses.get(-1, 0), "connection_closed_by_server": statuses.get(-2, 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "kinds": dict(sorted(tally.kinds.items())), "findings": findings,
        "server_boots_after": alive, "stray_tracebacks": strays[:10],
    }


def _findings(base: str, log_path: Path, tally: runner.Tally, tokens: dict[str, str],
              limit: int) -> list[dict[str, Any]]:
    """One finding per route and kind of failure, shrunk (against the same server) with its traceback."""
    seen: Counter[tuple[str, str]] = Counter()
    out: list[dict[str, Any]] = []
    for failure in tally.failures:
        group = (failure.request.route, "hang" if failure.status == 0 else "5xx")
        seen[group] += 1
        if seen[group] > 1 or len(out) >= limit:
            continue

        def fails(req: Any) -> bool:
            status = runner.send_one(base, req).status
            return status == 0 or status >= 500

        small = shrink(failure.request, fails) if failure.status != 0 else failure.request
        again = runner.send_one(base, small)
        out.append({"route": failure.request.route, "status": failure.status,
                    "reproduction": small.describe(tokens), "reproduces": again.status >= 500 or again.status == 0,
                    "traceback": traceback_for(log_path, again.request_id or failure.request_id)
                    or traceback_for(log_path, failure.request_id)})
    for finding in out:
        finding["count"] = seen[(finding["route"], "hang" if finding["status"] == 0 else "5xx")]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m fuzz")
    parser.add_argument("--seed", type=int, action="append", help="repeatable: one run per seed (default 1)")
    parser.add_argument("--count", type=int, default=100000, help="requests per seed")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=3600, help="seconds per seed")
    parser.add_argument("--hang-after", type=float, default=30)
    parser.add_argument("--per-schema", type=int, default=6, help="valid bodies Hypothesis draws per schema")
    parser.add_argument("--output", default=str(ROOT / "docs"), help="where reliability.md and its JSON go")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--report-only", action="store_true", help="rewrite reliability.md from its JSON")
    args = parser.parse_args()
    if args.report_only:
        report.rewrite(Path(args.output))
        return
    runs = [fuzz(seed, args.count, args.clients, args.time_limit, args.hang_after, args.per_schema)
            for seed in args.seed or [1]]
    if not args.no_docs:
        report.write(Path(args.output), runs)
    bad = [r for r in runs if r["status_5xx"] or r["hangs"] or not r["server_boots_after"]]
    for r in runs:
        log(f"seed {r['seed']}: {r['requests']} requests, {r['routes_covered']}/{r['routes_total']} routes, "
            f"{r['status_5xx']} 5xx, {r['hangs']} hangs, boots after: {r['server_boots_after']}")
        for f in r["findings"]:
            log(json.dumps(f["reproduction"])[:400])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
