"""The day's records through the API: the services' rules, versions (409), filters, logging,
constant query counts."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from health_records.models import AccessLog, MealRecord, WaterRecord
from health_records.services.attendance import (
    absence_record,
    attendance_check_in,
    authorised_pickup_add,
)
from health_records.services.care import water_record
from health_records.services.checks import daily_health_check_record
from tests.health_records.day_helpers import consented_child

from ..conftest import at_local


def water(world, day, hour=9, child=None, volume_ml=80):
    return water_record(
        child=child or world.child_a1,
        occurred_at=at_local(world, day, hour),
        volume_ml=volume_ml,
        recorded_by=world.users["nurse"],
    )


def test_create_water_returns_201_with_version_1(world, api_as, stay_a1, yesterday):
    """POST care/water: 201, the record as stored, version 1, recorded by the caller."""
    response = api_as("caregiver").post(
        "/api/v1/care/water/",
        {
            "child": str(world.child_a1.pk),
            "occurred_at": at_local(world, yesterday, 10).isoformat(),
            "volume_ml": 120,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["volume_ml"], body["version"]) == (120, 1)
    assert body["recorded_by"] == world.users["caregiver"].pk


def test_create_for_an_absent_child_is_the_services_refusal(world, api_as, yesterday):
    """No check-in that day: 400 child_not_present from the service, nothing stored."""
    response = api_as("nurse").post(
        "/api/v1/care/water/",
        {
            "child": str(world.child_a1.pk),
            "occurred_at": at_local(world, yesterday, 10).isoformat(),
            "volume_ml": 120,
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "child_not_present")
    assert WaterRecord.objects.count() == 0


def test_caregiver_of_another_room_gets_403(world, api_as, stay_a2, yesterday):
    """The A1 caregiver writing for child_a2 (visible, not theirs): 403 not_your_classroom."""
    response = api_as("caregiver").post(
        "/api/v1/care/water/",
        {
            "child": str(world.child_a2.pk),
            "occurred_at": at_local(world, yesterday, 10).isoformat(),
            "volume_ml": 50,
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_your_classroom")


def test_missing_and_bad_fields_are_listed(world, api_as):
    """No occurred_at and a 900 ml volume: 400 invalid with both fields."""
    response = api_as("nurse").post(
        "/api/v1/care/water/",
        {"child": str(world.child_a1.pk), "volume_ml": 900},
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "invalid")
    assert {name: errors[0]["code"] for name, errors in body["fields"].items()} == {
        "occurred_at": "required",
        "volume_ml": "max_value",
    }


def test_fahrenheit_temperature_is_refused_with_its_code(world, api_as, stay_a1, yesterday):
    """99.5 at a morning check: 400 temperature_fahrenheit on the temperature_c field."""
    response = api_as("nurse").post(
        "/api/v1/daily-health-checks/",
        {
            "child": str(world.child_a1.pk),
            "session": "morning",
            "checked_at": at_local(world, yesterday, 8).isoformat(),
            "temperature_c": "99.5",
            "outcome": "cleared",
        },
        format="json",
    )
    body = response.json()
    assert (body["code"], body["fields"]["temperature_c"][0]["code"]) == (
        "temperature_fahrenheit",
        "temperature_fahrenheit",
    )


def test_fever_with_outcome_cleared_is_400_on_outcome(world, api_as, stay_a1, yesterday):
    """38.5 °C with outcome cleared: 400 fever_not_cleared on the outcome field."""
    response = api_as("nurse").post(
        "/api/v1/daily-health-checks/",
        {
            "child": str(world.child_a1.pk),
            "session": "morning",
            "checked_at": at_local(world, yesterday, 8).isoformat(),
            "temperature_c": "38.5",
            "outcome": "cleared",
        },
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["code"], body["fields"]["outcome"][0]["code"]) == (
        400,
        "fever_not_cleared",
        "fever_not_cleared",
    )


def test_patch_with_the_current_version_changes_and_bumps(world, api_as, stay_a1, yesterday):
    """PATCH version 1 → 200, the new value, version 2."""
    record = water(world, yesterday)
    response = api_as("nurse").patch(
        f"/api/v1/care/water/{record.pk}/", {"version": 1, "volume_ml": 95}, format="json"
    )
    assert (response.json()["volume_ml"], response.json()["version"]) == (95, 2)


def test_stale_patch_is_409_and_changes_nothing(world, api_as, stay_a1, yesterday):
    """Two editors saw version 1; the second PATCH is 409 and the first edit stays."""
    record = water(world, yesterday)
    first = api_as("nurse").patch(
        f"/api/v1/care/water/{record.pk}/", {"version": 1, "volume_ml": 95}, format="json"
    )
    second = api_as("doctor").patch(
        f"/api/v1/care/water/{record.pk}/", {"version": 1, "volume_ml": 10}, format="json"
    )
    assert first.status_code == 200
    assert (second.status_code, second.json()["code"]) == (409, "edited_by_someone_else")
    record.refresh_from_db()
    assert (record.volume_ml, record.version) == (95, 2)


def test_stale_patch_leaves_a_refused_edit_row(world, api_as, stay_a1, yesterday):
    """The doctor's stale PATCH (10 ml) is refused (409) and recorded: one EditConflict naming
    the doctor, 10 ml tried, the nurse as the one who saved version 2."""
    from health_records.models import EditConflict

    record = water(world, yesterday)
    api_as("nurse").patch(
        f"/api/v1/care/water/{record.pk}/", {"version": 1, "volume_ml": 95}, format="json"
    )
    api_as("doctor").patch(
        f"/api/v1/care/water/{record.pk}/", {"version": 1, "volume_ml": 10}, format="json"
    )
    conflict = EditConflict.objects.get()
    assert (conflict.attempted_by, conflict.changed_by, conflict.attempted_values) == (
        world.users["doctor"],
        world.users["nurse"],
        {"volume_ml": 10},
    )


def test_patch_without_version_is_400(world, api_as, stay_a1, yesterday):
    """A PATCH must name the version it edits."""
    record = water(world, yesterday)
    response = api_as("nurse").patch(
        f"/api/v1/care/water/{record.pk}/", {"volume_ml": 95}, format="json"
    )
    assert response.json()["fields"]["version"][0]["code"] == "required"


def test_stale_daily_check_patch_is_409(world, api_as, stay_a1, yesterday):
    """Daily check corrected twice from version 1: the second is 409, temperature kept."""
    check = daily_health_check_record(
        child=world.child_a1,
        session="morning",
        checked_at=at_local(world, yesterday, 8),
        temperature_c="36.6",
        outcome="cleared",
        recorded_by=world.users["nurse"],
    )
    client = api_as("nurse")
    url = f"/api/v1/daily-health-checks/{check.pk}/"
    client.patch(url, {"version": 1, "temperature_c": "36.8"}, format="json")
    response = client.patch(url, {"version": 1, "temperature_c": "39.0"}, format="json")
    assert response.status_code == 409
    check.refresh_from_db()
    assert str(check.temperature_c) == "36.8"


def test_list_filters_by_date_range(world, api_as, stay_a1, yesterday):
    """date_from/date_to (inclusive, centre-local date) keep only that day's rows."""
    water(world, yesterday, 9)
    older = yesterday - dt.timedelta(days=1)
    response = api_as("nurse").get(f"/api/v1/care/water/?date_from={older}&date_to={older}")
    assert response.json()["count"] == 0
    response = api_as("nurse").get(f"/api/v1/care/water/?date_from={yesterday}&date_to={yesterday}")
    assert response.json()["count"] == 1


