"""Growth faltering between two measurements of one child.

Rule (DESIGN.md §4 and issue 3): faltering is reported when weight-for-age z falls by more than
0.67 — one centile space, the distance between adjacent major centile lines (0.4th, 2nd, 9th,
25th, 50th, …) on the WHO-based UK-WHO charts (RCPCH, 2009) — or when weight is lost. NICE
guideline NG75 (Faltering growth, 2017) asks for a fall of 1, 2 or 3 centile spaces depending
on the birth-weight centile; the single 0.67 threshold here is the stricter screening rule the
product asks for, meant to prompt a doctor's review, not to diagnose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .engine import GrowthEvaluation, GrowthResult
from .errors import ErrorCode, GrowthInputError
from .inputs import to_float

FALTERING_Z_FALL = 0.67
"""A fall in weight-for-age z of more than this is faltering (one centile space)."""


class FalteringReason(StrEnum):
    """Why faltering was reported (stable codes)."""

    WEIGHT_FOR_AGE_Z_FALL = "weight_for_age_z_fall"
    WEIGHT_LOSS = "weight_loss"


@dataclass(frozen=True)
class GrowthFaltering:
    """The comparison of two measurements.

    Attributes:
        earlier: the earlier evaluation compared.
        later: the later evaluation compared.
        age_basis: ``"corrected"`` if both were compared at corrected age, else
            ``"chronological"``.
        weight_for_age_z_change: later − earlier weight-for-age z (full precision), or ``None``
            when either has no weight-for-age z.
        weight_change_kg: later − earlier weight in kg, or ``None`` when either has no weight.
        reasons: the faltering rules met, empty when there is no faltering.
    """

    earlier: GrowthEvaluation
    later: GrowthEvaluation
    age_basis: str
    weight_for_age_z_change: float | None
    weight_change_kg: float | None
    reasons: tuple[FalteringReason, ...]

    @property
    def detected(self) -> bool:
        """Whether any faltering rule was met."""
        return bool(self.reasons)


def growth_faltering(earlier: GrowthEvaluation, later: GrowthEvaluation) -> GrowthFaltering:
    """Compare two evaluations of the same child for growth faltering.

    Both are compared at corrected age when the earlier one was evaluated at corrected age (so
    reaching 24 months corrected does not itself look like a fall), else at chronological age.

    Args:
        earlier: evaluation of the earlier measurement.
        later: evaluation of the later measurement (same day allowed).

    Returns:
        A :class:`GrowthFaltering` naming both evaluations, the z and weight changes and the
        rules met: a fall in weight-for-age z of more than 0.67, or any weight loss.

    Raises:
        GrowthInputError: ``missing_age`` if either measurement has no age;
            ``measurements_out_of_order`` if ``later`` is younger than ``earlier`` or the two
            are of different sexes.
    """
    first, second = earlier.measurement, later.measurement
    if first.age_days is None or second.age_days is None:
        raise GrowthInputError(
            ErrorCode.MISSING_AGE, "growth faltering needs the age of both measurements"
        )
    if second.age_days < first.age_days:
        raise GrowthInputError(
            ErrorCode.MEASUREMENTS_OUT_OF_ORDER,
            f"the later measurement (day {second.age_days}) is before the earlier one "
            f"(day {first.age_days})",
        )
    if first.sex is not second.sex:
        raise GrowthInputError(
            ErrorCode.MEASUREMENTS_OUT_OF_ORDER,
            "the two measurements are of children of different sexes",
        )
    corrected = earlier.uses_corrected_age and later.corrected is not None
    earlier_result: GrowthResult = earlier.primary
    later_result: GrowthResult = later.chronological
    if corrected and later.corrected is not None:
        later_result = later.corrected
    elif earlier.uses_corrected_age:
        earlier_result = earlier.chronological
    z_change: float | None = None
    reasons: list[FalteringReason] = []
    earlier_z = earlier_result.wfa.z_score if earlier_result.wfa is not None else None
    later_z = later_result.wfa.z_score if later_result.wfa is not None else None
    if earlier_z is not None and later_z is not None:
        z_change = later_z - earlier_z
        if z_change < -FALTERING_Z_FALL:
            reasons.append(FalteringReason.WEIGHT_FOR_AGE_Z_FALL)
    weight_change: float | None = None
    if first.weight_kg is not None and second.weight_kg is not None:
        later_kg = to_float(second.weight_kg, "weight_kg")
        earlier_kg = to_float(first.weight_kg, "weight_kg")
        weight_change = later_kg - earlier_kg
        if later_kg < earlier_kg:
            reasons.append(FalteringReason.WEIGHT_LOSS)
    return GrowthFaltering(
        earlier=earlier,
        later=later,
        age_basis="corrected" if corrected else "chronological",
        weight_for_age_z_change=z_change,
        weight_change_kg=weight_change,
        reasons=tuple(reasons),
    )
