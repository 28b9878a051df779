"""``python -m bench.boot``: the boot/delete section alone, quickly, for profile-led work on that path.

Runs the same loop as ``make bench``'s boot section (bench.scenarios.boot_cycle) against twinstack and,
unless ``--no-mimic``, against mimic in the same run, and prints servers/s and server CPU per cycle
beside mimic's. ``--baseline-tree DIR`` also runs the twinstack of another checkout (before/after a
change); ``--parallel`` loads every server at the same time, so that whatever else a shared machine
runs weighs on all alike; ``--repeat N`` reports medians. ``--profile DIR`` attaches py-spy (``--py-spy
PATH``) to the twinstack process for each run and writes its collapsed stacks per client count.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from bench import scenarios
from bench.client import Bench, Run
from twinstack.testing import Cloud


def _figures(run: Run, iterations: int) -> dict[str, Any]:
    return {"servers_per_s": round(iterations / run.seconds, 1) if run.seconds else 0.0,
            "cpu_ms_per_cycle": round(1000 * run.cpu / iterations, 2),
            "requests_per_cycle": round(run.requests / iterations, 1), "errors": run.errors}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.boot")
    parser.add_argument("--clients", default="8,32", help="comma-separated client counts")
    parser.add_argument("--iterations", type=int, default=0, help="cycles per run (default 10 per client, >= 80)")
    parser.add_argument("--no-mimic", action="store_true", help="twinstack only")
    parser.add_argument("--tree", default="", help="the checkout whose twinstack is measured (default: this one)")
    parser.add_argument("--baseline-tree", default="",
                        help="also run the twinstack of another checkout (e.g. /work/main), in the same run")
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate the trees this many times and report medians (the machine may be shared)")
    parser.add_argument("--parallel", action="store_true",
                        help="load every server (the trees', mimic's) at the same time: fairer on a shared machine")
    parser.add_argument("--profile", default="", help="a directory: py-spy record the server during each run")
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "", help="the py-spy executable")
    args = parser.parse_args()
    counts = [int(c) for c in args.clients.split(",") if c]
    results: dict[str, dict[int, dict[str, Any]]] = {}
    trees = [("twinstack", args.tree)] + ([("baseline", args.baseline_tree)] if args.baseline_tree else [])
    samples: dict[str, list[dict[int, dict[str, Any]]]] = {name: [] for name, _ in trees}
    for _ in range(args.repeat):
        if args.parallel:
            for name, figures in _side_by_side(trees, counts, args).items():
                samples.setdefault(name, []).append(figures)
        else:
            for name, tree in trees:
                samples[name].append(_twinstack(tree, counts, args, name))
    for name, runs in samples.items():
        results[name] = {c: {k: statistics.median(r[c][k] for r in runs) for k in runs[0][c]} for c in counts}
    _compare(results, counts, args)


def _start(tree: str) -> Bench:
    here = os.getcwd()
    os.chdir(tree or here)  # `python -m twinstack` imports the package of its working directory first
    try:
        bench = Bench(Cloud(model=[str(scenarios.MODELS / "bench.yaml")], startup_timeout=600).start())
    finally:
        os.chdir(here)
    bench.token = bench.issue_token("admin", "admin", "admin")
    bench.demo_token = bench.issue_token("demo", "demo", "demo")
    scenarios.boot_cycle(bench, 4, 8)  # warm: first-use caches, compiled statements
    return bench


def _side_by_side(trees: list[tuple[str, str]], counts: list[int],
                  args: argparse.Namespace) -> dict[str, dict[int, dict[str, Any]]]:
    """Every tree's server loaded at the same time: whatever else the machine runs weighs on both alike."""
    benches = {name: _start(tree) for name, tree in trees}
    cycles: dict[str, Callable[[int, int], Run]] = {
        name: partial(scenarios.boot_cycle, bench) for name, bench in benches.items()}
    mimic = None
    if not args.no_mimic:
        from bench.baselines import start_mimic

        mimic = start_mimic()
        cycles["mimic"] = mimic.boot_cycle
    out: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in cycles}
    try:
        for clients in counts:
            iterations = args.iterations or max(80, 10 * clients)
            with ThreadPoolExecutor(len(cycles)) as pool:
                runs = {name: pool.submit(cycle, clients, iterations) for name, cycle in cycles.items()}
                for name, future in runs.items():
                    out[name][clients] = _figures(future.result(), iterations)
                    print(f"{name:9} {clients:>3} clients: {out[name][clients]}", file=sys.stderr, flush=True)
    finally:
        for bench in benches.values():
            bench.stop()
        if mimic is not None:
            mimic.stop()
    return out


def _twinstack(tree: str, counts: list[int], args: argparse.Namespace, name: str) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    bench = _start(tree)
    try:
        for clients in counts:
            iterations = args.iterations or max(80, 10 * clients)
            spy = None
            if args.profile:
                folder = Path(args.profile)
                folder.mkdir(parents=True, exist_ok=True)
                spy = subprocess.Popen([args.py_spy, "record", "--pid", str(bench.pid), "--rate", "250",
                                        "--format", "raw", "--output", str(folder / f"boot-{clients}.txt")],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            run = scenarios.boot_cycle(bench, clients, iterations)
            if spy is not None:
                spy.send_signal(2)
                spy.wait(60)
            out[clients] = _figures(run, iterations)
            print(f"{name:9} {clients:>3} clients: {out[clients]}", file=sys.stderr, flush=True)
    finally:
        bench.stop()
    return out


def _compare(results: dict[str, dict[int, dict[str, Any]]], counts: list[int], args: argparse.Namespace) -> None:
    if not args.no_mimic and "mimic" not in results:
        from bench.baselines import start_mimic

        mimic = start_mimic()
        results["mimic"] = {}
        try:
            for clients in counts:
                iterations = args.iterations or max(80, 10 * clients)
                run = mimic.boot_cycle(clients, iterations)
                results["mimic"][clients] = _figures(run, iterations)
                print(f"mimic     {clients:>3} clients: {results['mimic'][clients]}", file=sys.stderr, flush=True)
        finally:
            mimic.stop()
    for clients in counts:
        ours = results["twinstack"][clients]
        line = f"{clients:>3} clients: twinstack {ours['servers_per_s']}/s, {ours['cpu_ms_per_cycle']} ms CPU/cycle"
        if "mimic" in results:
            theirs = results["mimic"][clients]
            line += (f"; mimic {theirs['servers_per_s']}/s, {theirs['cpu_ms_per_cycle']} ms; "
                     f"rate x{ours['servers_per_s'] / max(theirs['servers_per_s'], 0.01):.2f}, "
                     f"cpu x{ours['cpu_ms_per_cycle'] / max(theirs['cpu_ms_per_cycle'], 0.01):.2f}")
        if "baseline" in results:
            base = results["baseline"][clients]
            line += f"; baseline tree {base['servers_per_s']}/s, {base['cpu_ms_per_cycle']} ms"
        print(line)


if __name__ == "__main__":
    main()
