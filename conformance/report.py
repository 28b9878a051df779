"""From tempest's per-test records to the published report: counts per service, each failure with
its first error line and the last request the cloud refused, failures grouped by cause, skips by
reason. docs/conformance.json holds the data; docs/conformance.md is rendered from it."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from conformance import plugins

SERVICES = ("identity", "compute", "image", "network", "volume", "object_storage",
            *(p.service for p in plugins.PLUGINS))
CLASS_FIXTURE = re.compile(r"^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((?P<target>[\w.]+)\)$")
REQUEST = re.compile(r"Request \((?P<who>[^)]*)\): (?P<status>\d{3}) (?P<method>[A-Z]+) (?P<url>\S+)")
IDS = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I), "{uuid}"),
    (re.compile(r"\b[0-9a-f]{32,}\b", re.I), "{id}"),
    (re.compile(r"req-\{uuid\}"), "req-{uuid}"),
    (re.compile(r"tempest-[\w-]+"), "tempest-{name}"),
    (re.compile(r"https?://[^/\s'\"]+"), ""),
    (re.compile(r"\b\d+\.\d+s\b"), "{t}s"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?"), "{time}"),
    (re.compile(r"(?<![\w.])\d{6,}(?![\w.])"), "{n}"),
]


HTTP_ERROR = re.compile(r"tempest\.lib\.exceptions\.(NotFound|BadRequest|Conflict|Forbidden|Unauthorized|ServerFault|"
                        r"UnexpectedResponseCode|OverLimit|UnprocessableEntity|NotImplemented|Gone|"
                        r"PreconditionFailed|InvalidContentType|RateLimitExceeded|UnexpectedContentType):")
CLEANUP = (":_run_cleanups", ":tearDown", ":tearDownClass")
CLIENT_FRAME = re.compile(r'tempest/(?:lib/)?services/(?:[\w/]+/)?(\w+)\.py", line \d+, in (\w+)')


def client_call(traceback: str) -> str:
    """The tempest service-client method that raised (e.g. servers_client.show_server)."""
    calls = CLIENT_FRAME.findall(traceback or "")
    calls = [c for c in calls if c[0] not in ("rest_client", "base_client")]
    return f"{calls[-1][0]}.{calls[-1][1]}" if calls else ""


def service_of(test_id: str) -> str | None:
    m = re.search(r"tempest\.api\.(\w+)\.", test_id)
    return m.group(1) if m else plugins.service_of(test_id)


def _normalize(text: str) -> str:
    for pattern, repl in IDS:
        text = pattern.sub(repl, text)
    return text


def first_error_line(traceback: str, reason: str = "") -> str:
    """The exception line of the innermost exception (with tempest's `Details:` line if any)."""
    if not traceback:
        return reason.strip().splitlines()[0] if reason.strip() else "(no error text)"
    lines = [line.rstrip() for line in traceback.strip().splitlines()]
    # the last line that is not indented and not part of "Traceback" framing is the exception
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if (
            line
            and not line.startswith((" ", "\t", "Traceback"))
            and re.match(r"^[\w.]+(Error|Exception|Failure|Timeout|\w+)?(:|$)", line)
        ):
            # tempest puts 'Details: ...' on the line after the exception line
            if line.startswith("Details:") and i > 0:
                continue
            exc = line
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if following.startswith("Details:"):
                exc += " " + following
            return exc[:400]
    return lines[-1][:400]


def last_refused_request(log: str, min_status: int = 400) -> str:
    """The last request tempest logged with a 4xx/5xx answer: what the cloud got wrong, usually."""
    found = ""
    for m in REQUEST.finditer(log or ""):
        if m.group("who").endswith(CLEANUP):
            continue  # cleanups run after the failure (and expect 404s): never the cause
        if int(m.group("status")) >= min_status:
            url = re.sub(r"^https?://[^/]+", "", m.group("url"))
            found = f"{m.group('status')} {m.group('method')} {_normalize(url).split('?')[0]}"
    return found


def class_setup_requests(tempest_log: str) -> dict[str, str]:
    """Class name -> the last request its setUpClass had refused (from tempest.log: class set-up
    is logged there, not in any test's captured log)."""
    found: dict[str, str] = {}
    for m in REQUEST.finditer(tempest_log):
        who = m.group("who")
        if who.endswith(":setUpClass"):
            cls = who.split(":", 1)[0]
            if int(m.group("status")) >= 400:
                found[cls] = last_refused_request(m.group(0))
            found[cls + ":any"] = last_refused_request(m.group(0), min_status=100)
    return found


def cause_of(error: str) -> str:
    error = error.replace("HTTP response body is invalid json or xml Details: HTTP response body is invalid ", "")
    error = _normalize(error)
    error = re.sub(r"'request_id': '[^']*'", "'request_id': ...", error)
    error = re.sub(r"\b(test|Test)\w*", "{test}", error) if error.startswith("AssertionError") else error
    return error[:300]


def collect(
    records: list[dict[str, Any]], listed: list[str], setup_requests: dict[str, str] | None = None
) -> dict[str, Any]:
    """Per-test outcome; a class whose setUpClass failed (or skipped) fails (or skips) its tests."""
    by_id: dict[str, dict[str, Any]] = {}
    class_level: dict[str, dict[str, Any]] = {}
    extra: list[dict[str, Any]] = []
    for r in records:
        if r["status"] in ("exists", "inprogress"):
            continue
        m = CLASS_FIXTURE.match(r["id"])
        if m:
            if m.group(1).startswith("setUp"):
                class_level[m.group("target")] = r
            elif r["status"] not in ("success", "skip"):
                extra.append(r)  # a cleanup that failed: tempest reports it as a failure of its own
            continue
        by_id[re.sub(r"\[.*\]$", "", r["id"])] = r
    tests: list[dict[str, Any]] = []
    seen = set()
    for test_id in listed:
        base = re.sub(r"\[.*\]$", "", test_id)
        seen.add(base)
        r = by_id.get(base)
        if r is None:
            cls = base.rsplit(".", 1)[0]
            fixture = class_level.get(cls) or class_level.get(cls.rsplit(".", 1)[0])
            if fixture is not None and fixture["status"] == "skip":
                r = {**fixture, "id": test_id}
            elif fixture is not None:
                r = {**fixture, "id": test_id, "status": "fail"}
                r["traceback"] = "setUpClass failed:\n" + (fixture.get("traceback") or "")
                short = cls.rsplit(".", 1)[-1]
                r["request"] = (setup_requests or {}).get(short, "")
                if not r["request"] and re.search(r"InvalidHTTPResponseBody|UnexpectedResponseCode", r["traceback"]):
                    r["request"] = (setup_requests or {}).get(short + ":any", "")
            else:
                r = {
                    "id": test_id,
                    "status": "fail",
                    "reason": "",
                    "log": "",
                    "traceback": "NoResult: the test did not report (worker died, run timed out or was stopped)",
                }
        tests.append(_outcome(test_id, r))
    for base, r in by_id.items():  # reported but not listed (should not happen)
        if base not in seen:
            tests.append(_outcome(r["id"], r))
    for r in extra:
        tests.append(_outcome(r["id"], r))
    return _summarize(tests)


def _outcome(test_id: str, r: dict[str, Any]) -> dict[str, Any]:
    status = {"success": "passed", "xfail": "passed", "skip": "skipped"}.get(r["status"], "failed")
    out = {"id": test_id, "service": service_of(test_id) or "other", "status": status}
    if status == "failed":
        out["error"] = first_error_line(r.get("traceback", ""), r.get("reason", ""))
        out["request"] = r.get("request") or last_refused_request(r.get("log", ""))
        schema = "InvalidHTTPResponseBody" in out["error"] or "UnexpectedResponseCode" in out["error"]
        if not out["request"] and schema:
            # the body or status tempest rejected came with the last request it made
            out["request"] = last_refused_request(r.get("log", ""), min_status=100)
        out["call"] = client_call(r.get("traceback", ""))
        out["cause"] = cause_of(out["error"])
        if schema and out["call"]:
            # a response tempest's schema rejected: the API call names the cause better than a URL
            out["cause"] = f"{out['call']} -> {out['cause'].replace('tempest.lib.exceptions.', '')}"
        elif out["request"] and HTTP_ERROR.match(out["error"]):
            # an API error: the refused call is the cause (a missing route, a rejected body...)
            out["cause"] = f"{out['request']} -> {out['cause'].replace('tempest.lib.exceptions.', '')}"
    elif status == "skipped":
        out["reason"] = (r.get("reason") or "").strip()[:300]
    return out


def _summarize(tests: list[dict[str, Any]]) -> dict[str, Any]:
    services: dict[str, Any] = {}
    for svc in sorted({t["service"] for t in tests}):
        mine = [t for t in tests if t["service"] == svc]
        counts = Counter(t["status"] for t in mine)
        ran = counts["passed"] + counts["failed"]
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for t in mine:
            if t["status"] == "failed":
                groups[t["cause"]].append(
                    {"id": t["id"], "error": t["error"], "request": t["request"], "call": t.get("call", "")}
                )
        skips = Counter(t.get("reason") or "(no reason)" for t in mine if t["status"] == "skipped")
        services[svc] = {
            "passed": counts["passed"],
            "failed": counts["failed"],
            "skipped": counts["skipped"],
            "total": len(mine),
            "pass_rate": round(100.0 * counts["passed"] / ran, 1) if ran else None,
            "failures_by_cause": [
                {"cause": cause, "count": len(items), "tests": sorted(items, key=lambda x: x["id"])}
                for cause, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ],
            "skips_by_reason": [{"reason": reason, "count": n} for reason, n in skips.most_common()],
            "passed_tests": sorted(t["id"] for t in mine if t["status"] == "passed"),
        }
    return services


# -- the published files -------------------------------------------------------------------
def merge(path: Path, run: dict[str, Any]) -> dict[str, Any]:
    """Services measured by this run replace their entries; the others keep their last run."""
    old: dict[str, Any] = {}
    if path.exists():
        try:
            old = json.loads(path.read_text())
        except ValueError:
            old = {}
    services = dict(old.get("services", {}))
    for name, data in run["services"].items():
        before = set(services.get(name, {}).get("passed_tests", []))
        failed_now = [t["id"] for g in data["failures_by_cause"] for t in g["tests"]]
        regressions = sorted(t for t in failed_now if t in before)
        services[name] = {**data, "run": run["run"], "regressions": regressions}
    return {
        "tempest_version": run["run"]["tempest_version"],
        "last_run": run["run"],
        "services": {k: services[k] for k in sorted(services, key=_order)},
        "flags": run["flags"],
        "config": run.get("config", {}),
        "notes": run.get("notes", []),
    }


def _order(name: str) -> tuple[int, str]:
    return (SERVICES.index(name) if name in SERVICES else len(SERVICES), name)


def render_markdown(data: dict[str, Any]) -> str:
    run = data["last_run"]
    out: list[str] = []
    w = out.append
    w("# Conformance: tempest against twinstack\n")
    w(
        "OpenStack's own API test suite, [tempest](https://opendev.org/openstack/tempest) "
        f"{data['tempest_version']}, run against twinstack with the default model. Generated by "
        "`python -m conformance` (`make conformance`); do not edit by hand.\n"
    )
    w(
        f"Last run: {run['date']} on twinstack commit `{run['commit']}`"
        f"{' (with uncommitted changes)' if run.get('dirty') else ''}, "
        f"regex `{run['regex']}`, concurrency {run['concurrency']}, {run['duration_s']:.0f} s.\n"
    )
    w("## Summary\n")
    w(
        "Pass rate is of the tests that ran (passed + failed). A test whose class could not be set up "
        "(`setUpClass` failed) counts as failed; a test of a class tempest skipped counts as skipped.\n"
    )
    w("| service | passed | failed | skipped | total | pass rate | measured at |")
    w("|---|---:|---:|---:|---:|---:|---|")
    for name, s in data["services"].items():
        rate = f"{s['pass_rate']:.1f}%" if s["pass_rate"] is not None else "-"
        w(
            f"| {name} | {s['passed']} | {s['failed']} | {s['skipped']} | {s['total']} | {rate} | "
            f"{s['run']['date'][:16]} `{s['run']['commit']}` |"
        )
    w("")
    w("## Top causes (the to-do list)\n")
    w(
        "A cause is the request the cloud refused (`404 POST /path -> NotFound ...`), the tempest client call "
        "whose response body failed tempest's schema (`servers_client.show_server -> InvalidHTTPResponseBody ...`), "
        "or else the error line itself. Ids, names, times and ports are normalized so that one bug is one line.\n"
    )
    for name, s in data["services"].items():
        top = s["failures_by_cause"][:6]
        if not top:
            continue
        w(f"- **{name}**: " + "; ".join(f"{g['count']} x `{_md(g['cause'][:140])}`" for g in top))
    w("")
    regressed = {name: s.get("regressions", []) for name, s in data["services"].items() if s.get("regressions")}
    if regressed:
        w("## Regressions: passed in the previous run, fail now\n")
        for name, tests in regressed.items():
            for test in tests:
                w(f"- {name}: `{_short(test)}`")
        w("")
    if data.get("notes"):
        w("Notes from the last run:\n")
        for note in data["notes"]:
            w(f"- {note}")
        w("")
    w("## How to reproduce\n")
    w(
        "```sh\nmake conformance                                  # every service (about 1,700 tests)\n"
        "make conformance CONFORMANCE_ARGS='--services identity'\n"
        "make conformance CONFORMANCE_ARGS='--services key_manager,dns'   # the plugins' services\n"
        "make conformance CONFORMANCE_ARGS='--regex tempest.api.identity.admin.v3.test_users'"
        "   # a targeted run (docs untouched)\n"
        "make conformance CONFORMANCE_ARGS='--url http://127.0.0.1:8780'   # attach to a running cloud\n"
        "make conformance CONFORMANCE_ARGS='--quick'      # the subset `make test` runs\n"
        "make conformance CONFORMANCE_ARGS='--commit HEAD'"
        "   # the cloud from a snapshot of a commit, not the work tree\n"
        "make conformance CONFORMANCE_ARGS='--set compute-feature-enabled.swap_volume=true --regex ...'"
        "  # try a flag\n```\n"
    )
    w(
        "The harness installs tempest 47.0.0 into `.conformance/venv` (once), starts twinstack on a free port "
        "with the default model (unless `--url`), generates `.conformance/workspace/etc/tempest.conf` from the running "
        "cloud's own APIs (admin credentials from `/_twinstack/clouds.yaml`, image and flavor refs from the "
        "image and flavor listings, the external network, `service_available` from the catalog, microversion "
        "ranges from the version documents, Neutron's extension list from `/v2.0/extensions`, identity features "
        "probed), runs `stestr run` in `.conformance/workspace`, reads the subunit stream and writes this file "
        "and `docs/conformance.json`. Each service row above is replaced only by a run that covers that whole "
        "service. Test logs: `.conformance/workspace/logs/`,"
        " the subunit stream: `.conformance/workspace/last.subunit`,"
        " the run's data: `.conformance/workspace/last.json`.\n"
    )
    w("## Tempest plugins\n")
    w(
        "Services tempest leaves out are tested by their projects' tempest plugins, installed beside tempest "
        "(`conformance/plugins.py`: one pinned row each, the tests a run includes, the tempest.conf options "
        "it writes when the catalog has the service). Their rows above count their API tests.\n"
    )
    w("| service | plugin | tests |")
    w("|---|---|---|")
    for plugin in plugins.PLUGINS:
        w(f"| {plugin.service} | `{plugin.package}` | `{plugin.regex}` |")
    w("")
    w("## Feature flags that skip tests\n")
    w("Each one is what a real cloud with the same capabilities would set; none hides a failure.\n")
    w("| flag | value | reason |")
    w("|---|---|---|")
    for f in data["flags"]:
        w(f"| `{f['flag']}` | `{f['value']}` | {f['reason']} |")
    w("")
    for name, s in data["services"].items():
        w(f"## {name}: failures by cause\n")
        if not s["failures_by_cause"]:
            w("No failures.\n")
        for group in s["failures_by_cause"]:
            w(f"### {group['count']} x `{_md(group['cause'][:300])}`\n")
            requests = Counter(t["request"] for t in group["tests"] if t["request"])
            if requests:
                w("Refused requests: " + ", ".join(f"`{r}` ({n})" for r, n in requests.most_common(6)) + "\n")
            for t in group["tests"][:60]:
                known = next((why for key, why in KNOWN.items() if key in t["id"]), "")
                w(
                    f"- `{_short(t['id'])}`"
                    + (f" - `{t['request']}`" if t["request"] else "")
                    + (f" (not a twinstack bug: {known})" if known else "")
                )
            if len(group["tests"]) > 60:
                w(f"- ... and {len(group['tests']) - 60} more (docs/conformance.json lists all)")
            w("")
        if s["skips_by_reason"]:
            w(f"<details><summary>{name}: {s['skipped']} skipped, by reason</summary>\n")
            for skip in s["skips_by_reason"]:
                w(f"- {skip['count']} x {_md(skip['reason'])}")
            w("\n</details>\n")
    return "\n".join(out) + "\n"


# Failures whose cause is on tempest's side of the wire, explained (they still count as failures).
KNOWN = {
    "ServerActionsV293TestJSON.test_rebuild_volume_backed_server": (
        "tempest 47 boots this class's server as validatable even with validation.run_validation = false, "
        "then needs validation resources (floating) or a 'public' address (fixed): it cannot pass without "
        "SSH validation, on any cloud."
    ),
}


def _short(test_id: str) -> str:
    return re.sub(r"\[.*\]$", "", re.sub(r"^tempest\.api\.", "", test_id))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")
