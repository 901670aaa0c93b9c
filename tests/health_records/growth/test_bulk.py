"""CSV in, CSV out: the logic behind manage.py growth_evaluate, without Django."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from health_records.growth import ErrorCode, GrowthInputError
from health_records.growth.bulk import OUTPUT_COLUMNS, BulkSummary, evaluate_csv

TODAY = date(2026, 6, 1)

HEADER = (
    "ID,Sex,birth_date,measured_on,weight_kg,length_height_cm,Position,"
    "head_circumference_cm,gestational_age_weeks,oedema,ward\n"
)


def _run(text: str) -> tuple[BulkSummary, list[dict[str, str]], list[str]]:
    output = io.StringIO()
    summary = evaluate_csv(io.StringIO(text), output, today=TODAY)
    output.seek(0)
    reader = csv.DictReader(output)
    rows = list(reader)
    return summary, rows, list(reader.fieldnames or [])


def test_output_keeps_input_columns_and_adds_the_engine_columns() -> None:
    """Every input column comes back unchanged and in order, followed by the engine's columns
    named as in WHO Anthro (zwei, zlen, zwfl, zbmi, zhc, fwei …)."""
    _, rows, header = _run(HEADER + "a1,m,2024-01-10,2025-01-09,5.0,,,,,,3B\n")
    assert header == HEADER.strip().split(",") + list(OUTPUT_COLUMNS)
    assert (rows[0]["ID"], rows[0]["ward"], rows[0]["weight_kg"]) == ("a1", "3B", "5.0")


def test_z_scores_are_written_at_full_precision() -> None:
    """zwei is written with at least 6 decimals, round-trip exact (case 1: −5.36)."""
    _, rows, _ = _run(HEADER + "a1,m,2024-01-10,2025-01-09,5.0,,,,,,\n")
    assert rows[0]["zwei"] == "-5.364043523709626"
    assert (rows[0]["age_days"], rows[0]["fwei"], rows[0]["pwei"]) == ("365", "0", "<0.1")


def test_classes_of_both_standards_are_written() -> None:
    """A 12-month boy of 8.0 kg: WHO normal, WS/T 423—2022 underweight, growth level lower."""
    _, rows, _ = _run("sex,age_days,weight_kg\nm,365,8.0\n")
    assert (rows[0]["who_wei"], rows[0]["china_wei"], rows[0]["china_level_wei"]) == (
        "normal",
        "underweight",
        "lower",
    )


def test_zero_padded_z_has_six_decimals() -> None:
    """A z of exactly 0 is written 0.000000 (weight-for-length at the median)."""
    _, rows, _ = _run("sex,age_days,weight_kg,length_height_cm,position\nm,0,2.441,45.0,L\n")
    assert rows[0]["zwfl"] == "0.000000"


def test_bad_rows_get_errors_with_row_numbers_and_the_rest_are_evaluated() -> None:
    """Row 2 (unknown sex, impossible date) fails with both messages; rows 1 and 3 are
    evaluated; the summary counts one failure."""
    text = HEADER + (
        "a1,f,2024-01-10,2024-01-24,3.5,,,,,,\n"
        "a2,x,2024-01-10,2025-13-01,3.5,,,,,,\n"
        "a3,f,2024-01-10,2024-01-24,3.5,,,,,,\n"
    )
    summary, rows, _ = _run(text)
    assert (summary.rows, summary.failed_rows) == (3, 1)
    assert rows[1]["errors"] == (
        "row 2: sex: sex 'x' is not male/female (m/f, 1/2) [unknown_sex]; "
        "row 2: measured_on: measured_on '2025-13-01' is not a date (YYYY-MM-DD) [invalid_date]"
    )
    assert rows[1]["zwei"] == ""
    assert [rows[0]["errors"], rows[2]["errors"]] == ["", ""]
    assert rows[0]["zwei"] == rows[2]["zwei"] != ""


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ("f,2024-01-10,2024-01-09,3.5,,,,,", "measurement_before_birth"),
        ("f,2024-01-10,2026-07-01,3.5,,,,,", "measurement_in_future"),
        ("f,2024-01-10,2024-03-01,-3.5,,,,,", "negative_value"),
        ("f,2024-01-10,2024-03-01,abc,,,,,", "not_a_number"),
        ("f,2024-01-10,2024-03-01,3562,,,,,", "probable_grams"),
        ("f,2024-01-10,2024-03-01,3.5,50,sitting,,,", "unknown_position"),
        ("f,2024-01-10,,3.5,,,,,", "missing_age"),
        ("f,2024-01-10,2024-03-01,3.5,,,,,maybe", "invalid_oedema"),
    ],
)
def test_each_kind_of_bad_row_is_named_by_its_code(cells: str, code: str) -> None:
    """Each bad input is reported in the errors column with its stable code."""
    summary, rows, _ = _run(HEADER + f"a1,{cells},\n")
    assert summary.failed_rows == 1
    assert rows[0]["errors"].endswith(f"[{code}]")


def test_age_days_column_is_used_when_present() -> None:
    """With an age_days column no dates are needed, and the column is not duplicated."""
    _, rows, header = _run("Sex,Age_Days,weight_kg\n2,14,3.5\n")
    assert header.count("age_days") + header.count("Age_Days") == 1
    assert rows[0]["zwei"].startswith("-0.1364")


def test_preterm_row_reports_corrected_age() -> None:
    """A girl born at 32 weeks, 100 days old: corrected_age_days 44, evaluated at it."""
    _, rows, _ = _run("sex,age_days,weight_kg,gestational_age_weeks\nf,100,4.0,32\n")
    assert rows[0]["corrected_age_days"] == "44"
    assert "evaluated at corrected age" in rows[0]["notes"]


def test_no_score_reason_is_in_notes() -> None:
    """A length below 45 cm gives an empty zwfl and the reason in notes."""
    _, rows, _ = _run("sex,age_days,weight_kg,length_height_cm,position\nm,0,2.4,44.9,L\n")
    assert rows[0]["zwfl"] == ""
    assert "length below the 45 cm reference range (WHO wfl" in rows[0]["notes"]


def test_weight_for_height_uses_zwfl_too() -> None:
    """From 731 days weight-for-height is written in zwfl."""
    _, rows, _ = _run("sex,age_days,weight_kg,length_height_cm,position\nm,800,12,86,H\n")
    assert rows[0]["zwfl"] != ""


def test_rerunning_on_the_output_overwrites_results_in_place() -> None:
    """Evaluating an output file again gives the same file (no duplicated columns)."""
    first = io.StringIO()
    evaluate_csv(io.StringIO("sex,age_days,weight_kg\nm,365,8.0\n"), first, today=TODAY)
    second = io.StringIO()
    evaluate_csv(io.StringIO(first.getvalue()), second, today=TODAY)
    assert second.getvalue() == first.getvalue()


def test_missing_sex_column_is_rejected_before_writing() -> None:
    """A file without a sex column is ``invalid_csv`` and nothing is written."""
    output = io.StringIO()
    with pytest.raises(GrowthInputError) as caught:
        evaluate_csv(io.StringIO("age_days,weight_kg\n10,3.5\n"), output, today=TODAY)
    assert caught.value.code is ErrorCode.INVALID_CSV
    assert output.getvalue() == ""


def test_progress_is_reported_per_chunk() -> None:
    """The progress callback receives the rows done, chunk by chunk."""
    done: list[int] = []
    text = "sex,age_days,weight_kg\n" + "m,365,8.0\n" * 5
    evaluate_csv(io.StringIO(text), io.StringIO(), today=TODAY, progress=done.append, chunk_rows=2)
    assert done == [2, 2, 1]
