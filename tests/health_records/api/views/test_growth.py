"""Growth measurements through the API: recorded and evaluated by the service, corrected with
a version, questioned values need a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from health_records.models import AccessLog, GrowthMeasurement
from health_records.services.growth import growth_measurement_record


def measure(world, day, weight="9.000", child=None):
    return growth_measurement_record(
        child=child or world.child_a1,
        measured_on=day,
        recorded_by=world.users["nurse"],
        weight_kg=weight,
        length_height_cm="75.0",
        position="recumbent",
    )


def test_nurse_records_a_measurement_and_gets_its_evaluation(world, api_as, yesterday):
    """POST: 201 with the values as entered and the WHO evaluation (weight-for-age z)."""
    response = api_as("nurse").post(
        "/api/v1/growth-measurements/",
        {
            "child": str(world.child_a1.pk),
            "measured_on": str(yesterday),
            "weight_kg": "9.250",
            "length_height_cm": "75.5",
            "position": "recumbent",
        },
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["weight_kg"], body["position"]) == (
        201,
        "9.250",
        "recumbent",
    )
    assert isinstance(body["evaluation"]["wfa_z"], float)
    assert "percentile" in body["evaluation"]["indicators"]["wfa"]


def test_caregiver_cannot_record_a_measurement(world, api_as, yesterday):
    """Measuring is for the doctor or a nurse: 403 medical_only, nothing stored."""
    response = api_as("caregiver").post(
        "/api/v1/growth-measurements/",
        {"child": str(world.child_a1.pk), "measured_on": str(yesterday), "weight_kg": "9.1"},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "medical_only")
    assert GrowthMeasurement.objects.count() == 0


def test_questioned_value_lists_the_questions_and_needs_a_reason(world, api_as, yesterday):
    """A weight that jumps implausibly: 400 confirmation_required with the questions under
    fields.confirmed_reason; with a reason it is kept."""
    measure(world, yesterday - dt.timedelta(days=30), weight="9.000")
    body = {"child": str(world.child_a1.pk), "measured_on": str(yesterday), "weight_kg": "19.0"}
    client = api_as("nurse")
    refused = client.post("/api/v1/growth-measurements/", body, format="json").json()
    assert refused["code"] == "confirmation_required"
    assert len(refused["fields"]["confirmed_reason"]) >= 2
    kept = client.post(
        "/api/v1/growth-measurements/",
        {**body, "confirmed_reason": "Re-weighed twice"},
        format="json",
    )
    assert kept.status_code == 201


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("weight_kg", "3562", "probable_grams"),
        ("length_height_cm", "7550", "probable_millimetres"),
        ("head_circumference_cm", "4550", "probable_millimetres"),
        ("weight_kg", "9.2501", "too_many_decimals"),
    ],
)
def test_unit_slips_get_the_services_message(world, api_as, yesterday, field, value, code):
    """3562 "kg" (grams), 7550 / 4550 "cm" (mm), 4 decimals of kg: 400 with the service's own
    code on the field (as on the web form), not a generic digit-count error."""
    body = {"child": str(world.child_a1.pk), "measured_on": str(yesterday), field: value}
    if field == "length_height_cm":
        body["position"] = "recumbent"
    response = api_as("nurse").post("/api/v1/growth-measurements/", body, format="json")
    assert (response.status_code, response.json()["fields"][field][0]["code"]) == (400, code)
    assert GrowthMeasurement.objects.count() == 0


def test_length_jump_through_the_api_needs_a_reason(world, api_as, yesterday):
    """75.0 cm then 81.0 cm 15 days later: 400 confirmation_required (length_gain_implausible)."""
    measure(world, yesterday - dt.timedelta(days=15))
    body = {
        "child": str(world.child_a1.pk),
        "measured_on": str(yesterday),
        "length_height_cm": "81.0",
        "position": "recumbent",
    }
    refused = api_as("nurse").post("/api/v1/growth-measurements/", body, format="json").json()
    codes = [item["code"] for item in refused["fields"]["confirmed_reason"]]
    assert (refused["code"], "length_gain_implausible" in codes) == ("confirmation_required", True)


def test_stale_correction_is_409(world, api_as, yesterday):
    """Two corrections from version 1: the second is 409 and the first value stays."""
    measurement = measure(world, yesterday)
    client = api_as("nurse")
    url = f"/api/v1/growth-measurements/{measurement.pk}/"
    first = client.patch(url, {"version": 1, "weight_kg": "9.100"}, format="json")
    assert first.status_code == 200
    response = client.patch(url, {"version": 1, "weight_kg": "9.900"}, format="json")
    assert response.status_code == 409
    measurement.refresh_from_db()
    assert str(measurement.weight_kg) == "9.100"


def test_parent_sees_only_their_childs_measurements(world, api_as, yesterday):
    """parent_b's list has child_a2's measurement only."""
    measure(world, yesterday)
    measure(world, yesterday, child=world.child_a2)
    rows = api_as("parent_b").get("/api/v1/growth-measurements/").json()["results"]
    assert [row["child"] for row in rows] == [str(world.child_a2.pk)]


def test_measurement_list_query_count_is_constant(world, api_as, yesterday):
    """1 vs 6 measurements with evaluations: the same number of queries."""
    client = api_as("nurse")
    measure(world, yesterday)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/growth-measurements/")
    small_count = len(small)  # read now: the next request resets the connection's query log
    for days in range(1, 6):
        measure(world, yesterday - dt.timedelta(days=30 * days))
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/growth-measurements/")
    assert (small_count > 3, len(large)) == (True, small_count)


def test_growth_chart_has_curves_and_the_childs_points(world, api_as, yesterday):
    """Weight-for-age (WHO, z-score lines −3…+3): 5 lines, one point per measurement; logged."""
    measure(world, yesterday - dt.timedelta(days=60))
    measure(world, yesterday, weight="9.400")
    response = api_as("parent_a").get(
        f"/api/v1/children/{world.child_a1.pk}/growth-chart/?indicator=wfa&kind=sd"
    )
    body = response.json()
    assert (body["indicator"], body["x_axis"], len(body["points"])) == ("wfa", "age_months", 2)
    assert [line["z"] for line in body["curves"]["lines"]] == [-3.0, -2.0, 0.0, 2.0, 3.0]
    assert AccessLog.objects.filter(what="api_growth_chart", child=world.child_a1).count() == 1


def test_growth_chart_refuses_an_unknown_indicator(world, api_as):
    """?indicator=height: 400 invalid_choice on indicator."""
    response = api_as("nurse").get(
        f"/api/v1/children/{world.child_a1.pk}/growth-chart/?indicator=height"
    )
    assert response.json()["fields"]["indicator"][0]["code"] == "invalid_choice"
