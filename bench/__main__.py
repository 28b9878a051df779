"""``python -m bench`` (``make bench``): start twinstack, measure, write docs/benchmarks.md and .json.

Every figure sits beside a baseline taken in the same run on the same machine: the requests per
second of a trivial endpoint of the same server (the practical ceiling of any API call here) and
its server CPU time per request. Targets from issue 6 are checked and reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import scenarios
from bench.client import Bench, Run
from bench.report import write_report

ROOT = Path(__file__).resolve().parent.parent


def _run_figures(run: Run) -> dict[str, Any]:
    return {"requests": run.requests, "seconds": round(run.seconds, 3), "rps": round(run.rps, 1),
            "cpu_ms_per_request": round(run.cpu_ms_per_request, 3), "p50_ms": round(run.p50, 2),
            "p95_ms": round(run.pct(0.95), 2), "errors": run.errors}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="smaller sizes (1,000 resources, 1,000 hosts)")
    parser.add_argument("--only", default="",
                        help="comma-separated: reset,tokens,boot,ports,listing,scheduling,image,cluster,scale,memory")
    parser.add_argument("--scale-sizes", default="", help="resources per kind for `scale` (default 1000,10000,100000)")
    parser.add_argument("--kinds", default="", help="comma-separated kinds for `scale` (default: all)")
    parser.add_argument("--no-baselines", action="store_true", help="skip mimic's boot/delete run")
    parser.add_argument("--real-nova", action="store_true",
                        help="also boot/delete on real Nova 34 + Placement 16 (needs `make differential` once)")
    parser.add_argument("--output", default=str(ROOT / "docs"), help="where benchmarks.md/json go")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    wanted = lambda name: not only or name in only  # noqa: E731
    sizes = [1000] if args.quick else [1000, 10000]
    host_counts = [10, 1000] if args.quick else [10, 1000, 10000]
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
        "quick": args.quick,
    }
    log = lambda msg: print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    log("start-up to ready")
    results["startup"] = scenarios.startup()
    if wanted("reset"):
        log("reset and the cloud fixture")
        results["reset"] = scenarios.reset_cost()
    bench = Bench.start([str(scenarios.MODELS / "bench.yaml")])
    try:
        results["rss_idle_mb"] = round(scenarios.memory(bench), 1)
        log("baseline: trivial endpoint")
        results["trivial"] = {str(c): _run_figures(scenarios.trivial(bench, clients=c)) for c in (1, 8, 32)}
        if wanted("tokens"):
            log("tokens")
            results["tokens"] = {k: _run_figures(v) for k, v in scenarios.tokens(bench).items()}
        if wanted("boot"):
            results["boot"] = {}
            # Enough cycles that one-off costs (first requests, lazy imports) and /proc's 10 ms CPU ticks weigh
            # under 1% of a run: the figure is the steady cost of a cycle, for twinstack and the baselines alike.
            cycles = [(1, 50), (8, 800), (32, 1600)]
            for clients, iterations in cycles:
                log(f"boot/delete cycle at {clients} clients")
                run = scenarios.boot_cycle(bench, clients, iterations)
                figures = _run_figures(run)
                figures["servers_per_s"] = round(iterations / run.seconds, 2) if run.seconds else 0
                figures["cpu_ms_per_cycle"] = round(1000 * run.cpu / iterations, 2)
                figures["cycles"] = iterations
                results["boot"][str(clients)] = figures
        if wanted("ports"):
            log("200 servers on one network")
            results["ports"] = scenarios.boot_many(bench)
        if wanted("image"):
            log("image upload/download")
            results["image"] = scenarios.image_throughput(bench, 20 if args.quick else 100)
        if wanted("listing"):
            results["listing"] = {}
            for size in sizes:
                log(f"listing with {size} servers and ports")
                scenarios.fill_servers(bench, size)
                scenarios.fill_ports(bench, size)
                servers = scenarios.listing(
                    bench, "/compute/v2.1/servers/detail", bench.headers(**{"OpenStack-API-Version": "compute 2.72"})
                )
                ports = scenarios.listing(bench, "/network/v2.0/ports", bench.headers())
                results["listing"][str(size)] = {
                    "servers_detail": servers,
                    "ports": ports,
                    "rss_mb": round(scenarios.memory(bench), 1),
                }
    finally:
        bench.stop()
    if wanted("boot") and not args.no_baselines:
        from bench.baselines import boot_baselines

        results["baselines"] = boot_baselines(cycles, args.real_nova, log)
    if wanted("scheduling"):
        results["scheduling"] = {}
        for hosts in host_counts:
            log(f"scheduling with {hosts} hosts")
            results["scheduling"][str(hosts)] = scenarios.scheduling(hosts)
    if wanted("cluster"):  # processes on PostgreSQL and RabbitMQ (docs/topology.md's section)
        from bench import cluster

        results["cluster"] = cluster.run(log, big=1000 if args.quick else 10000)
        if "skipped" not in results["cluster"]:
            cluster.write_section(results["cluster"], ROOT / "docs" / "topology.md", results["date"])
    if wanted("scale") or wanted("memory"):
        from bench import scale

        if wanted("scale"):
            scale_sizes = [int(n) for n in args.scale_sizes.split(",") if n] or (
                [1000, 10000] if args.quick else [1000, 10000, 100000])
            results["scale"] = scale.scale(scale_sizes, [k for k in args.kinds.split(",") if k], log)
        if wanted("memory"):
            log("memory: 10,000 hosts and 100,000 servers")
            results["memory"] = scale.memory(1000 if args.quick else 10000, 10000 if args.quick else 100000, log)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmarks.json").write_text(json.dumps(results, indent=2) + "\n")
    write_report(results, out / "benchmarks.md")
    log(f"wrote {out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
