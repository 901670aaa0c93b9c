"""seed_demo's care step: two weeks of days for every child, sick days, a diarrhoea cluster,
medication requests, and nothing added on a second run."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from health_records.models import (
    Attendance,
    Child,
    DailyHealthCheck,
    MealRecord,
    MedicationRequest,
    SymptomFlag,
)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_every_child_has_two_weeks_of_weekdays(seeded):
    """Each enrolled child has one attendance row per weekday of the 14 days before today."""
    today = timezone.localdate()
    weekdays = [today - dt.timedelta(days=n) for n in range(1, 15)]
    for child in Child.objects.all():
        expected = sum(1 for d in weekdays if d.weekday() < 5 and child.is_enrolled_on(d))
        assert Attendance.objects.filter(child=child, day__lt=today).count() == expected


def test_some_sick_days_one_infectious_and_cleared(seeded):
    """There are sickness absences; the possibly infectious ones were cleared by the doctor."""
    sick = Attendance.objects.filter(absence_reason="sick")
    infectious = sick.filter(possibly_infectious=True)
    assert sick.count() >= 4
    assert infectious.exists() and not infectious.filter(cleared_at__isnull=True).exists()


def test_no_cleared_check_has_a_fever_or_low_temperature(seeded):
    """Every "cleared" check is below the lowest fever threshold a centre may set (37.0 °C)
    and not below the highest low-temperature one (36.0 °C); a fever check exists (watch)."""
    cleared = DailyHealthCheck.objects.filter(outcome="cleared")
    assert cleared.exists()
    assert not cleared.filter(temperature_c__gte="37.0").exists()
    assert not cleared.filter(temperature_c__lt="36.0").exists()
    assert DailyHealthCheck.objects.filter(temperature_c__gte="37.3", outcome="watch").exists()


def test_diarrhoea_cluster_in_one_classroom_raised_flags(seeded):
    """Three diarrhoea flags, all from the rule, all in 托小班."""
    flags = SymptomFlag.objects.filter(symptom="diarrhoea")
    assert flags.count() == 3
    assert set(flags.values_list("child__classroom__name", flat=True)) == {"托小班"}


def test_medication_requests_for_today(seeded):
    """Three requests covering today, two confirmed."""
    today = timezone.localdate()
    requests = MedicationRequest.objects.filter(start_date__lte=today, end_date__gte=today)
    assert (requests.count(), requests.filter(status="confirmed").count()) == (3, 2)


def test_second_seed_adds_no_care_rows(seeded):
    """Running seed_demo again leaves the care rows unchanged."""
    before = (Attendance.objects.count(), MealRecord.objects.count(), SymptomFlag.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        Attendance.objects.count(),
        MealRecord.objects.count(),
        SymptomFlag.objects.count(),
    ) == before


def test_demo_starts_without_missed_doses(seeded):
    """The doses of today whose time has passed while the child was in are recorded as given,
    so the missed-dose check raises nothing right after seeding, whatever the hour."""
    from health_records.services.medication import medication_missed_doses_alert

    assert medication_missed_doses_alert() == []
