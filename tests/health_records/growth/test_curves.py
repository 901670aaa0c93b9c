"""Reference curves for charts: WHO lines against the validation vectors, WS/T 423—2022 lines
against the printed table values."""

from __future__ import annotations

import pytest

from health_records.growth import WHO_2006, WS_T_423_2022, Indicator, Sex
from health_records.growth.curves import default_who_grid, reference_curves, who_value_at, x_range

from .conftest import row_id, validation_rows

INDICATORS = {
    "wfa": Indicator.WFA,
    "lhfa": Indicator.LHFA,
    "bmi": Indicator.BFA,
    "hcfa": Indicator.HCFA,
    "wfl": Indicator.WFL,
    "wfh": Indicator.WFH,
}
LINE_Z = {-3: "SDm3", -2: "SDm2", 0: "SD0", 2: "SD2", 3: "SD3"}
PERCENTILE_KINDS = {"percentile_P3", "percentile_P15", "percentile_P85", "percentile_P97"}

# Rows of the WHO validation vectors whose value lies exactly on a drawn line.
SD_ROWS = [
    r
    for r in validation_rows()
    if r["kind"] in {"sd", "sd_daily", "sd_interpolated_length"}
    and round(float(r["expected_z"])) in LINE_Z
    and abs(float(r["expected_z"]) - round(float(r["expected_z"]))) < 1e-6
]
PERCENTILE_ROWS = [r for r in validation_rows() if r["kind"] in PERCENTILE_KINDS]


def _x(row: dict[str, str]) -> float:
    return float(row["x_value"])


@pytest.mark.parametrize("row", SD_ROWS, ids=row_id)
def test_who_sd_line_passes_through_validation_value(row: dict[str, str]) -> None:
    """Each WHO SD line at a validation row's x is that row's value (the value at that z)."""
    curves = reference_curves(
        standard=WHO_2006,
        indicator=INDICATORS[row["indicator"]],
        sex=Sex(row["sex"]),
        kind="sd",
        x_values=[_x(row)],
    )
    line = {line.key: line for line in curves.lines}[LINE_Z[round(float(row["expected_z"]))]]
    assert line.values[0] == pytest.approx(float(row["measurement_value"]), abs=2e-6)


@pytest.mark.parametrize("row", PERCENTILE_ROWS, ids=row_id)
def test_who_percentile_line_passes_through_validation_value(row: dict[str, str]) -> None:
    """Each WHO percentile line (P3, P15, P85, P97) at a validation row's x is its value."""
    curves = reference_curves(
        standard=WHO_2006,
        indicator=INDICATORS[row["indicator"]],
        sex=Sex(row["sex"]),
        kind="percentile",
        x_values=[_x(row)],
    )
    key = row["kind"].removeprefix("percentile_")
    line = {line.key: line for line in curves.lines}[key]
    assert line.values[0] == pytest.approx(float(row["measurement_value"]), abs=2e-6)


def test_who_printed_chart_values_boys_weight_at_12_months() -> None:
    """WHO's printed weight-for-age table, boys, 12 months: −2 SD 7.7, 0 9.6, +2 SD 12.0 kg."""
    curves = reference_curves(
        standard=WHO_2006, indicator=Indicator.WFA, sex=Sex.MALE, x_values=[365.0]
    )
    rounded = {line.key: round(line.values[0], 1) for line in curves.lines}
    assert (rounded["SDm2"], rounded["SD0"], rounded["SD2"]) == (7.7, 9.6, 12.0)


def test_who_percentile_lines_are_p3_p15_p50_p85_p97() -> None:
    """The WHO percentile toggle draws P3, P15, P50, P85, P97."""
    curves = reference_curves(
        standard=WHO_2006, indicator=Indicator.HCFA, sex=Sex.FEMALE, kind="percentile"
    )
    assert [line.label for line in curves.lines] == ["P3", "P15", "P50", "P85", "P97"]


def test_who_default_grid_spans_requested_range_in_whole_days() -> None:
    """The default grid for 0–36 months starts at day 0, ends at day 1096, whole days only."""
    curves = reference_curves(
        standard=WHO_2006, indicator=Indicator.WFA, sex=Sex.MALE, x_min=0, x_max=1096
    )
    assert (curves.x[0], curves.x[-1], all(x == int(x) for x in curves.x)) == (0.0, 1096.0, True)


