"""Child model: ages, preterm, validation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ...factories import ChildFactory, ClassroomFactory


@pytest.mark.parametrize(
    ("birth", "on", "months"),
    [
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), 11),
        (dt.date(2024, 2, 29), dt.date(2025, 3, 1), 12),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 0),
        (dt.date(2024, 1, 10), dt.date(2026, 1, 10), 24),
    ],
)
def test_age_in_completed_months(db, birth, on, months):
    """Completed calendar months, hand-counted, including 29 February birthdays."""
    child = ChildFactory.build(birth_date=birth)
    assert child.age_months(on) == months


def test_age_days_counts_days_since_birth(db):
    """Born 2024-02-29, day 365 is 2025-02-28 (WHO age in days)."""
    child = ChildFactory.build(birth_date=dt.date(2024, 2, 29))
    assert child.age_days(dt.date(2025, 2, 28)) == 365


def test_preterm_below_37_weeks(db):
    """36+6 is preterm; 37+0 is not."""
    assert ChildFactory.build(gestational_age_weeks=36, gestational_age_days=6).is_preterm
    assert not ChildFactory.build(gestational_age_weeks=37).is_preterm


def test_classroom_of_other_centre_is_refused(db):
    """A child cannot be placed in a classroom of another centre."""
    child = ChildFactory.build(classroom=ClassroomFactory())
    child.centre = ClassroomFactory().centre
    with pytest.raises(ValidationError) as err:
        child.full_clean()
    assert "classroom" in err.value.message_dict


def test_enrolment_before_birth_is_refused(db):
    """Enrolled before being born: a clear validation error on enrolled_on."""
    child = ChildFactory.build(birth_date=dt.date(2025, 3, 1), enrolled_on=dt.date(2025, 2, 1))
    child.classroom = ClassroomFactory()
    child.centre = child.classroom.centre
    with pytest.raises(ValidationError) as err:
        child.full_clean()
    assert "enrolled_on" in err.value.message_dict
