"""The image part of the differential scenario and the Glance runner's paste edit, without a real Glance."""

from __future__ import annotations

from pathlib import Path

import pytest

from differential.real.glance import paste_ini
from differential.scenario import scenario


def test_image_steps_are_their_own_service_and_leave_the_others_alone() -> None:
    others = ("compute", "placement", "identity")
    image = scenario(("image",))
    assert len(image) >= 100 and {step.service for step in image} == {"image"}
    assert [s.label() for s in scenario((*others, "image"))] == [s.label() for s in scenario(others) + image]


def test_every_image_step_asks_for_json_as_keystoneauth_does() -> None:
    assert all(step.headers.get("Accept") == "application/json" for step in scenario(("image",)))


def test_paste_edit_drops_only_authtoken(tmp_path: Path) -> None:
    (tmp_path / "glance-api-paste.ini").write_text(
        "[composite:api]\nkeystone = cors versionnegotiation osprofiler authtoken context rootapp\n")
    assert "osprofiler context rootapp" in paste_ini(tmp_path)
    (tmp_path / "glance-api-paste.ini").write_text("[composite:api]\ndefault = unauthenticated-context rootapp\n")
    with pytest.raises(RuntimeError):
        paste_ini(tmp_path)
