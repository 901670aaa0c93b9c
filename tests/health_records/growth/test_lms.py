"""The LMS arithmetic against a line-by-line transcription of the WHO's R code."""

from __future__ import annotations

import math

import numpy as np
import pytest

from health_records.growth.lms import lms_value, lms_z, percentile, percentile_display, restricted_z


def _who_adjusted(y: float, l: float, m: float, s: float) -> float:  # noqa: E741
    """anthro R/z-score-helper.R compute_zscore_adjusted, in plain Python floats."""

    def calc_sd(sd: float) -> float:
        return m * ((1 + l * s * sd) ** (1 / l))

    z = ((y / m) ** l - 1) / (s * l)
    if z > 3:
        return 3 + (y - calc_sd(3)) / (calc_sd(3) - calc_sd(2))
    if z < -3:
        return -3 + (y - calc_sd(-3)) / (calc_sd(-2) - calc_sd(-3))
    return z


def test_restricted_z_matches_the_who_r_code_on_random_inputs() -> None:
    """On 20,000 random (y, L, M, S) spanning ±8 SD, the vectorised restricted z equals the
    scalar transcription of the WHO code to 1e-12."""
    rng = np.random.default_rng(20240110)
    n = 20_000
    l = rng.uniform(-1.0, 1.0, n)  # noqa: E741
    m = rng.uniform(2.0, 25.0, n)
    s = rng.uniform(0.03, 0.16, n)
    z_target = rng.uniform(-8, 8, n)
    y = m * np.exp(s * z_target)
    expected = np.array([_who_adjusted(*args) for args in zip(y, l, m, s, strict=True)])
    assert np.max(np.abs(restricted_z(y, l, m, s) - expected)) < 1e-12


def test_zero_l_uses_the_log_form() -> None:
    """Where L is 0 the z-score is ln(y/M)/S, not a division by zero."""
    z = lms_z(np.array([12.0]), np.array([0.0]), np.array([10.0]), np.array([0.1]))
    assert z[0] == pytest.approx(math.log(1.2) / 0.1, abs=1e-12)


def test_lms_value_inverts_lms_z() -> None:
    """The measurement at z, scored again, gives back z."""
    l, m, s = np.array([-0.35]), np.array([9.6]), np.array([0.11])  # noqa: E741
    value = lms_value(1.5, l, m, s)
    assert lms_z(value, l, m, s)[0] == pytest.approx(1.5, abs=1e-12)


def test_percentile_is_phi_of_z() -> None:
    """The percentile of z = −1 is 15.865525…, Φ(−1) × 100."""
    assert percentile(np.array([-1.0]))[0] == pytest.approx(15.865525393145708, abs=1e-12)


def test_percentile_never_reaches_0_or_100() -> None:
    """At z = ±40, where float64 Φ is exactly 0 or 1, the percentile stays inside (0, 100)."""
    values = percentile(np.array([-40.0, 40.0]))
    assert 0.0 < values[0] < values[1] < 100.0


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0000001, "<0.1"),
        (0.0999, "<0.1"),
        (0.1, "0.10"),
        (0.13499, "0.13"),
        (2.275, "2.3"),
        (50.0, "50.0"),
        (99.0, "99.0"),
        (99.87, "99.87"),
        (99.9, "99.90"),
        (99.9001, ">99.9"),
        (99.99999999, ">99.9"),
    ],
)
def test_percentile_display(value: float, shown: str) -> None:
    """Percentiles show "<0.1"/">99.9" at the extremes, two decimals near them, else one."""
    assert percentile_display(value) == shown