def test_list_filter_by_child_and_bad_uuid(world, api_as, stay_a1, stay_a2, yesterday):
    """?child= keeps one child's rows; a malformed id is 400 in the error shape."""
    water(world, yesterday, 9)
    water(world, yesterday, 10, child=world.child_a2)
    client = api_as("nurse")
    rows = client.get(f"/api/v1/care/water/?child={world.child_a2.pk}").json()["results"]
    assert [row["child"] for row in rows] == [str(world.child_a2.pk)]
    assert client.get("/api/v1/care/water/?child=nope").json()["fields"]["child"]


def test_parent_list_shows_only_their_childs_rows(world, api_as, stay_a1, stay_a2, yesterday):
    """parent_b sees child_a2's water only."""
    water(world, yesterday, 9)
    water(world, yesterday, 10, child=world.child_a2)
    rows = api_as("parent_b").get("/api/v1/care/water/").json()["results"]
    assert {row["child"] for row in rows} == {str(world.child_a2.pk)}


def test_list_logs_each_child_shown_once(world, api_as, stay_a1, stay_a2, yesterday):
    """Three rows about two children: two access-log rows."""
    water(world, yesterday, 9)
    water(world, yesterday, 11)
    water(world, yesterday, 10, child=world.child_a2)
    api_as("nurse").get("/api/v1/care/water/")
    assert AccessLog.objects.filter(what="api_water_list").count() == 2


