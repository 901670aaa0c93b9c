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


# The LOINC codes as read at their sources (checked 2026-11-29; see the mapping module):
# - FHIR R4 vital-signs profiles: bodyweight 29463-7, bodyheight 8302-2 (hl7.org/fhir/stu3/
#   bodyheight.html), headcircum 9843-4 (hl7.org/fhir/R4/headcircum.html), bodytemp 8310-5
#   (hl7.org/fhir/R4/bodytemp.html); BMI 39156-5 "Body mass index (BMI) [Ratio]".
# - FHIR ValueSet observation-vitalsign-measurement (R6 ballot 4, LOINC 2.81 expansion):
#   8306-3 "Body height --lying".
# - US Core: 718-7 "Hemoglobin [Mass/volume] in Blood" (cbc-hemoglobin), 8289-1 "Head
#   Occipital-frontal circumference Percentile" (ofc-percentile), 59576-9 "Body mass index (BMI)
#   [Percentile] Per age and sex" (pediatric-bmi-example), 77606-2 "Weight-for-length Per age and
#   sex" (pediatric-wt-example).
# - MII ICU module (medizininformatik-initiative/kerndatensatzmodul-intensivmedizin) and the KBV
#   child check-up ValueSet KBV_VS_MIO_CMR_Percentile_Body_Measure_Loinc: 8336-0 "Body weight
#   [Percentile] Per age", 8303-0 "Body height [Percentile]".
CITED_LOINC = {
    "weight": ("29463-7", "Body weight"),
    "length_lying": ("8306-3", "Body height --lying"),
    "height": ("8302-2", "Body height"),
    "head": ("9843-4", "Head Occipital-frontal circumference"),
    "bmi": ("39156-5", "Body mass index (BMI) [Ratio]"),
    "wfa-percentile": ("8336-0", "Body weight [Percentile] Per age"),
    "lhfa-percentile": ("8303-0", "Body height [Percentile]"),
    "wflh-percentile": ("77606-2", "Weight-for-length Per age and sex"),
    "bfa-percentile": ("59576-9", "Body mass index (BMI) [Percentile] Per age and sex"),
    "hcfa-percentile": ("8289-1", "Head Occipital-frontal circumference Percentile"),
    "temperature": ("8310-5", "Body temperature"),
    "haemoglobin": ("718-7", "Hemoglobin [Mass/volume] in Blood"),
}


def _loinc_of(resource: dict) -> list[tuple[str, str]]:
    return [
        (coding["code"], coding["display"])
        for coding in resource["code"]["coding"]
        if coding["system"] == "http://loinc.org"
    ]


def test_every_exported_loinc_code_is_the_cited_one():
    """A lying measurement with every indicator scored, a temperature and a haemoglobin: each
    Observation's LOINC code and display are those of the cited table."""
    scored = {"z": 0.1, "percentile": 54.0}
    detail = {
        "bmi_kg_m2": 15.8,
        "indicators": dict.fromkeys(("wfa", "lhfa", "wflh", "bfa", "hcfa"), scored),
    }
    obs = measurement_observations(CHILD, measurement("recumbent", detail))
    exported = {o["id"].removeprefix("00000000-0000-4000-8000-0000000000aa-"): o for o in obs}
    exported["temperature"] = temperature_observation(
        CHILD,
        DailyHealthCheck(
            id=uuid.uuid4(),
            child=CHILD,
            checked_at=dt.datetime(2026, 11, 1, 8, tzinfo=dt.UTC),
            temperature_c=Decimal("36.8"),
            temperature_site="axillary",
        ),
    )
    exported["haemoglobin"] = haemoglobin_observation(
        CHILD,
        HealthCheck(
            id=uuid.uuid4(),
            child=CHILD,
            examined_on=dt.date(2026, 11, 1),
            haemoglobin_g_per_l=Decimal("118.0"),
        ),
    )
    exported["length_lying"] = exported.pop("length")
    got = {key: _loinc_of(o) for key, o in exported.items() if _loinc_of(o)}
    expected = {key: [value] for key, value in CITED_LOINC.items() if key != "height"}
    expected["length_lying"] = [CITED_LOINC["length_lying"], CITED_LOINC["height"]]
    assert got == expected


def test_length_percentile_is_loinc_8303_0():
    """lhfa percentile: LOINC 8303-0 (formerly a local code); hcfa percentile: LOINC 8289-1."""
    detail = {
        "indicators": {
            "lhfa": {"z": 0.1, "percentile": 54.0},
            "hcfa": {"z": 1.0, "percentile": 84.1},
        }
    }
    obs = measurement_observations(CHILD, measurement(detail=detail))
    percentiles = {codes(o)[0] for o in obs if o["valueQuantity"]["code"] == "%"}
    assert percentiles == {"8303-0", "8289-1"}


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
