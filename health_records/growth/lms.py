"""The LMS method and the WHO's restricted computation beyond ±3 SD, on NumPy arrays.

All functions take and return float64 arrays of one shape ``(n,)`` and never modify their input.
Source: WHO Multicentre Growth Reference Study Group, WHO Child Growth Standards: Methods and
development (2006), chapter 7 "Computation of centiles and z-scores", as implemented in the WHO's
R package ``anthro`` (``R/z-score-helper.R``: ``compute_zscore``, ``compute_zscore_adjusted``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr

FloatArray = NDArray[np.float64]

# The percentile is Φ(z) × 100. In float64, Φ(z) rounds to exactly 0 below z ≈ −38.5 and to
# exactly 1 above z ≈ 8.3; the percentile is held strictly inside (0, 100) so that no result ever
# says 0 or 100 (a measurement is never below or above every child of the standard).
PERCENTILE_MIN = float(np.nextafter(0.0, 1.0))
PERCENTILE_MAX = float(np.nextafter(100.0, 0.0))


def lms_z(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """Plain LMS z-score: ``((y/M)^L − 1) / (L·S)``, or ``ln(y/M) / S`` where ``L == 0``.

    Used as is for length/height-for-age and head circumference-for-age (their L is 1).
    NaN in any argument gives NaN.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = y / m
        z = (np.power(ratio, l) - 1.0) / (l * s)
        zero_l = l == 0.0
        if np.any(zero_l):
            z = np.where(zero_l, np.log(ratio) / s, z)
    return z


def lms_value(z: float, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """The measurement at z-score ``z``: ``M·(1 + L·S·z)^(1/L)``, or ``M·exp(S·z)`` at L = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value = m * np.power(1.0 + l * s * z, 1.0 / l)
        zero_l = l == 0.0
        if np.any(zero_l):
            value = np.where(zero_l, m * np.exp(s * z), value)
    return value


def restricted_z(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """WHO z-score for weight-based indicators (weight-for-age, -length/height, BMI-for-age).

    Within ±3 SD this is :func:`lms_z`. Beyond, the LMS distribution's long tail is replaced by a
    straight line at the spacing of the last SD band: above +3 SD,
    ``z = 3 + (y − SD3pos) / (SD3pos − SD2pos)``; below −3 SD,
    ``z = −3 + (y − SD3neg) / (SD2neg − SD3neg)``, where ``SDkpos`` is the measurement at +k SD.
    The result is continuous at ±3 (WHO 2006, Methods and development, chapter 7; ``anthro``'s
    ``compute_zscore_adjusted``).
    """
    z = lms_z(y, l, m, s)
    with np.errstate(invalid="ignore"):
        above = z > 3.0
        below = z < -3.0
    if np.any(above):
        la, ma, sa = l[above], m[above], s[above]
        sd3 = lms_value(3.0, la, ma, sa)
        sd2 = lms_value(2.0, la, ma, sa)
        z[above] = 3.0 + (y[above] - sd3) / (sd3 - sd2)
    if np.any(below):
        lb, mb, sb = l[below], m[below], s[below]
        sd3 = lms_value(-3.0, lb, mb, sb)
        sd2 = lms_value(-2.0, lb, mb, sb)
        z[below] = -3.0 + (y[below] - sd3) / (sd2 - sd3)
    return z


def percentile(z: FloatArray) -> FloatArray:
    """Percentile (centile) = 100 · Φ(z), kept strictly inside (0, 100). NaN stays NaN."""
    cumulative: FloatArray = ndtr(z)  # scipy is untyped here (ignore_missing_imports)
    return np.clip(100.0 * cumulative, PERCENTILE_MIN, PERCENTILE_MAX)


def percentile_display(value: float) -> str:
    """How a percentile is shown: never "0" or "100".

    Below 0.1 → ``"<0.1"``; above 99.9 → ``">99.9"``; from 0.1 up to 1 and from 99 up to 99.9
    two decimals (z = −3 → ``"0.13"``); otherwise one decimal (``"45.2"``).
    """
    if value < 0.1:
        return "<0.1"
    if value > 99.9:
        return ">99.9"
    if value < 1.0 or value > 99.0:
        return f"{value:.2f}"
    return f"{value:.1f}"
