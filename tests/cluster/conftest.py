"""A cloud as processes on the machine's PostgreSQL (or MariaDB) and RabbitMQ: two API workers, the
conductor, the scheduler and two compute agents with two hosts each, heartbeats every 0.5 s and a
service-down time of 2 s so that a dead agent shows in seconds. Skipped, saying why, where the
database server or the broker does not answer."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_store_backends import MYSQL_ADMIN, PG_ADMIN, _database
from twinstack.cluster.supervisor import Cluster
from twinstack.config import Settings

TRANSPORT = "rabbit://guest:guest@127.0.0.1:5672/"
TIMING = {"report_interval": 0.5, "service_down_time": 2.0, "build_timeout": 8.0}


def _broker_or_skip() -> None:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=2).close()
    except OSError as exc:
        pytest.skip(f"no RabbitMQ broker at 127.0.0.1:5672: {exc}")


def start_cluster(db: str, state_dir: str, **kwargs: Any) -> Cluster:
    options: dict[str, Any] = {"api_workers": 2, "agents": 2, "hosts": 4, **TIMING, **kwargs}
    cluster = Cluster(Settings(port=0, db=db, log_level="warning", state_dir=state_dir), TRANSPORT,
                      prefix=f"twinstack-test-{uuid.uuid4().hex[:8]}", **options)
    try:
        cluster.start()
    except Exception:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="package")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    _broker_or_skip()
    for url in _database(PG_ADMIN, "PostgreSQL"):
        cluster = start_cluster(url, str(tmp_path_factory.mktemp("pg-cluster")))
        try:
            yield cluster
        finally:
            cluster.stop()
            cluster.forget_bus()


@pytest.fixture(scope="module")
def mysql_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    _broker_or_skip()
    for url in _database(MYSQL_ADMIN, "MariaDB/MySQL"):  # one API worker: the PostgreSQL cluster has two
        cluster = start_cluster(url, str(tmp_path_factory.mktemp("mysql-cluster")), api_workers=1)
        try:
            yield cluster
        finally:
            cluster.stop()
            cluster.forget_bus()
