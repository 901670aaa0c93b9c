"""Growth measurement services: checks before storing, stored evaluation, review alerts, edits,
batch entry and recompute.

Expected numbers come from the WHO validation vectors (tests/health_records/growth/
validation_cases.csv), WHO's printed tables and WS/T 423—2022 Appendix B, as cited per test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.growth import ENGINE_VERSION, ErrorCode
from health_records.models import (
    Alert,
    EditConflict,
    GrowthMeasurement,
    GrowthMeasurementEvaluation,
)
from health_records.services.consent import consent_withdraw
from health_records.services.growth import (
    ENGINE_ERRORS,
    BatchEntry,
    NeedsConfirmation,
    growth_evaluations_recompute,
    growth_measurement_edit,
    growth_measurement_record,
    growth_measurements_record_batch,
)
from tests.health_records.day_helpers import consented_child

# child_a1 (girl) is born 2025-03-01 (tests/factories.py): 2026-03-01 is day 365.
DAY_365 = dt.date(2026, 3, 1)


def _record(world, child=None, **values):
    values.setdefault("measured_on", DAY_365)
    return growth_measurement_record(
        child=child or world.child_a1, recorded_by=world.users["nurse"], **values
    )


@pytest.fixture
def boy(world):
    """A boy of room A1 born 2025-03-01: 2026-03-02 is day 366 (12.02 months)."""
    return consented_child(world.room_a1, sex="male", birth_date=dt.date(2025, 3, 1))


def test_record_stores_raw_values_exactly(world):
    """The measurement keeps the typed Decimals, the position and the nurse as recorder."""
    m = _record(world, weight_kg="8.946", length_height_cm="74.0", position="recumbent")
    m.refresh_from_db()
    assert (m.weight_kg, m.length_height_cm, m.position, m.recorded_by) == (
        Decimal("8.946"),
        Decimal("74.0"),
        "recumbent",
        world.users["nurse"],
    )


def test_record_stores_evaluation_with_engine_version(world):
    """Girl, 365 days, 8.946 kg: WHO weight-for-age median (8.9462 kg), z ≈ 0, percentile ≈ 50,
    WHO class normal; stored with the current engine version."""
    m = _record(world, weight_kg="8.946")
    e = GrowthMeasurementEvaluation.objects.get(measurement=m)
    assert (
        e.engine_version,
        round(e.wfa_z, 3),
        round(e.detail["indicators"]["wfa"]["percentile"]),
        e.who_wfa_class,
    ) == (
        ENGINE_VERSION,
        -0.0,
        50,
        "normal",
    )


def test_who_and_china_disagree_and_each_class_is_stored(world, boy):
    """Boy, 12 months, 8.0 kg: WHO z −1.70 (normal; −1.71 one day later), WS/T 423—2022 低体重
    (its −2 SD at 12 months is 8.2 kg)."""
    m = _record(world, child=boy, measured_on=dt.date(2026, 3, 2), weight_kg="8.0")
    e = m.evaluation
    assert (e.wfa_z, e.who_wfa_class, e.china_wfa_class) == (
        pytest.approx(-1.70, abs=0.015),
        "normal",
        "underweight",
    )


def test_new_abnormal_class_raises_one_routine_review_alert(world, boy):
    """A first measurement that is 低体重 by WS/T 423—2022 raises a routine growth_review alert
    naming the class and the measurement."""
    m = _record(world, child=boy, measured_on=dt.date(2026, 3, 2), weight_kg="8.0")
    alert = Alert.objects.get(child=boy)
    assert (
        alert.kind,
        alert.severity,
        alert.detail["measurement_id"],
        alert.detail["reasons"],
    ) == (
        "growth_review",
        "routine",
        str(m.pk),
        ["new_class:china_wfa_class:underweight"],
    )


def test_normal_measurement_raises_no_alert(world):
    """A girl at the WHO median has no abnormal class, flag or faltering: no alert."""
    _record(world, weight_kg="8.946")
    assert not Alert.objects.filter(child=world.child_a1).exists()


def test_same_abnormal_class_again_is_not_a_new_finding(world, boy):
    """Underweight at two measurements (7.0 kg at 12 months, 7.3 kg a month later, WHO −2 SD is
    7.7 and 7.9 kg): the second adds no new class, so the alert is not raised again."""
    _record(world, child=boy, measured_on=dt.date(2026, 3, 2), weight_kg="7.0")
    _record(world, child=boy, measured_on=dt.date(2026, 4, 2), weight_kg="7.3")
    alert = Alert.objects.get(child=boy)
    assert alert.occurrences == 1


def test_weight_loss_is_faltering_and_raises_review(world):
    """9.0 kg then 8.9 kg four weeks later: weight loss is growth faltering (DESIGN.md §4)."""
    _record(world, measured_on=dt.date(2026, 2, 1), weight_kg="9.0")
    m = _record(world, measured_on=DAY_365, weight_kg="8.9")
    alert = Alert.objects.get(child=world.child_a1)
    assert (m.evaluation.faltering, "faltering:weight_loss" in alert.detail["reasons"]) == (
        True,
        True,
    )


def test_grams_typed_as_kilograms_is_refused_and_nothing_stored(world):
    """3562 typed for a 3.562 kg baby is refused with the engine's code on the weight field."""
    with pytest.raises(DomainError) as caught:
        _record(world, weight_kg="3562")
    assert (caught.value.code, caught.value.field, GrowthMeasurement.objects.count()) == (
        "probable_grams",
        "weight_kg",
        0,
    )


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"weight_kg": "-8.2"}, "negative_value", "weight_kg"),
        ({"weight_kg": "abc"}, "not_a_number", "weight_kg"),
        ({"weight_kg": "0"}, "zero_value", "weight_kg"),
        ({"weight_kg": "8.2345"}, "too_many_decimals", "weight_kg"),
        ({"length_height_cm": "74.0", "position": "sitting"}, "unknown_position", "position"),
        (
            {"length_height_cm": "740", "position": "standing"},
            "probable_millimetres",
            "length_height_cm",
        ),
        (
            {"weight_kg": "8.2", "measured_on": dt.date(2025, 2, 28)},
            "measurement_before_birth",
            "measured_on",
        ),
        (
            {"weight_kg": "8.2", "measured_on": dt.date(2099, 1, 1)},
            "measurement_in_future",
            "measured_on",
        ),
        ({}, "nothing_measured", "weight_kg"),
    ],
)
def test_bad_input_is_refused_with_code_and_field(world, values, code, field):
    """Each kind of bad input is refused with its stable code on its field; nothing stored."""
    with pytest.raises(DomainError) as caught:
        _record(world, **values)
    assert (caught.value.code, caught.value.field, GrowthMeasurement.objects.count()) == (
        code,
        field,
        0,
    )


