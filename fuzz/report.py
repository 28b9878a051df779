"""docs/reliability.md's Fuzzing section (between its markers, so the other sections stay as they
are) and docs/reliability-fuzz.json, from the runs of ``python -m fuzz``."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- fuzz:begin (written by make fuzz) -->", "<!-- fuzz:end -->"
FIXES = Path(__file__).with_name("FIXES.md")


def section(runs: list[dict[str, Any]], commit: str, date: str) -> str:
    total = sum(r["requests"] for r in runs)
    lines = [
        BEGIN, "## Fuzzing", "",
        f"`make fuzz` at {commit}, {date}: **{total:,} requests, "
        f"{sum(r['status_5xx'] for r in runs)} answers of 5xx, {sum(r['hangs'] for r in runs)} hangs**; "
        f"after the fuzz the cloud {'still boots' if all(r['server_boots_after'] for r in runs) else 'FAILS to boot'}"
        " a server as demo. Figures in [reliability-fuzz.json](reliability-fuzz.json).", "",
        "| seed | requests | routes covered | 5xx | hangs | bodies broken off | clients | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(f"| {r['seed']} | {r['requests']:,} | {r['routes_covered']} of {r['routes_total']} | "
                     f"{r['status_5xx']} | {r['hangs']} | {r['disconnects']} | {r['clients']} | {r['seconds']} |")
    kinds: dict[str, int] = {}
    for r in runs:
        for k, n in r["kinds"].items():
            kinds[k] = kinds.get(k, 0) + n
    statuses: dict[str, int] = {}
    for r in runs:
        for k, n in r["statuses"].items():
            statuses[k] = statuses.get(k, 0) + n
    named = {"-1": "broken off by the client", "-2": "closed by the server", "0": "hang"}
    lines += ["", "Answers: " + ", ".join(f"{named.get(k, k)} {n:,}" for k, n in statuses.items()) + ". The requests "
              "are fixed by the seed; with 8 clients racing, a few answers move between runs (a resource one "
              "request deletes is a 404 for the next)."]
    strays = sum(len(r["stray_tracebacks"]) for r in runs)
    lines += ["", "Requests by kind: " + ", ".join(f"{k} {n:,}" for k, n in sorted(kinds.items())) + ".",
              f"`id_sweep` is the `%00` / `99999999999999999999` sweep of every path parameter; the server's log "
              f"holds {strays} traceback{'s' if strays != 1 else ''} outside answered requests (a broken-off body "
              "must leave none).", ""]
    findings = [f for r in runs for f in r["findings"]]
    if findings:
        lines += ["Open findings of this run (shrunk; tracebacks in the JSON):", ""]
        lines += [f"- {f['status'] or 'hang'} x{f['count']}: `{f['reproduction']['method']} "
                  f"{f['reproduction']['path'][:160]}`" for f in findings]
        lines.append("")
    lines += [FIXES.read_text().strip(), "", END]
    return "\n".join(lines)


def write(out: Path, runs: list[dict[str, Any]], commit: str = "", date: str = "") -> None:
    commit = commit or subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                      cwd=out).stdout.strip()
    date = date or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    (out / "reliability-fuzz.json").write_text(json.dumps({"commit": commit, "date": date, "runs": runs},
                                                          indent=1, default=str) + "\n")
    write_section(out / "reliability.md", section(runs, commit, date), BEGIN, END)


def write_section(doc: Path, section: str, begin: str, end: str) -> None:
    """Put ``section`` (which starts with ``begin`` and ends with ``end``) in place of the one between those
    markers in ``doc``, or append it; every check that writes docs/reliability.md owns one such section."""
    text = doc.read_text() if doc.exists() else "# Reliability\n\nWhat each reliability check does, and its figures.\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def rewrite(out: Path) -> None:
    """The Markdown again from the JSON of the last run (after editing FIXES.md, say)."""
    data = json.loads((out / "reliability-fuzz.json").read_text())
    write(out, data["runs"], data["commit"], data["date"])
