"""Medication requests (guardian only, confirmed) and dose records; the overdue list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import Alert, AlertDelivery, Attendance, EditConflict
from health_records.selectors.access import viewer_for
from health_records.selectors.medication import dose_status, medication_doses_for_day
from health_records.services.alerts import alert_resolve
from health_records.services.attendance import attendance_check_in
from health_records.services.medication import (
    medication_administration_record,
    medication_missed_doses_alert,
    medication_request_cancel,
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


# --- Missed doses: alerts 30 minutes after the time (issue 5) ---------------------------------


class Clock:
    """``timezone.now`` pinned to a moment the test moves (``clock.at(9, 31)``, centre-local)."""

    def __init__(self, monkeypatch, tz, day):
        self.tz, self.day = tz, day
        self.now = self.local(8)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def local(self, hour, minute=0, tz=None):
        return dt.datetime.combine(self.day, dt.time(hour, minute)).replace(tzinfo=tz or self.tz)

    def at(self, hour, minute=0, tz=None):
        self.now = self.local(hour, minute, tz)
        return self.now


@pytest.fixture
def clock(world, monkeypatch):
    """Tomorrow (centre A) at 08:00 — a day on which every request below may start."""
    tomorrow = timezone.localdate(timezone=world.centre_a.tz) + dt.timedelta(days=1)
    return Clock(monkeypatch, world.centre_a.tz, tomorrow)


def nine_oclock_dose(world, clock, child="child_a1", parent="parent_a", checked_in_by="nurse"):
    """The child checked in at 07:30 and a confirmed request for one dose at 09:00 that day."""
    child_obj = getattr(world, child)
    attendance_check_in(
        child=child_obj,
        at=clock.local(7, 30, child_obj.centre.tz),
        recorded_by=world.users[checked_in_by],
    )
    return medication_request_create(
        child=child_obj,
        requested_by=world.users[parent],
        drug_name="阿莫西林颗粒",
        dose="1 袋",
        times=[dt.time(9)],
        start_date=clock.day,
        end_date=clock.day,
        confirm=True,
    )


def test_no_missed_dose_alert_29_minutes_after(world, clock):
    """09:00 dose, nothing recorded, checked at 09:29: no alert yet."""
    nine_oclock_dose(world, clock)
    assert medication_missed_doses_alert(now=clock.at(9, 29)) == []
    assert not Alert.objects.exists()


def test_missed_dose_alert_31_minutes_after(world, clock):
    """Checked at 09:31: one urgent medication_missed alert for child_a1, its source the
    request, its key naming request and dose (01:00 UTC), title "…(due 09:00)"."""
    request = nine_oclock_dose(world, clock)
    (alert,) = medication_missed_doses_alert(now=clock.at(9, 31))
    with translation.override("en"):
        headline = alert.headline()
    assert (alert.kind, alert.severity, alert.child, alert.source) == (
        "medication_missed",
        "urgent",
        world.child_a1,
        request,
    )
    assert alert.dedup_key == f"medication_missed:{request.pk}:{clock.day:%Y%m%d}T0100Z"
    assert headline == "Medication dose not recorded (due 09:00)"


def test_missed_dose_title_reads_in_chinese(world, clock):
    """The same alert on a zh-hans page: "服药未记录（应于 09:00 服用）"."""
    nine_oclock_dose(world, clock)
    (alert,) = medication_missed_doses_alert(now=clock.at(9, 31))
    with translation.override("zh-hans"):
        assert alert.headline() == "服药未记录（应于 09:00 服用）"


def test_missed_dose_check_run_twice_raises_one_alert(world, clock):
    """09:31 then 09:32: the second run raises nothing; one alert, raised once."""
    nine_oclock_dose(world, clock)
    first = medication_missed_doses_alert(now=clock.at(9, 31))
    second = medication_missed_doses_alert(now=clock.at(9, 32))
    assert (len(first), second, Alert.objects.get().occurrences) == (1, [], 1)


def test_hand_resolved_missed_dose_is_not_raised_again(world, clock):
    """The nurse resolves the alert without recording the dose: later runs leave it resolved
    and raise no new alert for that dose."""
    nine_oclock_dose(world, clock)
    (alert,) = medication_missed_doses_alert(now=clock.at(9, 31))
    alert_resolve(alert=alert, by=world.users["nurse"], note="given by the guardian at pick-up")
    assert medication_missed_doses_alert(now=clock.at(9, 40)) == []
    assert Alert.objects.count() == 1


def test_recorded_dose_raises_no_alert(world, clock):
    """The dose recorded at 09:10: no alert at 09:31."""
    request = nine_oclock_dose(world, clock)
    clock.at(9, 10)
    medication_administration_record(
        request=request,
        scheduled_for=clock.local(9),
        given_at=clock.local(9, 10),
        outcome="given",
        recorded_by=world.users["nurse"],
    )
    assert medication_missed_doses_alert(now=clock.at(9, 31)) == []


def test_dose_recorded_late_resolves_the_alert_with_a_note(world, clock):
    """Alerted at 09:31, the dose given and recorded at 09:41: the alert is resolved by the
    system, its last timeline note "Dose recorded at 09:41: given." (Chinese for zh-hans)."""
    request = nine_oclock_dose(world, clock)
    (alert,) = medication_missed_doses_alert(now=clock.at(9, 31))
    clock.at(9, 41)
    medication_administration_record(
        request=request,
        scheduled_for=clock.local(9),
        given_at=clock.local(9, 41),
        outcome="given",
        recorded_by=world.users["caregiver"],
    )
    alert.refresh_from_db()
    entry = alert.timeline.order_by("at").last()
    with translation.override("en"):
        english = entry.note_text()
    with translation.override("zh-hans"):
        chinese = entry.note_text()
    assert (alert.state, alert.resolved_by, entry.kind) == ("resolved", None, "resolved")
    assert (english, chinese) == ("Dose recorded at 09:41: given.", "09:41 已记录服药：已服用。")


def test_other_centres_missed_dose_stays_in_that_centre(world, clock):
    """Only centre B's child misses a 09:00 dose: one alert, centre B's, paged to centre B's
    nurse only; nothing for centre A."""
    nine_oclock_dose(world, clock, child="child_b", parent="parent_c", checked_in_by="nurse_b")
    (alert,) = medication_missed_doses_alert(now=clock.at(9, 31))
    recipients = {d.recipient_user for d in AlertDelivery.objects.filter(alert=alert)}
    assert (alert.centre, recipients) == (world.centre_b, {world.users["nurse_b"]})


def test_missed_dose_uses_the_centres_time_zone(world, clock):
    """Centre B in London: its 09:00 dose is 17:00 in Shanghai. At 09:31 Shanghai time nothing
    is missed yet; at 09:31 London time it is."""
    world.centre_b.time_zone = "Europe/London"
    world.centre_b.save()
    world.child_b.refresh_from_db()
    london = world.centre_b.tz
    clock.at(8, tz=london)
    nine_oclock_dose(world, clock, child="child_b", parent="parent_c", checked_in_by="nurse_b")
    early = medication_missed_doses_alert(now=clock.local(9, 31))
    late = medication_missed_doses_alert(now=clock.at(9, 31, tz=london))
    assert (early, len(late)) == ([], 1)


def test_cancelled_request_raises_no_alert(world, clock):
    """The guardian withdraws the request at 08:30: no alert at 09:31."""
    request = nine_oclock_dose(world, clock)
    clock.at(8, 30)
    medication_request_cancel(request=request, guardian=world.users["parent_a"], expected_version=1)
    assert medication_missed_doses_alert(now=clock.at(9, 31)) == []


def test_finished_request_raises_no_alert(world, clock):
    """A one-day course that ended yesterday: nothing missed at 09:31 today."""
    nine_oclock_dose(world, clock)
    assert medication_missed_doses_alert(now=clock.local(9, 31) + dt.timedelta(days=1)) == []


def test_absent_child_raises_no_alert(world, clock):
    """A confirmed 09:00 dose but the child never came in: no alert (taken at home)."""
    medication_request_create(
        child=world.child_a1,
        requested_by=world.users["parent_a"],
        drug_name="阿莫西林颗粒",
        dose="1 袋",
        times=[dt.time(9)],
        start_date=clock.day,
        end_date=clock.day,
        confirm=True,
    )
    assert medication_missed_doses_alert(now=clock.at(9, 31)) == []


def test_missed_dose_check_reads_in_four_queries(world, clock):
    """Two children with a 09:00 dose who never came in: nothing to alert, and the check reads
    requests, doses recorded, alerts and stays in four queries in all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for child, parent in (("child_a1", "parent_a"), ("child_a2", "parent_b")):
        medication_request_create(
            child=getattr(world, child),
            requested_by=world.users[parent],
            drug_name="阿莫西林颗粒",
            dose="1 袋",
            times=[dt.time(9)],
            start_date=clock.day,
            end_date=clock.day,
            confirm=True,
        )
    clock.at(9, 31)
    with CaptureQueriesContext(connection) as queries:
        assert medication_missed_doses_alert() == []
    assert len(queries) == 4


