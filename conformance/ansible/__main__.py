"""``python -m conformance.ansible``: the playbooks beside this file, with Ansible's openstack.cloud
collection (from the ``ansible`` package on PyPI, in a venv of its own under .conformance/ansible), against
a twinstack it starts with the default model. Each playbook runs twice: the first run must pass every task;
the second is the idempotency check, and each task that reports a change again is listed (the modules' own
design decides them: see docs/conformance-ansible.md). teardown.yml then removes what they made, once.
Results: docs/conformance-ansible.json and .md."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path
from typing import Any

from conformance import runner
from conformance.cloud import make_cloud, save_clouds_yaml

ANSIBLE = "12.3.0"  # carries openstack.cloud 2.5.0
SDK = "4.18.0"  # the openstacksdk twinstack's constraints pin
HOME = runner.STATE / "ansible"
BIN = HOME / "venv" / "bin"
HERE = Path(__file__).resolve().parent
PLAYBOOKS = ("compute_network.yml", "services.yml")  # each twice, on the same cloud
TEARDOWN = "teardown.yml"  # once, after both: what they made, removed
DOCS = runner.ROOT / "docs"
# openstack.cloud 2.5.0 reads ``openstack.version`` off the package, which openstacksdk 4.x no longer imports
# itself: every module fails with "module 'openstack' has no attribute 'version'" on any cloud. The venv's
# sitecustomize imports it first (the collection's bug, not the cloud's; nothing else is changed).
SHIM = "import openstack.version  # openstack.cloud 2.5.0 needs it imported (conformance/ansible)\n"


def install() -> None:
    stamp = HOME / "venv" / ".installed"
    wanted = f"ansible=={ANSIBLE} openstacksdk=={SDK}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    HOME.mkdir(parents=True, exist_ok=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(HOME / "venv")
    subprocess.run([str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet", "install",
                    *wanted.split()], check=True)
    site = subprocess.run([str(BIN / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "sitecustomize.py").write_text(SHIM)
    stamp.write_text(wanted)


def play(playbook: str, clouds_yaml: Path) -> dict[str, Any]:
    """One run: every task's outcome, from the ansible.posix.json callback."""
    blob = HOME / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 16)
    env = {**os.environ, "OS_CLIENT_CONFIG_FILE": str(clouds_yaml), "ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json",
           "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
           "ANSIBLE_HOME": str(HOME / "home")}
    extra = json.dumps({"ansible_python_interpreter": str(BIN / "python"), "blob": str(blob),
                        "stack_template": str(HERE / "stack.yaml")})
    done = subprocess.run([str(BIN / "ansible-playbook"), "-e", extra, str(HERE / playbook)], env=env,
                          capture_output=True, text=True, timeout=1800)
    try:
        data = json.loads(done.stdout[done.stdout.index("{"):])
    except ValueError:
        raise RuntimeError(f"ansible-playbook {playbook} gave no report:\n{done.stdout}\n{done.stderr}") from None
    tasks = []
    for task in (t for p in data.get("plays", []) for t in p.get("tasks", [])):
        result = task["hosts"].get("localhost", {})
        tasks.append({"task": task["task"]["name"], "changed": bool(result.get("changed")),
                      "failed": bool(result.get("failed")), "msg": str(result.get("msg", ""))[:300]})
    return {"tasks": tasks, "failed": [t for t in tasks if t["failed"]]}


# why a module reports a change on every run, read from its code in openstack.cloud 2.5.0 (a real cloud answers alike)
AGAIN = {
    "openstack.cloud.server": "its `security_groups` defaults to `[]`, so the second run takes off the `default` "
                              "group Nova gave the server (a third run changes nothing)",
    "openstack.cloud.server_action": "an action is done, and reported as a change, on every run",
    "openstack.cloud.stack": "a stack that exists is updated with the template on every run",
    "openstack.cloud.application_credential": "an application credential is immutable: the module deletes and "
                                              "recreates it on every run",
}


def render(data: dict[str, Any]) -> str:
    lines = ["# Ansible's openstack.cloud against twinstack", "",
             f"Written by `python -m conformance.ansible` at commit `{data['commit']}` on {data['date']}: "
             f"ansible {ANSIBLE} (openstack.cloud 2.5.0) with openstacksdk {SDK}, the playbooks in "
             "`conformance/ansible/`, each run twice on one cloud with the default model, then teardown.yml once. "
             "The venv imports `openstack.version` at start (the collection reads it off the package and "
             "openstacksdk 4.x no longer imports it: every module fails without it, on any cloud).", "",
             "| playbook | tasks | failed (first run) | changed again (second run) | seconds |",
             "|---|---:|---:|---:|---:|"]
    for name, run in data["playbooks"].items():
        again = [t["task"] for t in run["second"]["tasks"] if t["changed"]]
        lines.append(f"| {name} | {len(run['first']['tasks'])} | {len(run['first']['failed'])} | {len(again)} | "
                     f"{run['seconds']:.0f} |")
    for name, run in data["playbooks"].items():
        lines += ["", f"## {name}", ""]
        for t in run["first"]["failed"] + run["second"]["failed"]:
            lines.append(f"- failed: `{t['task']}`: {t['msg']}")
        if not run["second"]["tasks"]:
            lines.append(f"Ran once: {len(run['first']['tasks'])} tasks.")
            continue
        again = [t["task"] for t in run["second"]["tasks"] if t["changed"]]
        lines.append("Changed again on the second run: " + (", ".join(f"`{t}`" for t in again) or "none") + ".")
        for task in dict.fromkeys(again):
            lines.append(f"- `{task}`: {AGAIN.get(task, '**not explained: look at it**')}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m conformance.ansible", description=__doc__)
    p.add_argument("--url", help="attach to a running twinstack instead of starting one")
    args = p.parse_args(argv)
    install()
    cloud, commit = make_cloud(args.url, None, None)
    cloud.start()
    playbooks: dict[str, Any] = {}
    try:
        clouds_yaml = save_clouds_yaml(cloud, HOME / "clouds.yaml")
        cloud.reset()
        for name in PLAYBOOKS:
            started = time.monotonic()
            first, second = play(name, clouds_yaml), play(name, clouds_yaml)
            playbooks[name] = {"first": first, "second": second, "seconds": time.monotonic() - started}
        started = time.monotonic()
        once = play(TEARDOWN, clouds_yaml)
        playbooks[TEARDOWN] = {"first": once, "second": {"tasks": [], "failed": []},
                               "seconds": time.monotonic() - started}
    finally:
        cloud.stop()
    data = {"commit": commit, "date": datetime.date.today().isoformat(), "playbooks": playbooks}
    (DOCS / "conformance-ansible.json").write_text(json.dumps(data, indent=1) + "\n")
    (DOCS / "conformance-ansible.md").write_text(render(data))
    print(render(data))
    return 1 if any(run["first"]["failed"] or run["second"]["failed"] for run in playbooks.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