def test_every_engine_error_code_has_a_user_message():
    """ENGINE_ERRORS translates every code the engine can raise."""
    assert set(ENGINE_ERRORS) == set(ErrorCode)


def test_length_shrinking_more_than_1_5_cm_needs_confirmation(world):
    """74.0 cm then 72.4 cm (1.6 cm shorter) is questioned, and nothing is stored."""
    _record(world, measured_on=dt.date(2026, 2, 1), length_height_cm="74.0", position="recumbent")
    with pytest.raises(NeedsConfirmation) as caught:
        _record(world, length_height_cm="72.4", position="recumbent")
    assert ([i.code for i in caught.value.issues], GrowthMeasurement.objects.count()) == (
        ["length_shrank"],
        1,
    )


def test_length_compared_as_recumbent_across_positions(world):
    """74.0 cm lying then 73.2 cm standing is 73.9 cm as length (WHO +0.7): not questioned."""
    _record(world, measured_on=dt.date(2026, 2, 1), length_height_cm="74.0", position="recumbent")
    m = _record(world, length_height_cm="73.2", position="standing")
    assert m.confirmed_reason == ""


def test_confirmed_reason_keeps_a_questioned_value_and_is_stored(world):
    """With a reason the shrunk length is kept and the reason stored with it."""
    _record(world, measured_on=dt.date(2026, 2, 1), length_height_cm="74.0", position="recumbent")
    m = _record(
        world,
        length_height_cm="72.4",
        position="recumbent",
        confirmed_reason="Measured twice by two nurses",
    )
    assert GrowthMeasurement.objects.get(pk=m.pk).confirmed_reason == "Measured twice by two nurses"