def test_refused_confirmation_is_recorded(world, today):
    """The guardian cancels a waiting request (version 2); a confirmation from another tab
    still showing version 1 is refused and leaves one EditConflict naming the guardian and
    version 1; the request stays cancelled."""
    request = request_for(world, today, confirm=False)
    medication_request_cancel(request=request, guardian=world.users["parent_a"], expected_version=1)
    with pytest.raises(ConflictError):
        medication_request_confirm(
            request=request, guardian=world.users["parent_a"], expected_version=1
        )
    conflict = EditConflict.objects.get()
    request.refresh_from_db()
    assert (
        conflict.record,
        conflict.attempted_by,
        conflict.expected_version,
        conflict.stored_version,
        request.status,
    ) == (request, world.users["parent_a"], 1, 2, "cancelled")


def test_stay_left_open_yesterday_raises_no_alert_today(world, clock):
    """Checked in yesterday and never checked out, not checked in today: the forgotten
    check-out does not make the child present at today's 09:00 dose, so no alert."""
    clock.at(8)
    attendance_check_in(
        child=world.child_a1,
        at=clock.local(7, 30) - dt.timedelta(days=1),
        recorded_by=world.users["nurse"],
    )
    medication_request_create(
        child=world.child_a1,
        requested_by=world.users["parent_a"],
        drug_name="阿莫西林颗粒",
        dose="1 袋",
        times=[dt.time(9)],
        start_date=clock.day,
        end_date=clock.day,
        confirm=True,
    )
    assert medication_missed_doses_alert(now=clock.at(9, 31)) == []