def test_who_length_grid_shows_the_switch_to_standing_height() -> None:
    """Length/height-for-age is drawn at day 730 (length) and 731 (height): the median drops
    by about 0.7 cm there, as on the WHO's 0–5 year chart."""
    curves = reference_curves(
        standard=WHO_2006, indicator=Indicator.LHFA, sex=Sex.MALE, x_values=[730.0, 731.0]
    )
    median = {line.key: line for line in curves.lines}["SD0"].values
    assert median[0] - median[1] == pytest.approx(0.7, abs=0.05)


def test_who_grid_rejects_fractional_days() -> None:
    """WHO age tables are by whole day: a fractional day is refused."""
    with pytest.raises(ValueError, match="whole days"):
        reference_curves(standard=WHO_2006, indicator=Indicator.WFA, sex=Sex.MALE, x_values=[10.5])


def test_who_rejects_x_outside_table() -> None:
    """A length beyond the weight-for-length table (110 cm) is refused."""
    with pytest.raises(ValueError, match="outside"):
        reference_curves(standard=WHO_2006, indicator=Indicator.WFL, sex=Sex.MALE, x_values=[111.0])


def test_china_sd_lines_are_printed_values_boys_weight() -> None:
    """WS/T 423—2022 Appendix B, boys' weight at 12 months: −2 SD is 8.2 kg (the value that
    makes an 8.0 kg boy 低体重, data README)."""
    curves = reference_curves(
        standard=WS_T_423_2022, indicator=Indicator.WFA, sex=Sex.MALE, x_min=0, x_max=400
    )
    at_12 = curves.x.index(pytest.approx(12 * 30.4375))
    minus_two = {line.key: line for line in curves.lines}["SDm2"]
    assert minus_two.values[at_12] == 8.2


def test_china_sd_lines_include_plus_one_sd() -> None:
    """The China SD toggle draws −3, −2, 0, +1 (超重 cut-off), +2, +3 SD."""
    curves = reference_curves(standard=WS_T_423_2022, indicator=Indicator.WFA, sex=Sex.FEMALE)
    assert [line.label for line in curves.lines] == [
        "−3 SD",
        "−2 SD",
        "0",
        "+1 SD",
        "+2 SD",
        "+3 SD",
    ]


def test_china_percentile_lines_first_row_boys_weight() -> None:
    """Appendix A, boys' weight at birth: P3 2.8, P25 3.2, P50 3.5, P75 3.7, P97 4.2 kg."""
    curves = reference_curves(
        standard=WS_T_423_2022, indicator=Indicator.WFA, sex=Sex.MALE, kind="percentile"
    )
    assert [line.values[0] for line in curves.lines] == [2.8, 3.2, 3.5, 3.7, 4.2]


def test_china_head_circumference_ends_at_36_months() -> None:
    """WS/T 423—2022 head circumference is printed to 36 months only."""
    low, high = x_range(WS_T_423_2022, Indicator.HCFA)
    assert (low, high) == (0.0, 36 * 30.4375)


def test_china_refuses_arbitrary_x() -> None:
    """WS/T 423—2022 lines exist only at printed rows: explicit x values are refused."""
    with pytest.raises(ValueError, match="printed"):
        reference_curves(
            standard=WS_T_423_2022, indicator=Indicator.WFA, sex=Sex.MALE, x_values=[100.0]
        )


def test_range_outside_table_is_refused() -> None:
    """A range wholly beyond the table's end is refused, not returned empty."""
    with pytest.raises(ValueError, match="empty"):
        reference_curves(standard=WHO_2006, indicator=Indicator.WFA, sex=Sex.MALE, x_min=2000)


def test_weight_for_length_grid_every_half_cm() -> None:
    """The default weight-for-length grid from 45 to 47 cm is 45.0, 45.5, 46.0, 46.5, 47.0."""
    assert default_who_grid(Indicator.WFL, 45.0, 47.0) == (45.0, 45.5, 46.0, 46.5, 47.0)


def test_who_value_at_z_matches_validation_vector() -> None:
    """The value at z −2 for boys' weight at 365 days is 7.740676 kg (validation vectors)."""
    assert who_value_at(Indicator.WFA, Sex.MALE, 365.0, -2.0) == pytest.approx(7.740676, abs=2e-6)
