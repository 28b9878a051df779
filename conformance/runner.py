"""tempest's own virtualenv (installed once under .conformance/), the stestr workspace, one run,
and the results read back from the subunit stream."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance import TEMPEST_VERSION, plugins

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".conformance"
VENV = STATE / "venv"
BIN = VENV / "bin"
CONSTRAINTS = ROOT / "constraints" / "upper-constraints.txt"


class InstallError(RuntimeError):
    """tempest could not be installed (no network, no package index)."""


def _stamp() -> str:
    """What the venv holds: tempest's version, then each plugin's pinned requirement."""
    return "\n".join([TEMPEST_VERSION, *plugins.requirements()])


def tempest_installed() -> bool:
    stamp = VENV / ".tempest-installed"
    return stamp.exists() and stamp.read_text().strip() == _stamp() and (BIN / "stestr").exists()


def install_tempest(quiet: bool = True) -> None:
    """tempest==47.0.0 and the plugins (conformance/plugins.py) in their own venv, once: reused while the
    stamp says the same versions."""
    if tempest_installed():
        return
    STATE.mkdir(parents=True, exist_ok=True)
    with open(STATE / "install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # make test and make conformance may race to install
        if not tempest_installed():
            _install(quiet)


def _install(quiet: bool) -> None:
    print(f"conformance: installing tempest=={TEMPEST_VERSION} into {VENV}", file=sys.stderr)
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check"] + (["--quiet"] if quiet else [])
    args = pip + ["install", f"tempest=={TEMPEST_VERSION}", *plugins.requirements()]
    if CONSTRAINTS.exists():
        args[len(pip) + 1:len(pip) + 1] = ["-c", str(CONSTRAINTS)]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise InstallError(f"pip install tempest=={TEMPEST_VERSION} (and plugins) failed:\n{proc.stderr[-3000:]}")
    (VENV / ".tempest-installed").write_text(_stamp() + "\n")


def site_packages() -> Path:
    out = subprocess.run(
        [str(BIN / "python"), "-c", "import tempest, os; print(os.path.dirname(os.path.dirname(tempest.__file__)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


@dataclass
class Workspace:
    path: Path
    etc: Path
    lock: Any = None

    @classmethod
    def prepare(cls, name: str = "workspace") -> Workspace:
        """The first of name, name-2, name-3... that no other run holds (the tree is shared)."""
        STATE.mkdir(parents=True, exist_ok=True)
        for n in range(1, 100):
            path = STATE / (name if n == 1 else f"{name}-{n}")
            path.mkdir(parents=True, exist_ok=True)
            lock = open(path / ".in-use", "w")  # noqa: SIM115 - the lock is held until release()
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                lock.close()
        else:
            raise RuntimeError("no free conformance workspace")
        etc = path / "etc"
        for sub in ("etc", "logs", "lock"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        top = site_packages()
        # what `tempest init` writes
        (path / ".stestr.conf").write_text(
            f"[DEFAULT]\ntest_path={top / 'tempest' / 'test_discover'}\ntop_dir={top}\ngroup_regex=([^\\.]*\\.)*\n"
        )
        ws = cls(path, etc, lock)
        if not (path / ".stestr").exists():
            ws.stestr("init", capture_output=True, check=True)  # `stestr list` needs a repository
        return ws

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "VIRTUAL_ENV", "PYTHON"))}
        env.update(
            {
                "TEMPEST_CONFIG_DIR": str(self.etc),
                "TEMPEST_CONFIG": "tempest.conf",
                "OS_LOG_CAPTURE": "1",
                "OS_STDOUT_CAPTURE": "1",
                "OS_STDERR_CAPTURE": "1",
                "OS_TEST_TIMEOUT": os.environ.get("CONFORMANCE_TEST_TIMEOUT", "180"),
                "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
            }
        )
        return env

    def stestr(self, *args: str, **kw: Any) -> subprocess.CompletedProcess[Any]:
        return subprocess.run([str(BIN / "stestr"), *args], cwd=self.path, env=self.env(), **kw)

    def list_tests(self, regex: str | None = None, include_list: Path | None = None) -> list[str]:
        args = ["list"]
        if include_list is not None:
            args += ["--include-list", str(include_list)]
        elif regex:
            args.append(regex)
        proc = self.stestr(*args, capture_output=True, text=True)
        tests = [line.strip() for line in proc.stdout.splitlines() if line.startswith(plugins.test_prefixes())]
        if proc.returncode != 0 or not tests:
            raise RuntimeError(f"stestr list found no tests (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        return tests

    def run(
        self,
        regex: str | None,
        concurrency: int,
        include_list: Path | None = None,
        max_time: float | None = None,
        log: Path | None = None,
    ) -> int:
        args = [str(BIN / "stestr"), "run", "--concurrency", str(concurrency), "--subunit"]
        if include_list is not None:
            args += ["--include-list", str(include_list)]
        elif regex:
            args.append(regex)
        # Both stay open for the child's lifetime and are closed after it exits.
        stream = open(self.path / "last.subunit", "wb")  # noqa: SIM115
        stderr = open(log or (self.path / "logs" / "stestr.log"), "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            args, cwd=self.path, env=self.env(), stdout=stream, stderr=stderr, start_new_session=True
        )
        started = time.monotonic()
        try:
            while proc.poll() is None:
                if max_time and time.monotonic() - started > max_time:
                    print(f"conformance: --max-time {max_time:.0f}s reached, stopping tempest", file=sys.stderr)
                    os.killpg(proc.pid, signal.SIGTERM)
                    try:
                        proc.wait(20)
                    except subprocess.TimeoutExpired:
                        os.killpg(proc.pid, signal.SIGKILL)
                    break
                time.sleep(1)
        except KeyboardInterrupt:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
        finally:
            stream.close()
            stderr.close()
        return proc.wait()

    def results(self) -> list[dict[str, Any]]:
        """Each test's record, from the subunit stream of the run just made."""
        with open(self.path / "last.subunit", "rb") as stream:
            proc = subprocess.run(
                [str(BIN / "python"), str(Path(__file__).with_name("_subunit_to_json.py"))],
                stdin=stream,
                capture_output=True,
                env=self.env(),
            )
        if proc.returncode != 0:
            raise RuntimeError(f"reading the subunit stream failed:\n{proc.stderr.decode()[-3000:]}")
        return [json.loads(line) for line in proc.stdout.decode().splitlines() if line.startswith("{")]


def remove_workspace(name: str) -> None:
    shutil.rmtree(STATE / name, ignore_errors=True)