def test_dose_withheld_after_the_child_went_home_resolves_the_alert(world, clock):
    """Alerted at 09:31; the child is collected at 09:35; at 09:41 the nurse records the dose
    as withheld by staff: recorded although the child is not there, and the alert resolved."""
    from health_records.services.attendance import attendance_check_out, authorised_pickup_add

    request = nine_oclock_dose(world, clock)
    (alert,) = medication_missed_doses_alert(now=clock.at(9, 31))
    stay = Attendance.objects.get(child=world.child_a1)
    clock.at(9, 35)
    attendance_check_out(
        attendance=stay,
        at=clock.local(9, 35),
        picked_up_by=authorised_pickup_add(
            child=world.child_a1, name="王妈妈", relationship="母亲", added_by=world.users["nurse"]
        ),
        recorded_by=world.users["nurse"],
        expected_version=stay.version,
    )
    dose = medication_administration_record(
        request=request,
        scheduled_for=clock.local(9),
        given_at=clock.at(9, 41),
        outcome="withheld",
        recorded_by=world.users["nurse"],
    )
    alert.refresh_from_db()
    assert (dose.outcome, alert.state) == ("withheld", "resolved")


def test_dose_given_to_a_child_not_there_is_refused(world, clock):
    """The child never came in: "given" at 09:41 is refused (child_not_present), nothing
    stored; "withheld" for the same dose is recorded."""
    request = medication_request_create(
        child=world.child_a1,
        requested_by=world.users["parent_a"],
        drug_name="阿莫西林颗粒",
        dose="1 袋",
        times=[dt.time(9)],
        start_date=clock.day,
        end_date=clock.day,
        confirm=True,
    )
    values = {"request": request, "scheduled_for": clock.local(9), "given_at": clock.at(9, 41)}
    with pytest.raises(DomainError) as refused:
        medication_administration_record(
            outcome="given", recorded_by=world.users["nurse"], **values
        )
    withheld = medication_administration_record(
        outcome="withheld", recorded_by=world.users["nurse"], **values
    )
    assert (refused.value.code, withheld.outcome) == ("child_not_present", "withheld")
