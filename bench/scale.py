"""Lists as the cloud grows (issue 13): a first page (``limit=100``) and a page deep in the list (by
marker), at 1,000, 10,000 and 100,000 resources of each kind, and the server's RSS.

Creating 100,000 ports through the API would take an hour here, so the rows are cloned: each kind's
template is created through the API of a running cloud (so it has every row the real path writes:
IP allocations, bindings, extra specs, tags...), the cloud is stopped, and the template's rows (and
every row that names it, transitively) are copied N-1 times straight into its state dir's store with
fresh ids, fresh unique values (names stay, unique columns get a suffix, IP and MAC addresses count
up) and ``executemany``. The cloud is then started again on that state dir, which keeps what it holds.
The clones are equivalent rows for a list (same columns, same related rows), not for every API.
"""

from __future__ import annotations

import ipaddress
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from bench.client import Bench, cpu_seconds, rss_mb

MODEL = Path(__file__).parent / "models" / "bench.yaml"
COMPUTE = {"OpenStack-API-Version": "compute 2.72"}
VOLUME = {"OpenStack-API-Version": "volume 3.60"}


@dataclass(frozen=True)
class Kind:
    """One kind of resource: how its template is made, where it is listed, and its page's key."""

    name: str
    path: str  # the list URL (under the cloud's root)
    key: str  # the collection's key in the body
    create: Callable[[httpx.Client, dict[str, str]], str]  # makes the template; returns its id
    headers: dict[str, str]
    paged: bool = True  # Keystone's lists have no limit/marker: the whole list is the page


def _post(client: httpx.Client, path: str, body: dict[str, Any], headers: dict[str, str], key: str) -> str:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201, 202), response.text
    return str(response.json()[key]["id"])


def _network(client: httpx.Client, headers: dict[str, str]) -> str:
    return _post(client, "/network/v2.0/networks", {"network": {"name": "scale-net"}}, headers, "network")


def _port(client: httpx.Client, headers: dict[str, str]) -> str:
    net = _network(client, headers)
    # a /12, so cloned ports can each have their own address inside the subnet
    _post(client, "/network/v2.0/subnets", {"subnet": {"network_id": net, "cidr": "10.64.0.0/12", "ip_version": 4,
                                                       "name": "scale-sub"}}, headers, "subnet")
    return _post(client, "/network/v2.0/ports", {"port": {"network_id": net, "name": "scale-port"}}, headers, "port")


def _server(client: httpx.Client, headers: dict[str, str]) -> str:
    images = client.get("/image/v2/images", headers=headers, params={"name": "cirros-0.6.3-x86_64-disk"})
    image = images.json()["images"][0]["id"]
    body = {"server": {"name": "scale-server", "flavorRef": "c1", "imageRef": image, "networks": "none"}}
    server = _post(client, "/compute/v2.1/servers", body, {**headers, **COMPUTE}, "server")
    for _ in range(200):
        status = client.get(f"/compute/v2.1/servers/{server}", headers={**headers, **COMPUTE}).json()["server"]
        if status["status"] != "BUILD":
            break
        time.sleep(0.05)
    return server


def _volume(client: httpx.Client, headers: dict[str, str]) -> str:
    project = client.get("/identity/v3/auth/tokens", headers={**headers, "X-Subject-Token": headers["X-Auth-Token"]})
    project_id = project.json()["token"]["project"]["id"]
    volume = _post(client, f"/volume/v3/{project_id}/volumes", {"volume": {"name": "scale-vol", "size": 1}},
                   {**headers, **VOLUME}, "volume")
    for _ in range(200):
        got = client.get(f"/volume/v3/{project_id}/volumes/{volume}", headers={**headers, **VOLUME}).json()
        if got["volume"]["status"] != "creating":
            break
        time.sleep(0.05)
    return volume


