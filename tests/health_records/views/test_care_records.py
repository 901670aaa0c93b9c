"""Pages for medication requests and doses, injuries, health checks and the due list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from health_records.models import HealthCheck, MedicationRequest


def test_parent_sends_a_confirmed_medication_request(world, client_as):
    """The guardian's form with two times and the confirmation → one confirmed request."""
    today = timezone.localdate(timezone=world.centre_a.tz).isoformat()
    response = client_as("parent_a").post(
        reverse("medication_request_new", args=[world.child_a1.pk]),
        {
            "drug_name": "布洛芬混悬液",
            "dose": "5 ml",
            "route": "oral",
            "times": "10:00, 14:30",
            "start_date": today,
            "end_date": today,
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    request = MedicationRequest.objects.get()
    assert (request.times, request.status) == (["10:00", "14:30"], "confirmed")


def test_medication_request_with_a_bad_time_shows_the_message(world, client_as):
    """'25:00' is refused on the times field with the value named; nothing stored."""
    today = timezone.localdate(timezone=world.centre_a.tz).isoformat()
    response = client_as("parent_a").post(
        reverse("medication_request_new", args=[world.child_a1.pk]),
        {
            "drug_name": "x",
            "dose": "5 ml",
            "route": "oral",
            "times": "25:00",
            "start_date": today,
            "end_date": today,
            "confirm": "on",
        },
    )
    assert response.status_code == 400
    assert "25:00" in response.content.decode()
    assert not MedicationRequest.objects.exists()


def test_medication_request_for_another_familys_child_is_404(world, client_as):
    """parent_b cannot open child_a1's medication page."""
    response = client_as("parent_b").get(
        reverse("medication_request_new", args=[world.child_a1.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("user", ["nurse", "caregiver"])
def test_medication_doses_page_renders_for_staff(world, client_as, user):
    """The doses page opens for the nurse and a caregiver."""
    assert client_as(user).get(reverse("medication_doses")).status_code == 200


def test_medication_doses_page_is_404_for_parents(world, client_as):
    """Parents have no centre-wide medication page."""
    assert client_as("parent_a").get(reverse("medication_doses")).status_code == 404


def test_caregiver_posting_a_health_check_gets_403(world, client_as):
    """Only the doctor or a nurse records an examination: a caregiver's POST is 403."""
    response = client_as("caregiver").post(
        reverse("health_check_new", args=[world.child_a1.pk]),
        {
            "examined_on": timezone.localdate().isoformat(),
            "check_type": "periodic",
            "vision": "normal",
            "hearing": "normal",
            "conclusion": "正常",
        },
    )
    assert response.status_code == 403
    assert not HealthCheck.objects.exists()


def test_due_list_shows_unexamined_children(world, client_as):
    """The nurse's due list names child_a1 (never examined) and not centre B's child."""
    html = client_as("nurse").get(reverse("health_checks_due")).content.decode()
    assert world.child_a1.full_name in html and world.child_b.full_name not in html


def test_injury_form_renders(world, client_as):
    """The injury form opens for the caregiver."""
    assert (
        client_as("caregiver").get(reverse("injury_new", args=[world.child_a1.pk])).status_code
        == 200
    )


def test_guardian_confirms_a_waiting_request_and_another_parent_cannot(world, client_as):
    """A request awaiting confirmation: parent_b's POST is 404, parent_a's confirms it."""

    from health_records.services.medication import medication_request_create

    today = timezone.localdate(timezone=world.centre_a.tz)
    request = medication_request_create(
        child=world.child_a1,
        requested_by=world.users["parent_a"],
        drug_name="氯雷他定糖浆",
        dose="2.5 ml",
        times=[dt.time(9, 30)],
        start_date=today,
        end_date=today,
    )
    url = reverse("medication_request_confirm", args=[request.pk])
    other = client_as("parent_b").post(url, {"version": "1"})
    own = client_as("parent_a").post(url, {"version": "1"})
    request.refresh_from_db()
    assert (other.status_code, own.status_code, request.status) == (404, 302, "confirmed")


def test_injury_form_posted_twice_stores_one_injury(world, client_as):
    """A double-click: the second identical POST is 400 with the message; one injury stored."""
    from health_records.models import InjuryIncident
    from health_records.services.attendance import attendance_check_in

    attendance_check_in(
        child=world.child_a1,
        at=timezone.now() - dt.timedelta(minutes=1),
        recorded_by=world.users["caregiver"],
    )
    client = client_as("caregiver")
    url = reverse("injury_new", args=[world.child_a1.pk])
    data = {
        "place": "滑梯",
        "description": "擦伤",
        "body_part": "左膝",
        "severity": "minor",
        "first_aid": "清洗伤口",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 400)
    assert "already recorded" in second.content.decode()
    assert InjuryIncident.objects.count() == 1


def test_caregiver_of_another_room_cannot_open_the_injury_form(world, client_as):
    """Room A1's caregiver opening the injury form of room A2's child: 403 with the message,
    as the save would be."""
    response = client_as("caregiver").get(reverse("injury_new", args=[world.child_a2.pk]))
    assert response.status_code == 403
    assert "your own classroom" in response.content.decode()


def test_nurse_records_a_dose_withheld_for_a_child_not_there(world, client_as):
    """A dose 40 minutes ago for a child who never came in: the nurse's "withheld by staff"
    is recorded (302, no error message), so the dose can always be closed."""
    from health_records.models import MedicationAdministration
    from health_records.services.medication import medication_request_create

    local_now = timezone.localtime(timezone.now(), world.centre_a.tz)
    if local_now.hour < 1:
        pytest.skip("needs the dose on today's date")
    dose_at = (local_now - dt.timedelta(minutes=40)).replace(second=0, microsecond=0)
    request = medication_request_create(
        child=world.child_a1,
        requested_by=world.users["parent_a"],
        drug_name="布洛芬混悬液",
        dose="5 ml",
        times=[dose_at.time()],
        start_date=local_now.date(),
        end_date=local_now.date(),
        confirm=True,
    )
    response = client_as("nurse").post(
        reverse("medication_dose_record", args=[request.pk]),
        {"scheduled_for": dose_at.isoformat(), "outcome": "withheld"},
        follow=True,
    )
    assert "not checked in" not in response.content.decode()
    assert MedicationAdministration.objects.get(request=request).outcome == "withheld"


def test_caregiver_opening_the_health_check_form_gets_403(world, client_as):
    """The examination form is the medical team's: a caregiver is refused on opening it."""
    response = client_as("caregiver").get(f"/children/{world.child_a1.pk}/health-checks/new/")
    assert (
        response.status_code,
        "Only the centre doctor or a nurse" in response.content.decode(),
    ) == (
        403,
        True,
    )


def test_staff_opening_the_medication_request_form_gets_403(world, client_as):
    """The medication request is the guardian's instruction: a nurse opening it gets 403; the
    child's parent gets the form."""
    url = f"/children/{world.child_a1.pk}/medication/"
    statuses = (client_as("nurse").get(url).status_code, client_as("parent_a").get(url).status_code)
    assert statuses == (403, 200)


def test_caregiver_opening_another_rooms_flag_form_gets_403(world, client_as):
    """Room A1's caregiver opening the symptom flag form of room A2's child: 403 on opening;
    her own room's child: the form."""
    client = client_as("caregiver")
    statuses = (
        client.get(f"/children/{world.child_a2.pk}/flag/").status_code,
        client.get(f"/children/{world.child_a1.pk}/flag/").status_code,
    )
    assert statuses == (403, 200)