def test_normal_months_length_and_head_gain_is_not_questioned(world):
    """74.0 → 75.2 cm length and 44.5 → 45.0 cm head in 28 days (limits 1.5 + 5.0 × 28/30 =
    6.2 cm and 1.0 + 3.0 × 28/30 = 3.8 cm): kept without a reason."""
    _record(
        world,
        measured_on=dt.date(2026, 2, 1),
        length_height_cm="74.0",
        position="recumbent",
        head_circumference_cm="44.5",
    )
    m = _record(world, length_height_cm="75.2", position="recumbent", head_circumference_cm="45.0")
    assert m.confirmed_reason == ""


def test_length_gain_of_6_cm_in_15_days_needs_confirmation(world):
    """74.0 cm then 80.0 cm 15 days later (+6.0 cm > 1.5 + 5.0 × 15/30 = 4.0 cm): questioned,
    with the numbers in the message; nothing stored."""
    _record(world, measured_on=dt.date(2026, 2, 14), length_height_cm="74.0", position="recumbent")
    with pytest.raises(NeedsConfirmation) as caught:
        _record(world, length_height_cm="80.0", position="recumbent")
    issue = caught.value.issues[0]
    assert ([i.code for i in caught.value.issues], issue.params["gain"], issue.params["limit"]) == (
        ["length_gain_implausible"],
        Decimal("6.0"),
        Decimal("4.0"),
    )
    assert GrowthMeasurement.objects.count() == 1


def test_head_gain_of_3_cm_in_15_days_needs_confirmation(world):
    """44.5 cm then 47.5 cm 15 days later (+3.0 cm > 1.0 + 3.0 × 15/30 = 2.5 cm): questioned."""
    _record(world, measured_on=dt.date(2026, 2, 14), head_circumference_cm="44.5")
    with pytest.raises(NeedsConfirmation) as caught:
        _record(world, head_circumference_cm="47.5")
    assert [i.code for i in caught.value.issues] == ["head_circumference_gain_implausible"]


def test_confirmed_length_gain_is_kept_with_its_reason(world):
    """The +6 cm in 15 days with a reason is stored as entered, with the reason."""
    _record(world, measured_on=dt.date(2026, 2, 14), length_height_cm="74.0", position="recumbent")
    m = _record(
        world,
        length_height_cm="80.0",
        position="recumbent",
        confirmed_reason="Last length was taken curled up; re-measured twice",
    )
    m.refresh_from_db()
    assert (m.length_height_cm, m.confirmed_reason) == (
        Decimal("80.0"),
        "Last length was taken curled up; re-measured twice",
    )


def test_implausible_weight_loss_needs_confirmation(world):
    """9.0 kg then 7.5 kg four weeks later (a 17 % loss, above 10 %) is questioned."""
    _record(world, measured_on=dt.date(2026, 2, 1), weight_kg="9.0")
    with pytest.raises(NeedsConfirmation) as caught:
        _record(world, weight_kg="7.5")
    assert [i.code for i in caught.value.issues] == ["weight_change_implausible"]


def test_implausible_weight_gain_needs_confirmation(world):
    """8.0 kg then 10.7 kg 28 days later (+2.7 kg > 0.5 + 28 × 0.07 = 2.46 kg) is questioned."""
    _record(world, measured_on=dt.date(2026, 2, 1), weight_kg="8.0")
    with pytest.raises(NeedsConfirmation) as caught:
        _record(world, weight_kg="10.7")
    assert [i.code for i in caught.value.issues] == ["weight_change_implausible"]


