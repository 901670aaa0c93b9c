"""Medication requests (guardian only, confirmed) and dose records; the overdue list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.selectors.access import viewer_for
from health_records.selectors.medication import dose_status, medication_doses_for_day
from health_records.services.medication import (
    medication_administration_record,
    medication_request_confirm,
    medication_request_create,
)


def request_for(world, day, confirm=True, user="parent_a"):
    return medication_request_create(
        child=world.child_a1,
        requested_by=world.users[user],
        drug_name="布洛芬混悬液",
        dose="5 ml",
        times=[dt.time(10), dt.time(14, 30)],
        start_date=day,
        end_date=day,
        confirm=confirm,
    )


@pytest.fixture
def today(world):
    return timezone.localdate(timezone=world.centre_a.tz)


def test_only_the_childs_guardian_may_request(world, today):
    """parent_b (child_a2's guardian) cannot request medicine for child_a1."""
    with pytest.raises(PermissionDeniedError):
        request_for(world, today, user="parent_b")


def test_confirmed_request_lists_two_doses_today(world, today):
    """A confirmed request with 10:00 and 14:30 gives two doses today."""
    request_for(world, today)
    viewer = viewer_for(world.users["nurse"])
    doses = medication_doses_for_day(viewer, today, timezone.now())
    tz = world.centre_a.tz
    assert [d.scheduled_for for d in doses] == [
        dt.datetime.combine(today, dt.time(10)).replace(tzinfo=tz),
        dt.datetime.combine(today, dt.time(14, 30)).replace(tzinfo=tz),
    ]


def test_unconfirmed_request_cannot_be_given(world, today):
    """Without the guardian's confirmation the dose is refused."""
    request = request_for(world, today, confirm=False)
    with pytest.raises(DomainError) as caught:
        medication_administration_record(
            request=request,
            scheduled_for=dt.datetime.combine(today, dt.time(10)).replace(tzinfo=world.centre_a.tz),
            given_at=timezone.now(),
            outcome="given",
            recorded_by=world.users["nurse"],
        )
    assert caught.value.code == "request_not_confirmed"


def test_guardian_confirms_a_waiting_request(world, today):
    """Confirming sets status confirmed and the confirmation time."""
    request = request_for(world, today, confirm=False)
    done = medication_request_confirm(
        request=request, guardian=world.users["parent_a"], expected_version=1
    )
    assert (done.status, done.guardian_confirmed_at is not None) == ("confirmed", True)


def test_request_starting_yesterday_is_refused(world, today):
    """The first day may not be in the past."""
    with pytest.raises(DomainError) as caught:
        request_for(world, today - dt.timedelta(days=1))
    assert caught.value.code == "start_in_past"


@pytest.mark.parametrize(
    ("minutes_after", "expected"), [(-1, "upcoming"), (0, "due"), (29, "due"), (30, "overdue")]
)
def test_dose_becomes_overdue_thirty_minutes_after_its_time(minutes_after, expected):
    """Not recorded: upcoming before, due for 30 minutes, overdue from minute 30."""
    at = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    assert dose_status(at, False, at + dt.timedelta(minutes=minutes_after)) == expected


def test_dose_given_is_recorded_once(world, day, at, checked_in):
    """A dose at 10:00 yesterday given at 10:05; recording it again is refused."""
    request = medication_request_create(
        child=world.child_a1,
        requested_by=world.users["parent_a"],
        drug_name="益生菌",
        dose="1 袋",
        times=[dt.time(10)],
        start_date=timezone.localdate(timezone=world.centre_a.tz),
        end_date=timezone.localdate(timezone=world.centre_a.tz),
        confirm=True,
    )
    request.start_date = day  # the request was made yesterday: move it there for the test
    request.save()
    medication_administration_record(
        request=request,
        scheduled_for=at(10),
        given_at=at(10, 5),
        outcome="given",
        recorded_by=world.users["caregiver"],
    )
    with pytest.raises(DomainError) as caught:
        medication_administration_record(
            request=request,
            scheduled_for=at(10),
            given_at=at(10, 6),
            outcome="given",
            recorded_by=world.users["nurse"],
        )
    assert caught.value.code == "dose_already_recorded"
