"""Growth evaluation engine: WHO Child Growth Standards 2006 and China's WS/T 423—2022.

Pure Python (NumPy, SciPy; no Django): frozen dataclasses in, frozen dataclasses out. Reference
tables ship in ``growth/data/`` with their provenance (``growth/data/README.md``).

Module map:

- :mod:`.inputs` — :class:`Sex`, :class:`Position`, :class:`Indicator`, :class:`Measurement`,
  age helpers (:func:`age_days_between`, :func:`age_days_from_months`).
- :mod:`.errors` — :class:`GrowthInputError` and its stable :class:`ErrorCode`\\ s.
- :mod:`.batch` — the vectorised engine and every clinical rule (:func:`evaluate_batch`).
- :mod:`.engine` — one measurement (:func:`evaluate`) and the result dataclasses.
- :mod:`.china` — WS/T 423—2022 classes and growth levels.
- :mod:`.lms` — the LMS method, the WHO restricted z beyond ±3 SD, percentiles.
- :mod:`.faltering` — growth faltering between two measurements.
- :mod:`.codes`, :mod:`.labels` — class, level and reason codes, English/Chinese labels.
- :mod:`.standards`, :mod:`.tables` — the standards' names and editions; table loading.
- :mod:`.bulk` — CSV in, CSV out (``manage.py growth_evaluate``).
"""

from .batch import BatchResult, MeasurementBatch, ScoreArrays, evaluate_batch
from .codes import ClassCode, GrowthLevel, NoScoreReason
from .engine import (
    ENGINE_VERSION,
    AgeBasis,
    ChinaUnavailable,
    Classification,
    GrowthEvaluation,
    GrowthResult,
    IndicatorResult,
    evaluate,
)
from .errors import ErrorCode, GrowthInputError
from .faltering import FalteringReason, GrowthFaltering, growth_faltering
from .inputs import (
    Indicator,
    Measurement,
    Position,
    Sex,
    age_days_between,
    age_days_from_months,
    corrected_age_days,
    parse_oedema,
)
from .labels import label
from .standards import WHO_2006, WS_T_423_2022, Standard

__all__ = [
    "ENGINE_VERSION",
    "WHO_2006",
    "WS_T_423_2022",
    "AgeBasis",
    "BatchResult",
    "ChinaUnavailable",
    "ClassCode",
    "Classification",
    "ErrorCode",
    "FalteringReason",
    "GrowthEvaluation",
    "GrowthFaltering",
    "GrowthInputError",
    "GrowthLevel",
    "GrowthResult",
    "Indicator",
    "IndicatorResult",
    "Measurement",
    "MeasurementBatch",
    "NoScoreReason",
    "Position",
    "ScoreArrays",
    "Sex",
    "Standard",
    "age_days_between",
    "age_days_from_months",
    "corrected_age_days",
    "evaluate",
    "evaluate_batch",
    "growth_faltering",
    "label",
    "parse_oedema",
]
