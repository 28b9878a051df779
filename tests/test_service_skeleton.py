"""Every service package has the same rooms (CONVENTIONS.md, "One service, one skeleton"), so a
reader who knows one service knows them all; docs/architecture.md's table is checked against this."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "twinstack"
SERVICES = ("identity", "compute", "image", "network", "block_storage", "placement", "object_storage", "dns",
            "key_manager", "load_balancer")
# (room, the module or package that fills it)
ROOMS = ("routes.py", "api/", "schemas/", "views.py", "manager", "tables.py", "bootstrap.py",
         "policies.py", "versions.py", "errors.py", "local.py", "provider.py")


def present(service: str, room: str) -> bool:
    base = ROOT / service
    if room.endswith("/"):
        return (base / room / "__init__.py").is_file()
    if room == "manager":
        return (base / "manager.py").is_file() or (base / "manager" / "__init__.py").is_file()
    return (base / room).is_file()


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_every_room(service: str) -> None:
    missing = [room for room in ROOMS if not present(service, room)]
    assert not missing, f"twinstack/{service} lacks {', '.join(missing)}"


def test_architecture_table_lists_every_service() -> None:
    text = (ROOT.parent / "docs" / "architecture.md").read_text()
    for service in SERVICES:
        assert f"| `{service}` |" in text, f"docs/architecture.md has no skeleton row for {service}"