def _image(client: httpx.Client, headers: dict[str, str]) -> str:
    response = client.post("/image/v2/images", headers=headers,
                           json={"name": "scale-image", "disk_format": "raw", "container_format": "bare"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _project(client: httpx.Client, headers: dict[str, str]) -> str:
    return _post(client, "/identity/v3/projects", {"project": {"name": "scale-project"}}, headers, "project")


def _user(client: httpx.Client, headers: dict[str, str]) -> str:
    """A user with a role on a project: cloning the user clones its assignment too."""
    user = _post(client, "/identity/v3/users", {"user": {"name": "scale-user", "password": "x"}}, headers, "user")
    roles = client.get("/identity/v3/roles", headers=headers, params={"name": "member"}).json()["roles"]
    projects = client.get("/identity/v3/projects", headers=headers, params={"name": "demo"}).json()["projects"]
    granted = client.put(f"/identity/v3/projects/{projects[0]['id']}/users/{user}/roles/{roles[0]['id']}",
                         headers=headers)
    assert granted.status_code == 204, granted.text
    return user


KINDS = [
    Kind("ports", "/network/v2.0/ports", "ports", _port, {}),
    Kind("networks", "/network/v2.0/networks", "networks", _network, {}),
    Kind("servers", "/compute/v2.1/servers/detail", "servers", _server, COMPUTE),
    Kind("volumes", "/volume/v3/{project_id}/volumes/detail", "volumes", _volume, VOLUME),
    Kind("images", "/image/v2/images", "images", _image, {}),
    Kind("projects", "/identity/v3/projects", "projects", _project, {}, paged=False),
    Kind("users", "/identity/v3/users", "users", _user, {}, paged=False),
    Kind("role_assignments", "/identity/v3/role_assignments", "role_assignments", _user, {}, paged=False),
]


# -- cloning rows ------------------------------------------------------------------------------
def _tables() -> list[sa.Table]:
    import twinstack.services  # noqa: F401 - every service's tables join the one metadata
    from twinstack.core.store import metadata

    return list(metadata.sorted_tables)


def _unique_sets(table: sa.Table) -> list[tuple[str, ...]]:
    """The column sets that must stay unique: primary key, unique constraints, unique indexes."""
    sets: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint | sa.PrimaryKeyConstraint):
            sets.append(tuple(c.name for c in constraint.columns))
    sets += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
    return [s for s in sets if s]


def _bumped_column(names: tuple[str, ...]) -> str:
    """Which column of a unique set to vary when none got a fresh id: a value column (a name, an IP,
    a MAC), never a reference to another row (``*_id``), which must keep pointing where it did."""
    for name in names:
        if not name.endswith("_id") and name not in ("type", "inherited"):
            return name
    return names[-1]


def _related(conn: sa.Connection, tables: list[sa.Table], root: str) -> dict[str, list[dict[str, Any]]]:
    """Every row that is the template or names it, transitively (by any string column holding an id
    already found), table by table."""
    ids, frontier = {root}, {root}
    found: dict[str, dict[Any, dict[str, Any]]] = {}
    while frontier:
        grown: set[str] = set()
        for table in tables:
            text = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text)]
            if not text:
                continue
            query = sa.select(table).where(sa.or_(*[c.in_(sorted(frontier)) for c in text]))
            for row in conn.execute(query):
                values = dict(row._mapping)
                key = tuple(values.get(c.name) for c in table.primary_key.columns) or tuple(values.items())
                rows = found.setdefault(table.name, {})
                if key in rows:
                    continue
                rows[key] = values
                own = values.get("id") or values.get("uuid")
                if isinstance(own, str) and own not in ids:
                    ids.add(own)
                    grown.add(own)
        frontier = grown
    return {name: list(rows.values()) for name, rows in found.items()}


def _fresh_id(old: str) -> str:
    new = uuid.uuid4()
    return str(new) if "-" in old else new.hex


def _bump(value: Any, i: int) -> Any:
    """A unique column's value for clone ``i``: IPs and MACs count up, other strings get a suffix."""
    if isinstance(value, str):
        try:
            return str(ipaddress.ip_address(value) + i)
        except ValueError:
            pass
        parts = value.split(":")
        if len(parts) == 6 and all(len(p) == 2 for p in parts):
            number = (int(value.replace(":", ""), 16) + i) & 0xFFFFFFFFFFFF
            return ":".join(f"{number:012x}"[k:k + 2] for k in range(0, 12, 2))
        return f"{value}-{i}"
    if isinstance(value, int) and not isinstance(value, bool):
        return value + i
    return value


