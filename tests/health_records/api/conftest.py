"""API fixtures: a DRF client per world user, and a yesterday with child_a1 checked in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from health_records.models import Attendance
from health_records.services.attendance import attendance_check_in


@pytest.fixture
def api_as(world):
    """``api_as("nurse")`` → an APIClient signed in (session) as that world user, English."""

    def make(name: str, language: str = "en") -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        if name != "anonymous":
            client.force_login(world.users[name])
        return client

    return make


@pytest.fixture
def yesterday(world) -> dt.date:
    """Yesterday in centre A's time zone."""
    return timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)


def at_local(world, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime at ``hour:minute`` on ``day`` in centre A's time zone."""
    return dt.datetime.combine(day, dt.time(hour, minute)).replace(tzinfo=world.centre_a.tz)


@pytest.fixture
def stay_a1(world, yesterday) -> Attendance:
    """child_a1 checked in yesterday at 07:30 (centre-local), not checked out."""
    return attendance_check_in(
        child=world.child_a1, at=at_local(world, yesterday, 7, 30), recorded_by=world.users["nurse"]
    )


@pytest.fixture
def stay_a2(world, yesterday) -> Attendance:
    """child_a2 checked in yesterday at 07:40 (centre-local), not checked out."""
    return attendance_check_in(
        child=world.child_a2, at=at_local(world, yesterday, 7, 40), recorded_by=world.users["nurse"]
    )
