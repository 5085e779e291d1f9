"""Under CI=true a test that needs PostgreSQL or Chromium fails when they are missing;
on a developer's machine it is skipped with the reason."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEEDS_PG = "tests/services/test_queue.py::test_empty_queue_gives_none"
NEEDS_CHROMIUM = "tests/e2e/test_one_clock.py"


def _pytest(*args: str, ci: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "PG_BIN": "none", "CLAIMDESK_CHROMIUM": "/nonexistent/chromium",
           "CI": "true" if ci else ""}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=240)


@pytest.mark.parametrize("target", [NEEDS_PG, NEEDS_CHROMIUM])
def test_a_missing_dependency_fails_under_ci_and_skips_locally(target):
    extra = ["--backend", "postgres"] if target == NEEDS_PG else []
    local = _pytest(target, *extra, ci=False)
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
    assert ("PostgreSQL is not installed" in local.stdout or "no Chromium" in local.stdout)
    ci = _pytest(target, *extra, ci=True)
    assert ci.returncode == 1, ci.stdout  # a failure at set-up: pytest's "1 error"
    assert "1 error" in ci.stdout and "skipped" not in ci.stdout, ci.stdout
    assert "CI=true: a missing dependency fails the run" in ci.stdout


def test_ci_run_sets_ci_true():
    script = (ROOT / ".ci" / "run").read_text()
    assert "export CI=true" in script