def clone(db: str, root: str, copies: int, batch: int = 5000) -> None:
    """Copy the template ``root`` (and its related rows) ``copies`` times into the store at ``db``."""
    engine = sa.create_engine(db)
    tables = _tables()
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        related = _related(conn, tables, root)
        ids = {v[c] for rows in related.values() for v in rows for c in ("id", "uuid")
               if isinstance(v.get(c), str)}
        by_name = {t.name: t for t in tables}
        for start in range(1, copies + 1, batch):
            chunk = range(start, min(start + batch, copies + 1))
            # clone i's new ids, the same in every table (a child row follows its parent)
            fresh_of = {i: {old: _fresh_id(old) for old in ids} for i in chunk}
            for table_name, rows in related.items():
                table = by_name[table_name]
                unique = _unique_sets(table)
                # integer keys are the store's to number (SQLite assigns one for NULL)
                counted = {c.name for c in table.primary_key.columns if isinstance(c.type, sa.Integer)}
                out = []
                for i in chunk:
                    fresh = fresh_of[i]
                    for row in rows:
                        new = {}
                        for column, value in row.items():
                            if column in counted:
                                new[column] = None
                            elif isinstance(value, str) and value in fresh:
                                new[column] = fresh[value]
                            else:
                                new[column] = value
                        # a unique set with a fresh id in it is unique already; otherwise vary one value
                        for names in unique:
                            if any(isinstance(row.get(n), str) and row[n] in fresh for n in names) or (
                                    set(names) <= counted):
                                continue
                            column = _bumped_column(names)
                            new[column] = _bump(row.get(column), i)
                        out.append(new)
                conn.execute(table.insert(), out)
    engine.dispose()


# -- measuring ---------------------------------------------------------------------------------
def _timed(bench: Bench, client: httpx.Client, path: str, params: dict[str, Any], headers: dict[str, str],
           repeats: int, seconds: float = 1.5) -> tuple[float, float]:
    """Median latency (ms) and the server's CPU per request (ms): the CPU figure does not move with
    what else the machine's cores are doing, which the latency does."""
    samples: list[float] = []
    cpu = cpu_seconds(bench.pid)
    until = time.perf_counter() + seconds
    # /proc counts CPU in 10 ms ticks: enough requests (about a second's worth) make the figure exact
    while len(samples) < repeats or time.perf_counter() < until:
        started = time.perf_counter()
        response = client.get(path, params=params, headers=headers)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    cpu = cpu_seconds(bench.pid) - cpu
    return round(1000 * statistics.median(samples), 2), round(1000 * cpu / len(samples), 3)


