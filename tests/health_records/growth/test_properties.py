"""Property tests (hypothesis): monotonic, continuous at ±3 SD, percentiles inside (0, 100)."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from health_records.growth import MeasurementBatch, evaluate_batch
from health_records.growth.lms import lms_value
from health_records.growth.tables import who_lms

sexes = st.sampled_from([1, 2])
ages = st.integers(min_value=0, max_value=1826)
weights = st.floats(min_value=0.3, max_value=59.0, allow_nan=False)
lengths = st.floats(min_value=45.0, max_value=110.0, allow_nan=False)
heads = st.floats(min_value=15.0, max_value=74.0, allow_nan=False)


def _scores(
    sex: int, age_days: int, weight_kg: list[float], length_cm: list[float], head_cm: list[float]
) -> dict[str, np.ndarray]:
    n = len(weight_kg)
    result = evaluate_batch(
        MeasurementBatch.from_arrays(
            sex=[sex] * n,
            age_days=[age_days] * n,
            weight_kg=weight_kg,
            length_height_cm=length_cm,
            position=[1] * n,
            head_circumference_cm=head_cm,
        )
    )
    return {
        "wfa": result.wfa.z,
        "lhfa": result.lhfa.z,
        "hcfa": result.hcfa.z,
        "bfa": result.bfa.z,
        "wflh": result.wflh.z,
    }


@settings(max_examples=300, deadline=None, database=None)
@given(sex=sexes, age_days=ages, pair=st.lists(weights, min_size=2, max_size=2, unique=True))
def test_weight_for_age_z_rises_with_weight(sex: int, age_days: int, pair: list[float]) -> None:
    """A heavier child of the same sex and age has a higher weight-for-age z."""
    light, heavy = sorted(pair)
    # Measurements are recorded to 1 g / 0.1 mm: closer values may round to one z.
    assume(heavy - light >= 1e-3)
    z = _scores(sex, age_days, [light, heavy], [np.nan] * 2, [np.nan] * 2)["wfa"]
    assert z[0] < z[1]


@settings(max_examples=300, deadline=None, database=None)
@given(sex=sexes, age_days=ages, pair=st.lists(lengths, min_size=2, max_size=2, unique=True))
def test_length_for_age_z_rises_with_length(sex: int, age_days: int, pair: list[float]) -> None:
    """A longer child has a higher length/height-for-age z (and a lower BMI-for-age z at the
    same weight)."""
    short, tall = sorted(pair)
    # Measurements are recorded to 1 g / 0.1 mm: closer values may round to one z.
    assume(tall - short >= 1e-3)
    scores = _scores(sex, age_days, [10.0, 10.0], [short, tall], [np.nan] * 2)
    assert scores["lhfa"][0] < scores["lhfa"][1]
    assert scores["bfa"][0] > scores["bfa"][1]


@settings(max_examples=300, deadline=None, database=None)
@given(sex=sexes, age_days=ages, pair=st.lists(heads, min_size=2, max_size=2, unique=True))
def test_head_circumference_z_rises_with_head_size(
    sex: int, age_days: int, pair: list[float]
) -> None:
    """A larger head has a higher head circumference-for-age z."""
    small, large = sorted(pair)
    # Measurements are recorded to 1 g / 0.1 mm: closer values may round to one z.
    assume(large - small >= 1e-3)
    z = _scores(sex, age_days, [np.nan] * 2, [np.nan] * 2, [small, large])["hcfa"]
    assert z[0] < z[1]


@settings(max_examples=300, deadline=None, database=None)
@given(sex=sexes, length_cm=lengths, pair=st.lists(weights, min_size=2, max_size=2, unique=True))
def test_weight_for_length_z_rises_with_weight(
    sex: int, length_cm: float, pair: list[float]
) -> None:
    """At the same length a heavier child has a higher weight-for-length z."""
    light, heavy = sorted(pair)
    # Measurements are recorded to 1 g / 0.1 mm: closer values may round to one z.
    assume(heavy - light >= 1e-3)
    z = _scores(sex, 100, [light, heavy], [length_cm] * 2, [np.nan] * 2)["wflh"]
    assert z[0] < z[1]


@settings(max_examples=300, deadline=None, database=None)
@given(sex=sexes, age_days=ages, sd=st.sampled_from([-3.0, 3.0]))
def test_weight_for_age_z_is_continuous_at_3_sd(sex: int, age_days: int, sd: float) -> None:
    """Around the ±3 SD weight, 1e-9 kg either side, the z-scores are within 1e-6 of ±3."""
    table = who_lms("wfa")
    index = (sex - 1, [age_days])
    at_sd = float(lms_value(sd, table.l[index], table.m[index], table.s[index])[0])
    z = _scores(sex, age_days, [at_sd - 1e-9, at_sd + 1e-9], [np.nan] * 2, [np.nan] * 2)["wfa"]
    assert np.all(np.abs(z - sd) < 1e-6)


@settings(max_examples=300, deadline=None, database=None)
@given(sex=sexes, age_days=ages, weight_kg=weights, length_cm=lengths, head_cm=heads)
def test_percentiles_lie_strictly_between_0_and_100(
    sex: int, age_days: int, weight_kg: float, length_cm: float, head_cm: float
) -> None:
    """Every percentile of every indicator is inside (0, 100), however extreme the input."""
    result = evaluate_batch(
        MeasurementBatch.from_arrays(
            sex=[sex],
            age_days=[age_days],
            weight_kg=[weight_kg],
            length_height_cm=[length_cm],
            position=[1],
            head_circumference_cm=[head_cm],
        )
    )
    values = np.concatenate(
        [s.percentile for s in (result.wfa, result.lhfa, result.bfa, result.hcfa)]
    )
    assert np.all((values > 0) & (values < 100))