def test_value_outside_who_flag_limits_needs_confirmation(world):
    """Girl, 12 months, 20 kg: weight-for-age z above +5 (WHO +3 SD is 13.1 kg) is outside the
    WHO flag limits and is questioned."""
    with pytest.raises(NeedsConfirmation) as caught:
        _record(world, weight_kg="20.0")
    assert [i.code for i in caught.value.issues] == ["outside_who_limits"]


def test_confirmed_flagged_value_is_stored_flagged_and_reviewed(world):
    """Confirmed, the flagged weight is stored, marked flagged, and a review alert says so."""
    m = _record(world, weight_kg="20.0", confirmed_reason="Reweighed: correct")
    alert = Alert.objects.get(child=world.child_a1)
    assert (m.evaluation.flagged, "flag" in alert.detail["reasons"]) == (True, True)


def test_caregiver_may_not_record(world):
    """Caregivers do not record measurements (the medical team does): 403, nothing stored."""
    with pytest.raises(PermissionDeniedError):
        growth_measurement_record(
            child=world.child_a1,
            measured_on=DAY_365,
            recorded_by=world.users["caregiver"],
            weight_kg="8.9",
        )


def test_other_centres_nurse_may_not_record(world):
    """A nurse of centre B cannot record for a child of centre A."""
    with pytest.raises(PermissionDeniedError):
        growth_measurement_record(
            child=world.child_a1,
            measured_on=DAY_365,
            recorded_by=world.users["nurse_b"],
            weight_kg="8.9",
        )


def test_second_measurement_same_day_is_refused(world):
    """One measurement per child and day: the second must be an edit."""
    _record(world, weight_kg="8.9")
    with pytest.raises(DomainError) as caught:
        _record(world, weight_kg="9.0")
    assert caught.value.code == "already_measured_that_day"


def test_preterm_child_is_evaluated_at_corrected_age(world):
    """Born at 32+0 weeks, measured at 100 days: corrected age 100 − (280 − 224) = 44 days."""
    child = consented_child(world.room_a1, birth_date=dt.date(2025, 3, 1), gestational_age_weeks=32)
    m = _record(world, child=child, measured_on=dt.date(2025, 6, 9), weight_kg="4.2")
    assert (m.evaluation.uses_corrected_age, m.evaluation.age_days) == (True, 44)


def test_edit_keeps_recorded_by_and_history_names_editor(world):
    """The doctor corrects the nurse's weight: recorded_by stays the nurse, version 2, and the
    latest history row names the doctor."""
    m = _record(world, weight_kg="8.9")
    edited = growth_measurement_edit(
        measurement=m,
        expected_version=1,
        edited_by=world.users["doctor"],
        changes={"weight_kg": "8.95"},
    )
    latest = edited.history.latest()
    assert (edited.recorded_by, edited.version, edited.weight_kg, latest.history_user) == (
        world.users["nurse"],
        2,
        Decimal("8.95"),
        world.users["doctor"],
    )


def test_edit_re_evaluates(world):
    """Correcting 8.0 to 8.946 kg moves the stored weight-for-age z to the median (≈ 0)."""
    m = _record(world, weight_kg="8.0")
    growth_measurement_edit(
        measurement=m,
        expected_version=1,
        edited_by=world.users["nurse"],
        changes={"weight_kg": "8.946"},
    )
    assert round(GrowthMeasurementEvaluation.objects.get(measurement=m).wfa_z, 3) == 0.0


def test_stale_edit_is_a_conflict_and_changes_nothing(world):
    """An edit made from version 1 after someone saved version 2 is refused (409)."""
    m = _record(world, weight_kg="8.9")
    growth_measurement_edit(
        measurement=m, expected_version=1, edited_by=world.users["nurse"], changes={"note": "a"}
    )
    with pytest.raises(ConflictError):
        growth_measurement_edit(
            measurement=m,
            expected_version=1,
            edited_by=world.users["doctor"],
            changes={"weight_kg": "9.5"},
        )
    assert GrowthMeasurement.objects.get(pk=m.pk).weight_kg == Decimal("8.900")


