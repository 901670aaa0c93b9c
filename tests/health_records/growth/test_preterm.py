"""Preterm children: corrected age until 24 months corrected, nothing before term."""

from __future__ import annotations

from decimal import Decimal

from health_records.growth import (
    AgeBasis,
    Measurement,
    NoScoreReason,
    Sex,
    corrected_age_days,
    evaluate,
)


def test_corrected_age_subtracts_the_weeks_missing_to_term() -> None:
    """Born at 32 weeks, 100 days old: corrected age 100 − (40 − 32) × 7 = 44 days."""
    assert corrected_age_days(100, 32) == 44


def test_gestation_with_days_is_rounded_to_whole_days() -> None:
    """32 weeks + 3 days (32.43 weeks) is 227 days of gestation: 53 days missing to term."""
    assert corrected_age_days(100, Decimal("32.43")) == 47


def test_preterm_child_is_evaluated_at_corrected_age() -> None:
    """Born at 32 weeks, 100 days old: the primary result is at corrected age 44 days; the
    chronological result is still available."""
    evaluation = evaluate(
        Measurement(
            sex=Sex.FEMALE, age_days=100, weight_kg=Decimal("4.0"), gestational_age_weeks=32
        )
    )
    assert evaluation.uses_corrected_age is True
    assert evaluation.primary.age_basis is AgeBasis.CORRECTED
    assert evaluation.primary.age_days == 44
    assert evaluation.chronological.age_days == 100
    assert evaluation.corrected_age_days == 44


def test_corrected_and_chronological_z_differ() -> None:
    """The same weight is a higher z at the younger corrected age."""
    evaluation = evaluate(
        Measurement(
            sex=Sex.FEMALE, age_days=100, weight_kg=Decimal("4.0"), gestational_age_weeks=32
        )
    )
    corrected, chronological = evaluation.corrected, evaluation.chronological
    assert corrected is not None and corrected.wfa is not None and chronological.wfa is not None
    assert corrected.wfa.z_score > chronological.wfa.z_score


def test_before_term_equivalent_age_there_is_no_score_and_the_reason() -> None:
    """Born at 32 weeks, 30 days old (corrected −26 days): no WHO score, reason given."""
    evaluation = evaluate(
        Measurement(sex=Sex.FEMALE, age_days=30, weight_kg=Decimal("2.0"), gestational_age_weeks=32)
    )
    wfa = evaluation.primary.wfa
    assert wfa is not None and wfa.z_score is None
    assert wfa.no_score_reason is NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE
    assert wfa.no_score_message is not None and "term-equivalent" in wfa.no_score_message
    assert evaluation.chronological.wfa is not None
    assert evaluation.chronological.wfa.z_score is not None


def test_correction_stops_when_corrected_age_reaches_24_months() -> None:
    """Born at 32 weeks (56 days early): at 787 days the corrected age is 731 days, so the
    primary result is chronological again; the corrected one is still available."""
    evaluation = evaluate(
        Measurement(sex=Sex.MALE, age_days=787, weight_kg=Decimal("12.0"), gestational_age_weeks=32)
    )
    assert evaluation.uses_corrected_age is False
    assert evaluation.primary.age_days == 787
    assert evaluation.corrected_age_days == 731


def test_one_day_earlier_is_still_corrected() -> None:
    """At 786 days (corrected 730) the corrected age is still used."""
    evaluation = evaluate(
        Measurement(sex=Sex.MALE, age_days=786, weight_kg=Decimal("12.0"), gestational_age_weeks=32)
    )
    assert evaluation.uses_corrected_age is True


def test_37_weeks_is_term() -> None:
    """37 completed weeks is not preterm: no corrected result."""
    evaluation = evaluate(
        Measurement(sex=Sex.MALE, age_days=50, weight_kg=Decimal("4.5"), gestational_age_weeks=37)
    )
    assert evaluation.corrected is None
    assert evaluation.uses_corrected_age is False


def test_36_weeks_6_days_is_preterm() -> None:
    """36 weeks + 6 days (258 days) is preterm: 22 days short of term, so 50 days old is
    28 days corrected."""
    evaluation = evaluate(
        Measurement(
            sex=Sex.MALE, age_days=50, weight_kg=Decimal("4.5"), gestational_age_weeks=36 + 6 / 7
        )
    )
    assert evaluation.corrected_age_days == 28