def _fill(world, day, size):
    for _ in range(size):
        kid = consented_child(world.room_a1)
        attendance_check_in(child=kid, at=at_local(world, day, 7), recorded_by=world.users["nurse"])
        water(world, day, 9, child=kid)
        daily_health_check_record(
            child=kid,
            session="morning",
            checked_at=at_local(world, day, 8),
            temperature_c="36.5",
            outcome="cleared",
            recorded_by=world.users["nurse"],
        )


def test_list_query_counts_are_constant(world, api_as, yesterday):
    """1 vs 11 children with records: the same queries for water, checks, attendance."""
    client = api_as("nurse")
    urls = ["/api/v1/care/water/", "/api/v1/daily-health-checks/", "/api/v1/attendance/"]
    _fill(world, yesterday, 1)
    small = [_queries(client, url) for url in urls]
    _fill(world, yesterday, 10)
    large = [_queries(client, url) for url in urls]
    assert (min(small) > 3, large) == (True, small)


def _queries(client, url: str) -> int:
    """Queries of one GET, counted before the next request resets the connection's log."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_doctor_clears_a_return_after_infectious_illness(world, api_as, yesterday):
    """A possibly infectious sickness absence: the doctor's clearance marks it cleared."""
    absence = absence_record(
        child=world.child_a1,
        day=yesterday,
        reason="sick",
        sick_diagnosis="HFMD",
        possibly_infectious=True,
        recorded_by=world.users["nurse"],
    )
    url = f"/api/v1/children/{world.child_a1.pk}/return-clearance/"
    assert api_as("nurse").post(url, {}, format="json").json()["code"] == "doctor_only"
    rows = api_as("doctor").post(url, {"note": "Recovered"}, format="json").json()
    assert [row["id"] for row in rows] == [str(absence.pk)]
    assert rows[0]["cleared_at"] is not None


def test_check_out_with_a_pickup_from_the_childs_list(world, api_as, stay_a1, yesterday):
    """The pick-up list gives the id; check-out with it and the version: checked out."""
    authorised_pickup_add(
        child=world.child_a1, name="外婆", relationship="grandmother", added_by=world.users["nurse"]
    )
    client = api_as("caregiver")
    (pickup,) = client.get(f"/api/v1/children/{world.child_a1.pk}/pickups/").json()
    response = client.post(
        f"/api/v1/attendance/{stay_a1.pk}/check-out/",
        {
            "at": at_local(world, yesterday, 17).isoformat(),
            "picked_up_by": pickup["id"],
            "version": stay_a1.version,
        },
        format="json",
    )
    assert (response.status_code, response.json()["picked_up_by"]) == (200, pickup["id"])


# --- health checks due -------------------------------------------------------------------------

DUE_URL = "/api/v1/health-checks/due/"


def test_due_list_shows_the_centres_children_never_examined(world, api_as):
    """No examination on record: both centre-A children are overdue; child_b is not shown."""
    rows = api_as("nurse").get(DUE_URL).json()["results"]
    assert {(row["child"], row["check_status"]) for row in rows} == {
        (str(world.child_a1.pk), "overdue"),
        (str(world.child_a2.pk), "overdue"),
    }