def test_edit_refuses_other_fields(world):
    """recorded_by (or any field outside the measurement) is not editable."""
    m = _record(world, weight_kg="8.9")
    with pytest.raises(DomainError) as caught:
        growth_measurement_edit(
            measurement=m,
            expected_version=1,
            edited_by=world.users["nurse"],
            changes={"recorded_by": world.users["doctor"]},
        )
    assert caught.value.code == "field_not_editable"


def test_batch_saves_good_rows_and_returns_refusals(world):
    """One child's grams-as-kg does not hold back another child's valid weight."""
    other = consented_child(world.room_a1, birth_date=dt.date(2025, 3, 1))
    outcomes = growth_measurements_record_batch(
        entries=[
            BatchEntry(child=world.child_a1, weight_kg="8.9"),
            BatchEntry(child=other, weight_kg="8900"),
        ],
        measured_on=DAY_365,
        recorded_by=world.users["nurse"],
    )
    codes = [getattr(o.error, "code", None) for o in outcomes]
    assert (codes, GrowthMeasurement.objects.count()) == ([None, "probable_grams"], 1)


def test_recompute_rewrites_stale_evaluations_only(world):
    """An evaluation of an older engine version is recomputed; raw values and history stay."""
    m = _record(world, weight_kg="8.946")
    GrowthMeasurementEvaluation.objects.filter(measurement=m).update(
        engine_version="0.0.1", wfa_z=99.0
    )
    history_rows = m.history.count()
    done = growth_evaluations_recompute(stale_only=True)
    e = GrowthMeasurementEvaluation.objects.get(measurement=m)
    assert (done, e.engine_version, round(e.wfa_z, 3), m.history.count()) == (
        1,
        ENGINE_VERSION,
        0.0,
        history_rows,
    )


def test_recompute_gives_the_same_evaluation_as_recording(world):
    """Recomputing a series (one pass, faltering from the previous weight in memory) stores
    exactly what recording stored, faltering included."""
    _record(world, measured_on=dt.date(2026, 1, 1), weight_kg="9.0")
    _record(world, measured_on=dt.date(2026, 2, 1), weight_kg="8.9")
    _record(world, measured_on=DAY_365, weight_kg="9.1")
    before = {e.measurement_id: e.detail for e in GrowthMeasurementEvaluation.objects.all()}
    growth_evaluations_recompute()
    after = {e.measurement_id: e.detail for e in GrowthMeasurementEvaluation.objects.all()}
    assert after == before


def test_record_without_guardian_consent_is_refused_and_nothing_stored(world):
    """After the guardian withdraws consent (PIPL), a measurement is refused: consent_missing."""
    consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    with pytest.raises(DomainError) as err:
        _record(world, weight_kg=Decimal("8.9"))
    assert err.value.code == "consent_missing"
    assert GrowthMeasurement.objects.count() == 0


def test_refused_edit_is_recorded(world):
    """The nurse saves version 2; the doctor's 9.5 kg from version 1 is refused: one
    EditConflict (doctor, version 1 shown, 2 saved, weight tried "9.5"); the weight stays
    8.900."""
    m = _record(world, weight_kg="8.9")
    growth_measurement_edit(
        measurement=m, expected_version=1, edited_by=world.users["nurse"], changes={"note": "a"}
    )
    with pytest.raises(ConflictError):
        growth_measurement_edit(
            measurement=m,
            expected_version=1,
            edited_by=world.users["doctor"],
            changes={"weight_kg": "9.5"},
        )
    conflict = EditConflict.objects.get()
    assert (
        conflict.record,
        conflict.attempted_by,
        conflict.expected_version,
        conflict.stored_version,
        conflict.attempted_values,
        GrowthMeasurement.objects.get(pk=m.pk).weight_kg,
    ) == (m, world.users["doctor"], 1, 2, {"weight_kg": "9.5"}, Decimal("8.900"))
