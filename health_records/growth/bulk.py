"""Bulk evaluation of a CSV file: the logic behind ``manage.py growth_evaluate``.

Input: a CSV with a header row. Header names are matched case-insensitively, surrounding spaces
ignored. Recognised columns (all but ``sex`` optional; every measurement optional):

``id``, ``sex`` (male/female, m/f, 1/2), ``age_days`` — or ``birth_date`` and ``measured_on``
(ISO dates, YYYY-MM-DD) —, ``weight_kg``, ``length_height_cm``, ``position`` (recumbent/standing,
L/H), ``head_circumference_cm``, ``gestational_age_weeks``, ``oedema`` (y/n).

Output: every input column, unchanged and in order, then the engine's columns (a column the
input already has, case-insensitively, is overwritten in place, so a result file can be
evaluated again):

- ``age_days``: chronological age; ``corrected_age_days``: for gestation < 37 weeks.
- ``zwei``, ``zlen``, ``zwfl``, ``zbmi``, ``zhc``: WHO 2006 z-scores named as in WHO Anthro, at
  full precision (shortest round-trip form, at least 6 decimals); ``zwfl`` holds
  weight-for-length or weight-for-height, by age (by position when age is missing).
- ``pwei``, ``plen``, ``pwfl``, ``pbmi``, ``phc``: percentiles as displayed ("<0.1", "0.13",
  "45.2", ">99.9"; of the z rounded to 2 decimals).
- ``fwei``, ``flen``, ``fwfl``, ``fbmi``, ``fhc``: 1 when WHO flags the value as biologically
  implausible, 0 when not, empty when there is no z-score (as WHO Anthro).
- ``who_wei``, ``who_len``, ``who_wfl``, ``who_bmi``, ``who_hc``: WHO 2006 class codes.
- ``china_wei``, ``china_len``, ``china_wfl``, ``china_bmi``: WS/T 423—2022 nutrition class
  codes; ``china_level_wei`` … ``china_level_hc``: WS/T 423—2022 growth levels.
- ``notes``: why a measured indicator has no score or class, and conversions made.
- ``errors``: for a row that cannot be evaluated, ``row N: field: message [code]`` for each
  problem (N counts data rows from 1; the header is line 1 of the file, row N is line N + 1).
  Such a row gets no results; every other row is still evaluated.

Results are those of :func:`~health_records.growth.batch.evaluate_batch` with the default
``age_basis="auto"`` (corrected age for preterm children under 24 months corrected).
"""

from __future__ import annotations

import csv
import functools
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

import numpy as np

from .batch import BatchResult, LevelMethod, MeasurementBatch, ScoreArrays, evaluate_batch
from .codes import CLASS_CODES, GROWTH_LEVELS, NO_SCORE_REASONS, NoScoreReason
from .engine import no_score_message
from .errors import ErrorCode, GrowthInputError
from .inputs import (
    Indicator,
    Measurement,
    Position,
    Sex,
    age_days_between,
    parse_iso_date,
    parse_number,
    parse_oedema,
)
from .lms import percentile, percentile_display
from .standards import WHO_2006, WS_T_423_2022

INPUT_COLUMNS = (
    "id",
    "sex",
    "age_days",
    "birth_date",
    "measured_on",
    "weight_kg",
    "length_height_cm",
    "position",
    "head_circumference_cm",
    "gestational_age_weeks",
    "oedema",
)
"""Input columns the engine reads (matched case-insensitively); others pass through."""

CHUNK_ROWS = 50_000
MAX_REPORTED_ERRORS = 100

_SCORES = ("wei", "len", "wfl", "bmi", "hc")
OUTPUT_COLUMNS: tuple[str, ...] = (
    "age_days",
    "corrected_age_days",
    *itertools.chain.from_iterable((f"z{s}", f"p{s}", f"f{s}") for s in _SCORES),
    *(f"who_{s}" for s in _SCORES),
    *(f"china_{s}" for s in _SCORES[:4]),
    *(f"china_level_{s}" for s in _SCORES),
    "notes",
    "errors",
)
"""Columns the engine adds, in order."""


@dataclass(frozen=True)
class BulkSummary:
    """What :func:`evaluate_csv` did.

    Attributes:
        rows: data rows read.
        failed_rows: rows that could not be evaluated (their ``errors`` column is filled).
        errors: the first :data:`MAX_REPORTED_ERRORS` error messages, with row numbers.
    """

    rows: int
    failed_rows: int
    errors: tuple[str, ...]


def _field(row: dict[str, str], name: str) -> str:
    return row.get(name, "").strip()


