"""Reads of growth data: a child's measurements with their evaluation, chart data (reference
curves + the child's points), plain-words explanations, edit history, a classroom's measuring
day.

Every read starts from :func:`~health_records.selectors.access.children_visible_to` (a parent
reaches only their own children; staff only their centre's). Query counts do not grow with the
number of measurements: one query for a child's measurements with their stored evaluations, one
for the edit history (asserted in the view tests).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from health_records.growth import (
    WHO_2006,
    WS_T_423_2022,
    ClassCode,
    GrowthLevel,
    Indicator,
    NoScoreReason,
    Sex,
    label,
)
from health_records.growth.curves import CurveKind, reference_curves, x_range
from health_records.growth.inputs import DAYS_PER_MONTH, STANDING_FROM_AGE_DAYS
from health_records.growth.standards import Standard
from health_records.models import Child, Classroom, EditConflict, GrowthMeasurement
from health_records.services.growth import INDICATOR_NAMES

from .access import Viewer, child_visible_get, children_visible_to
from .audit import tried_values
from .centre import NotStaff

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

STANDARDS: dict[str, Standard] = {WHO_2006.code: WHO_2006, WS_T_423_2022.code: WS_T_423_2022}
CHART_INDICATORS = ("wfa", "lhfa", "wfl", "wfh", "bfa", "hcfa")
RANGES_MONTHS = (24, 36, 60)
DEFAULT_RANGE_MONTHS = 36
"""Charts show 0–36 months by default (the centres' age range), up to 5 years on request."""

UNITS = {"wfa": "kg", "lhfa": "cm", "wfl": "kg", "wfh": "kg", "bfa": "kg/m²", "hcfa": "cm"}


def language_code() -> str:
    """``"zh"`` when the active language is Chinese, else ``"en"`` (for the engine's labels)."""
    return "zh" if (get_language() or "").startswith("zh") else "en"


def standard_name(standard: Standard) -> str:
    """The standard's name in the active language."""
    return standard.name_zh if language_code() == "zh" else standard.name_en


def growth_child_get(viewer: Viewer, child_id: uuid.UUID, *, related: bool = True) -> Child:
    """A child the viewer may read, with classroom and centre unless ``related=False``;
    ``Child.DoesNotExist`` (404 at the edge) otherwise."""
    if related:
        return child_visible_get(viewer, child_id, "classroom", "centre")
    return child_visible_get(viewer, child_id)


def measurements_for(child: Child) -> QuerySet[GrowthMeasurement]:
    """The child's measurements, oldest first, with evaluation and recorder joined (1 query)."""
    return (
        GrowthMeasurement.objects.filter(child=child)
        .select_related("evaluation", "recorded_by")
        .order_by("measured_on")
    )


def measurement_get(viewer: Viewer, measurement_id: uuid.UUID) -> GrowthMeasurement:
    """One measurement of a child the viewer may read (``DoesNotExist`` otherwise)."""
    return GrowthMeasurement.objects.select_related(
        "evaluation", "child", "child__centre", "child__classroom", "recorded_by"
    ).get(pk=measurement_id, child__in=children_visible_to(viewer))


# ---------------------------------------------------------------------------------------------
# Presenting one evaluation
# ---------------------------------------------------------------------------------------------


PLAIN_WORDS: dict[tuple[str, str], StrPromise] = {
    ("wfa", "normal"): _("Weight is in the normal range for age."),
    ("wfa", "underweight"): _("Weight is low for age (underweight)."),
    ("wfa", "severe_underweight"): _("Weight is very low for age (severely underweight)."),
    ("lhfa", "normal"): _("Length/height is in the normal range for age."),
    ("lhfa", "stunting"): _("Length/height is low for age (stunted)."),
    ("lhfa", "severe_stunting"): _("Length/height is very low for age (severely stunted)."),
    ("wflh", "normal"): _("Weight is in the normal range for length/height."),
    ("wflh", "wasting"): _("Weight is low for length/height (wasted)."),
    ("wflh", "severe_wasting"): _("Weight is very low for length/height (severely wasted)."),
    ("wflh", "possible_risk_of_overweight"): _(
        "Weight is a little high for length/height (possible risk of overweight)."
    ),
    ("wflh", "overweight"): _("Weight is high for length/height (overweight)."),
    ("wflh", "obesity"): _("Weight is very high for length/height (obese)."),
    ("bfa", "normal"): _("BMI is in the normal range for age."),
    ("bfa", "wasting"): _("BMI is low for age (wasted)."),
    ("bfa", "severe_wasting"): _("BMI is very low for age (severely wasted)."),
    ("bfa", "possible_risk_of_overweight"): _(
        "BMI is a little high for age (possible risk of overweight)."
    ),
    ("bfa", "overweight"): _("BMI is high for age (overweight)."),
    ("bfa", "obesity"): _("BMI is very high for age (obese)."),
    ("hcfa", "normal"): _("Head circumference is in the normal range for age."),
    ("hcfa", "microcephaly"): _("Head circumference is small for age."),
    ("hcfa", "macrocephaly"): _("Head circumference is large for age."),
    ("*", "implausible"): _("This value is unusual; the centre doctor will check it."),
}
"""Sentences for parents, by indicator and WHO 2006 class."""

FOLLOW_UP = _("The centre doctor reviews every result outside the normal range.")


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of one measurement, ready to show.

    ``value``: the value evaluated with its unit (length after the ±0.7 cm conversion);
    ``z``: "−0.52" or "" when not scored; ``percentile``: as :attr:`IndicatorResult.
    percentile_display`; ``who_class``, ``china_class``, ``china_level``: labels in the active
    language ("" when none); ``plain``: the sentence for parents.
    """

    key: str
    name: str
    value: str
    z: str
    percentile: str
    flagged: bool
    who_class: str
    who_code: str
    china_class: str
    china_level: str
    no_score: str
    plain: str

    @property
    def abnormal(self) -> bool:
        """WHO class outside normal (and not the mild "possible risk of overweight")."""
        return self.who_code not in ("", ClassCode.NORMAL, ClassCode.POSSIBLE_RISK_OF_OVERWEIGHT)


@dataclass(frozen=True)
class EvaluationView:
    """A stored evaluation for templates: one :class:`IndicatorRow` per measured indicator,
    faltering, the age evaluated and whether it is corrected age."""

    measurement: GrowthMeasurement
    rows: tuple[IndicatorRow, ...]
    age_days: int | None
    uses_corrected_age: bool
    faltering: bool
    faltering_reasons: tuple[str, ...]
    notes: tuple[str, ...]
    engine_version: str

    @property
    def flagged(self) -> bool:
        return any(row.flagged for row in self.rows)

    @property
    def age_text(self) -> str:
        return age_text(self.age_days)


def _z_text(z: float | None) -> str:
    if z is None:
        return ""
    text = f"{z:+.2f}"
    # A z that rounds to zero reads "+0.00" whatever its sign (−0.001 is not "below" anything).
    return "+0.00" if text in {"-0.00", "+0.00"} else text.replace("-", "−")


def age_text(age_days: int | None, language: str | None = None) -> str:
    """Age as "11 mo 3 d" / "11个月3天" (months of 30.4375 days, the WHO convention), in
    ``language`` ("zh"/"en", default the active one)."""
    if age_days is None:
        return ""
    months = int(age_days // DAYS_PER_MONTH)
    days = int(round(age_days - months * DAYS_PER_MONTH))
    if (language or language_code()) == "zh":
        return f"{months}个月{days}天"
    return f"{months} mo {days} d"


def _label(code: str, kind: type[ClassCode] | type[GrowthLevel] | type[NoScoreReason]) -> str:
    return label(kind(code), language_code()) if code else ""


FALTERING_LABELS: dict[str, StrPromise] = {
    "weight_for_age_z_fall": _("weight-for-age fell by more than 0.67 z (one centile space)"),
    "weight_loss": _("weight loss since the previous measurement"),
}


def evaluation_view(measurement: GrowthMeasurement) -> EvaluationView | None:
    """The stored evaluation of ``measurement`` for display, or ``None`` if not evaluated.

    Uses only the already-loaded ``evaluation`` (no queries when it was ``select_related``).
    """
    stored = getattr(measurement, "evaluation", None)
    if stored is None:
        return None
    detail: dict[str, Any] = stored.detail
    who = {_key(c["indicator"]): c["code"] for c in detail.get("who_classes", [])}
    china = {_key(c["indicator"]): c["code"] for c in detail.get("china_classes", [])}
    levels = {_key(c["indicator"]): c["code"] for c in detail.get("china_levels", [])}
    rows = []
    for key, item in detail.get("indicators", {}).items():
        who_code = who.get(key, "")
        plain = PLAIN_WORDS.get((key, who_code)) or PLAIN_WORDS.get(("*", who_code))
        rows.append(
            IndicatorRow(
                key=key,
                name=str(INDICATOR_NAMES[item["indicator"]]),
                value=f"{item['value']:.{3 if item['unit'] == 'kg' else 1}f} {item['unit']}",
                z=_z_text(item.get("z_rounded")),
                percentile=item.get("percentile_display") or "",
                flagged=bool(item.get("flagged")),
                who_class=_label(who_code, ClassCode),
                who_code=who_code,
                china_class=_label(china.get(key, ""), ClassCode),
                china_level=_label(levels.get(key, ""), GrowthLevel),
                no_score=_label(item.get("no_score_reason") or "", NoScoreReason),
                plain="" if plain is None else str(plain),
            )
        )
    faltering = detail.get("faltering") or {}
    return EvaluationView(
        measurement=measurement,
        rows=tuple(rows),
        age_days=stored.age_days,
        uses_corrected_age=stored.uses_corrected_age,
        faltering=stored.faltering,
        faltering_reasons=tuple(
            str(FALTERING_LABELS.get(r, r)) for r in faltering.get("reasons", [])
        ),
        notes=tuple(detail.get("notes", [])),
        engine_version=stored.engine_version,
    )


def _key(indicator: str) -> str:
    return "wflh" if indicator in ("wfl", "wfh") else indicator


# ---------------------------------------------------------------------------------------------
# Chart data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartRequest:
    """What a chart shows: ``indicator`` (wfa, lhfa, wfl, wfh, bfa, hcfa), ``standard`` code,
    ``kind`` (sd / percentile), ``range_months`` (24, 36 or 60; age-based charts only)."""

    indicator: str
    standard: str = WHO_2006.code
    kind: CurveKind = "sd"
    range_months: int = DEFAULT_RANGE_MONTHS


def default_indicator_wflh(child: Child, today: dt.date) -> str:
    """``wfl`` under 731 days of age (WHO), ``wfh`` from then: the table for the child now."""
    return "wfl" if child.age_days(today) < STANDING_FROM_AGE_DAYS else "wfh"


def default_range_months(child: Child, today: dt.date) -> int:
    """36 months, or 60 once the child is older than 36 months."""
    return DEFAULT_RANGE_MONTHS if child.age_days(today) <= 36 * DAYS_PER_MONTH else 60


@functools.cache
def _labels(language: str) -> dict[str, str]:
    """Every class and growth-level code's label in ``language`` (built once per language)."""
    return {
        **{code.value: label(code, language) for code in GrowthLevel},
        **{code.value: label(code, language) for code in ClassCode},
    }


def _point(row: tuple[Any, ...], request: ChartRequest, language: str) -> dict[str, Any] | None:
    """One chart point from a stored ``chart`` entry (see ``services.growth.chart_points``)."""
    pk, measured_on, age_days, corrected, chart = row
    item = (chart or {}).get(request.indicator)
    if item is None:
        return None
    if request.indicator in ("wfl", "wfh"):
        x = item.get("x")
    else:
        x = None if age_days is None or age_days < 0 else round(age_days / DAYS_PER_MONTH, 3)
    if x is None or item.get("y") is None:
        return None
    decimals = 3 if item["unit"] == "kg" else 1
    return {
        "id": str(pk),
        "x": x,
        "y": item["y"],
        "date": measured_on.isoformat(),
        "age": age_text(age_days, language),
        "corrected": bool(corrected),
        "value": f"{item['y']:.{decimals}f} {item['unit']}",
        "z": _z_text(item.get("z")),
        "percentile": item.get("pct") or "",
        "flagged": bool(item.get("flag")),
        "china_class": _labels(language).get(item.get("china") or "", ""),
        "china_level": _labels(language).get(item.get("level") or "", ""),
    }


def chart_rows(child: Child) -> list[tuple[Any, ...]]:
    """The child's points data, oldest first: (id, measured_on, age_days evaluated, corrected,
    chart JSON) — one query, no model instances, no ``detail`` parsing."""
    return list(
        GrowthMeasurement.objects.filter(child=child, evaluation__isnull=False)
        .order_by("measured_on")
        .values_list(
            "pk",
            "measured_on",
            "evaluation__age_days",
            "evaluation__uses_corrected_age",
            "evaluation__chart",
        )
    )


def chart_data(child: Child, rows: list[tuple[Any, ...]], request: ChartRequest) -> dict[str, Any]:
    """JSON-ready chart data: the reference lines and the child's points.

    ``child`` must come from a scoped selector; ``rows`` from :func:`chart_rows` (stored
    evaluations without ``chart`` data, made before it existed, are left out until
    ``manage.py growth_recompute`` fills them).
    Shape: ``indicator``, ``indicator_name``, ``standard`` {code, name}, ``kind``, ``unit``,
    ``x_axis`` (``age_months`` or ``length_cm``/``height_cm``), ``x_min``, ``x_max``,
    ``curves``: {``x``: [...], ``lines``: [{key, label, z, values}]}, ``points``: [{id, x, y,
    date, age, corrected, value, z, percentile, flagged, china_class, china_level}] in date
    order (x = age in months, corrected for preterm children while it applies; or the
    length/height used, in cm). No database queries.

    Raises ``ValueError`` for an unknown indicator, standard or kind.
    """
    if request.indicator not in CHART_INDICATORS or request.standard not in STANDARDS:
        raise ValueError("unknown indicator or standard")
    indicator = Indicator(request.indicator)
    standard = STANDARDS[request.standard]
    by_length = request.indicator in ("wfl", "wfh")
    low, high = x_range(standard, indicator)
    if not by_length:
        high = min(high, request.range_months * DAYS_PER_MONTH)
    scale = 1.0 if by_length else DAYS_PER_MONTH
    x_name, curves = _curves(standard.code, request.indicator, child.sex, request.kind, high)
    language = language_code()
    points = [p for p in (_point(row, request, language) for row in rows) if p is not None]
    return {
        "indicator": request.indicator,
        "indicator_name": str(INDICATOR_NAMES[request.indicator]),
        "standard": {"code": standard.code, "name": standard_name(standard)},
        "kind": request.kind,
        "unit": UNITS[request.indicator],
        "x_axis": x_name if by_length else "age_months",
        "x_min": round(low / scale, 3),
        "x_max": round(high / scale, 3) if by_length else float(request.range_months),
        "curves": curves,
        "points": points,
    }


CHART_CACHE_SECONDS = 24 * 3600


def chart_data_json(child: Child, request: ChartRequest) -> bytes:
    """:func:`chart_data` of ``child`` (from a scoped selector) as UTF-8 JSON bytes, served from
    the ``default`` cache when the child's stored evaluations have not changed since.

    The cache key holds the child's ``growth_revision`` (bumped in the same transaction as every
    write of its evaluations, see ``services.growth.growth_revision_bump``), its sex, the request
    and the active language, so a cached chart is never older than the data it shows and never
    another viewer's language; entries expire after a day. Miss: one query
    (:func:`chart_rows`) and the JSON encoding; hit: no query. Callers check access and write the
    access log first: the cache holds data, never a decision.
    """
    key = (
        f"growth-chart:{child.pk}:{child.growth_revision}:{child.sex}:{request.indicator}:"
        f"{request.standard}:{request.kind}:{request.range_months}:{language_code()}"
    )
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    encoded = json.dumps(
        chart_data(child, chart_rows(child), request), ensure_ascii=False, separators=(",", ":")
    ).encode()
    cache.set(key, encoded, CHART_CACHE_SECONDS)
    return encoded


@functools.lru_cache(maxsize=512)
def _curves(
    standard_code: str, indicator: str, sex: str, kind: CurveKind, high: float
) -> tuple[str, dict[str, Any]]:
    """The JSON-ready reference lines of a chart, computed once per process and shared between
    requests (the tables never change while the process runs; treat the result as read-only).
    Returns (x axis name, {x, lines})."""
    by_length = indicator in ("wfl", "wfh")
    scale = 1.0 if by_length else DAYS_PER_MONTH
    curves = reference_curves(
        standard=STANDARDS[standard_code],
        indicator=Indicator(indicator),
        sex=Sex.parse(sex),
        kind=kind,
        x_max=high,
    )
    return curves.x_name, {
        "x": [round(x / scale, 3) for x in curves.x],
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "z": line.z,
                "values": [round(v, 3) for v in line.values],
            }
            for line in curves.lines
        ],
    }


