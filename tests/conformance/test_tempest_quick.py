"""The quick tempest subset (conformance/quick.txt) against a fresh cloud: conformance must never
silently regress. Installs tempest 47.0.0 into .conformance/venv on first use (about 10 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance import runner
from conformance.__main__ import QUICK_LIST


def _quick_regexes() -> list[str]:
    return [line.split("#", 1)[0].strip() for line in QUICK_LIST.read_text().splitlines()
            if line.split("#", 1)[0].strip()]


def test_tempest_quick_subset_passes(tmp_path: Path) -> None:
    if not _quick_regexes():
        pytest.skip("conformance/quick.txt lists no tests yet")
    try:
        runner.install_tempest()
    except runner.InstallError as exc:
        pytest.skip(f"tempest cannot be installed (no package index reachable?): {str(exc)[-300:]}")
    last = tmp_path / "quick.json"
    args = [sys.executable, "-m", "conformance", "--quick", "--no-docs", "--max-time", "240", "--json", str(last)]
    if os.environ.get("TWINSTACK_URL"):
        args += ["--url", os.environ["TWINSTACK_URL"]]
    proc = subprocess.run(args, cwd=runner.ROOT, capture_output=True, text=True, timeout=420)
    assert last.exists(), f"the harness wrote no results (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    services = json.loads(last.read_text())["services"]
    failures = [
        f"{t['id']}: {t['error']}" for s in services.values() for g in s["failures_by_cause"] for t in g["tests"]
    ]
    passed = sum(s["passed"] for s in services.values())
    assert not failures, f"{len(failures)} quick tempest test(s) failed:\n" + "\n".join(failures[:30])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert passed >= len(_quick_regexes()), f"only {passed} tests passed for {len(_quick_regexes())} quick entries"