def _whole_days(text: str) -> int | None:
    value = parse_number(text, "age_days")
    if value is None:
        return None
    if value != value.to_integral_value():
        raise GrowthInputError(
            ErrorCode.INVALID_AGE, f"age_days {text!r} is not a whole number", field="age_days"
        )
    if value < 0:
        raise GrowthInputError(
            ErrorCode.MEASUREMENT_BEFORE_BIRTH, f"age_days {text!r} is negative", field="age_days"
        )
    return int(value)


def _age(row: dict[str, str], today: date) -> int | None:
    if _field(row, "age_days"):
        return _whole_days(_field(row, "age_days"))
    birth, measured = _field(row, "birth_date"), _field(row, "measured_on")
    if not birth and not measured:
        return None
    if not birth or not measured:
        missing = "birth_date" if not birth else "measured_on"
        raise GrowthInputError(
            ErrorCode.MISSING_AGE,
            f"{missing} is empty: the age needs both birth_date and measured_on",
            field=missing,
        )
    born = parse_iso_date(birth, "birth_date")
    return age_days_between(born, parse_iso_date(measured, "measured_on"), today=today)


_T = TypeVar("_T")

NUMBER_COLUMNS = ("weight_kg", "length_height_cm", "head_circumference_cm", "gestational_age_weeks")


def parse_row(row: dict[str, str], today: date) -> Measurement:
    """One CSV row (keys lower-cased) as a validated :class:`Measurement`.

    Raises:
        ExceptionGroup: of :class:`GrowthInputError`, one per bad field, so that a row reports
            every problem at once.
    """
    problems: list[GrowthInputError] = []

    def attempt(read: Callable[[], _T]) -> _T | None:
        try:
            return read()
        except GrowthInputError as error:
            problems.append(error)
            return None

    sex = attempt(lambda: Sex.parse(_field(row, "sex")))
    age = attempt(lambda: _age(row, today))
    numbers = {
        name: attempt(functools.partial(parse_number, _field(row, name), name))
        for name in NUMBER_COLUMNS
    }
    position = attempt(lambda: Position.parse(_field(row, "position")))
    oedema = attempt(lambda: parse_oedema(_field(row, "oedema")))
    if problems:
        raise ExceptionGroup("bad row", problems)
    assert sex is not None  # Sex.parse either returns a Sex or recorded a problem
    try:
        return Measurement(
            sex=sex,
            age_days=age,
            weight_kg=numbers["weight_kg"],
            length_height_cm=numbers["length_height_cm"],
            position=position,
            head_circumference_cm=numbers["head_circumference_cm"],
            gestational_age_weeks=numbers["gestational_age_weeks"],
            oedema=bool(oedema),
        )
    except GrowthInputError as error:
        raise ExceptionGroup("bad row", [error]) from None


def _number(value: float) -> str:
    """Shortest round-trip decimal with at least 6 decimals; −0.0 is written as 0."""
    return np.format_float_positional(value + 0.0, unique=True, min_digits=6, trim="k")


def _scored_columns(prefix: str, scores: ScoreArrays, i: int) -> dict[str, str]:
    z = float(scores.z[i])
    if math.isnan(z):
        return {f"z{prefix}": "", f"p{prefix}": "", f"f{prefix}": ""}
    shown = float(percentile(np.array([round(z, 2)]))[0])
    return {
        f"z{prefix}": _number(z),
        f"p{prefix}": percentile_display(shown),
        f"f{prefix}": "1" if scores.flag[i] else "0",
    }


def _code(codes: tuple[object, ...], index: int) -> str:
    return "" if index < 0 else str(codes[index])


_INDICATOR_BY_SCORE = {
    "wei": Indicator.WFA,
    "len": Indicator.LHFA,
    "bmi": Indicator.BFA,
    "hc": Indicator.HCFA,
}


