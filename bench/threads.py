"""``python -m bench.threads``: can a second thread of `twinstack up` use the core its one thread leaves idle?

The boot/delete cycle holds one core (docs/benchmarks.md, seventh round) while SQLite's own work, ~35% of it,
runs with the GIL released. A compute side on a thread of its own would overlap that work with the API's
Python only if a hand-over of the GIL cost less than the statement it lets run. This measures it apart from
twinstack: the same steps (a statement by key on a WAL database, then some Python) done by one thread, then
split over two threads with a connection each, for statements and Python of a cycle's size (~10 us and
~20 us a step: 59 statements in ~2 ms) and for a statement a hundred times larger, where the overlap shows.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

ROWS = 20_000


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def _seed(path: Path) -> None:
    conn = _connect(path)
    conn.execute("CREATE TABLE instances (id INTEGER PRIMARY KEY, vm_state TEXT, body TEXT)")
    conn.executemany("INSERT INTO instances VALUES (?, ?, ?)", [(i, "active", "x" * 600) for i in range(ROWS)])
    conn.close()


_ROWS_SQL = "SELECT vm_state, body FROM instances WHERE id BETWEEN ? AND ?"
_ONE_ROW_SQL = "SELECT count(*), max(length(body)) FROM instances WHERE id BETWEEN ? AND ?"


def _steps(conn: sqlite3.Connection, count: int, rows: int, python: int) -> None:
    """One step: a statement over ``rows`` rows by key, then ``python`` iterations of Python. sqlite3 lets go
    of the GIL around each sqlite3_step, that is once per row returned: a statement over many rows returns
    one (an aggregate), so that it is one long step, as a cycle's statements are short ones."""
    sql = _ROWS_SQL if rows < 100 else _ONE_ROW_SQL
    for i in range(count):
        start = i % (ROWS - rows)
        conn.execute(sql, (start, start + rows - 1)).fetchall()
        total = 0
        for j in range(python):
            total += j


def _timed(path: Path, count: int, rows: int, python: int, threads: int) -> tuple[float, float]:
    """Wall and process CPU seconds for ``count`` steps split over ``threads`` threads."""
    conns = [_connect(path) for _ in range(threads)]
    workers = [threading.Thread(target=_steps, args=(conn, count // threads, rows, python)) for conn in conns[1:]]
    cpu, wall = time.process_time(), time.perf_counter()
    for worker in workers:
        worker.start()
    _steps(conns[0], count // threads, rows, python)
    for worker in workers:
        worker.join()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for conn in conns:
        conn.close()
    return wall, cpu


def measure(count: int, repeat: int) -> list[dict[str, object]]:
    out = []
    with tempfile.TemporaryDirectory(prefix="twinstack-threads-") as folder:
        path = Path(folder) / "threads.db"
        _seed(path)
        for label, rows, python in (("cycle-sized", 8, 150), ("cycle-sized, more Python", 8, 400),
                                    ("one statement over 4,000 rows", 4000, 150)):
            steps = count if rows < 100 else count // 20
            one = [_timed(path, steps, rows, python, 1) for _ in range(repeat)]
            two = [_timed(path, steps, rows, python, 2) for _ in range(repeat)]
            sql = statistics.median(_timed(path, steps, rows, 0, 1)[0] for _ in range(repeat))
            one_wall, two_wall = statistics.median(w for w, _ in one), statistics.median(w for w, _ in two)
            out.append({"case": label, "steps": steps, "statement_us": round(sql / steps * 1e6, 1),
                        "step_us": round(one_wall / steps * 1e6, 1), "one_thread_s": round(one_wall, 3),
                        "two_threads_s": round(two_wall, 3), "speedup": round(one_wall / two_wall, 2),
                        "two_threads_cpu_s": round(statistics.median(c for _, c in two), 3)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.threads")
    parser.add_argument("--steps", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, SQLite {sqlite3.sqlite_version}")
    for row in measure(args.steps, args.repeat):
        print(row)


if __name__ == "__main__":
    main()
