"""The vendored Chart.js is exactly the file recorded in its PROVENANCE.md."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "chartjs"
ROW = re.compile(r"^\| (\S+) \| \S+ \| ([0-9a-f]{64}) \|$", re.MULTILINE)


def _recorded() -> dict[str, str]:
    return dict(ROW.findall((VENDOR / "PROVENANCE.md").read_text(encoding="utf-8")))


def test_provenance_records_the_script_map_and_licence() -> None:
    """PROVENANCE.md lists a sha256 for the UMD build, its source map and the licence."""
    assert set(_recorded()) == {"chart.umd.min.js", "chart.umd.min.js.map", "LICENSE.md"}


def test_vendored_files_match_recorded_sha256() -> None:
    """Every vendored file hashes to the sha256 recorded from the npm tarball."""
    recorded = _recorded()
    actual = {name: hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() for name in recorded}
    assert actual == recorded


def test_script_is_chartjs_4() -> None:
    """The script's banner names Chart.js 4 (the version the chart code is written for)."""
    head = (VENDOR / "chart.umd.min.js").read_text(encoding="utf-8")[:200]
    assert "Chart.js v4.6.1" in head
