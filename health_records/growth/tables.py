"""Reference tables, loaded once from ``growth/data/`` into NumPy arrays.

See ``growth/data/README.md`` for the provenance of every file. Arrays are indexed by sex first
(0 = male, 1 = female, i.e. ``sex_code - 1``) and are read-only.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np
from numpy.typing import NDArray

WhoTableName = Literal["wfa", "lhfa", "bmi", "hcfa", "wfl", "wfh"]
ChinaMeasure = Literal["wfa", "lhfa", "bmi", "hcfa", "wfl", "wfh"]
ChinaKind = Literal["sd", "percentiles"]

_SEX_INDEX = {"male": 0, "female": 1}

# WHO tables by their x axis: age in whole days, or length/height in 0.1 cm steps.
_WHO_FILES: dict[WhoTableName, tuple[str, str, float]] = {
    "wfa": ("who2006_wfa_lms.csv", "age_days", 1.0),
    "lhfa": ("who2006_lhfa_lms.csv", "age_days", 1.0),
    "bmi": ("who2006_bmi_lms.csv", "age_days", 1.0),
    "hcfa": ("who2006_hcfa_lms.csv", "age_days", 1.0),
    "wfl": ("who2006_wfl_lms.csv", "length_cm", 0.1),
    "wfh": ("who2006_wfh_lms.csv", "height_cm", 0.1),
}

SD_COLUMNS = ("SDm3", "SDm2", "SDm1", "SD0", "SD1", "SD2", "SD3")
PERCENTILE_COLUMNS = ("P3", "P10", "P25", "P50", "P75", "P90", "P97")


@dataclass(frozen=True)
class LmsTable:
    """One WHO LMS table on a regular grid.

    ``l``, ``m``, ``s`` have shape ``(2, n)``: sex index × grid point. Grid point ``i`` is
    ``x_min + i * x_step`` (days for age tables, cm for weight-for-length/height).
    """

    name: WhoTableName
    x_min: float
    x_step: float
    l: NDArray[np.float64]  # noqa: E741 - the WHO's own name for the Box-Cox power
    m: NDArray[np.float64]
    s: NDArray[np.float64]

    @property
    def size(self) -> int:
        """Number of grid points per sex."""
        return int(self.m.shape[1])

    @property
    def x_max(self) -> float:
        """Last grid point (1826 days; 110.0 cm for wfl; 120.0 cm for wfh)."""
        return round(self.x_min + (self.size - 1) * self.x_step, 6)


@dataclass(frozen=True)
class CutoffTable:
    """One WS/T 423—2022 table: printed values at the table's ages (months) or lengths (cm).

    ``x`` has shape ``(n,)``; ``values`` has shape ``(2, n, 7)`` (sex, row, column), the columns
    being −3 … +3 SD (``kind="sd"``) or P3, P10, P25, P50, P75, P90, P97 (``"percentiles"``).
    """

    measure: ChinaMeasure
    kind: ChinaKind
    x_name: str
    x: NDArray[np.float64]
    values: NDArray[np.float64]


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def _readonly(array: NDArray[np.float64]) -> NDArray[np.float64]:
    array.setflags(write=False)
    return array


@functools.cache
def who_lms(name: WhoTableName) -> LmsTable:
    """The WHO 2006 LMS table ``name``, checked to be complete and on a regular grid.

    Raises:
        RuntimeError: the shipped CSV is damaged (a missing, repeated or out-of-order row).
    """
    filename, x_column, x_step = _WHO_FILES[name]
    rows = list(csv.DictReader(_data_text(filename).splitlines()))
    by_sex: dict[int, list[tuple[float, float, float, float]]] = {0: [], 1: []}
    for row in rows:
        by_sex[_SEX_INDEX[row["sex"]]].append(
            (float(row[x_column]), float(row["L"]), float(row["M"]), float(row["S"]))
        )
    if len(by_sex[0]) != len(by_sex[1]):
        raise RuntimeError(f"{filename}: different row counts for boys and girls")
    x_min = by_sex[0][0][0]
    arrays = np.empty((3, 2, len(by_sex[0])), dtype=np.float64)
    for sex_index, sex_rows in by_sex.items():
        for i, (x, l_value, m_value, s_value) in enumerate(sex_rows):
            if abs(x - (x_min + i * x_step)) > 1e-6:
                raise RuntimeError(f"{filename}: row {x} is not on the {x_step} grid")
            arrays[:, sex_index, i] = (l_value, m_value, s_value)
    return LmsTable(
        name=name,
        x_min=x_min,
        x_step=x_step,
        l=_readonly(arrays[0].copy()),
        m=_readonly(arrays[1].copy()),
        s=_readonly(arrays[2].copy()),
    )


@functools.cache
def china_table(measure: ChinaMeasure, kind: ChinaKind) -> CutoffTable:
    """The WS/T 423—2022 table for ``measure``: Appendix B (``"sd"``) or A (``"percentiles"``).

    Raises:
        RuntimeError: the shipped CSV is damaged (boys' and girls' rows differ in x, or the
            printed values do not rise from −3 SD to +3 SD / P3 to P97).
    """
    columns = SD_COLUMNS if kind == "sd" else PERCENTILE_COLUMNS
    filename = f"ws_t_423_2022_{kind}.csv"
    rows = [r for r in csv.DictReader(_data_text(filename).splitlines()) if r["measure"] == measure]
    xs: dict[int, list[float]] = {0: [], 1: []}
    values: dict[int, list[list[float]]] = {0: [], 1: []}
    for row in rows:
        sex_index = _SEX_INDEX[row["sex"]]
        xs[sex_index].append(float(row["x"]))
        values[sex_index].append([float(row[c]) for c in columns])
    if xs[0] != xs[1] or not xs[0]:
        raise RuntimeError(f"{filename}: {measure} rows differ between boys and girls")
    array = np.array([values[0], values[1]], dtype=np.float64)
    if np.any(np.diff(array, axis=2) <= 0) or np.any(np.diff(np.array(xs[0])) <= 0):
        raise RuntimeError(f"{filename}: {measure} values are not increasing")
    return CutoffTable(
        measure=measure,
        kind=kind,
        x_name=rows[0]["x_name"],
        x=_readonly(np.array(xs[0], dtype=np.float64)),
        values=_readonly(array),
    )
