"""Object data on disk, under ``<state dir>/objects``: one file per written version (a fresh name for each
PUT, so an overwrite never exposes half a file and the old one goes only after the row points elsewhere)."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twinstack.cloud import Cloud


MODEL_DIR = "model"  # the model's objects, content-named: shared by every reset, never removed by the API


def root(cloud: Cloud) -> Path:
    path = cloud.state_dir / "objects"
    path.mkdir(exist_ok=True)
    return path


def new_location() -> str:
    return uuid.uuid4().hex


def path(cloud: Cloud, location: str) -> Path:
    return root(cloud) / location


def remove(cloud: Cloud, location: str | None) -> None:
    if location and not location.startswith(f"{MODEL_DIR}/"):
        with contextlib.suppress(FileNotFoundError):
            path(cloud, location).unlink()


def sweep(cloud: Cloud, keep: set[str]) -> None:
    """After a reset or a snapshot load: delete every data file no object refers to."""
    for entry in root(cloud).iterdir():
        if entry.is_file() and entry.name not in keep:
            entry.unlink(missing_ok=True)
