"""Health rules as pure functions: thresholds met exactly, half-open windows, one hit an episode."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from health_records.rules.health_check_due import add_months, health_check_due
from health_records.rules.meals import refused_meals_rule
from health_records.rules.stools import diarrhoea_rule
from health_records.rules.temperature import temperature_rule
from health_records.rules.vomiting import vomiting_rule

SH = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("37.2", None),
        ("37.3", ("fever_axillary_37_3", "fever", "mild")),
        ("38.0", ("fever_axillary_37_3", "fever", "mild")),
        ("38.1", ("fever_axillary_37_3", "fever", "moderate")),
        ("39.1", ("fever_axillary_37_3", "fever", "severe")),
        ("35.0", None),
        ("34.9", ("low_temperature_35_0", "low_temperature", "moderate")),
    ],
)
def test_temperature_rule_thresholds(value, expected):
    """37.3 °C is fever (≥), 34.9 is low (<35.0), grades mild/moderate/severe at 38.1 and 39.1."""
    hit = temperature_rule(Decimal(value), "axillary")
    assert (None if hit is None else (hit.rule, hit.symptom, hit.severity)) == expected


def test_temperature_rule_uses_the_centre_threshold_exactly():
    """With a centre threshold of 38.0, an entered 38.0 meets it and 37.9 does not."""
    assert temperature_rule(Decimal("38.0"), "axillary", fever_from_c=Decimal("38.0")) is not None
    assert temperature_rule(Decimal("37.9"), "axillary", fever_from_c=Decimal("38.0")) is None


def test_diarrhoea_fires_on_the_third_loose_stool_within_24_hours():
    """Stools at 08:00, 12:00 and 20:00 → the third reaches 3 in (20:00−24 h, 20:00]."""
    times = [at(8), at(12), at(20)]
    assert diarrhoea_rule(times, at(20)).symptom == "diarrhoea"
    assert diarrhoea_rule(times[:2], at(12)) is None


def test_diarrhoea_window_is_half_open_at_24_hours():
    """A stool exactly 24 h before the third is outside the window (start excluded)."""
    times = [at(8, day=9), at(12), at(8)]
    assert diarrhoea_rule(times, at(8)) is None


def test_diarrhoea_does_not_fire_again_on_the_fourth_stool():
    """One flag per episode: the 4th loose stool in the window does not fire."""
    times = [at(8), at(9), at(10), at(11)]
    assert diarrhoea_rule(times, at(11)) is None


def test_vomiting_fires_on_the_second_vomit_of_the_day_only():
    """2 vomits → flag; 1 or 3 → no new flag."""
    assert [vomiting_rule(n) is not None for n in (1, 2, 3)] == [False, True, False]


def test_refused_two_meals_in_a_row_gives_one_note_per_streak():
    """refused, refused → note; a third refusal in the same streak → none; after eating → none."""
    assert refused_meals_rule(["most", "refused", "refused"]).symptom == "refusing_food"
    assert refused_meals_rule(["refused", "refused", "refused"]) is None
    assert refused_meals_rule(["refused", "most"]) is None
    assert refused_meals_rule(["refused"]) is None


def test_add_months_clamps_to_month_end():
    """31 August + 6 months is 28 February in a common year."""
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)


def test_toddler_is_due_six_months_after_last_check():
    """An 18-month-old checked on 1 June is due 1 December; on 20 November that is 'due'."""
    status = health_check_due(
        birth_date=dt.date(2025, 5, 1),
        enrolled_on=dt.date(2025, 11, 1),
        today=dt.date(2026, 11, 20),
        last_check_on=dt.date(2026, 6, 1),
        last_haemoglobin_on=dt.date(2026, 6, 1),
    )
    assert (status.check_due_on, status.check_status) == (dt.date(2026, 12, 1), "due")
    assert (status.haemoglobin_due_on, status.haemoglobin_status) == (dt.date(2027, 6, 1), "ok")


def test_infant_is_due_three_months_after_last_check():
    """A child born 1 March 2026 checked 1 September (6 mo) is next due 1 December (9 mo)."""
    status = health_check_due(
        birth_date=dt.date(2026, 3, 1),
        enrolled_on=dt.date(2026, 9, 1),
        today=dt.date(2026, 12, 5),
        last_check_on=dt.date(2026, 9, 1),
        last_haemoglobin_on=None,
    )
    assert (status.check_due_on, status.check_status) == (dt.date(2026, 12, 1), "overdue")
    assert status.haemoglobin_due_on == dt.date(2026, 9, 1)


def test_child_without_any_check_is_overdue_from_enrolment():
    """No admission examination: due on the enrolment date, overdue after it."""
    status = health_check_due(
        birth_date=dt.date(2025, 1, 1),
        enrolled_on=dt.date(2026, 9, 1),
        today=dt.date(2026, 9, 2),
        last_check_on=None,
        last_haemoglobin_on=None,
    )
    assert (status.check_due_on, status.check_status) == (dt.date(2026, 9, 1), "overdue")
