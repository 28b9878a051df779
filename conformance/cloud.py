"""The cloud under test: twinstack.testing.Cloud from the working tree, or from a snapshot of one
commit (``--commit``), so that a run measures exactly the code of that commit."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from conformance import runner
from twinstack.testing.cloud import Cloud, free_port


def snapshot(ref: str) -> tuple[Path, str]:
    """``git archive`` of ref under .conformance/snapshots/<sha> (once per commit)."""
    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=runner.ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    path = runner.STATE / "snapshots" / sha
    if not (path / "twinstack").exists():
        tmp = Path(tempfile.mkdtemp(prefix=f"{sha}-", dir=path.parent if path.parent.exists() else None))
        data = subprocess.run(["git", "archive", "--format=tar", sha, "twinstack"], cwd=runner.ROOT,
                              capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.rename(path)   # atomic: a concurrent run may have made it first
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    return path, sha


class SnapshotCloud(Cloud):
    """Cloud, with the server's code imported from a snapshot directory instead of the work tree."""

    def __init__(self, code_dir: Path, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.code_dir = code_dir

    def start(self) -> SnapshotCloud:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        args = [sys.executable, "-m", "twinstack", "up", "--port", str(port), "--log-level", "warning"]
        for model in self.models:
            args += ["--model", model]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWINSTACK_")}
        env["PYTHONPATH"] = str(self.code_dir)
        log = open(self.log_path, "wb")  # noqa: SIM115 - the server's log, open while it runs
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.code_dir)
        self.wait_ready()
        self.clouds_yaml_path.write_text(self.clouds_yaml())
        return self


def make_cloud(url: str | None, commit: str | None, models: list[str] | None) -> tuple[Cloud, str]:
    """The cloud and the commit it runs (for the report)."""
    if url:
        return Cloud(url=url), _head()
    if commit:
        path, sha = snapshot(commit)
        return SnapshotCloud(path, model=models, startup_timeout=60), sha
    return Cloud(model=models, startup_timeout=60), _head()


def save_clouds_yaml(cloud: Cloud, path: Path) -> Path:
    """The running cloud's clouds.yaml (its own users, DevStack's cloud names), written where a suite reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(f"{cloud.url}/_twinstack/clouds.yaml") as response:
        path.write_bytes(response.read())
    return path


def _head() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=runner.ROOT, capture_output=True,
                          text=True).stdout.strip()
