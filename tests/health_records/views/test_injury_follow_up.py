"""The injury follow-up page: who may open and save it, what it stores, where it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from health_records.models import AccessLog, InjuryIncident
from health_records.services.attendance import attendance_check_in
from health_records.services.injury import injury_incident_record


@pytest.fixture
def incident(world) -> InjuryIncident:
    """child_a1 grazed a knee yesterday at 10:00 (centre time), recorded by room A1's caregiver."""
    tz = world.centre_a.tz
    day = timezone.localdate(timezone=tz) - dt.timedelta(days=1)
    at = dt.datetime.combine(day, dt.time(10)).replace(tzinfo=tz)
    attendance_check_in(
        child=world.child_a1, at=at - dt.timedelta(hours=2), recorded_by=world.users["caregiver"]
    )
    return injury_incident_record(
        child=world.child_a1,
        occurred_at=at,
        place="滑梯",
        description="从滑梯滑下时擦伤",
        body_part="左膝",
        severity="minor",
        first_aid="清洗伤口",
        recorded_by=world.users["caregiver"],
    )


def url(incident) -> str:
    return reverse("injury_follow_up", args=[incident.pk])


def test_doctor_saves_review_and_outcome_through_the_page(world, client_as, incident):
    """The doctor posts a follow-up, a review and 'recovered': stored, version 2, redirected."""
    response = client_as("doctor").post(
        url(incident),
        {
            "version": 1,
            "follow_up": "次日复查无红肿",
            "parent_informed_at": "",
            "review_note": "愈合良好",
            "outcome": "recovered",
        },
    )
    saved = InjuryIncident.objects.get()
    assert response.status_code == 302
    assert (saved.follow_up, saved.outcome, saved.reviewed_by, saved.version) == (
        "次日复查无红肿",
        "recovered",
        world.users["doctor"],
        2,
    )


def test_parent_informed_time_is_read_in_the_centre_time_zone(world, client_as, incident):
    """'…T10:30' typed by the recording caregiver is 10:30 centre time the same day."""
    local = timezone.localtime(incident.occurred_at, world.centre_a.tz)
    client_as("caregiver").post(
        url(incident),
        {"version": 1, "follow_up": "", "parent_informed_at": f"{local:%Y-%m-%d}T10:30"},
    )
    assert InjuryIncident.objects.get().parent_informed_at == local.replace(minute=30)


def test_caregiver_sees_no_review_fields(world, client_as, incident):
    """The recording caregiver's form has the follow-up but no review or outcome fields."""
    html = client_as("caregiver").get(url(incident)).content.decode()
    assert 'name="follow_up"' in html and 'name="outcome"' not in html


def test_informed_before_the_injury_shows_the_message(world, client_as, incident):
    """Informed at 09:00 for a 10:00 injury → 400 with the message on the field; not saved."""
    local = timezone.localtime(incident.occurred_at, world.centre_a.tz)
    response = client_as("nurse").post(
        url(incident),
        {"version": 1, "follow_up": "", "parent_informed_at": f"{local:%Y-%m-%d}T09:00"},
    )
    assert response.status_code == 400
    assert "The parent was informed before the injury happened." in response.content.decode()
    assert InjuryIncident.objects.get().version == 1


def test_stale_version_is_409(world, client_as, incident):
    """A post based on version 1 after another save → 409 with the conflict message."""
    client_as("nurse").post(url(incident), {"version": 1, "follow_up": "已告知"})
    response = client_as("doctor").post(url(incident), {"version": 1, "follow_up": "另一条"})
    assert response.status_code == 409
    assert InjuryIncident.objects.get().follow_up == "已告知"


@pytest.mark.parametrize("user", ["nurse_b", "parent_a"])
def test_other_centre_and_parents_get_404(world, client_as, incident, user):
    """Centre B's nurse and even the child's own parent → 404 (a staff page)."""
    assert client_as(user).get(url(incident)).status_code == 404


def test_another_caregiver_gets_403(world, client_as, incident):
    """A caregiver of the room who did not record the injury may open it but not save: 403."""
    from tests.factories import StaffMembershipFactory, UserFactory

    other = StaffMembershipFactory(
        user=UserFactory(username="caregiver_2"), centre=world.centre_a, role="caregiver"
    )
    other.classrooms.set([world.room_a1])
    world.users["caregiver_2"] = other.user
    response = client_as("caregiver_2").post(url(incident), {"version": 1, "follow_up": "x"})
    assert response.status_code == 403


def test_page_read_is_logged(world, client_as, incident):
    """Opening the follow-up page writes an access-log row for the child."""
    client_as("nurse").get(url(incident))
    assert AccessLog.objects.filter(what="injury_follow_up", child=world.child_a1).count() == 1


def test_child_page_lists_the_injury_with_its_follow_up(world, client_as, incident):
    """After the review, the child's page shows the follow-up, the outcome and the link."""
    client_as("doctor").post(
        url(incident),
        {"version": 1, "follow_up": "次日复查", "review_note": "", "outcome": "recovered"},
    )
    html = client_as("nurse").get(reverse("child_detail", args=[world.child_a1.pk])).content
    page = html.decode()
    assert "次日复查" in page and "Recovered" in page and url(incident) in page


def test_parent_sees_the_injury_without_the_follow_up_link(world, client_as, incident):
    """The parent's view of the child's page lists the injury but offers no staff link."""
    page = client_as("parent_a").get(reverse("child_detail", args=[world.child_a1.pk]))
    html = page.content.decode()
    assert "左膝" in html and url(incident) not in html


def test_stale_save_is_409_and_shows_as_refused_in_the_history(world, client_as, incident):
    """The doctor saves version 2; the nurse's form from version 1 → 409, and the page's
    history shows the nurse's refused edit with the text she tried."""
    body = {"version": 1, "parent_informed_at": "", "review_note": "", "outcome": ""}
    client_as("doctor").post(url(incident), {**body, "follow_up": "次日复查无红肿"})
    response = client_as("nurse").post(url(incident), {**body, "follow_up": "家长已知悉"})
    page = response.content.decode()
    history = page[page.index("daytimeline") :]
    assert (response.status_code, "Edit refused" in history, "家长已知悉" in history) == (
        409,
        True,
        True,
    )
