"""The day's pages: classroom screen, check-in, checks, quick entries, bulk meals, daily report;
permissions (403/404), conflicts, access logging and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from health_records.models import (
    AccessLog,
    Attendance,
    DailyHealthCheck,
    MealRecord,
    SleepRecord,
    WaterRecord,
)
from health_records.services.attendance import attendance_check_in
from health_records.services.care import (
    bottle_feed_record,
    meal_record,
    sleep_record,
    toileting_record,
    water_record,
)
from health_records.services.checks import daily_health_check_record
from tests.health_records.day_helpers import consented_child


def now_local(world) -> dt.datetime:
    return timezone.localtime(timezone.now(), world.centre_a.tz)


def minutes_ago(minutes: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


@pytest.fixture
def present(world):
    """child_a1 checked in 3 hours ago (today, centre-local, unless it is before 03:00)."""
    if now_local(world).hour < 3:
        pytest.skip("needs three hours of today behind us")
    return attendance_check_in(
        child=world.child_a1, at=minutes_ago(180), recorded_by=world.users["caregiver"]
    )


def test_classroom_screen_shows_status_and_actions(world, client_as):
    """The caregiver's screen lists child_a1 with a Check in button and not room A2's child."""
    response = client_as("caregiver").get(reverse("classroom_roster", args=[world.room_a1.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.child_a1.full_name in html and world.child_a2.full_name not in html
    assert reverse("check_in", args=[world.child_a1.pk]) in html


def test_classroom_screen_logs_one_read_per_child(world, client_as):
    """Opening the screen writes one access-log row per child shown."""
    consented_child(world.room_a1)
    client_as("caregiver").get(reverse("classroom_roster", args=[world.room_a1.pk]))
    assert AccessLog.objects.filter(what="classroom_screen").count() == 2


def test_check_in_button_checks_the_child_in(world, client_as):
    """POST check-in → an attendance row for today, back to the roster at the child's row."""
    response = client_as("caregiver").post(reverse("check_in", args=[world.child_a1.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#child-{world.child_a1.pk}")
    assert Attendance.objects.get().checked_in_at is not None


def test_caregiver_checking_in_another_rooms_child_is_403(world, client_as):
    """caregiver_a1 posting a check-in for child_a2 (room A2) → 403, nothing stored."""
    response = client_as("caregiver").post(reverse("check_in", args=[world.child_a2.pk]))
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_other_centre_staff_gets_404_for_writes(world, client_as):
    """nurse_b (centre B) posting for child_a1 → 404."""
    response = client_as("nurse_b").post(reverse("check_in", args=[world.child_a1.pk]))
    assert response.status_code == 404


def test_morning_check_form_saves_temperature_and_outcome(world, client_as):
    """Temperature 36.8 and the Cleared button → a morning check stored as 36.8."""
    response = client_as("caregiver").post(
        reverse("check_record", args=[world.child_a1.pk, "morning"]),
        {
            "temperature_c": "36.8",
            "temperature_site": "axillary",
            "mood": "normal",
            "skin": "normal",
            "eyes": "normal",
            "mouth_throat": "normal",
            "hands_feet": "normal",
            "stool_at_home": "normal",
            "outcome": "cleared",
        },
    )
    assert response.status_code == 302
    check = DailyHealthCheck.objects.get()
    assert (str(check.temperature_c), check.outcome, check.session) == (
        "36.8",
        "cleared",
        "morning",
    )


def test_fahrenheit_in_the_form_shows_the_message_in_chinese(world, client_as):
    """98.6 → the form again (400) with the Chinese Fahrenheit message; nothing stored."""
    response = client_as("caregiver", language="zh-hans").post(
        reverse("check_record", args=[world.child_a1.pk, "morning"]),
        {
            "temperature_c": "98.6",
            "temperature_site": "axillary",
            "mood": "normal",
            "skin": "normal",
            "eyes": "normal",
            "mouth_throat": "normal",
            "hands_feet": "normal",
            "stool_at_home": "normal",
            "outcome": "cleared",
        },
    )
    assert response.status_code == 400
    assert "华氏" in response.content.decode()
    assert not DailyHealthCheck.objects.exists()


def test_fever_with_cleared_shows_the_message_on_the_outcome(world, client_as):
    """38.5 °C and the 通过 button → the form again (400) with the Chinese message under the
    outcome buttons; nothing stored."""
    response = client_as("caregiver", language="zh-hans").post(
        reverse("check_record", args=[world.child_a1.pk, "morning"]),
        {
            "temperature_c": "38.5",
            "temperature_site": "axillary",
            "mood": "normal",
            "skin": "normal",
            "eyes": "normal",
            "mouth_throat": "normal",
            "hands_feet": "normal",
            "stool_at_home": "normal",
            "outcome": "cleared",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["outcome"] == [
        "38.5 °C 已属发热（本园 ≥ 37.3 °C 为发热）：请选择“观察”或“送回家”，不能选“通过”。"
    ]
    assert not DailyHealthCheck.objects.exists()


def test_quick_water_entry_is_one_post(world, client_as, present):
    """Tapping '120 ml' on the child's page stores 120 ml of water now."""
    response = client_as("caregiver").post(
        reverse("care_entry", args=[world.child_a1.pk, "water"]), {"volume_ml": "120"}
    )
    assert response.status_code == 302
    assert WaterRecord.objects.get().volume_ml == 120


def test_quick_entry_for_absent_child_shows_a_message(world, client_as):
    """Water for a child not checked in: redirect with the 'not checked in' message, no row."""
    response = client_as("caregiver").post(
        reverse("care_entry", args=[world.child_a1.pk, "water"]), {"volume_ml": "120"}, follow=True
    )
    assert "not checked in" in response.content.decode()
    assert not WaterRecord.objects.exists()


def test_everyone_ate_most_with_two_exceptions(world, client_as):
    """Four present children: two left at 'most', one 'half', one 'refused'."""
    if now_local(world).hour < 1:
        pytest.skip("needs an hour of today behind us")
    kids = [world.child_a1] + [consented_child(world.room_a1) for _ in range(3)]
    for kid in kids:
        attendance_check_in(child=kid, at=minutes_ago(60), recorded_by=world.users["caregiver"])
    data = {"meal_type": "lunch"} | {f"amount_{kid.pk}": "most" for kid in kids}
    data[f"amount_{kids[1].pk}"] = "half"
    data[f"amount_{kids[2].pk}"] = "refused"
    response = client_as("caregiver").post(
        reverse("classroom_meals", args=[world.room_a1.pk]), data
    )
    assert response.status_code == 302
    amounts = sorted(MealRecord.objects.values_list("amount_eaten", flat=True))
    assert amounts == ["half", "most", "most", "refused"]


def test_daily_report_for_parent_shows_totals_and_logs(world, client_as):
    """Yesterday: milk 150+120 ml, sleep 12:00–14:30 (150 min) → summary shows 270 ml and 2 h 30."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)

    def at(h, m=0):
        return dt.datetime.combine(day, dt.time(h, m)).replace(tzinfo=tz)

    user = world.users["caregiver"]
    attendance_check_in(child=world.child_a1, at=at(7, 30), recorded_by=user)
    bottle_feed_record(
        child=world.child_a1,
        occurred_at=at(9),
        volume_ml=150,
        milk_type="formula",
        recorded_by=user,
    )
    bottle_feed_record(
        child=world.child_a1,
        occurred_at=at(15),
        volume_ml=120,
        milk_type="formula",
        recorded_by=user,
    )
    sleep_record(child=world.child_a1, start_at=at(12), end_at=at(14, 30), recorded_by=user)
    response = client_as("parent_a").get(
        reverse("daily_report", args=[world.child_a1.pk]), {"day": day.isoformat()}
    )
    report = response.context["report"]
    assert (report.milk_ml, report.sleep_minutes) == (270, 150)
    assert "2 h 30 min" in response.content.decode()
    assert AccessLog.objects.filter(what="daily_report", child=world.child_a1).count() == 1


def test_overnight_sleep_is_split_at_midnight(world, client_as):
    """A 21:30–06:15 sleep counts 150 min on the first day and 375 on the second."""
    tz = world.centre_a.tz
    first = timezone.localdate(timezone=tz) - dt.timedelta(days=2)
    start = dt.datetime.combine(first, dt.time(21, 30)).replace(tzinfo=tz)
    end = dt.datetime.combine(first + dt.timedelta(days=1), dt.time(6, 15)).replace(tzinfo=tz)
    attendance_check_in(
        child=world.child_a1, at=start - dt.timedelta(hours=2), recorded_by=world.users["nurse"]
    )
    sleep_record(child=world.child_a1, start_at=start, end_at=end, recorded_by=world.users["nurse"])
    client = client_as("parent_a")
    url = reverse("daily_report", args=[world.child_a1.pk])
    minutes = [
        client.get(url, {"day": d.isoformat()}).context["report"].sleep_minutes
        for d in (first, first + dt.timedelta(days=1))
    ]
    assert minutes == [150, 375]


@pytest.mark.parametrize(
    ("user", "child_attr"),
    [("parent_b", "child_a1"), ("parent_a", "child_a2"), ("nurse_b", "child_a1")],
)
def test_daily_report_of_someone_elses_child_is_404(world, client_as, user, child_attr):
    """Another parent's child or another centre's child → 404 and no access-log row."""
    child = getattr(world, child_attr)
    response = client_as(user).get(reverse("daily_report", args=[child.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_parent_cannot_open_the_staff_child_day_page(world, client_as):
    """The staff child-day page is 404 for a parent, even of that child."""
    response = client_as("parent_a").get(reverse("child_day", args=[world.child_a1.pk]))
    assert response.status_code == 404


def _fill_room(world, size: int) -> None:
    """``size`` extra children in A1, each checked in yesterday with a day of records."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    user = world.users["nurse"]
    for _ in range(size):
        kid = consented_child(world.room_a1)
        at = dt.datetime.combine(day, dt.time(7, 30)).replace(tzinfo=tz)
        attendance_check_in(child=kid, at=at, recorded_by=user)
        daily_health_check_record(
            child=kid,
            session="morning",
            checked_at=at,
            temperature_c="36.5",
            outcome="cleared",
            recorded_by=user,
        )
        meal_record(
            child=kid,
            meal_type="lunch",
            amount_eaten="most",
            occurred_at=at + dt.timedelta(hours=4),
            recorded_by=user,
        )
        water_record(
            child=kid, occurred_at=at + dt.timedelta(hours=2), volume_ml=90, recorded_by=user
        )
        toileting_record(
            child=kid, occurred_at=at + dt.timedelta(hours=3), kind="wet", recorded_by=user
        )
        sleep_record(
            child=kid,
            start_at=at + dt.timedelta(hours=5),
            end_at=at + dt.timedelta(hours=7),
            recorded_by=user,
        )


def test_classroom_screen_query_count_is_constant(world, client_as):
    """2 children vs 12 children with a day of records: the same number of queries."""
    client = client_as("caregiver")
    url = reverse("classroom_roster", args=[world.room_a1.pk])
    _fill_room(world, 1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    small_count = len(small)  # read now: the next request resets the connection's query log
    _fill_room(world, 10)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert (small_count > 10, len(large)) == (True, small_count)


def test_daily_report_query_count_is_constant(world, client_as):
    """A day with 2 records vs one with 30: the same number of queries."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    user = world.users["caregiver"]
    attendance_check_in(
        child=world.child_a1,
        at=dt.datetime.combine(day, dt.time(7)).replace(tzinfo=tz),
        recorded_by=user,
    )
    client = client_as("parent_a")
    url = reverse("daily_report", args=[world.child_a1.pk])
    water_record(
        child=world.child_a1,
        occurred_at=dt.datetime.combine(day, dt.time(8)).replace(tzinfo=tz),
        volume_ml=60,
        recorded_by=user,
    )
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"day": day.isoformat()})
    small_count = len(small)  # read now: the next request resets the connection's query log
    for minute in range(0, 56, 2):
        water_record(
            child=world.child_a1,
            occurred_at=dt.datetime.combine(day, dt.time(9, minute)).replace(tzinfo=tz),
            volume_ml=60,
            recorded_by=user,
        )
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"day": day.isoformat()})
    assert (small_count > 10, len(large)) == (True, small_count)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_day_pages_render(world, client_as, present, language):
    """The check round, the room's meal page, a check form and the child's day all render."""
    client = client_as("caregiver", language=language)
    urls = [
        reverse("check_round", args=[world.room_a1.pk, "morning"]),
        reverse("classroom_meals", args=[world.room_a1.pk]) + "?meal=lunch",
        reverse("check_record", args=[world.child_a1.pk, "noon"]),
        reverse("child_day", args=[world.child_a1.pk]),
        reverse("check_out", args=[world.child_a1.pk]),
        reverse("absence_new", args=[world.child_a1.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [200] * 6


def test_second_editor_gets_a_conflict_and_the_first_edit_stays(world, client_as):
    """Nurse and caregiver open the same meal (version 1); the nurse saves 'half', the
    caregiver's 'all' is refused with 409 and the conflict message; history has both saves
    of the record (creation and the nurse's edit)."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    user = world.users["caregiver"]
    attendance_check_in(
        child=world.child_a1,
        at=dt.datetime.combine(day, dt.time(7)).replace(tzinfo=tz),
        recorded_by=user,
    )
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=dt.datetime.combine(day, dt.time(11, 30)).replace(tzinfo=tz),
        recorded_by=user,
    )
    url = reverse("record_edit", args=["meal", meal.pk])
    form = {"amount_eaten": "half", "note": "", "time": "11:30", "version": "1"}
    first = client_as("nurse").post(url, form)
    second = client_as("caregiver").post(url, form | {"amount_eaten": "all"})
    meal.refresh_from_db()
    assert (first.status_code, second.status_code) == (302, 409)
    assert "Someone else saved this record" in second.content.decode()
    assert (meal.amount_eaten, meal.recorded_by, meal.history.count()) == ("half", user, 2)


def test_sickness_absence_follow_up_page_saves_the_note(world, client_as):
    """The caregiver's follow-up form stores the family's answer on the absence."""
    from health_records.services.attendance import absence_record

    absence = absence_record(
        child=world.child_a1,
        day=timezone.localdate(timezone=world.centre_a.tz),
        reason="sick",
        sick_symptoms="发热",
        recorded_by=world.users["caregiver"],
    )
    response = client_as("caregiver").post(
        reverse("absence_follow_up", args=[absence.pk]), {"note": "已就诊", "version": "1"}
    )
    absence.refresh_from_db()
    assert (response.status_code, absence.follow_up_note) == (302, "已就诊")


def test_nurse_cannot_clear_a_return_only_the_doctor(world, client_as):
    """POST clearance as the nurse → 403; as the doctor → cleared."""
    from health_records.services.attendance import absence_record

    absence = absence_record(
        child=world.child_a1,
        day=timezone.localdate(timezone=world.centre_a.tz),
        reason="sick",
        sick_diagnosis="疑似手足口病",
        possibly_infectious=True,
        recorded_by=world.users["caregiver"],
    )
    url = reverse("return_clearance", args=[world.child_a1.pk])
    refused = client_as("nurse").post(url)
    cleared = client_as("doctor").post(url)
    absence.refresh_from_db()
    assert (refused.status_code, cleared.status_code, absence.cleared_by) == (
        403,
        302,
        world.users["doctor"],
    )


def test_edit_pages_of_a_check_and_a_sleep_render_with_their_values(world, client_as):
    """The edit page of a 36.6 °C check shows 36.6; a 12:00–14:30 sleep shows both times."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    user = world.users["caregiver"]
    at = dt.datetime.combine(day, dt.time(7, 30)).replace(tzinfo=tz)
    attendance_check_in(child=world.child_a1, at=at, recorded_by=user)
    check = daily_health_check_record(
        child=world.child_a1,
        session="morning",
        checked_at=at,
        temperature_c="36.6",
        outcome="cleared",
        recorded_by=user,
    )
    sleep = sleep_record(
        child=world.child_a1,
        start_at=at.replace(hour=12, minute=0),
        end_at=at.replace(hour=14, minute=30),
        recorded_by=user,
    )
    client = client_as("caregiver")
    check_page = client.get(reverse("record_edit", args=["check", check.pk])).content.decode()
    sleep_page = client.get(reverse("record_edit", args=["sleep", sleep.pk])).content.decode()
    assert 'value="36.6"' in check_page
    assert 'value="12:00"' in sleep_page and 'value="14:30"' in sleep_page


def test_staff_adds_an_authorised_person_then_checks_out_with_them(world, client_as, present):
    """Add 王奶奶 on the check-out page, then check out with her: the stay is closed."""
    from health_records.models import AuthorisedPickup

    client = client_as("caregiver")
    client.post(
        reverse("pickup_add", args=[world.child_a1.pk]),
        {"name": "王奶奶", "relationship": "祖母", "phone": ""},
    )
    grandma = AuthorisedPickup.objects.get(child=world.child_a1)
    response = client.post(
        reverse("check_out", args=[world.child_a1.pk]),
        {"picked_up_by": str(grandma.pk), "version": "1"},
    )
    present.refresh_from_db()
    assert (response.status_code, present.picked_up_by) == (302, grandma)


def test_record_history_names_the_editor_family_name_first(world, client_as):
    """A meal edited by nurse 王 小明 (last_name 王, first_name 小明): the edit page's history
    shows "王小明" (as person_name renders Chinese names), never get_full_name's "小明 王"."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    nurse = world.users["nurse"]
    nurse.last_name, nurse.first_name = "王", "小明"
    nurse.save()
    attendance_check_in(
        child=world.child_a1,
        at=dt.datetime.combine(day, dt.time(7)).replace(tzinfo=tz),
        recorded_by=nurse,
    )
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=dt.datetime.combine(day, dt.time(11, 30)).replace(tzinfo=tz),
        recorded_by=nurse,
    )
    page = client_as("nurse").get(reverse("record_edit", args=["meal", meal.pk])).content.decode()
    assert "王小明" in page and "小明 王" not in page


def test_refused_edit_shows_in_the_records_history(world, client_as):
    """Nurse 王芳 saves 'half'; caregiver 李小明's stale 'all' is refused (409). The 409 page and
    the edit page opened afterwards both list the refusal: who tried, what ("amount eaten All"),
    and "Refused: changed by 王芳 at HH:MM." (the time of the nurse's save)."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    nurse, caregiver = world.users["nurse"], world.users["caregiver"]
    nurse.last_name, nurse.first_name = "王", "芳"
    nurse.save()
    caregiver.last_name, caregiver.first_name = "李", "小明"
    caregiver.save()
    attendance_check_in(
        child=world.child_a1,
        at=dt.datetime.combine(day, dt.time(7)).replace(tzinfo=tz),
        recorded_by=caregiver,
    )
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=dt.datetime.combine(day, dt.time(11, 30)).replace(tzinfo=tz),
        recorded_by=caregiver,
    )
    url = reverse("record_edit", args=["meal", meal.pk])
    form = {"amount_eaten": "half", "note": "", "time": "11:30", "version": "1"}
    client_as("nurse").post(url, form)
    refused = client_as("caregiver").post(url, form | {"amount_eaten": "all"})
    saved_at = timezone.localtime(meal.history.order_by("-history_date").first().history_date)
    expected = f"Refused: changed by 王芳 at {saved_at:%H:%M}."
    later = client_as("nurse").get(url).content.decode()
    for page in (refused.content.decode(), later):
        assert "Edit refused</strong> · 李小明" in page
        assert "amount eaten All" in page and expected in page


# --- last night's sleep, reported by the guardian at the morning check --------------------------


def _night(world, client, woke_up_on, start="21:30", end="06:15"):
    return client.post(
        reverse("sleep_at_home", args=[world.child_a1.pk]),
        {"woke_up_on": woke_up_on.isoformat(), "start": start, "end": end, "note": ""},
    )


def test_night_sleep_entered_at_the_morning_check_counts_150_then_375(world, client_as):
    """21:30 → 06:15 entered through the page, without a check-in, counts 150 min on the first
    day's parent report and 375 on the second, where the report labels it as at home."""
    second = timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)
    first = second - dt.timedelta(days=1)
    response = _night(world, client_as("caregiver"), second)
    parent = client_as("parent_a")
    report_url = reverse("daily_report", args=[world.child_a1.pk])
    pages = [parent.get(report_url, {"day": d.isoformat()}) for d in (first, second)]
    assert response.status_code == 302
    assert [page.context["report"].sleep_minutes for page in pages] == [150, 375]
    assert "of which at home, as the family told us: 6 h 15 min" in pages[1].content.decode()


def test_night_sleep_shows_on_the_staff_day_timeline_as_at_home(world, client_as):
    """Entered for the night before today, the sleep is on today's staff timeline, at home."""
    if now_local(world).hour < 7:
        pytest.skip("the wake-up time 06:15 must be in the past")
    _night(world, client_as("caregiver"), timezone.localdate(timezone=world.centre_a.tz))
    html = client_as("caregiver").get(reverse("child_day", args=[world.child_a1.pk])).content
    assert "At home" in html.decode() and "Slept 21:30–06:15" in html.decode()


def test_night_sleep_on_the_second_days_report_is_timed_at_its_start(world, client_as):
    """On the morning's report the night's entry reads 21:30 (when the child fell asleep), not
    00:00 (where the day cuts it)."""
    second = timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)
    _night(world, client_as("caregiver"), second)
    html = (
        client_as("parent_a")
        .get(reverse("daily_report", args=[world.child_a1.pk]), {"day": second.isoformat()})
        .content.decode()
    )
    assert (">21:30</time>" in html, ">00:00</time>" in html) == (True, False)


def test_night_sleep_waking_in_the_future_is_refused_on_the_page(world, client_as):
    """A wake-up tomorrow → 400 with 'The time is in the future.'; nothing stored."""
    tomorrow = timezone.localdate(timezone=world.centre_a.tz) + dt.timedelta(days=1)
    response = _night(world, client_as("caregiver"), tomorrow)
    assert response.status_code == 400
    assert "The time is in the future." in response.content.decode()
    assert not SleepRecord.objects.exists()


def test_night_sleep_overlapping_another_is_refused_on_the_page(world, client_as):
    """A second report for the same night (22:00 → 05:30) → 400, the overlap message."""
    day = timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)
    _night(world, client_as("caregiver"), day)
    response = _night(world, client_as("caregiver"), day, start="22:00", end="05:30")
    assert response.status_code == 400
    assert "This sleep overlaps another sleep of the child." in response.content.decode()
    assert SleepRecord.objects.count() == 1


def test_night_sleep_during_a_stay_is_refused_on_the_page(world, client_as):
    """A 'home' sleep 07:00 → 09:00 while the child was checked in from 08:00 → 400."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    attendance_check_in(
        child=world.child_a1,
        at=dt.datetime.combine(day, dt.time(8)).replace(tzinfo=tz),
        recorded_by=world.users["caregiver"],
    )
    response = _night(world, client_as("caregiver"), day, start="07:00", end="09:00")
    assert response.status_code == 400
    assert "The child was checked in at the centre during this time." in response.content.decode()


def test_night_sleep_without_a_wake_up_time_is_refused(world, client_as):
    """A missing wake-up time is a form error (400), nothing stored."""
    day = timezone.localdate(timezone=world.centre_a.tz)
    response = _night(world, client_as("caregiver"), day, end="")
    assert response.status_code == 400
    assert not SleepRecord.objects.exists()


@pytest.mark.parametrize("user", ["parent_a", "nurse_b"])
def test_night_sleep_page_is_404_outside_the_centre_staff(world, client_as, user):
    """The child's parent and another centre's nurse → 404."""
    url = reverse("sleep_at_home", args=[world.child_a1.pk])
    assert client_as(user).get(url).status_code == 404


def test_caregiver_of_another_room_gets_403(world, client_as):
    """Room A1's caregiver posting for room A2's child → 403."""
    day = timezone.localdate(timezone=world.centre_a.tz) - dt.timedelta(days=1)
    response = client_as("caregiver").post(
        reverse("sleep_at_home", args=[world.child_a2.pk]),
        {"woke_up_on": day.isoformat(), "start": "21:30", "end": "06:15"},
    )
    assert response.status_code == 403


def test_date_fields_render_iso_dates_in_chinese(world, client_as):
    """A date input shows today's date in the Chinese UI too: value="YYYY-MM-DD" (the zh-hans
    locale format 2026/11/29 is not a valid value of an HTML date input, which then shows
    empty)."""
    today = timezone.localdate(timezone=world.centre_a.tz)
    for name in ("sleep_at_home", "absence_new"):
        html = client_as("caregiver", "zh-hans").get(reverse(name, args=[world.child_a1.pk]))
        assert f'value="{today:%Y-%m-%d}"' in html.content.decode()


def _yesterdays_lunch(world, note: str) -> MealRecord:
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    attendance_check_in(
        child=world.child_a1,
        at=dt.datetime.combine(day, dt.time(7)).replace(tzinfo=tz),
        recorded_by=world.users["caregiver"],
    )
    return meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="half",
        occurred_at=dt.datetime.combine(day, dt.time(11, 30)).replace(tzinfo=tz),
        recorded_by=world.users["caregiver"],
        note=note,
    )


def test_edit_page_starts_from_the_stored_values(world, client_as):
    """The meal's edit form shows what is stored: amount 'half' selected, the note, 11:30."""
    meal = _yesterdays_lunch(world, note="不爱吃胡萝卜")
    client = client_as("caregiver")
    form = client.get(reverse("record_edit", args=["meal", meal.pk])).context["form"]
    assert (form["amount_eaten"].value(), form["note"].value(), str(form["time"].value())) == (
        "half",
        "不爱吃胡萝卜",
        "11:30:00",
    )


def test_caregiver_of_another_room_is_refused_its_forms_on_opening(world, client_as):
    """Room A1's caregiver opening room A2's forms (absence, check, sleep at home, meals, check
    round) gets the 403 page the save would give, not a form that cannot be saved."""
    client = client_as("caregiver")
    urls = [
        reverse("absence_new", args=[world.child_a2.pk]),
        reverse("check_record", args=[world.child_a2.pk, "noon"]),
        reverse("sleep_at_home", args=[world.child_a2.pk]),
        reverse("classroom_meals", args=[world.room_a2.pk]),
        reverse("check_round", args=[world.room_a2.pk, "morning"]),
    ]
    assert [client.get(url).status_code for url in urls] == [403] * 5
