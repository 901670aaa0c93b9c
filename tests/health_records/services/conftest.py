"""Fixtures for the day-record service tests: a past centre-local day and times on it.

Service tests use yesterday (centre-local) so that every time of the day is in the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from health_records.models import Attendance
from health_records.services.attendance import attendance_check_in


@pytest.fixture
def day(world) -> dt.date:
    """Yesterday in centre A's time zone (so every time on it is in the past)."""
    return timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)


@pytest.fixture
def at(world, day) -> Callable[..., dt.datetime]:
    """``at(hour, minute=0, days=0)``: aware datetime on ``day`` + ``days``, centre A's zone."""

    def make(hour: int, minute: int = 0, days: int = 0) -> dt.datetime:
        return dt.datetime.combine(
            day + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=world.centre_a.tz
        )

    return make


@pytest.fixture
def checked_in(world, at) -> Attendance:
    """child_a1 checked in at 07:30 on ``day`` by the caregiver of room A1."""
    return attendance_check_in(
        child=world.child_a1,
        at=at(7, 30),
        recorded_by=world.users["caregiver"],
        dropped_off_by="妈妈",
    )
