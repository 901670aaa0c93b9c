"""Alerts through the API: who reads them, acknowledge/triage/resolve through the services."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from health_records.models import AccessLog, AlertState
from health_records.services.alerts import (
    alert_action_record,
    alert_assessment_add,
    alert_resolve,
    alert_vitals_record,
)
from health_records.services.symptoms import symptom_flag_raise

from ..conftest import at_local


def fever_alert(world, yesterday):
    flag = symptom_flag_raise(
        child=world.child_a1,
        symptom="fever",
        severity="moderate",
        observed_at=at_local(world, yesterday, 10),
        raised_by=world.users["nurse"],
    )
    return flag.alert


def test_nurse_lists_the_centre_alert(world, api_as, yesterday):
    """The fever alert of child_a1 is in the nurse's list."""
    alert = fever_alert(world, yesterday)
    rows = api_as("nurse").get("/api/v1/alerts/").json()["results"]
    assert [row["id"] for row in rows] == [str(alert.pk)]


def test_caregiver_and_other_centre_see_no_alert(world, api_as, yesterday):
    """Caregivers do not triage; nurse_b is elsewhere: empty lists, 404 on the alert."""
    alert = fever_alert(world, yesterday)
    for user in ("caregiver", "nurse_b"):
        assert api_as(user).get("/api/v1/alerts/").json()["count"] == 0
        assert api_as(user).get(f"/api/v1/alerts/{alert.pk}/").status_code == 404


def test_parent_reads_their_childs_alert_but_cannot_acknowledge(world, api_as, yesterday):
    """parent_a sees the alert; acknowledging it is 403 not_medical_team."""
    alert = fever_alert(world, yesterday)
    client = api_as("parent_a")
    assert client.get(f"/api/v1/alerts/{alert.pk}/").status_code == 200
    response = client.post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "not_medical_team")


def test_acknowledge_then_triage_then_resolve(world, api_as, yesterday):
    """The nurse acknowledges, records vitals, resolves: state resolved, vitals stored."""
    alert = fever_alert(world, yesterday)
    client = api_as("nurse")
    base = f"/api/v1/alerts/{alert.pk}"
    assert client.post(f"{base}/acknowledge/", {}, format="json").json()["state"] == (
        AlertState.ACKNOWLEDGED
    )
    entry = client.post(
        f"{base}/triage/", {"kind": "vitals", "temperature_c": "38.4"}, format="json"
    ).json()
    assert entry["temperature_c"] == "38.4"
    resolved = client.post(f"{base}/resolve/", {"note": "Fever down"}, format="json").json()
    assert resolved["state"] == AlertState.RESOLVED


def test_triage_vitals_in_fahrenheit_is_400_with_its_code(world, api_as, yesterday):
    """100.4 (°F) as vitals: 400 temperature_fahrenheit on temperature_c."""
    alert = fever_alert(world, yesterday)
    response = api_as("nurse").post(
        f"/api/v1/alerts/{alert.pk}/triage/",
        {"kind": "vitals", "temperature_c": "100.4"},
        format="json",
    )
    assert (response.status_code, response.json()["fields"]["temperature_c"][0]["code"]) == (
        400,
        "temperature_fahrenheit",
    )


def test_triage_action_needs_an_action(world, api_as, yesterday):
    """kind=action without action: 400 action_required on the action field."""
    alert = fever_alert(world, yesterday)
    response = api_as("doctor").post(
        f"/api/v1/alerts/{alert.pk}/triage/", {"kind": "action"}, format="json"
    )
    assert response.json()["fields"]["action"][0]["code"] == "action_required"


def triaged_alert(world, yesterday, assessments: int = 1):
    """The fever alert, assessed (``assessments`` notes), vitals taken, sent home, resolved."""
    alert = fever_alert(world, yesterday)
    nurse = world.users["nurse"]
    for number in range(assessments):
        alert_assessment_add(alert=alert, by=nurse, note=f"Flushed, note {number}")
    alert_vitals_record(alert=alert, by=nurse, temperature_c=Decimal("38.6"))
    alert_action_record(alert=alert, by=nurse, action="send_home", note="Mother called")
    alert_resolve(alert=alert, by=nurse, note="Gone home")
    return alert


def test_nurse_reads_the_whole_timeline(world, api_as, yesterday):
    """The medical team: every entry in time order, with who, notes and vitals."""
    alert = triaged_alert(world, yesterday)
    rows = api_as("nurse").get(f"/api/v1/alerts/{alert.pk}/timeline/").json()
    kinds = [row["kind"] for row in rows]
    assert kinds[0] == "raised"
    assert {"assessment", "vitals", "action", "resolved"} <= set(kinds)
    vitals = next(row for row in rows if row["kind"] == "vitals")
    assert (vitals["temperature_c"], vitals["by"]) == ("38.6", world.users["nurse"].pk)


def test_guardian_reads_only_what_their_alert_page_shows(world, api_as, yesterday):
    """parent_a: raised, the action, resolved; no names, notes or vitals."""
    alert = triaged_alert(world, yesterday)
    rows = api_as("parent_a").get(f"/api/v1/alerts/{alert.pk}/timeline/").json()
    assert [(row["kind"], row["action"]) for row in rows] == [
        ("raised", ""),
        ("action", "send_home"),
        ("resolved", ""),
    ]
    assert {(row["by"], row["note"], row["temperature_c"]) for row in rows} == {(None, "", None)}


def test_timeline_is_404_where_the_alert_is(world, api_as, yesterday):
    """Caregiver, another centre's nurse, another family: 404, as the alert itself."""
    alert = triaged_alert(world, yesterday)
    statuses = {
        user: api_as(user).get(f"/api/v1/alerts/{alert.pk}/timeline/").status_code
        for user in ("caregiver", "nurse_b", "parent_b")
    }
    assert statuses == {"caregiver": 404, "nurse_b": 404, "parent_b": 404}


def test_timeline_read_is_logged(world, api_as, yesterday):
    """One access-log row for the child of the alert."""
    alert = triaged_alert(world, yesterday)
    api_as("doctor").get(f"/api/v1/alerts/{alert.pk}/timeline/")
    logs = AccessLog.objects.filter(what="api_alert_timeline")
    assert [log.child_id for log in logs] == [world.child_a1.pk]


def test_timeline_query_count_is_constant(world, api_as, yesterday):
    """1 vs 11 assessments on the timeline: the same number of queries."""
    alert = fever_alert(world, yesterday)
    alert_assessment_add(alert=alert, by=world.users["nurse"], note="first")
    client = api_as("nurse")
    small = _queries(client, f"/api/v1/alerts/{alert.pk}/timeline/")
    for number in range(10):
        alert_assessment_add(alert=alert, by=world.users["doctor"], note=f"more {number}")
    large = _queries(client, f"/api/v1/alerts/{alert.pk}/timeline/")
    assert (small > 3, large) == (True, small)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_caregiver_flagging_another_rooms_child_gets_403(world, api_as, yesterday):
    """The A1 caregiver flags child_a2 (visible, room A2): 403 not_your_classroom with the
    translated message; no flag and no alert stored."""
    from health_records.models import Alert, SymptomFlag

    response = api_as("caregiver", "zh-hans").post(
        "/api/v1/symptom-flags/",
        {
            "child": str(world.child_a2.pk),
            "symptom": "fever",
            "severity": "moderate",
            "observed_at": at_local(world, yesterday, 10).isoformat(),
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "not_your_classroom")
    assert response.json()["detail"] == "您只能为自己班级的婴幼儿上报症状。"
    assert (SymptomFlag.objects.count(), Alert.objects.count()) == (0, 0)
