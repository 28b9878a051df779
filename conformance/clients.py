"""``python -m conformance.clients``: the client projects' own functional suites, unchanged, against a
twinstack it starts: openstacksdk's ``openstack/tests/functional`` (from its sdist, which also holds
the ``examples/`` those tests import) and python-openstackclient's ``openstackclient/tests/functional``.

Both are run as their projects run them on DevStack (stestr in the unpacked sdist with their tox.ini's
parallelism and OS_TEST_TIMEOUT, a clouds.yaml in DevStack's cloud names), each from
its own venv under .conformance/ so their test dependencies never touch twinstack's. Results go to
docs/conformance-clients.json and .md: per suite and per service, passed / failed / skipped, each
skip with its reason and the failures grouped by their first error line."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tarfile
import time
import venv
from collections import Counter
from pathlib import Path
from typing import Any

from conformance import runner
from conformance.cloud import make_cloud, save_clouds_yaml
from conformance.report import first_error_line

# the versions twinstack's own constraints pin, so the suites test the clients its users have
# each run as its tox.ini runs it: the SDK's functional env serially with OS_TEST_TIMEOUT=600, OSC's
# with stestr's default parallelism (one worker per CPU) and its 60 s per test
SUITES: dict[str, dict[str, Any]] = {
    "sdk": {"package": "openstacksdk", "version": "4.18.0", "path": "openstack/tests/functional",
            "run": ["--serial"], "timeout": "600"},
    "osc": {"package": "python-openstackclient", "version": "10.2.1", "path": "openstackclient/tests/functional",
            "run": ["--concurrency", str(os.cpu_count() or 2)], "timeout": "60"},
}
TEST_DEPS = ["stestr", "fixtures", "testtools", "oslotest", "testscenarios", "requests-mock", "ddt",
             "python-subunit", "statsd", "prometheus-client", "jsonschema", "tempest"]
HOME = runner.STATE / "clients"
BIN = HOME / "venv" / "bin"
DOCS = runner.ROOT / "docs"


def install() -> None:
    stamp = HOME / "venv" / ".installed"
    wanted = " ".join(f"{s['package']}=={s['version']}" for s in SUITES.values())
    if stamp.exists() and stamp.read_text() == wanted:
        return
    HOME.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(HOME / "venv")
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "install", "-c", str(runner.CONSTRAINTS), *wanted.split(), *TEST_DEPS], check=True)
    for suite in SUITES.values():
        subprocess.run([*pip, "download", "--no-deps", "--no-binary", ":all:", "-d", str(HOME / "sdists"),
                        f"{suite['package']}=={suite['version']}"], check=True)
    stamp.write_text(wanted)


def source_tree(name: str) -> Path:
    """The suite's unpacked sdist (its tests, and the SDK's examples/, as upstream runs them)."""
    suite = SUITES[name]
    prefix = suite["package"].replace("-", "_").lower() + "-" + suite["version"]
    archive = next(p for p in (HOME / "sdists").glob("*.tar.gz")
                   if p.name.replace("-", "_").lower().startswith(prefix.replace("-", "_")))
    tree = HOME / "src" / archive.name.removesuffix(".tar.gz")
    if not tree.exists():
        with tarfile.open(archive) as tar:
            tar.extractall(HOME / "src", filter="data")
    return tree


def run_suite(name: str, clouds_yaml: Path, regex: str | None) -> list[dict[str, Any]]:
    tree = source_tree(name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "VIRTUAL_ENV", "PYTHON"))}
    env.update({"OS_CLIENT_CONFIG_FILE": str(clouds_yaml), "OS_TEST_TIMEOUT": SUITES[name]["timeout"],
                "OPENSTACKSDK_EXAMPLE_CONFIG_KEY": "functional", "PATH": f"{BIN}:{env.get('PATH', '')}"})
    (tree / "clouds.yaml").write_text(clouds_yaml.read_text())  # OSC's tests read it from the working dir
    if not (tree / ".stestr").exists():
        subprocess.run([str(BIN / "stestr"), "init"], cwd=tree, env=env, capture_output=True)
    stream = tree / "last.subunit"
    with open(stream, "wb") as out:
        subprocess.run([str(BIN / "stestr"), "--test-path", SUITES[name]["path"], "run", *SUITES[name]["run"],
                        "--subunit",
                        *([regex] if regex else [])], cwd=tree, env=env, stdout=out, stderr=subprocess.DEVNULL)
    with open(stream, "rb") as data:
        proc = subprocess.run([str(BIN / "python"), str(Path(__file__).with_name("_subunit_to_json.py"))],
                              stdin=data, capture_output=True, env=env)
    return [json.loads(line) for line in proc.stdout.decode().splitlines() if line.startswith("{")]


def service(test_id: str, name: str) -> str:
    """openstack.tests.functional.<service>... / openstackclient.tests.functional.<service>..."""
    parts = test_id.split(".")
    return parts[3] if len(parts) > 4 else name


def summarize(records: list[dict[str, Any]], name: str) -> dict[str, Any]:
    services: dict[str, dict[str, Any]] = {}
    # a --subunit run also lists every test ("exists"): only the outcomes count, the last one per test
    outcomes = {"success": "passed", "xfail": "passed", "skip": "skipped", "fail": "failed", "uxsuccess": "failed"}
    final = {r["id"]: r for r in records if r["status"] in outcomes}
    for r in final.values():
        if r["id"].endswith(("setUpClass", "tearDownClass")) and r["status"] == "success":
            continue
        s = services.setdefault(service(r["id"], name), {"passed": 0, "failed": 0, "skipped": 0,
                                                         "skips": Counter(), "failures": {}})
        status = outcomes[r["status"]]
        s[status] += 1
        if status == "skipped":
            s["skips"][r["reason"].strip() or "(no reason)"] += 1
        elif status == "failed":
            s["failures"].setdefault(first_error_line(r["traceback"], r["reason"]), []).append(r["id"])
    for s in services.values():
        ran = s["passed"] + s["failed"]
        s["pass_rate"] = round(100 * s["passed"] / ran, 1) if ran else None
        s["skips"] = [{"reason": k, "count": v} for k, v in s["skips"].most_common()]
        s["failures"] = [{"cause": k, "tests": v} for k, v in sorted(s["failures"].items(), key=lambda i: -len(i[1]))]
    return dict(sorted(services.items()))


def render(data: dict[str, Any]) -> str:
    lines = ["# Client suites: openstacksdk's and OSC's own functional tests against twinstack", "",
             f"Last written at commit `{data['commit']}` on {data['date']} by `make conformance` "
             "(`python -m conformance.clients`): each suite unchanged from its released sdist, run as upstream "
             "runs it on DevStack (stestr with its tox.ini's parallelism and OS_TEST_TIMEOUT: the SDK serially at "
             "600 s, OSC in parallel at 60 s; DevStack's cloud names).", ""]
    for suite in data["suites"].values():
        total = {k: sum(s[k] for s in suite["services"].values()) for k in ("passed", "failed", "skipped")}
        ran = total["passed"] + total["failed"]
        lines += [f"## {suite['package']} {suite['version']}", "",
                  f"Measured at commit `{suite.get('commit', data['commit'])}` on "
                  f"{suite.get('date', data['date'])}.", "",
                  f"{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped "
                  f"({100 * total['passed'] / ran:.1f}% of those that ran) in {suite['seconds']:.0f} s.", "",
                  "| service | passed | failed | skipped | pass rate |", "|---|---:|---:|---:|---:|"]
        for svc, s in suite["services"].items():
            rate = f"{s['pass_rate']}%" if s["pass_rate"] is not None else "-"
            lines.append(f"| {svc} | {s['passed']} | {s['failed']} | {s['skipped']} | {rate} |")
        lines += ["", "### Failures by cause", ""]
        for svc, s in suite["services"].items():
            for f in s["failures"]:
                names = ", ".join(t.split(".")[-1] for t in f["tests"][:4])
                lines.append(f"- {svc}: `{f['cause'][:160]}` ({len(f['tests'])}: {names})")
        lines += ["", "### Skips by reason", ""]
        reasons: Counter[str] = Counter()
        for s in suite["services"].values():
            for skip in s["skips"]:
                reasons[skip["reason"][:120]] += skip["count"]
        lines += [f"- {count}: {reason}" for reason, count in reasons.most_common()]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m conformance.clients", description=__doc__)
    p.add_argument("--suites", default="sdk,osc", help="comma-separated: sdk,osc")
    p.add_argument("--regex", help="only the tests matching (a custom run leaves the docs alone)")
    p.add_argument("--url", help="attach to a running twinstack instead of starting one")
    args = p.parse_args(argv)
    install()
    # DevStack's models, and its pace: a build waits a second before it has ports (model/profiles/devstack-timing)
    cloud, commit = make_cloud(args.url, None, ["devstack-timing"])
    cloud.start()
    suites: dict[str, Any] = {}
    try:
        clouds_yaml = save_clouds_yaml(cloud, HOME / "clouds.yaml")
        for name in args.suites.split(","):
            started = time.monotonic()
            records = run_suite(name, clouds_yaml, args.regex)
            cloud.reset()  # each suite starts from the model, as each DevStack job does
            suites[name] = {**SUITES[name], "seconds": time.monotonic() - started, "commit": commit,
                            "date": datetime.date.today().isoformat(), "services": summarize(records, name)}
            print(f"conformance.clients: {name}: {len(records)} records", file=sys.stderr)
    finally:
        cloud.stop()
    data = {"commit": commit, "date": datetime.date.today().isoformat(), "suites": suites}
    if not args.regex:
        # a run of one suite updates that suite and keeps the others' last results (each names its commit)
        path = DOCS / "conformance-clients.json"
        if path.exists():
            old = json.loads(path.read_text())
            kept = {k: {"commit": old.get("commit"), "date": old.get("date"), **v}
                    for k, v in old.get("suites", {}).items()}
            data["suites"] = {**kept, **suites}
        path.write_text(json.dumps(data, indent=1) + "\n")
        (DOCS / "conformance-clients.md").write_text(render(data))
    print(render(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
