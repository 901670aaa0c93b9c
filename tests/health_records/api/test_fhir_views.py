"""FHIR ``$everything``: staff of the centre only, a Bundle that validates (fhir.resources R4B),
LOINC codes and UCUM units, derivedFrom links, access log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fhir.resources.R4B.bundle import Bundle

from health_records.models import AccessLog
from health_records.services.checks import daily_health_check_record
from health_records.services.growth import growth_measurement_record
from health_records.services.health_check import health_check_record

from .conftest import at_local


def url(child) -> str:
    return f"/fhir/Patient/{child.pk}/$everything"


@pytest.fixture
def records_a1(world, stay_a1, yesterday):
    """child_a1: two measurements (lying length), a morning check (38.1 °C), haemoglobin."""
    nurse = world.users["nurse"]
    for months_ago, weight, length, head in (
        (3, "8.1", "70.2", "44.0"),
        (0, "9.0", "74.5", "45.1"),
    ):
        growth_measurement_record(
            child=world.child_a1,
            measured_on=yesterday - dt.timedelta(days=30 * months_ago),
            recorded_by=nurse,
            weight_kg=weight,
            length_height_cm=length,
            position="recumbent",
            head_circumference_cm=head,
        )
    daily_health_check_record(
        child=world.child_a1,
        session="morning",
        checked_at=at_local(world, yesterday, 8),
        temperature_c="38.1",
        outcome="watch",
        recorded_by=nurse,
    )
    health_check_record(
        child=world.child_a1,
        examined_on=yesterday,
        check_type="periodic",
        conclusion="Well",
        recorded_by=nurse,
        haemoglobin_g_per_l=Decimal("118"),
    )


def observations(bundle: dict, code: str) -> list[dict]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and any(c["code"] == code for c in e["resource"]["code"]["coding"])
    ]


def test_everything_bundle_validates_with_fhir_resources(world, api_as, records_a1):
    """The Bundle parses as a FHIR R4B Bundle (fhir.resources) without errors."""
    response = api_as("nurse").get(url(world.child_a1))
    assert response.status_code == 200
    Bundle.model_validate(response.json())


def test_everything_is_served_as_fhir_json(world, api_as, records_a1):
    """Content type application/fhir+json; the Patient comes first as the match."""
    response = api_as("doctor").get(url(world.child_a1))
    assert response["Content-Type"].startswith("application/fhir+json")
    first = response.json()["entry"][0]
    assert (first["resource"]["resourceType"], first["search"]["mode"]) == ("Patient", "match")


def test_weight_length_head_have_loinc_codes_and_ucum_units(world, api_as, records_a1):
    """29463-7 kg, 8306-3 (+8302-2) cm for a lying length, 9843-4 cm: two of each."""
    bundle = api_as("nurse").get(url(world.child_a1)).json()
    units = {
        code: {o["valueQuantity"]["code"] for o in observations(bundle, code)}
        for code in ("29463-7", "8306-3", "8302-2", "9843-4")
    }
    assert units == {"29463-7": {"kg"}, "8306-3": {"cm"}, "8302-2": {"cm"}, "9843-4": {"cm"}}
    assert len(observations(bundle, "29463-7")) == 2


def test_vital_signs_carry_profile_and_category(world, api_as, records_a1):
    """Weight: meta.profile vitalsigns + bodyweight, category vital-signs, subject the Patient."""
    bundle = api_as("nurse").get(url(world.child_a1)).json()
    weight = observations(bundle, "29463-7")[0]
    assert weight["meta"]["profile"] == [
        "http://hl7.org/fhir/StructureDefinition/vitalsigns",
        "http://hl7.org/fhir/StructureDefinition/bodyweight",
    ]
    assert weight["category"][0]["coding"][0]["code"] == "vital-signs"
    assert weight["subject"]["reference"] == f"Patient/{world.child_a1.pk}"


def test_temperature_is_celsius_at_the_axilla(world, api_as, records_a1):
    """8310-5, 38.1 Cel, body site SNOMED 422543003 (axillary fossa)."""
    bundle = api_as("nurse").get(url(world.child_a1)).json()
    (temperature,) = observations(bundle, "8310-5")
    assert temperature["valueQuantity"] == {
        "value": 38.1,
        "unit": "Cel",
        "system": "http://unitsofmeasure.org",
        "code": "Cel",
    }
    assert temperature["bodySite"]["coding"][0]["code"] == "422543003"


def test_haemoglobin_is_g_per_l_laboratory(world, api_as, records_a1):
    """718-7, 118 g/L, category laboratory."""
    bundle = api_as("nurse").get(url(world.child_a1)).json()
    (hb,) = observations(bundle, "718-7")
    assert (hb["valueQuantity"]["value"], hb["valueQuantity"]["code"]) == (118.0, "g/L")
    assert hb["category"][0]["coding"][0]["code"] == "laboratory"


def test_bmi_is_derived_from_weight_and_length(world, api_as, records_a1):
    """39156-5 kg/m2 for each measurement, derivedFrom its weight and length Observations."""
    bundle = api_as("nurse").get(url(world.child_a1)).json()
    bmi = observations(bundle, "39156-5")
    assert len(bmi) == 2
    assert bmi[0]["valueQuantity"]["code"] == "kg/m2"
    assert {d["reference"].rsplit("-", 1)[1] for d in bmi[0]["derivedFrom"]} == {
        "weight",
        "length",
    }


def test_z_scores_and_percentiles_point_at_their_measurement(world, api_as, records_a1):
    """Weight-for-age z (local code) and percentile (8336-0) derive from the weight Obs."""
    bundle = api_as("nurse").get(url(world.child_a1)).json()
    ids = {e["resource"]["id"] for e in bundle["entry"]}
    z_scores = observations(bundle, "wfa-z")
    percentiles = observations(bundle, "8336-0")
    assert len(z_scores) == len(percentiles) == 2
    targets = {
        d["reference"].removeprefix("Observation/") for o in z_scores for d in o["derivedFrom"]
    }
    assert targets <= ids
    assert all(t.endswith("-weight") for t in targets)
    assert percentiles[0]["valueQuantity"]["code"] == "%"


def test_everything_writes_one_access_log_row(world, api_as, records_a1):
    """One AccessLog row 'fhir_everything' for the child."""
    before = AccessLog.objects.filter(what="fhir_everything").count()
    api_as("director").get(url(world.child_a1))
    rows = AccessLog.objects.filter(what="fhir_everything")
    assert rows.count() == before + 1
    assert rows.first().child_id == world.child_a1.pk


@pytest.mark.parametrize("user", ["parent_a", "nurse_b", "nobody"])
def test_everything_is_404_for_guardians_and_other_centres(world, api_as, user):
    """Parent of the child, staff of another centre, a user with no role: 404."""
    assert api_as(user).get(url(world.child_a1)).status_code == 404


def test_everything_of_a_child_without_records_has_only_the_patient(world, api_as):
    """A child with nothing measured: a valid Bundle with one entry."""
    bundle = api_as("nurse").get(url(world.child_a2)).json()
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]