def test_due_list_filters_by_classroom(world, api_as):
    """?classroom=<A2>: child_a2 only (a room of another centre: nobody)."""
    client = api_as("director")
    rows = client.get(f"{DUE_URL}?classroom={world.room_a2.pk}").json()["results"]
    other = client.get(f"{DUE_URL}?classroom={world.child_b.classroom_id}").json()
    assert ([row["child"] for row in rows], other["count"]) == ([str(world.child_a2.pk)], 0)


def test_due_list_is_staff_only(world, api_as):
    """A guardian: 404, as the staff page; a malformed classroom id: 400."""
    assert api_as("parent_a").get(DUE_URL).status_code == 404
    assert api_as("nurse").get(f"{DUE_URL}?classroom=nope").status_code == 400


def test_due_list_logs_one_row_per_child_shown(world, api_as):
    """Two children shown: two access-log rows."""
    api_as("doctor").get(DUE_URL)
    assert AccessLog.objects.filter(what="api_health_checks_due").count() == 2


def test_due_list_query_count_is_constant(world, api_as):
    """2 vs 12 children due: the same number of queries."""
    client = api_as("nurse")
    small = _queries(client, DUE_URL)
    for _ in range(10):
        consented_child(world.room_a1)
    assert (small > 3, _queries(client, DUE_URL)) == (True, small)


# --- classroom meals ---------------------------------------------------------------------------


def meals_url(room) -> str:
    return f"/api/v1/classrooms/{room.pk}/meals/"


def test_classroom_meals_everyone_most_then_the_exceptions(world, api_as, yesterday):
    """Three present in A1, one exception: 201 with three records, "most" but the exception."""
    kids = [world.child_a1, consented_child(world.room_a1), consented_child(world.room_a1)]
    for kid in kids:
        attendance_check_in(
            child=kid, at=at_local(world, yesterday, 7), recorded_by=world.users["nurse"]
        )
    response = api_as("caregiver").post(
        meals_url(world.room_a1),
        {
            "meal_type": "lunch",
            "occurred_at": at_local(world, yesterday, 11, 30).isoformat(),
            "exceptions": [{"child": str(kids[1].pk), "amount_eaten": "refused"}],
        },
        format="json",
    )
    assert response.status_code == 201
    amounts = {row["child"]: row["amount_eaten"] for row in response.json()}
    assert amounts == {
        str(kids[0].pk): "most",
        str(kids[1].pk): "refused",
        str(kids[2].pk): "most",
    }


