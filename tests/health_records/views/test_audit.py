"""The director's access-log review page."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.urls import reverse


def _read(client, child):
    return client.get(reverse("child_detail", args=[child.pk]))


def test_director_sees_reads_of_own_centre_only(world, client_as):
    """Reads of centre A's child appear; a read at centre B by its own nurse does not."""
    _read(client_as("nurse"), world.child_a1)
    _read(client_as("nurse_b"), world.child_b)
    page = client_as("director").get(reverse("access_log")).context["page"]
    assert [(row.user.username, row.child_id) for row in page] == [("nurse", world.child_a1.pk)]


def test_filter_by_role(world, client_as):
    """Filtering by role 'parent' keeps only guardians' reads."""
    _read(client_as("nurse"), world.child_a1)
    _read(client_as("parent_a"), world.child_a1)
    page = client_as("director").get(reverse("access_log"), {"role": "parent"}).context["page"]
    assert [row.user.username for row in page] == ["parent_a"]


def _read_at(client, child, at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        return _read(client, child)


def test_day_filter_uses_centre_time_zone(world, client_as):
    """A read at 2026-03-01 23:30 Shanghai time (15:30 UTC) belongs to 1 March, not 2 March."""
    _read_at(client_as("nurse"), world.child_a1, dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC))
    director = client_as("director")
    march_1 = director.get(reverse("access_log"), {"day": "2026-03-01"}).context["page"]
    march_2 = director.get(reverse("access_log"), {"day": "2026-03-02"}).context["page"]
    assert (len(march_1), len(march_2)) == (1, 0)


def test_staff_other_than_director_get_404(world, client_as):
    """Nurses, doctors, caregivers and parents cannot open the access log."""
    codes = [
        client_as(u).get(reverse("access_log")).status_code
        for u in ("nurse", "doctor", "caregiver", "parent_a")
    ]
    assert codes == [404, 404, 404, 404]


def test_times_shown_in_centre_time_zone(world, client_as):
    """A read at 15:30 UTC shows as 23:30 on a Shanghai centre's page."""
    _read_at(client_as("nurse"), world.child_a1, dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC))
    body = client_as("director").get(reverse("access_log")).content.decode()
    assert "2026-03-01 23:30:00" in body
