"""``python -m differential``: start real Nova+Placement and Keystone (from the .differential venv), Glance (from
its own venv: its pins clash with Nova's) and a twinstack, replay the scenario against both, and write
docs/differential.md and .json."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from differential import report
from differential.compare import compare
from differential.scenario import scenario
from differential.sides import Side, password_token

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".differential"
VENV_PYTHON = STATE / "venv" / "bin" / "python"
GLANCE_PYTHON = STATE / "glance-venv" / "bin" / "python"
BODIES: list[dict[str, str]] = []


def start_real(module: str, log: Path, timeout: float = 300,
               python: Path = VENV_PYTHON) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    """A runner from differential.real in the real services' venv; its first stdout line says where it is."""
    err = open(log, "wb")  # noqa: SIM115 - the service's log, open while it runs
    proc = subprocess.Popen([str(python), "-m", module], cwd=ROOT, stdout=subprocess.PIPE, stderr=err,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(STATE)})
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    line = b""
    while time.monotonic() < deadline and not line:
        line = proc.stdout.readline()
        if proc.poll() is not None and not line:
            break
    if not line:
        proc.kill()
        raise RuntimeError(f"{module} did not start; its log:\n{log.read_text()[-4000:]}")
    return proc, json.loads(line)


def glance_auth(auth: dict[tuple[str, str], dict[str, str]], variables: dict[str, str]) -> None:
    """What keystonemiddleware would hand Glance's ContextMiddleware: admin in its own project (as twinstack's
    admin token), member in another (demo's), which is also the project images are shared with."""
    admin, member = uuid.uuid4().hex, uuid.uuid4().hex
    for persona, project, roles in (("admin", admin, "reader,member,admin"), ("member", member, "reader,member")):
        auth["image", persona] = {"X-Identity-Status": "Confirmed", "X-User-Id": uuid.uuid4().hex,
                                  "X-Project-Id": project, "X-Roles": roles}
    variables["other_project"] = member


def real_side(nova: dict[str, Any] | None, keystone: dict[str, Any] | None,
              glance: dict[str, Any] | None = None) -> Side:
    roots: dict[str, str] = {}
    auth: dict[tuple[str, str], dict[str, str]] = {}
    variables: dict[str, str] = {}
    if nova:
        roots["compute"] = nova["nova_url"]
        roots["placement"] = nova["placement_url"]
        project = nova["project_id"]
        auth["compute", "admin"] = {"X-Auth-User": "admin", "X-User-Id": "admin", "X-Auth-Project-Id": project,
                                    "X-Roles": "reader,member,admin"}
        auth["compute", "member"] = {"X-Auth-User": "fake", "X-User-Id": "fake", "X-Auth-Project-Id": project,
                                     "X-Roles": "reader,member"}
        auth["placement", "admin"] = {"X-Auth-Token": "admin"}  # placement's noauth2
        variables.update(project_id=project, image_id=nova["image_id"], network_id=nova["network_id"],
                         network_name=nova["network_name"])
    if keystone:
        roots["identity"] = keystone["url"]
        token, _ = password_token(keystone["url"], "admin", keystone["admin_password"], "admin")
        auth["identity", "admin"] = {"X-Auth-Token": token}
    if glance:
        roots["image"] = glance["url"]
        glance_auth(auth, variables)
    return Side("real", roots, auth, variables)


def twin_side(url: str) -> Side:
    identity = f"{url}/identity"
    admin, admin_token = password_token(identity, "admin", "admin", "admin")
    demo, token = password_token(identity, "demo", "demo", "demo")
    # Nova's stub puts admin and member in one project: here admin gets a role on demo to match
    h = {"X-Auth-Token": admin}
    role = httpx.get(f"{identity}/v3/roles?name=admin", headers=h).json()["roles"][0]["id"]
    httpx.put(f"{identity}/v3/projects/{token['project']['id']}/users/{admin_token['user']['id']}/roles/{role}",
              headers=h).raise_for_status()
    admin_demo, _ = password_token(identity, "admin", "admin", "demo")
    side = Side("twinstack", {"compute": f"{url}/compute", "placement": f"{url}/placement", "identity": identity,
                              "image": f"{url}/image"},
                {("compute", "admin"): {"X-Auth-Token": admin_demo}, ("compute", "member"): {"X-Auth-Token": demo},
                 ("placement", "admin"): {"X-Auth-Token": admin}, ("identity", "admin"): {"X-Auth-Token": admin},
                 ("image", "admin"): {"X-Auth-Token": admin}, ("image", "member"): {"X-Auth-Token": demo}})
    images = side.client.get(f"{url}/image/v2/images", headers={"X-Auth-Token": demo}).json()["images"]
    networks = side.client.get(f"{url}/network/v2.0/networks?name=private",
                               headers={"X-Auth-Token": demo}).json()["networks"]
    side.variables.update(project_id=token["project"]["id"], image_id=images[0]["id"],
                          network_id=networks[0]["id"], network_name=networks[0]["name"],
                          other_project=token["project"]["id"])
    return side


def run(real: Side, twin: Side, services: tuple[str, ...]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for step in scenario(services):
        if step.wait is not None:
            for side in (real, twin):
                if not side.wait(step):
                    print(f"  {side.name}: gave up waiting on {step.path} for {step.wait}", file=sys.stderr)
            continue
        a, b = real.send(step), twin.send(step)
        result = compare(a, b)
        results.append({"service": step.service, "request": step.label(), "identical": result.identical,
                        "added": step.added,
                        "status": [a.status, b.status],
                        "differences": [d.as_dict() for d in result.differences]})
        if not result.identical:  # the bodies, for a person reading why (not in docs/: ids and noise)
            BODIES.append({"request": step.label(), "real": a.body.decode(errors="replace")[:1500],
                           "twinstack": b.body.decode(errors="replace")[:1500]})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m differential")
    parser.add_argument("--services", default="compute,placement,identity,image")
    parser.add_argument("--twinstack-url", help="an already running twinstack (default: start one)")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args(argv)
    services = tuple(args.services.split(","))
    STATE.mkdir(exist_ok=True)
    procs: list[subprocess.Popen[bytes]] = []
    cloud = None
    try:
        nova = keystone = glance = None
        versions: dict[str, str] = {}
        if {"compute", "placement"} & set(services):
            proc, nova = start_real("differential.real.nova", STATE / "nova.log")
            procs.append(proc)
            versions.update(nova=nova["nova"], placement=nova["placement"])
        if "identity" in services:
            proc, keystone = start_real("differential.real.keystone", STATE / "keystone.log")
            procs.append(proc)
            versions["keystone"] = keystone["keystone"]
        if "image" in services:
            proc, glance = start_real("differential.real.glance", STATE / "glance.log", python=GLANCE_PYTHON)
            procs.append(proc)
            versions.update(glance=glance["glance"], glance_store=glance["glance_store"])
        if args.twinstack_url:
            url = args.twinstack_url.rstrip("/")
        else:
            from twinstack.testing.cloud import Cloud

            cloud = Cloud(startup_timeout=60).start()
            assert cloud.url is not None
            url = cloud.url
        results = run(real_side(nova, keystone, glance), twin_side(url), services)
        report.write(Path(args.out), results, versions, nova)
        (STATE / "bodies.json").write_text(json.dumps(BODIES, indent=1))
        print(report.summary(results))
        print("original requests only:")
        print(report.summary([r for r in results if not r["added"]]))
    finally:
        if cloud is not None:
            cloud.stop()
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
