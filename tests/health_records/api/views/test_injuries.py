"""Injury follow-up through the API: the follow-up service's rules of who may write what, on
its own endpoint and through the incident's PATCH; versions (409/412) and refused edits."""

from __future__ import annotations

import pytest

from health_records.models import AccessLog, EditConflict, InjuryIncident
from health_records.services.injury import injury_incident_record
from tests.factories import StaffMembershipFactory, UserFactory

from ..conftest import at_local


@pytest.fixture
def incident(world, stay_a1, yesterday) -> InjuryIncident:
    """A minor graze of child_a1 at 10:00 yesterday, recorded by room A1's caregiver."""
    return injury_incident_record(
        child=world.child_a1,
        occurred_at=at_local(world, yesterday, 10),
        place="滑梯",
        description="擦伤",
        body_part="左膝",
        severity="minor",
        first_aid="碘伏消毒",
        recorded_by=world.users["caregiver"],
    )


def follow_up_url(incident: InjuryIncident) -> str:
    return f"/api/v1/injuries/{incident.pk}/follow-up/"


def test_recording_caregiver_adds_follow_up_and_informed_time(world, api_as, incident, yesterday):
    """The caregiver who recorded it: follow-up text and 10:20 informed → 200, version 2, the
    review untouched, ETag "2"."""
    informed = at_local(world, yesterday, 10, 20)
    response = api_as("caregiver").patch(
        follow_up_url(incident),
        {"version": 1, "follow_up": "已电话告知家长", "parent_informed_at": informed.isoformat()},
        format="json",
    )
    body = response.json()
    assert (response.status_code, response["ETag"]) == (200, '"2"')
    assert (body["follow_up"], body["parent_informed_at"], body["outcome"], body["version"]) == (
        "已电话告知家长",
        informed.isoformat(),
        "",
        2,
    )


def test_caregiver_cannot_write_the_medical_review(world, api_as, incident):
    """A review by the recording caregiver → 403 medical_only; nothing saved."""
    response = api_as("caregiver").patch(
        follow_up_url(incident), {"version": 1, "outcome": "recovered"}, format="json"
    )
    incident.refresh_from_db()
    assert (response.status_code, response.json()["code"], incident.version) == (
        403,
        "medical_only",
        1,
    )


def test_doctor_reviews_and_is_stamped(world, api_as, incident):
    """The doctor's review and outcome: 200, reviewed_by the doctor; the follow-up text kept."""
    response = api_as("doctor").patch(
        follow_up_url(incident),
        {"version": 1, "review_note": "复查伤口愈合", "outcome": "recovered"},
        format="json",
    )
    body = response.json()
    assert (body["review_note"], body["outcome"], body["reviewed_by"], body["follow_up"]) == (
        "复查伤口愈合",
        "recovered",
        world.users["doctor"].pk,
        "",
    )


def test_the_incidents_patch_routes_a_review_through_the_follow_up_rules(world, api_as, incident):
    """The generic PATCH is no way round the rules: a caregiver's outcome there → 403
    medical_only, nothing saved."""
    response = api_as("caregiver").patch(
        f"/api/v1/injuries/{incident.pk}/", {"version": 1, "outcome": "recovered"}, format="json"
    )
    incident.refresh_from_db()
    assert (response.status_code, response.json()["code"], incident.outcome) == (
        403,
        "medical_only",
        "",
    )


def test_another_caregiver_cannot_follow_up_through_the_incidents_patch(world, api_as, incident):
    """A second caregiver of room A1 (did not record it) sending follow-up text to the generic
    PATCH → 403 not_your_incident; the follow-up stays empty."""
    other = StaffMembershipFactory(user=UserFactory(), centre=world.centre_a, role="caregiver")
    other.classrooms.set([world.room_a1])
    client = api_as("anonymous")
    client.force_login(other.user)
    response = client.patch(
        f"/api/v1/injuries/{incident.pk}/", {"version": 1, "follow_up": "已告知"}, format="json"
    )
    incident.refresh_from_db()
    assert (response.status_code, response.json()["code"], incident.follow_up) == (
        403,
        "not_your_incident",
        "",
    )


def test_follow_up_and_a_correction_together_are_refused(world, api_as, incident):
    """Follow-up text with a description change in one PATCH → 400 follow_up_separately."""
    response = api_as("nurse").patch(
        f"/api/v1/injuries/{incident.pk}/",
        {"version": 1, "follow_up": "已告知", "description": "右膝擦伤"},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "follow_up_separately")


def test_the_incidents_patch_still_corrects_the_first_aid(world, api_as, incident):
    """A correction alone goes to injury_incident_update: 200, version 2."""
    response = api_as("nurse").patch(
        f"/api/v1/injuries/{incident.pk}/", {"version": 1, "first_aid": "冷敷"}, format="json"
    )
    assert (response.json()["first_aid"], response.json()["version"]) == ("冷敷", 2)


def test_stale_follow_up_is_409_and_leaves_a_refused_edit(world, api_as, incident):
    """The nurse saves version 2; the doctor's follow-up from version 1 → 409, one EditConflict
    naming the doctor and version 1; the nurse's text stays."""
    api_as("nurse").patch(
        follow_up_url(incident), {"version": 1, "follow_up": "已告知"}, format="json"
    )
    response = api_as("doctor").patch(
        follow_up_url(incident), {"version": 1, "follow_up": "复查"}, format="json"
    )
    conflict = EditConflict.objects.get()
    incident.refresh_from_db()
    assert (response.status_code, conflict.attempted_by, conflict.expected_version) == (
        409,
        world.users["doctor"],
        1,
    )
    assert incident.follow_up == "已告知"


def test_stale_if_match_is_412(world, api_as, incident):
    """If-Match "1" after version 2 was saved → 412 precondition_failed, nothing saved."""
    api_as("nurse").patch(
        follow_up_url(incident), {"version": 1, "follow_up": "已告知"}, format="json"
    )
    response = api_as("doctor").patch(
        follow_up_url(incident), {"follow_up": "复查"}, format="json", HTTP_IF_MATCH='"1"'
    )
    incident.refresh_from_db()
    assert (response.status_code, response.json()["code"], incident.follow_up) == (
        412,
        "precondition_failed",
        "已告知",
    )


def test_get_answers_the_etag_and_is_logged(world, api_as, incident):
    """GET of the follow-up: 200 with ETag "1", one access-log row api_injury_follow_up."""
    response = api_as("nurse").get(follow_up_url(incident))
    rows = list(AccessLog.objects.values_list("child_id", "what"))
    assert (response.status_code, response["ETag"], rows) == (
        200,
        '"1"',
        [(world.child_a1.pk, "api_injury_follow_up")],
    )


def test_parent_gets_404_on_the_follow_up(world, api_as, incident):
    """The follow-up is a staff page: the child's own parent gets 404, as on the page."""
    assert api_as("parent_a").get(follow_up_url(incident)).status_code == 404
