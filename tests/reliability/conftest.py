"""The reliability checks' cloud (the default model with a Glance quota) and their figures: with
``TWINSTACK_RELIABILITY_REPORT=path.json`` set, the session writes what the checks counted there, and
``python -m tests.reliability.report path.json`` renders it into docs/reliability.md."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.helpers import CLIENTS, FIGURES, ROUNDS, Client
from tests.test_store_backends import MYSQL_ADMIN, PG_ADMIN, _database
from twinstack.testing import Cloud

MODEL = str(Path(__file__).parent / "model.yaml")


@pytest.fixture(scope="session")
def twinstack_cloud() -> Iterator[Cloud]:
    """The race and token checks' cloud; ``TWINSTACK_RELIABILITY_DB=postgresql`` (or ``mysql``) puts
    its store on the machine's server, in a database made for the session (skipped if none answers)."""
    backend = os.environ.get("TWINSTACK_RELIABILITY_DB", "sqlite")
    if backend == "sqlite":
        with Cloud(model=MODEL, url=os.environ.get("TWINSTACK_URL")) as cloud:
            yield cloud
        return
    admin_url, kind = (PG_ADMIN, "PostgreSQL") if backend == "postgresql" else (MYSQL_ADMIN, "MariaDB/MySQL")
    for url in _database(admin_url, kind):
        with Cloud(model=MODEL, extra_args=["--db", url]) as cloud:
            yield cloud


@pytest.fixture(scope="session", autouse=True)
def reliability_figures() -> Iterator[None]:
    yield
    target = os.environ.get("TWINSTACK_RELIABILITY_REPORT")
    if target and FIGURES:
        path = Path(target)
        old = json.loads(path.read_text()) if path.exists() else {}
        checks = {**old.get("checks", {}), **FIGURES}
        path.write_text(json.dumps({"rounds": ROUNDS, "clients": CLIENTS, "checks": checks}, indent=1,
                                   sort_keys=True) + "\n")


@pytest.fixture
def admin(cloud: Cloud) -> Iterator[Client]:
    client = Client(str(cloud.url), "admin", "admin", "admin")
    yield client
    client.close()


@pytest.fixture
def demo(cloud: Cloud) -> Iterator[Client]:
    client = Client(str(cloud.url), "demo", "demo", "demo")
    yield client
    client.close()
