"""docs/differential.md and .json: per service, how many requests a client could not tell apart, and every
remaining difference, one by one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ASPECTS = ("status", "header", "shape")


def figures(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for service in [*sorted({r["service"] for r in results}), "all"]:
        rows = [r for r in results if service in ("all", r["service"])]
        n = len(rows) or 1
        same = {aspect: sum(1 for r in rows if not any(d["aspect"] == aspect for d in r["differences"]))
                for aspect in ASPECTS}
        out[service] = {"requests": len(rows), "identical": sum(1 for r in rows if r["identical"]),
                        **{f"same_{a}": same[a] for a in ASPECTS},
                        "pct_identical": round(100 * sum(1 for r in rows if r["identical"]) / n, 1),
                        **{f"pct_same_{a}": round(100 * same[a] / n, 1) for a in ASPECTS}}
    return out


def summary(results: list[dict[str, Any]]) -> str:
    lines = []
    for service, f in figures(results).items():
        lines.append(f"{service:10} {f['requests']:4} requests  identical {f['pct_identical']:5}%  "
                     f"status {f['pct_same_status']:5}%  headers {f['pct_same_header']:5}%  "
                     f"shape {f['pct_same_shape']:5}%")
    return "\n".join(lines)


def _table(figs: dict[str, dict[str, Any]]) -> list[str]:
    rows = ["| service | requests | identical | same status | same headers | same shape |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for service, f in figs.items():
        rows.append(f"| {service} | {f['requests']} | {f['identical']} ({f['pct_identical']}%) | "
                    f"{f['pct_same_status']}% | {f['pct_same_header']}% | {f['pct_same_shape']}% |")
    return rows


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=Path(__file__).parent).stdout.strip()


def write(out: Path, results: list[dict[str, Any]], versions: dict[str, str], nova: dict[str, Any] | None) -> None:
    figs = figures(results)
    original = [r for r in results if not r.get("added")]
    data = {"twinstack_commit": _commit(), "real": versions,
            "nova_concurrency": (nova or {}).get("concurrency"), "figures": figs,
            "figures_original_requests": figures(original), "results": results}
    (out / "differential.json").write_text(json.dumps(data, indent=1) + "\n")
    md = [
        "# Differential run: twinstack against real OpenStack",
        "",
        "`make differential` replays one scenario against the real services and against twinstack and compares",
        "what a client reads: status code; the headers clients parse (Content-Type with its charset,",
        "OpenStack-API-Version, X-OpenStack-Nova-API-Version, the Vary tokens, whether Location and",
        "X-Subject-Token are there); and the body's shape (every key path, recursively, with its JSON type;",
        "list items merged; null against a string is a difference). Ids, names and timestamps are not compared.",
        "",
        f"Real services: Nova {versions.get('nova', '-')} and Placement {versions.get('placement', '-')} "
        "(one process, Nova's own functional fixtures, fake virt driver, "
        f"{(nova or {}).get('concurrency', '-')} mode, noauth), Keystone {versions.get('keystone', '-')} "
        f"(SQLite, fernet tokens), Glance {versions.get('glance', '-')} with glance_store "
        f"{versions.get('glance_store', '-')} (SQLite, one file store, its ContextMiddleware without authtoken). "
        f"twinstack at commit {data['twinstack_commit']}.",
        "How it is set up, and why some differences are expected, is in the section at the end.",
        "",
    ]
    md += _table(figs)
    if len(original) < len(results):
        md += ["", f"The same figures over the scenario's original {len(original)} requests only (those added since, "
               "to cover corners fixed after a run, are left out), to compare with earlier runs:", "",
               *_table(figures(original))]
    md += ["", "## Every remaining difference", ""]
    for service in sorted({r["service"] for r in results}):
        rows = [r for r in results if r["service"] == service and not r["identical"]]
        md += [f"### {service} ({len(rows)} requests differ)", ""]
        for r in rows:
            md.append(f"- `{r['request']}` (real {r['status'][0]}, twinstack {r['status'][1]})")
            for d in r["differences"]:
                md.append(f"  - {d['aspect']} `{d['what']}`: real `{d['real']}`, twinstack `{d['twinstack']}`")
        md.append("")
    md += [(Path(__file__).parent / "NOTES.md").read_text()]
    (out / "differential.md").write_text("\n".join(md))
