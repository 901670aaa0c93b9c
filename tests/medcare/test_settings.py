"""Production mode refuses to start on a missing or malformed setting, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
STRONG_KEY = "k" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1"


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TIME_ZONE"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY, "TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE"),
    ],
)
def test_production_refuses_bad_settings(env, variable):
    """`manage.py check` exits non-zero and the error names the variable."""
    result = _check(**env)
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_starts_with_a_strong_key():
    """With a strong secret key and defaults otherwise, production settings load."""
    result = _check(DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_development_mode_needs_no_secret():
    """DJANGO_DEBUG=1 uses the development key, so `make run` needs no configuration."""
    result = _check(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
