"""What a test needs from the machine; missing, it skips locally and fails under CI=true."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """True where CI=true (or 1/yes) is set, as `.ci/run` and most CI services do."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(reason: str) -> NoReturn:
    """Skip with `reason` on a developer's machine; fail with it under CI, where a skipped
    PostgreSQL or Chromium run would otherwise pass as green without testing anything."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing dependency fails the run)", pytrace=False)
    pytest.skip(reason)
