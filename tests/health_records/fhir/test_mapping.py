"""Pure mapping functions (no database): codes, units, ids and links of the FHIR resources."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient

from health_records.fhir.mapping import (
    LOCAL_SYSTEM,
    haemoglobin_observation,
    measurement_observations,
    patient_resource,
    temperature_observation,
)
from health_records.models import (
    Child,
    DailyHealthCheck,
    GrowthMeasurement,
    GrowthMeasurementEvaluation,
    HealthCheck,
)

CHILD = Child(
    id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
    family_name="王",
    given_name="小明",
    sex="male",
    birth_date=dt.date(2025, 1, 10),
    enrolled_on=dt.date(2025, 9, 1),
)


def measurement(position: str = "standing", detail: dict | None = None) -> GrowthMeasurement:
    m = GrowthMeasurement(
        id=uuid.UUID("00000000-0000-4000-8000-0000000000aa"),
        child=CHILD,
        measured_on=dt.date(2026, 11, 1),
        weight_kg=Decimal("10.250"),
        length_height_cm=Decimal("80.5"),
        position=position,
        head_circumference_cm=Decimal("46.0"),
    )
    if detail is not None:
        m.evaluation = GrowthMeasurementEvaluation(measurement=m, detail=detail)
    return m


def codes(resource: dict) -> list[str]:
    return [coding["code"] for coding in resource["code"]["coding"]]


def test_patient_has_the_child_uuid_name_and_sex():
    """id is the UUID; name in Chinese order as text; gender male; validates as a Patient."""
    patient = patient_resource(CHILD)
    Patient.model_validate(patient)
    assert (patient["id"], patient["name"][0]["text"], patient["gender"]) == (
        "00000000-0000-4000-8000-000000000001",
        "王小明",
        "male",
    )


def test_standing_height_is_8302_2_only():
    """A standing height carries 8302-2 and no lying code."""
    length = [
        o for o in measurement_observations(CHILD, measurement()) if o["id"].endswith("length")
    ]
    assert codes(length[0]) == ["8302-2"]


def test_recumbent_length_is_8306_3_then_8302_2():
    """A lying length carries 8306-3 first and 8302-2 for the bodyheight profile."""
    obs = measurement_observations(CHILD, measurement("recumbent"))
    length = [o for o in obs if o["id"].endswith("length")]
    assert codes(length[0]) == ["8306-3", "8302-2"]


def test_without_evaluation_only_raw_values_are_exported():
    """No stored evaluation: weight, length, head only (no BMI, z or percentile)."""
    obs = measurement_observations(CHILD, measurement())
    assert [codes(o)[0] for o in obs] == ["29463-7", "8302-2", "9843-4"]


def test_z_score_uses_the_local_system_and_derives_from_weight():
    """wfa z −0.52 → local code wfa-z, {Z-score} unit, derivedFrom the weight Observation."""
    detail = {"indicators": {"wfa": {"z": -0.5234, "percentile": 30.04}}}
    obs = measurement_observations(CHILD, measurement(detail=detail))
    (z,) = [o for o in obs if o["code"]["coding"][0]["system"] == LOCAL_SYSTEM]
    Observation.model_validate(z)
    assert (codes(z), z["valueQuantity"]["value"], z["valueQuantity"]["code"]) == (
        ["wfa-z"],
        -0.52,
        "{Z-score}",
    )
    assert z["derivedFrom"] == [
        {"reference": "Observation/00000000-0000-4000-8000-0000000000aa-weight"}
    ]


def test_length_percentile_has_a_local_code_and_head_percentile_loinc():
    """lhfa percentile: local code (no verified LOINC); hcfa percentile: LOINC 8289-1."""
    detail = {
        "indicators": {
            "lhfa": {"z": 0.1, "percentile": 54.0},
            "hcfa": {"z": 1.0, "percentile": 84.1},
        }
    }
    obs = measurement_observations(CHILD, measurement(detail=detail))
    percentiles = {codes(o)[0] for o in obs if o["valueQuantity"]["code"] == "%"}
    assert percentiles == {"lhfa-percentile", "8289-1"}


def test_non_finite_scores_are_left_out():
    """A z of NaN or None is not exported (no Observation with a non-number)."""
    detail = {"indicators": {"wfa": {"z": float("nan"), "percentile": None}}}
    obs = measurement_observations(CHILD, measurement(detail=detail))
    assert [codes(o)[0] for o in obs] == ["29463-7", "8302-2", "9843-4"]


def test_temperature_site_maps_to_snomed():
    """An ear temperature: 8310-5 in Cel with the ear structure (117590005) as body site."""
    check = DailyHealthCheck(
        id=uuid.uuid4(),
        child=CHILD,
        checked_at=dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC),
        temperature_c=Decimal("37.2"),
        temperature_site="ear",
    )
    obs = temperature_observation(CHILD, check)
    Observation.model_validate(obs)
    assert (codes(obs), obs["bodySite"]["coding"][0]["code"]) == (["8310-5"], "117590005")


def test_haemoglobin_is_g_per_l_without_vital_signs_profile():
    """718-7 in g/L; a laboratory result carries no vital-signs profile."""
    check = HealthCheck(
        id=uuid.uuid4(),
        child=CHILD,
        examined_on=dt.date(2026, 11, 1),
        haemoglobin_g_per_l=Decimal("112.0"),
    )
    obs = haemoglobin_observation(CHILD, check)
    assert (codes(obs), obs["valueQuantity"]["unit"], "meta" in obs) == (["718-7"], "g/L", False)