def measure(kind: Kind, size: int, repeats: int = 15) -> dict[str, Any]:
    """Make ``size`` resources of ``kind`` and time a first page and a page deep by marker."""
    with tempfile.TemporaryDirectory(prefix="twinstack-scale-") as state:
        bench = Bench.start([str(MODEL)], extra_args=["--state-dir", state])
        try:
            with httpx.Client(base_url=bench.url, timeout=600) as client:
                template = kind.create(client, bench.headers())
        finally:
            bench.stop()
        started = time.perf_counter()
        clone(f"sqlite:///{Path(state) / 'twinstack.db'}", template, size - 1)
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        bench = Bench.start([str(MODEL)], extra_args=["--state-dir", state])
        ready_s = time.perf_counter() - started
        try:
            with httpx.Client(base_url=bench.url, timeout=600) as client:
                headers = bench.headers(**kind.headers)
                path = kind.path
                if "{project_id}" in path:
                    token = client.get("/identity/v3/auth/tokens",
                                       headers={**headers, "X-Subject-Token": bench.token}).json()
                    path = path.format(project_id=token["token"]["project"]["id"])
                    headers = {**headers, "X-Auth-Token": bench.token}
                out: dict[str, Any] = {"size": size, "fill_s": round(fill_s, 1), "ready_s": round(ready_s, 2)}
                if kind.paged:
                    first = client.get(path, params={"limit": 100}, headers=headers).json()[kind.key]
                    # a marker in the middle of the list: walk there by big pages once
                    marker, seen = first[-1]["id"], len(first)
                    while seen < size // 2:
                        step = min(1000, size // 2 - seen)
                        page = client.get(path, params={"limit": step, "marker": marker, "fields": "id"},
                                          headers=headers).json()[kind.key]
                        if not page:
                            break
                        marker, seen = page[-1]["id"], seen + len(page)
                    out["walked"] = seen
                    out["first_page_ms"], out["first_page_cpu_ms"] = _timed(
                        bench, client, path, {"limit": 100}, headers, repeats)
                    out["deep_page_ms"], out["deep_page_cpu_ms"] = _timed(
                        bench, client, path, {"limit": 100, "marker": marker}, headers, repeats)
                else:
                    out["whole_list_ms"], out["whole_list_cpu_ms"] = _timed(
                        bench, client, path, {}, headers, 3, seconds=0)
                out["rss_mb"] = round(rss_mb(bench.pid), 1)
        finally:
            bench.stop()
    return out


def scale(sizes: list[int], kinds: list[str] | None, log: Callable[[str], None]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for kind in KINDS:
        if kinds and kind.name not in kinds:
            continue
        results[kind.name] = {}
        for size in sizes:
            log(f"scale: {size} {kind.name}")
            results[kind.name][str(size)] = measure(kind, size)
    return results


def memory(hosts: int = 10000, servers: int = 100000, log: Callable[[str], None] = print) -> dict[str, Any]:
    """``hosts`` hypervisors and ``servers`` servers in one cloud: start-up to ready, and RSS once ready
    and after listing (a first page and a deep page of servers/detail)."""
    import yaml

    with tempfile.TemporaryDirectory(prefix="twinstack-memory-") as state:
        model = Path(state) / "hosts.yaml"
        model.write_text(yaml.safe_dump({"compute": {"hosts": [{"name": "mem", "count": max(hosts - 4, 1)}],
                                                     "quotas": {"instances": -1, "cores": -1, "ram": -1}}}))
        models = [str(MODEL), str(model)]
        started = time.perf_counter()
        bench = Bench.start(models, extra_args=["--state-dir", state])
        empty_ready = time.perf_counter() - started
        try:
            with httpx.Client(base_url=bench.url, timeout=600) as client:
                template = _server(client, bench.headers())
        finally:
            bench.stop()
        log(f"memory: cloning {servers} servers")
        started = time.perf_counter()
        clone(f"sqlite:///{Path(state) / 'twinstack.db'}", template, servers - 1)
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        bench = Bench.start(models, extra_args=["--state-dir", state])
        ready_s = time.perf_counter() - started
        try:
            out = {"hosts": hosts, "servers": servers, "fill_s": round(fill_s, 1),
                   "ready_empty_s": round(empty_ready, 2), "ready_s": round(ready_s, 2),
                   "rss_ready_mb": round(rss_mb(bench.pid), 1)}
            with httpx.Client(base_url=bench.url, timeout=600) as client:
                headers = bench.headers(**COMPUTE)
                page = client.get("/compute/v2.1/servers/detail", params={"limit": 100}, headers=headers).json()
                marker = page["servers"][-1]["id"]
                for _ in range(20):
                    page = client.get("/compute/v2.1/servers/detail", params={"limit": 1000, "marker": marker},
                                      headers=headers).json()
                    if not page["servers"]:
                        break
                    marker = page["servers"][-1]["id"]
                hypervisors = client.get("/compute/v2.1/os-hypervisors", params={"limit": 100}, headers=headers)
                assert hypervisors.status_code == 200, hypervisors.text
            out["rss_after_lists_mb"] = round(rss_mb(bench.pid), 1)
        finally:
            bench.stop()
    return out