# ---------------------------------------------------------------------------------------------
# Edit history (doctor view)
# ---------------------------------------------------------------------------------------------

HISTORY_FIELDS = (
    "measured_on",
    "weight_kg",
    "length_height_cm",
    "position",
    "head_circumference_cm",
    "note",
    "confirmed_reason",
)


@dataclass
class HistoryEntry:
    """One line of the measurements' history: a saved version (``kind`` ``+``/``~``/``-``; who,
    when, what changed as (field, old, new)) or a refused edit (``kind`` ``refused``; who tried
    when, ``conflict`` the :class:`EditConflict` with who saved first, ``tried`` as
    (field label, value) pairs)."""

    measurement_id: uuid.UUID
    when: dt.datetime
    who: Any
    kind: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    conflict: EditConflict | None = None
    tried: tuple[tuple[str, str], ...] = ()


def edit_history(child: Child) -> list[HistoryEntry]:
    """Every save of the child's measurements, with the fields it changed, and every refused
    edit of them (a stale version, :class:`EditConflict`), merged newest first, as
    ``selectors.audit.record_history`` does for a day record.

    Two queries (the history table and the refused edits, each with its users); diffs are
    computed in Python. The caller decides who sees it (the clinical staff).
    """
    model = GrowthMeasurement.history.model
    rows = list(
        model.objects.filter(child_id=child.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    previous: dict[uuid.UUID, Any] = {}
    entries: list[HistoryEntry] = []
    names = {f.name: str(f.verbose_name) for f in GrowthMeasurement._meta.fields}
    for row in rows:
        before = previous.get(row.id)
        entry = HistoryEntry(
            measurement_id=row.id,
            when=row.history_date,
            who=row.history_user,
            kind=row.history_type,
        )
        if before is not None:
            for name in HISTORY_FIELDS:
                old, new = getattr(before, name), getattr(row, name)
                if old != new:
                    entry.changes.append((names[name], _text(old), _text(new)))
        previous[row.id] = row
        if before is None or entry.changes or row.history_type != "~":
            entries.append(entry)
    refused = EditConflict.objects.filter(
        child_id=child.pk, record_type=ContentType.objects.get_for_model(GrowthMeasurement)
    ).select_related("attempted_by", "changed_by")
    entries += [
        HistoryEntry(
            measurement_id=uuid.UUID(conflict.record_id),
            when=conflict.attempted_at,
            who=conflict.attempted_by,
            kind="refused",
            conflict=conflict,
            tried=tried_values(conflict, GrowthMeasurement, child.centre.tz),
        )
        for conflict in refused
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _text(value: object) -> str:
    return "—" if value in (None, "") else str(value)


# ---------------------------------------------------------------------------------------------
# Measuring day: one classroom
# ---------------------------------------------------------------------------------------------


@dataclass
class MeasuringRow:
    """One child of the measuring-day screen: the latest earlier measurement (for reference),
    the one on ``day`` if already recorded, and the position expected for the age."""

    child: Child
    previous: GrowthMeasurement | None
    today: GrowthMeasurement | None
    expected_position: str
    age_months: int


def classroom_measuring_day(
    viewer: Viewer, classroom: Classroom, day: dt.date
) -> list[MeasuringRow]:
    """The children enrolled in ``classroom`` on ``day`` with their latest measurements.

    Staff only (:class:`NotStaff` otherwise); 2 queries whatever the size of the room.
    """
    if viewer.membership is None:
        raise NotStaff
    children = list(
        children_visible_to(viewer)
        .filter(classroom=classroom, enrolled_on__lte=day)
        .exclude(left_on__lt=day)
        .order_by("family_name", "given_name")
    )
    by_child: dict[uuid.UUID, list[GrowthMeasurement]] = defaultdict(list)
    for m in (
        GrowthMeasurement.objects.filter(child__in=children, measured_on__lte=day)
        .select_related("evaluation")
        .order_by("measured_on")
    ):
        by_child[m.child_id].append(m)
    rows = []
    for child in children:
        items = by_child.get(child.pk, [])
        on_day = items[-1] if items and items[-1].measured_on == day else None
        earlier = [m for m in items if m.measured_on < day]
        rows.append(
            MeasuringRow(
                child=child,
                previous=earlier[-1] if earlier else None,
                today=on_day,
                expected_position="recumbent"
                if child.age_days(day) < STANDING_FROM_AGE_DAYS
                else "standing",
                age_months=child.age_months(day),
            )
        )
    return rows
