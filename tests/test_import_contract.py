"""The import contract between services (docs: CONVENTIONS "One service, one skeleton"), on a fake
tree that breaks each rule once and on twinstack itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.import_contract import SERVICES, cross_service_imports, summary, violations

REAL_ROOT = Path(__file__).resolve().parent.parent

# Each fake module, and what the checker must say about it (a fragment of the message per line).
FAKE_TREE: dict[str, str] = {
    "twinstack/__init__.py": "",
    "twinstack/services.py": "from twinstack.alpha.provider import AlphaProvider\n",
    "twinstack/model/__init__.py": "",
    "twinstack/model/schema.py": "from twinstack.alpha.model import AlphaModel\n",
    "twinstack/cloud.py": "from twinstack.beta import local\n",                                   # b
    "twinstack/core/__init__.py": "",
    "twinstack/core/x.py": "def f():\n    import twinstack.alpha.local\n",                         # b
    "twinstack/alpha/__init__.py": "",
    "twinstack/alpha/model.py": "",
    "twinstack/alpha/tables.py": "",
    "twinstack/alpha/local.py": "from .manager import thing\nfrom .api import h\n",                 # c
    "twinstack/alpha/provider.py": "from twinstack.alpha.manager import thing\n",
    "twinstack/alpha/manager.py": (
        "from twinstack.beta import local as beta_local\n"
        "from twinstack.beta.local import f\n"
        "import twinstack.beta.local\n"
        "from ..beta import tables\n"                                                              # a
        "thing = 1\n"),
    "twinstack/alpha/api/__init__.py": "",
    "twinstack/alpha/api/h.py": "from ..manager import thing\nfrom .. import tables\n",
    "twinstack/beta/__init__.py": "",
    "twinstack/beta/local.py": "def f(): pass\n",
    "twinstack/beta/tables.py": "",
    "twinstack/beta/manager/__init__.py": "",
    "twinstack/beta/manager/ops.py": (
        "async def fetch():\n    import httpx\n"                                                   # d
        "from twinstack.alpha.api import h\n"                                                      # a
        "from ...alpha.api import h as again\n"),                                                  # a
    "twinstack/beta/bootstrap.py": "from twinstack.beta.api.x import y\n",                        # c
    "twinstack/beta/provider.py": "from twinstack import alpha\n",                                 # a
    "twinstack/cli/__init__.py": "import httpx\n",
}

EXPECTED = [
    "twinstack/alpha/local.py:2: alpha/local sits below api/",
    "twinstack/alpha/manager.py:4: only twinstack.beta.local may be imported from outside beta: twinstack.beta.tables",
    "twinstack/beta/bootstrap.py:1: beta/bootstrap sits below api/",
    "twinstack/beta/manager/ops.py:2: a service calls no service over HTTP",
    "twinstack/beta/manager/ops.py:3: only twinstack.alpha.local may be imported from outside alpha",
    "twinstack/beta/manager/ops.py:4: only twinstack.alpha.local may be imported from outside alpha",
    "twinstack/beta/provider.py:1: only twinstack.alpha.local may be imported from outside alpha: twinstack.alpha",
    "twinstack/cloud.py:1: core and cloud.py import no service package: twinstack.beta.local",
    "twinstack/core/x.py:2: core and cloud.py import no service package: twinstack.alpha.local",
]


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    for rel, text in FAKE_TREE.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_each_broken_rule_is_reported_once_and_allowed_forms_are_not(fake_root: Path) -> None:
    found = violations(fake_root, ("alpha", "beta"))
    assert len(found) == len(EXPECTED), "\n".join(found)
    for line, fragment in zip(found, EXPECTED, strict=False):
        assert line.startswith(fragment), (line, fragment)


def test_the_checker_knows_only_the_services_it_is_given(fake_root: Path) -> None:
    found = violations(fake_root, ("alpha",))
    assert not any(line.startswith(("twinstack/cloud.py", "twinstack/alpha/manager.py")) for line in found)
    assert "twinstack/core/x.py:2: core and cloud.py import no service package: twinstack.alpha.local" in found


def test_cross_service_counts_split_local_wiring_and_the_rest(fake_root: Path) -> None:
    counts = cross_service_imports(fake_root, ("alpha", "beta"))
    # beta.local three ways from alpha's manager plus cloud.py's and core's (which break rule b, not
    # a); services.py and schema.py; beta.tables, alpha.api.h twice and the bare alpha package
    assert counts == {"total": 11, "via_local": 5, "wiring": 2, "other": 4}, counts


def test_the_one_http_module_of_a_service_is_still_where_the_exception_names_it() -> None:
    from tests.import_contract import HTTP_ALLOWED

    for path in HTTP_ALLOWED:
        assert "import httpx" in (REAL_ROOT / path).read_text(), path


def test_twinstack_keeps_the_import_contract() -> None:
    found = violations(REAL_ROOT, SERVICES)
    assert found == [], "\n".join(found) + "\n" + summary(REAL_ROOT, SERVICES)
