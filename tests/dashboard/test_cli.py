"""``twinstack dashboard``'s answers before any Horizon runs (no browser, no venv needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from twinstack import horizon
from twinstack.testing.cloud import free_port


def test_no_cloud_is_a_one_line_error_before_any_install() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run([sys.executable, "-m", "twinstack", "dashboard", "--url", url, "--venv", "/nonexistent"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"twinstack: error: no twinstack answers at {url}")
    assert "make up" in result.stderr


def test_generated_settings_point_at_the_cloud_with_no_external_service(tmp_path: Path) -> None:
    text = horizon.local_settings("http://127.0.0.1:8780/identity/v3", tmp_path / "static", tmp_path, ["127.0.0.1"])
    settings: dict[str, object] = {}
    exec(compile(text, "local_settings.py", "exec"), settings)
    assert settings["OPENSTACK_KEYSTONE_URL"] == "http://127.0.0.1:8780/identity/v3"
    assert settings["DEBUG"] is False and settings["ALLOWED_HOSTS"] == ["127.0.0.1"]
    assert settings["CACHES"] == {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.file"
    assert settings["COMPRESS_OFFLINE"] is True


def test_the_pinned_requirements_hold_horizon_27() -> None:
    assert f"horizon=={horizon.HORIZON_VERSION}" in horizon.requirements_text().splitlines()
    assert horizon.HORIZON_VERSION.startswith("27.")
