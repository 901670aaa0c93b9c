"""Map a child's records to FHIR R4 resources (plain dicts, JSON-ready).

Codes (each checked against published FHIR/LOINC material before use; the table is
:data:`LOINC_CODES`, with the source each was read in):

- LOINC vital signs: body weight 29463-7 (kg); body height 8302-2, with body height --lying
  8306-3 first for a recumbent length (cm); head circumference 9843-4 (cm); body temperature
  8310-5 (Cel) with the site in ``bodySite`` (SNOMED CT, e.g. 422543003 structure of axillary
  fossa); BMI 39156-5 (kg/m2). Each carries the R4 vital-signs profile and its specific profile
  (``meta.profile``), category ``vital-signs``, subject, effective date and a UCUM quantity.
- LOINC haemoglobin 718-7 (g/L), category ``laboratory``.
- Percentiles (%, WHO 2006 via the growth engine): weight-for-age 8336-0, length/height-for-age
  8303-0 (confirmed: "Body height [Percentile]", used for the age-dependent height percentile
  by the German MII ICU module and the KBV child check-up booklet; it replaced a local code),
  head circumference-for-age 8289-1, BMI-for-age 59576-9, weight-for-length/height 77606-2.
  Every z-score uses the local code system :data:`LOCAL_SYSTEM` (LOINC has no z-score codes).
  Each points at its raw measurement with ``derivedFrom``.

Every function is pure: model instances in, dicts out; ``base_url`` is the server's FHIR base
(``https://host/fhir/``) used for ``fullUrl``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from health_records.models import (
    Child,
    DailyHealthCheck,
    GrowthMeasurement,
    HealthCheck,
    MeasurementPosition,
)

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
LOCAL_SYSTEM = "urn:medcare:fhir:CodeSystem:growth-indicator"
"""Local codes: ``<indicator>-z`` (z-score); ``<indicator>-percentile`` only for an indicator
without a LOINC percentile code (none today)."""
CHILD_ID_SYSTEM = "urn:medcare:child-id"

PROFILE = "http://hl7.org/fhir/StructureDefinition/"
VITAL_SIGNS = PROFILE + "vitalsigns"

TEMPERATURE_SITES = {
    "axillary": ("422543003", "Structure of axillary fossa"),
    "ear": ("117590005", "Ear structure"),
    "forehead": ("52795006", "Forehead structure"),
    "oral": ("74262004", "Oral cavity structure"),
}
"""Daily-check temperature sites → SNOMED CT body structures (HL7 body-temperature site set)."""

INDICATOR_NAMES = {
    "wfa": "Weight-for-age",
    "lhfa": "Length/height-for-age",
    "wflh": "Weight-for-length/height",
    "bfa": "BMI-for-age",
    "hcfa": "Head circumference-for-age",
}
LOINC_CODES: dict[str, tuple[str, str, str]] = {
    # key: (LOINC code, LOINC display, where the code and display were read)
    "weight": (
        "29463-7",
        "Body weight",
        "HL7 FHIR R4 bodyweight profile; NRCeS ABDM IG ValueSet BodyMeasurement "
        "(gauravvaishnav17/abdm-fhir-ig-fsh, input/fsh/valuesets/BodyMeasurement.fsh)",
    ),
    "height": (
        "8302-2",
        "Body height",
        "HL7 FHIR bodyheight profile (hl7.org/fhir/stu3/bodyheight.html: code fixed to 8302-2)",
    ),
    "length_lying": (
        "8306-3",
        "Body height --lying",
        "HL7 FHIR ValueSet observation-vitalsign-measurement, expansion on LOINC 2.81 "
        "(hl7.org/fhir/6.0.0-ballot4/valueset-observation-vitalsign-measurement.html)",
    ),
    "head": (
        "9843-4",
        "Head Occipital-frontal circumference",
        "HL7 FHIR R4 headcircum profile (hl7.org/fhir/R4/headcircum.html)",
    ),
    "temperature": (
        "8310-5",
        "Body temperature",
        "HL7 FHIR R4 bodytemp profile (hl7.org/fhir/R4/bodytemp.html)",
    ),
    "bmi": (
        "39156-5",
        "Body mass index (BMI) [Ratio]",
        "NRCeS ABDM IG ValueSet BodyMeasurement (as for weight); HL7 FHIR R4 bmi profile",
    ),
    "haemoglobin": (
        "718-7",
        "Hemoglobin [Mass/volume] in Blood",
        "US Core STU7 example Observation cbc-hemoglobin "
        "(hl7.org/fhir/us/core/STU7/Observation-cbc-hemoglobin.html); a mass concentration, "
        "so g/L is a valid UCUM unit for it",
    ),
    "wfa": (
        "8336-0",
        "Body weight [Percentile] Per age",
        "MII ICU module profile Koerpergewicht Percentil altersabhaengig "
        "(medizininformatik-initiative/kerndatensatzmodul-intensivmedizin); KBV ValueSet "
        "KBV_VS_MIO_CMR_Percentile_Body_Measure_Loinc",
    ),
    "lhfa": (
        "8303-0",
        "Body height [Percentile]",
        "MII ICU module profile SD_MII_ICU_Koerpergroesse_Percentil, with SNOMED CT 1153605006 "
        "'Body height for age percentile' (medizininformatik-initiative/"
        "kerndatensatzmodul-intensivmedizin); KBV ValueSet "
        "KBV_VS_MIO_CMR_Percentile_Body_Measure_Loinc (child check-up booklet)",
    ),
    "hcfa": (
        "8289-1",
        "Head Occipital-frontal circumference Percentile",
        "US Core STU5 Pediatric Head Occipital-frontal Circumference Percentile profile, "
        "example ofc-percentile (hl7.org/fhir/us/core/STU5/Observation-ofc-percentile.html)",
    ),
    "bfa": (
        "59576-9",
        "Body mass index (BMI) [Percentile] Per age and sex",
        "US Core Pediatric BMI for Age profile, example pediatric-bmi-example "
        "(hl7.org/fhir/us/core/STU7/Observation-pediatric-bmi-example.html)",
    ),
    "wflh": (
        "77606-2",
        "Weight-for-length Per age and sex",
        "US Core Pediatric Weight for Height profile, example pediatric-wt-example "
        "(hl7.org/fhir/us/core/STU7/Observation-pediatric-wt-example.html)",
    ),
}
"""Every LOINC code the export uses, with its display and the source it was checked in."""


def _loinc(key: str) -> dict[str, str]:
    code, display, _source = LOINC_CODES[key]
    return {"system": LOINC, "code": code, "display": display}


PERCENTILE_LOINC = {key: LOINC_CODES[key][:2] for key in ("wfa", "lhfa", "hcfa", "bfa", "wflh")}
"""WHO indicator → (LOINC code, display) of its percentile Observation."""
RAW_OF_INDICATOR = {
    "wfa": "weight",
    "lhfa": "length",
    "wflh": "weight",
    "bfa": "bmi",
    "hcfa": "head",
}
"""Which raw observation each indicator derives from (wflh and bfa also from the length)."""


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [_coding(CATEGORY_SYSTEM, code, display)], "text": display}]


def _quantity(value: Decimal | float, unit: str, code: str) -> dict[str, Any]:
    number = float(value) if isinstance(value, Decimal) else value
    return {"value": number, "unit": unit, "system": UCUM, "code": code}


def _effective(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


def _observation(
    *,
    obs_id: str,
    child: Child,
    codings: list[dict[str, str]],
    text: str,
    effective: dt.date | dt.datetime,
    value: dict[str, Any],
    category: tuple[str, str] = ("vital-signs", "Vital Signs"),
    profiles: Iterable[str] = (),
    derived_from: Iterable[str] = (),
    body_site: dict[str, Any] | None = None,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": obs_id,
        "status": "final",
        "category": _category(*category),
        "code": {"coding": codings, "text": text},
        "subject": {"reference": f"Patient/{child.pk}"},
        "effectiveDateTime": _effective(effective),
        "valueQuantity": value,
    }
    profile_list = list(profiles)
    if profile_list:
        resource["meta"] = {"profile": profile_list}
    derived = [{"reference": f"Observation/{ref}"} for ref in derived_from]
    if derived:
        resource["derivedFrom"] = derived
    if body_site is not None:
        resource["bodySite"] = body_site
    return resource


def patient_resource(child: Child) -> dict[str, Any]:
    """The child as a FHIR Patient (id = the child's UUID; name, sex, birth date)."""
    return {
        "resourceType": "Patient",
        "id": str(child.pk),
        "identifier": [{"system": CHILD_ID_SYSTEM, "value": str(child.pk)}],
        "active": child.left_on is None,
        "name": [
            {
                "use": "official",
                "text": child.full_name,
                "family": child.family_name,
                "given": [child.given_name],
            }
        ],
        "gender": "male" if child.sex == "male" else "female",
        "birthDate": child.birth_date.isoformat(),
    }


def measurement_observations(child: Child, measurement: GrowthMeasurement) -> list[dict[str, Any]]:
    """Raw weight, length/height, head circumference and BMI of one measurement, then its
    z-score and percentile Observations (from the stored evaluation, when it was loaded with
    ``select_related("evaluation")``; no query is made here)."""
    out: list[dict[str, Any]] = []
    base = str(measurement.pk)
    when = measurement.measured_on
    raw_ids: dict[str, str] = {}
    if measurement.weight_kg is not None:
        raw_ids["weight"] = f"{base}-weight"
        out.append(
            _observation(
                obs_id=raw_ids["weight"],
                child=child,
                codings=[_loinc("weight")],
                text="Body weight",
                effective=when,
                value=_quantity(measurement.weight_kg, "kg", "kg"),
                profiles=[VITAL_SIGNS, PROFILE + "bodyweight"],
            )
        )
    if measurement.length_height_cm is not None:
        raw_ids["length"] = f"{base}-length"
        recumbent = measurement.position == MeasurementPosition.RECUMBENT
        codings = [_loinc("height")]
        if recumbent:
            codings.insert(0, _loinc("length_lying"))
        out.append(
            _observation(
                obs_id=raw_ids["length"],
                child=child,
                codings=codings,
                text="Body length (lying)" if recumbent else "Body height",
                effective=when,
                value=_quantity(measurement.length_height_cm, "cm", "cm"),
                profiles=[VITAL_SIGNS, PROFILE + "bodyheight"],
            )
        )
    if measurement.head_circumference_cm is not None:
        raw_ids["head"] = f"{base}-head"
        out.append(
            _observation(
                obs_id=raw_ids["head"],
                child=child,
                codings=[_loinc("head")],
                text="Head circumference",
                effective=when,
                value=_quantity(measurement.head_circumference_cm, "cm", "cm"),
                profiles=[VITAL_SIGNS, PROFILE + "headcircum"],
            )
        )
    # Pure: only an evaluation already loaded (``select_related("evaluation")``) is used.
    evaluation = (
        measurement.evaluation if GrowthMeasurement.evaluation.is_cached(measurement) else None
    )
    detail: dict[str, Any] = evaluation.detail if evaluation is not None else {}
    bmi = _number(detail.get("bmi_kg_m2"))
    if bmi is not None and "weight" in raw_ids and "length" in raw_ids:
        raw_ids["bmi"] = f"{base}-bmi"
        out.append(
            _observation(
                obs_id=raw_ids["bmi"],
                child=child,
                codings=[_loinc("bmi")],
                text="BMI",
                effective=when,
                value=_quantity(round(bmi, 2), "kg/m2", "kg/m2"),
                profiles=[VITAL_SIGNS, PROFILE + "bmi"],
                derived_from=[raw_ids["weight"], raw_ids["length"]],
            )
        )
    for key, result in (detail.get("indicators") or {}).items():
        out.extend(_indicator_observations(child, measurement, key, result, raw_ids))
    return out


def _number(value: object) -> float | None:
    """``value`` as a float if it is a finite number (JSON may hold null, NaN or nothing)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _indicator_observations(
    child: Child,
    measurement: GrowthMeasurement,
    key: str,
    result: dict[str, Any],
    raw_ids: dict[str, str],
) -> list[dict[str, Any]]:
    """The z-score and percentile Observations of one WHO indicator (none without a score)."""
    name = INDICATOR_NAMES.get(key)
    derived = [raw_ids[raw] for raw in _raw_sources(key) if raw in raw_ids]
    if name is None or not derived:
        return []
    out: list[dict[str, Any]] = []
    base = f"{measurement.pk}-{key}"
    z = _number(result.get("z"))
    if z is not None:
        out.append(
            _observation(
                obs_id=f"{base}-z",
                child=child,
                codings=[_coding(LOCAL_SYSTEM, f"{key}-z", f"{name} z-score (WHO 2006)")],
                text=f"{name} z-score",
                effective=measurement.measured_on,
                value=_quantity(round(z, 2), "SD", "{Z-score}"),
                derived_from=derived,
            )
        )
    percentile = _number(result.get("percentile"))
    if percentile is not None:
        loinc = PERCENTILE_LOINC.get(key)
        coding = (
            _coding(LOINC, *loinc)
            if loinc is not None
            else _coding(LOCAL_SYSTEM, f"{key}-percentile", f"{name} percentile (WHO 2006)")
        )
        out.append(
            _observation(
                obs_id=f"{base}-percentile",
                child=child,
                codings=[coding],
                text=f"{name} percentile",
                effective=measurement.measured_on,
                value=_quantity(round(percentile, 1), "%", "%"),
                derived_from=derived,
            )
        )
    return out


def _raw_sources(key: str) -> list[str]:
    if key == "wflh":
        return ["weight", "length"]
    if key == "bfa":
        return ["bmi", "weight", "length"]
    return [RAW_OF_INDICATOR[key]] if key in RAW_OF_INDICATOR else []


def temperature_observation(child: Child, check: DailyHealthCheck) -> dict[str, Any]:
    """A daily check's body temperature (°C) with its measuring site."""
    site = TEMPERATURE_SITES.get(check.temperature_site)
    body_site = (
        {
            "coding": [_coding(SNOMED, site[0], site[1])],
            "text": check.get_temperature_site_display(),
        }
        if site is not None
        else None
    )
    return _observation(
        obs_id=f"{check.pk}-temperature",
        child=child,
        codings=[_loinc("temperature")],
        text="Body temperature",
        effective=check.checked_at,
        value=_quantity(check.temperature_c, "Cel", "Cel"),
        profiles=[VITAL_SIGNS, PROFILE + "bodytemp"],
        body_site=body_site,
    )


def haemoglobin_observation(child: Child, check: HealthCheck) -> dict[str, Any]:
    """A health check's haemoglobin (g/L), a laboratory Observation."""
    assert check.haemoglobin_g_per_l is not None
    return _observation(
        obs_id=f"{check.pk}-haemoglobin",
        child=child,
        codings=[_loinc("haemoglobin")],
        text="Haemoglobin",
        effective=check.examined_on,
        value=_quantity(check.haemoglobin_g_per_l, "g/L", "g/L"),
        category=("laboratory", "Laboratory"),
    )


def everything_bundle(
    *,
    child: Child,
    measurements: Iterable[GrowthMeasurement],
    daily_checks: Iterable[DailyHealthCheck],
    haemoglobin_checks: Iterable[HealthCheck],
    base_url: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """A ``searchset`` Bundle: the Patient (``search.mode`` match), then every Observation
    (``include``). ``fullUrl`` is ``<base_url><type>/<id>``; ``now`` is the bundle timestamp."""
    resources = [patient_resource(child)]
    for measurement in measurements:
        resources.extend(measurement_observations(child, measurement))
    resources.extend(temperature_observation(child, check) for check in daily_checks)
    resources.extend(haemoglobin_observation(child, check) for check in haemoglobin_checks)
    entries = [
        {
            "fullUrl": f"{base_url}{resource['resourceType']}/{resource['id']}",
            "resource": resource,
            "search": {"mode": "match" if resource["resourceType"] == "Patient" else "include"},
        }
        for resource in resources
    ]
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": now.isoformat(),
        "total": 1,
        "entry": entries,
    }