def test_classroom_meals_for_another_room_is_403(world, api_as, stay_a2, yesterday):
    """The A1 caregiver for room A2: 403 not_your_classroom; nothing stored."""
    response = api_as("caregiver").post(
        meals_url(world.room_a2),
        {"meal_type": "lunch", "occurred_at": at_local(world, yesterday, 11).isoformat()},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_your_classroom")
    assert MealRecord.objects.count() == 0


def test_classroom_meals_is_all_or_nothing(world, api_as, stay_a1, yesterday):
    """An exception for a child not present (child_a2, other room): 400, no record at all."""
    response = api_as("nurse").post(
        meals_url(world.room_a1),
        {
            "meal_type": "lunch",
            "occurred_at": at_local(world, yesterday, 11).isoformat(),
            "exceptions": [{"child": str(world.child_a2.pk), "amount_eaten": "half"}],
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "exception_not_present")
    assert MealRecord.objects.count() == 0


def test_classroom_meals_refuses_a_child_named_twice(world, api_as, stay_a1, yesterday):
    """The same child twice among the exceptions: 400 duplicate_child on exceptions."""
    twice = [{"child": str(world.child_a1.pk), "amount_eaten": a} for a in ("half", "all")]
    response = api_as("nurse").post(
        meals_url(world.room_a1),
        {
            "meal_type": "lunch",
            "occurred_at": at_local(world, yesterday, 11).isoformat(),
            "exceptions": twice,
        },
        format="json",
    )
    assert response.json()["fields"]["exceptions"][0]["code"] == "duplicate_child"


def test_classroom_meals_is_not_for_guardians(world, api_as, stay_a1, yesterday):
    """A guardian posting for their child's room: 404, as a staff page."""
    response = api_as("parent_a").post(
        meals_url(world.room_a1),
        {"meal_type": "lunch", "occurred_at": at_local(world, yesterday, 11).isoformat()},
        format="json",
    )
    assert response.status_code == 404


def test_classroom_meals_queries_grow_only_with_the_records_written(world, api_as, yesterday):
    """1, 2, 3 children present: each more child costs the same queries (its own record and
    history rows, written by the meal service), nothing more per child on the read side."""
    client = api_as("nurse")
    counts = []
    for meal_type, hour in (("breakfast", 8), ("lunch", 11), ("dinner", 16)):
        kid = consented_child(world.room_a1)
        attendance_check_in(
            child=kid, at=at_local(world, yesterday, 7), recorded_by=world.users["nurse"]
        )
        body = {"meal_type": meal_type, "occurred_at": at_local(world, yesterday, hour).isoformat()}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(meals_url(world.room_a1), body, format="json")
        counts.append(len(queries))
        assert response.status_code == 201
    assert counts[2] - counts[1] == counts[1] - counts[0]


def test_sleep_at_home_is_marked_in_the_api(world, api_as, yesterday):
    """A night at home reported by the guardian reads back with at_home true."""
    from health_records.services.care import sleep_at_home_record

    sleep_at_home_record(
        child=world.child_a1,
        start_at=at_local(world, yesterday - dt.timedelta(days=1), 21),
        end_at=at_local(world, yesterday, 6),
        recorded_by=world.users["caregiver"],
    )
    rows = api_as("parent_a").get("/api/v1/care/sleeps/").json()["results"]
    assert [row["at_home"] for row in rows] == [True]


def test_sleep_at_home_posted_counts_on_both_days(world, api_as, yesterday):
    """A caregiver posts 21:30 → 06:15 across midnight: 201, at_home true; the child's day
    summary (the selector the pages use) counts 150 minutes at home on the first day and 375
    on the second."""
    from health_records.selectors.access import viewer_for
    from health_records.selectors.care import child_day

    first_day = yesterday - dt.timedelta(days=1)
    response = api_as("caregiver").post(
        "/api/v1/care/sleeps/at-home/",
        {
            "child": str(world.child_a1.pk),
            "start_at": at_local(world, first_day, 21, 30).isoformat(),
            "end_at": at_local(world, yesterday, 6, 15).isoformat(),
        },
        format="json",
    )
    viewer = viewer_for(world.users["caregiver"])
    minutes = [
        child_day(viewer, world.child_a1, day).home_sleep_minutes for day in (first_day, yesterday)
    ]
    assert (response.status_code, response.json()["at_home"], minutes) == (201, True, [150, 375])


def test_sleep_at_home_longer_than_16_hours_is_refused(world, api_as, yesterday):
    """19:00 → 12:00 the next day (17 h) → 400 sleep_too_long, nothing stored."""
    from health_records.models import SleepRecord

    response = api_as("nurse").post(
        "/api/v1/care/sleeps/at-home/",
        {
            "child": str(world.child_a1.pk),
            "start_at": at_local(world, yesterday - dt.timedelta(days=1), 19).isoformat(),
            "end_at": at_local(world, yesterday, 12).isoformat(),
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"], SleepRecord.objects.count()) == (
        400,
        "sleep_too_long",
        0,
    )


def test_sleep_at_home_is_for_staff_only(world, api_as, yesterday):
    """The child's own parent posting a night at home → 404, as the page."""
    response = api_as("parent_a").post(
        "/api/v1/care/sleeps/at-home/",
        {
            "child": str(world.child_a1.pk),
            "start_at": at_local(world, yesterday - dt.timedelta(days=1), 21).isoformat(),
            "end_at": at_local(world, yesterday, 6).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 404
