"""The store seam on real PostgreSQL and MariaDB servers: the same code, the same behaviour.

Each test makes its own database and drops it after; it skips, saying why, where no server answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import password_auth
from twinstack.testing import Cloud

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
MYSQL_ADMIN = "mysql+pymysql://root@127.0.0.1:3306/"


def _database(admin_url: str, kind: str) -> Iterator[str]:
    import sqlalchemy as sa

    name = f"twinstack_{uuid.uuid4().hex[:10]}"
    try:
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
    except Exception as exc:
        pytest.skip(f"no {kind} server reachable at {admin_url}: {exc.__class__.__name__}")
    base = admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE {name}"))
    engine.dispose()


@pytest.fixture(params=["postgresql", "mysql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "postgresql":
        yield from _database(PG_ADMIN, "PostgreSQL")
    else:
        yield from _database(MYSQL_ADMIN, "MariaDB/MySQL")


def _token(url: str, user: str, password: str, project: str) -> httpx.Response:
    return httpx.post(f"{url}/identity/v3/auth/tokens", json=password_auth(user, password, project), timeout=30)


def test_cloud_runs_and_persists_on_a_server_database(db_url: str) -> None:
    with Cloud(extra_args=["--db", db_url]) as cloud:
        response = _token(cloud.url, "demo", "demo", "demo")
        assert response.status_code == 201, response.text
        token = response.headers["X-Subject-Token"]
        admin = _token(cloud.url, "admin", "admin", "admin").headers["X-Subject-Token"]
        revoked = httpx.delete(f"{cloud.url}/identity/v3/auth/tokens", timeout=30,
                               headers={"X-Auth-Token": admin, "X-Subject-Token": token})
        assert revoked.status_code == 204
        conn = cloud.connect()
        assert conn.session.get_endpoint(service_type="identity", interface="public").endswith("/identity")
        # Swift's names are bytes in the store: the listing order is UTF-8's on every engine
        demo = cloud.connect("twinstack")
        demo.object_store.create_container("c")
        for name in ("é", "z", "a/b", "Z"):
            demo.object_store.upload_object(container="c", name=name, data=name.encode())
        assert [o.name for o in demo.object_store.objects("c")] == ["Z", "a/b", "z", "é"]
        assert demo.object_store.download_object("é", container="c") == "é".encode()
    # a second cloud on the same database keeps the state (and the token key, and the revocation)
    with Cloud(extra_args=["--db", db_url]) as again:
        check = httpx.get(f"{again.url}/identity/v3/auth/projects", headers={"X-Auth-Token": token}, timeout=30)
        assert check.status_code == 401
        assert _token(again.url, "demo", "demo", "demo").status_code == 201
