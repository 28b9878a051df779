"""A service's route table is imported when first read, once, and readers in other threads meanwhile
wait for the whole table."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from twinstack.core.lazy_routes import LazyRoutes

SLOW_TABLE = """
import time
IMPORTS.append(1)  # the fixture puts IMPORTS in builtins
time.sleep(0.2)  # a big route table's import, long enough for a second reader to come meanwhile
ROUTES = [("/a", {"GET": None}), ("/b", {"POST": None})]
"""


@pytest.fixture
def table_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[int]]]:
    name = f"lazy_routes_table_{id(tmp_path)}"
    (tmp_path / f"{name}.py").write_text(SLOW_TABLE)
    imports: list[int] = []
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("builtins.IMPORTS", imports, raising=False)
    yield name, imports
    sys.modules.pop(name, None)


def test_nothing_is_imported_until_the_table_is_read(table_module: tuple[str, list[int]]) -> None:
    name, imports = table_module
    routes = LazyRoutes(name)
    assert name not in sys.modules and imports == []
    assert [path for path, _ in routes] == ["/a", "/b"]
    assert len(routes) == 2 and routes[1][0] == "/b"
    assert imports == [1]


def test_readers_in_two_threads_see_the_whole_table_imported_once(table_module: tuple[str, list[int]]) -> None:
    name, imports = table_module
    routes = LazyRoutes(name)
    seen: list[list[str]] = []

    def read() -> None:
        seen.append([path for path, _ in routes])

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [["/a", "/b"], ["/a", "/b"]]
    assert imports == [1]
