"""Alerts through the API: who reads them, acknowledge/triage/resolve through the services."""

from __future__ import annotations

from health_records.models import AlertState
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


def test_triage_action_needs_an_action(world, api_as, yesterday):
    """kind=action without action: 400 action_required on the action field."""
    alert = fever_alert(world, yesterday)
    response = api_as("doctor").post(
        f"/api/v1/alerts/{alert.pk}/triage/", {"kind": "action"}, format="json"
    )
    assert response.json()["fields"]["action"][0]["code"] == "action_required"


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
