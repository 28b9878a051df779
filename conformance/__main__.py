"""``python -m conformance``: tempest against a twinstack it starts (or one it attaches to),
with tempest.conf generated from the running cloud; writes docs/conformance.md and .json."""

from __future__ import annotations

import argparse
import datetime
import fcntl
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conformance import TEMPEST_VERSION, report, runner
from conformance.cloud import make_cloud
from conformance.discover import discover
from conformance.plugins import PLUGINS
from conformance.tempest_conf import Setting, render, settings, skip_flags
from conformance.webserver import IMAGE_NAME, QCOW2_NAME, ImageServer

TEMPEST_REGEX = r"^tempest\.api\.(identity|compute|image|network|volume|object_storage)\."
DEFAULT_REGEX = "|".join([TEMPEST_REGEX, *(p.regex for p in PLUGINS)])
QUICK_LIST = Path(__file__).with_name("quick.txt")
DOCS = runner.ROOT / "docs"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m conformance", description=__doc__)
    p.add_argument("--url", help="attach to a running twinstack instead of starting one")
    p.add_argument("--services", help="comma-separated: identity,compute,image,network,volume,object_storage, "
                                      "and the plugins' key_manager,dns")
    p.add_argument("--regex", help=f"tests to run (default {DEFAULT_REGEX}); a custom regex leaves the docs alone")
    p.add_argument("--concurrency", type=int, default=2)
    p.add_argument("--quick", action="store_true", help="only the stable subset in conformance/quick.txt")
    p.add_argument("--max-time", type=float, help="stop tempest after this many seconds (unfinished tests fail)")
    p.add_argument("--write-docs", action="store_true", help="write docs/ even for a custom regex or --quick")
    p.add_argument("--no-docs", action="store_true", help="never write docs/")
    p.add_argument("--json", help="also write this run's results to this file")
    p.add_argument("--set", action="append", default=[], metavar="SECTION.OPTION=VALUE",
                   help="override one tempest.conf value (recorded in the report; for experiments)")
    p.add_argument("--config-only", action="store_true", help="write tempest.conf and stop")
    p.add_argument("--model", action="append",
                   help="model file(s) layered over the `tempest` profile for the cloud it starts")
    p.add_argument("--commit", help="run the cloud from a snapshot of this commit (e.g. HEAD), not the work tree")
    return p.parse_args(argv)


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=runner.ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    services = [s.strip() for s in (args.services or "").split(",") if s.strip()]
    if args.regex:
        regex = args.regex
    elif services:  # tempest's own services, and those of the plugins (key_manager, dns)
        own = [s for s in services if s not in {p.service for p in PLUGINS}]
        parts = [r"^tempest\.api\.(" + "|".join(own) + r")\."] if own else []
        regex = "|".join(parts + [p.regex for p in PLUGINS if p.service in services])
    else:
        regex = DEFAULT_REGEX
    full_services = not args.regex and not args.quick
    write_docs = not args.no_docs and (full_services or args.write_docs)

    try:
        runner.install_tempest()
    except runner.InstallError as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return 3
    ws = runner.Workspace.prepare("workspace-quick" if args.quick else "workspace")

    # DevStack runs lib/tempest before tempest: the `tempest` profile adds what it creates
    cloud, commit = make_cloud(args.url, args.commit, ["tempest", *(args.model or [])])
    started = time.monotonic()
    web = ImageServer(runner.STATE / "www")
    cloud.start()
    try:
        web.__enter__()
        print(f"conformance: cloud at {cloud.url}", file=sys.stderr)
        d = discover(cloud.url or "")
        d.http_image, d.http_qcow2_image = web.url(IMAGE_NAME), web.url(QCOW2_NAME)
        items = settings(d, ws.path)
        for override in args.set:
            key, _, value = override.partition("=")
            section, _, option = key.rpartition(".")
            items = [i for i in items if (i.section, i.option) != (section, option)]
            items.append(Setting(section, option, value, "override given on the command line (--set)", skips=True))
        (ws.etc / "tempest.conf").write_text(render(items))
        print(
            f"conformance: wrote {ws.etc / 'tempest.conf'} (catalog: {', '.join(sorted(d.catalog))})", file=sys.stderr
        )
        if args.config_only:
            return 0
        include = QUICK_LIST if args.quick else None
        (ws.path / "logs" / "tempest.log").unlink(missing_ok=True)
        listed = ws.list_tests(regex, include_list=_quick_file(ws) if include else None)
        print(f"conformance: running {len(listed)} tests (concurrency {args.concurrency})", file=sys.stderr)
        ws.run(regex, args.concurrency, include_list=_quick_file(ws) if include else None, max_time=args.max_time)
        records = ws.results()
    finally:
        cloud.stop()
        web.__exit__()
    duration = time.monotonic() - started
    log = ws.path / "logs" / "tempest.log"
    setup = report.class_setup_requests(log.read_text(errors="replace")) if log.exists() else {}
    services_data = report.collect(records, listed, setup)
    if services and not args.regex:
        for name in services:
            services_data.setdefault(
                name,
                {
                    "passed": 0,
                    "failed": 0,
                    "skipped": 0,
                    "total": 0,
                    "pass_rate": None,
                    "failures_by_cause": [],
                    "skips_by_reason": [],
                    "passed_tests": [],
                },
            )
    run = {
        "run": {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "tempest_version": TEMPEST_VERSION,
            "commit": commit,
            "dirty": not args.commit and not args.url and bool(_git("status", "--porcelain", "twinstack")),
            "regex": regex if not args.quick else "conformance/quick.txt",
            "concurrency": args.concurrency,
            "duration_s": round(duration, 1),
        },
        "services": services_data,
        "flags": skip_flags(items),
        "notes": d.notes,
        "config": {
            "catalog": d.catalog,
            "versions": {k: list(v) for k, v in d.versions.items()},
            "network_extensions": d.network_extensions,
            "volume_extensions": d.volume_extensions,
            "identity_probes": d.identity_probes,
        },
    }
    (ws.path / "last.json").write_text(json.dumps(run, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(run, indent=1))
    _print_summary(services_data)
    if write_docs:
        with open(runner.STATE / "docs.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two runs of different services merge one by one
            data = report.merge(DOCS / "conformance.json", run)
            (DOCS / "conformance.json").write_text(json.dumps(data, indent=1) + "\n")
            (DOCS / "conformance.md").write_text(report.render_markdown(data))
        print(f"conformance: wrote {DOCS / 'conformance.md'} and conformance.json", file=sys.stderr)
    failed = sum(s["failed"] for s in services_data.values())
    return 1 if failed else 0


def _quick_file(ws: runner.Workspace) -> Path:
    """quick.txt without comments, as stestr's --include-list wants it (one regex a line)."""
    lines = [line.split("#", 1)[0].strip() for line in QUICK_LIST.read_text().splitlines()]
    path = ws.path / "quick-include.txt"
    path.write_text("\n".join(line for line in lines if line) + "\n")
    return path


def _print_summary(services: dict[str, Any]) -> None:
    print(f"{'service':10} {'passed':>7} {'failed':>7} {'skipped':>8} {'rate':>7}")
    for name, s in services.items():
        rate = f"{s['pass_rate']:.1f}%" if s["pass_rate"] is not None else "-"
        print(f"{name:10} {s['passed']:>7} {s['failed']:>7} {s['skipped']:>8} {rate:>7}")
        for group in s["failures_by_cause"][:8]:
            print(f"    {group['count']:4} x {group['cause'][:150]}")


if __name__ == "__main__":
    sys.exit(main())
