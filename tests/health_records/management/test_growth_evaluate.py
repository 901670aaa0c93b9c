"""manage.py growth_evaluate: files in and out, exit status, messages."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

GOOD = "id,sex,age_days,weight_kg\n1,m,365,8.0\n2,f,14,3.5\n"
ONE_BAD = "id,sex,age_days,weight_kg\n1,m,365,8.0\n2,x,14,3.5\n3,f,14,3562\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_writes_the_output_file(tmp_path: Path) -> None:
    """With -o the results go to the file, one row per input row."""
    out = tmp_path / "out.csv"
    call_command(
        "growth_evaluate", str(_write(tmp_path, GOOD)), "-o", str(out), stderr=io.StringIO()
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["china_wei"] == "underweight"


def test_writes_to_stdout_without_output_option(tmp_path: Path) -> None:
    """Without -o the CSV is written to standard output."""
    stdout = io.StringIO()
    call_command(
        "growth_evaluate", str(_write(tmp_path, GOOD)), stdout=stdout, stderr=io.StringIO()
    )
    rows = list(csv.DictReader(io.StringIO(stdout.getvalue())))
    assert rows[1]["zwei"].startswith("-0.1364")


def test_failed_rows_exit_non_zero_and_say_how_many(tmp_path: Path) -> None:
    """Two bad rows of three: the command fails with status 1, says "2 of 3 rows failed",
    and the good row is still in the output."""
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError) as caught:
        call_command(
            "growth_evaluate", str(_write(tmp_path, ONE_BAD)), "-o", str(out), stderr=io.StringIO()
        )
    assert caught.value.returncode == 1
    assert str(caught.value).startswith("2 of 3 rows failed")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [bool(r["errors"]) for r in rows] == [False, True, True]
    assert rows[2]["errors"].endswith("[probable_grams]")


def test_file_without_sex_column_is_a_clear_error(tmp_path: Path) -> None:
    """A header without sex stops the command with the code in the message."""
    with pytest.raises(CommandError, match=r"no 'sex' column \[invalid_csv\]"):
        call_command(
            "growth_evaluate", str(_write(tmp_path, "age_days\n3\n")), stdout=io.StringIO()
        )


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    """A missing input file is reported by name."""
    with pytest.raises(CommandError, match="no such file"):
        call_command("growth_evaluate", str(tmp_path / "nope.csv"))


def test_excel_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    """A UTF-8 file saved by Excel (with a BOM) still has its sex column recognised."""
    path = tmp_path / "bom.csv"
    path.write_text("\ufeff" + GOOD, encoding="utf-8")
    stdout = io.StringIO()
    call_command("growth_evaluate", str(path), stdout=stdout, stderr=io.StringIO())
    assert stdout.getvalue().startswith("id,sex,age_days")


def test_no_progress_bar_when_stdout_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Piped or redirected, the command prints only its summary line to stderr."""
    stderr = io.StringIO()
    call_command(
        "growth_evaluate", str(_write(tmp_path, GOOD)), "-o", str(tmp_path / "o.csv"), stderr=stderr
    )
    assert stderr.getvalue() == "2 rows evaluated\n"
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal a tqdm progress bar counting rows is drawn on stderr."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    call_command(
        "growth_evaluate",
        str(_write(tmp_path, GOOD)),
        "-o",
        str(tmp_path / "o.csv"),
        stderr=io.StringIO(),
    )
    assert "2/2" in capsys.readouterr().err