def _result_columns(result: BatchResult, i: int) -> dict[str, str]:
    out: dict[str, str] = {}
    chrono, corrected = float(result.chronological_age_days[i]), float(result.corrected_age_days[i])
    out["age_days"] = "" if math.isnan(chrono) else str(int(chrono))
    out["corrected_age_days"] = "" if math.isnan(corrected) else str(int(corrected))
    missing: dict[str, list[str]] = {}
    by_score = dict(
        zip(_SCORES, (result.wfa, result.lhfa, result.wflh, result.bfa, result.hcfa), strict=True)
    )
    wflh = Indicator.WFL if result.wflh_table[i] == 1 else Indicator.WFH
    for name, scores in by_score.items():
        out.update(_scored_columns(name, scores, i))
        out[f"who_{name}"] = _code(CLASS_CODES, int(scores.who_class[i]))
        if name != "hc":
            out[f"china_{name}"] = _code(CLASS_CODES, int(scores.china_class[i]))
        out[f"china_level_{name}"] = _code(GROWTH_LEVELS, int(scores.china_level[i]))
        indicator = _INDICATOR_BY_SCORE.get(name, wflh)
        for standard, label, reason_index in (
            (WHO_2006, "WHO", int(scores.reason[i])),
            (WS_T_423_2022, "WS/T 423", int(scores.china_reason[i])),
        ):
            reason = NO_SCORE_REASONS[reason_index]
            if reason is not None and reason is not NoScoreReason.NOT_MEASURED:
                message = no_score_message(reason, standard, indicator)
                missing.setdefault(message, []).append(f"{label} {indicator.value}")
    notes = [f"{message} ({', '.join(where)})" for message, where in missing.items()]
    adjustment = float(result.length_height_adjustment_cm[i])
    if adjustment:
        notes.append(f"length/height {adjustment:+.1f} cm for position")
    if result.position_disregarded[i]:
        notes.append("standing under 9 months: position treated as not recorded")
    if result.uses_corrected_age[i]:
        notes.append("evaluated at corrected age")
    out["notes"] = "; ".join(notes)
    out["errors"] = ""
    return out


def _chunks(reader: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while chunk := list(itertools.islice(reader, size)):
        yield chunk


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def evaluate_csv(
    source: Iterable[str],
    target: _Writable,
    *,
    today: date,
    level_method: LevelMethod = "sd",
    progress: Callable[[int], object] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> BulkSummary:
    """Read measurements from ``source`` and write them with results to ``target``.

    Args:
        source: CSV text with a header row (see the module docstring for columns): an open
            text file or any iterable of lines.
        target: where the output CSV is written (anything with ``write(str)``).
        today: measurements after this date are errors (``measurement_in_future``).
        level_method: WS/T 423—2022 growth levels by the SD or percentile tables.
        progress: called with the number of rows just finished, after each chunk.
        chunk_rows: rows evaluated at a time (memory is bounded by this, not the file size).

    Returns:
        A :class:`BulkSummary`; bad rows are counted there and described in their ``errors``
        column, and do not stop the others.

    Raises:
        GrowthInputError: ``invalid_csv`` when the header has no ``sex`` column or repeats a
            column name. Nothing is written then.
    """
    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        raise GrowthInputError(ErrorCode.INVALID_CSV, "the file is empty: no header row")
    keys = [name.strip().lower() for name in header]
    if "sex" not in keys:
        raise GrowthInputError(ErrorCode.INVALID_CSV, "the header has no 'sex' column")
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise GrowthInputError(
            ErrorCode.INVALID_CSV, f"the header repeats column(s): {', '.join(repeated)}"
        )
    out_header = list(header) + [c for c in OUTPUT_COLUMNS if c not in keys]
    out_keys = keys + [c for c in OUTPUT_COLUMNS if c not in keys]
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(out_header)

    rows_read = failed = 0
    reported: list[str] = []
    for chunk in _chunks(reader, chunk_rows):
        measurements: list[Measurement] = []
        valid_rows: list[int] = []
        errors: dict[int, str] = {}
        for offset, values in enumerate(chunk):
            number = rows_read + offset + 1
            row = dict(zip(keys, values, strict=False))
            try:
                measurements.append(parse_row(row, today))
                valid_rows.append(offset)
            except ExceptionGroup as group:
                errors[offset] = "; ".join(
                    f"row {number}: {e.field or 'row'}: {e.message} [{e.code.value}]"
                    for e in group.exceptions
                    if isinstance(e, GrowthInputError)
                )
        result = evaluate_batch(
            MeasurementBatch.from_measurements(measurements), level_method=level_method
        )
        position_in_batch = {offset: j for j, offset in enumerate(valid_rows)}
        for offset, values in enumerate(chunk):
            padded = values + [""] * (len(keys) - len(values))
            cells = dict(zip(out_keys, padded, strict=False))
            if offset in errors:
                # Clear stale results of an earlier run; keep the input age as given.
                cells.update(dict.fromkeys(OUTPUT_COLUMNS[1:], ""))
                cells.setdefault("age_days", "")
                cells["errors"] = errors[offset]
                failed += 1
                if len(reported) < MAX_REPORTED_ERRORS:
                    reported.append(errors[offset])
            else:
                cells.update(_result_columns(result, position_in_batch[offset]))
            writer.writerow([cells.get(k, "") for k in out_keys])
        rows_read += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return BulkSummary(rows=rows_read, failed_rows=failed, errors=tuple(reported))
