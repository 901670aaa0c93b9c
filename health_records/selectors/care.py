"""Reads of the day's records: the classroom screen and a child's day (timeline + summary).

Both are scoped by the viewer (``children_visible_to``), take a centre-local ``day`` and use a
fixed number of queries whatever the number of children and records (asserted in the tests):
one per record type, never one per child.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from health_records.models import (
    AmountEaten,
    Attendance,
    AuthorisedPickup,
    BottleFeedRecord,
    CareNote,
    CheckOutcome,
    CheckSession,
    Child,
    Classroom,
    DailyHealthCheck,
    InjuryIncident,
    MealRecord,
    MealType,
    MedicationAdministration,
    MoodRecord,
    SleepRecord,
    ToiletingKind,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)
from health_records.models.alerts import AlertTriageEntry
from health_records.models.symptoms import SymptomFlag
from health_records.services.day_common import day_bounds

from .access import Viewer, child_visible_get, children_visible_to
from .centre import _enrolled_on

MEAL_LABELS = dict(MealType.choices)
AMOUNT_LABELS = dict(AmountEaten.choices)
SESSION_LABELS = dict(CheckSession.choices)
OUTCOME_LABELS = dict(CheckOutcome.choices)

POINT_MODELS: dict[str, Any] = {
    "bottle": BottleFeedRecord,
    "water": WaterRecord,
    "toileting": ToiletingRecord,
    "mood": MoodRecord,
    "vomit": VomitRecord,
    "note": CareNote,
}
"""Timeline kinds of the point records with an ``occurred_at`` (meals are read by day)."""


def sleep_minutes_in(
    sleep: SleepRecord, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> int:
    """Whole minutes of ``sleep`` inside [start, end); a running sleep counts up to ``now``.

    A sleep from 21:30 to 06:15 counts 150 minutes on the first day and 375 on the second.
    """
    sleep_end = sleep.end_at if sleep.end_at is not None else now
    overlap = min(sleep_end, end) - max(sleep.start_at, start)
    return max(int(overlap.total_seconds() // 60), 0)


def _sleeps_overlapping(child_ids: Any, start: dt.datetime, end: dt.datetime) -> Any:
    return SleepRecord.objects.filter(child_id__in=child_ids, start_at__lt=end).filter(
        Q(end_at__isnull=True) | Q(end_at__gt=start)
    )


@dataclass
class RosterRow:
    """One child on the classroom screen."""

    child: Child
    age_months: int
    attendance: Attendance | None = None
    checks: dict[str, DailyHealthCheck] = field(default_factory=dict)
    meals: dict[str, MealRecord] = field(default_factory=dict)
    asleep_since: dt.datetime | None = None
    sleep_minutes: int = 0
    milk_ml: int = 0
    water_ml: int = 0
    nappies: int = 0
    loose_stools: int = 0

    @property
    def status(self) -> str:
        """``absent`` / ``expected`` (not yet in) / ``present`` / ``gone`` (checked out)."""
        if self.attendance is None:
            return "expected"
        if self.attendance.is_absent:
            return "absent"
        return "present" if self.attendance.checked_out_at is None else "gone"

    @property
    def morning_check(self) -> DailyHealthCheck | None:
        return self.checks.get("morning")

    @property
    def meal_list(self) -> list[MealRecord]:
        return [self.meals[code] for code in MealType.values if code in self.meals]

    @property
    def meal_chips(self) -> list[tuple[str, object, object]]:
        """(amount code, meal label, amount label) per meal in the day's order (labels looked up
        once per process: ``get_FOO_display`` rebuilds its choices dict on every call)."""
        return [
            (meal.amount_eaten, MEAL_LABELS[meal.meal_type], AMOUNT_LABELS[meal.amount_eaten])
            for meal in self.meal_list
        ]

    @property
    def check_chips(self) -> list[tuple[str, object, object, object]]:
        """(outcome code, session label, temperature, outcome label) per check of the day."""
        return [
            (c.outcome, SESSION_LABELS[c.session], c.temperature_c, OUTCOME_LABELS[c.outcome])
            for c in self.checks.values()
        ]


@dataclass
class ClassroomDay:
    """The classroom screen: rows in name order, and counts for the header."""

    classroom: Classroom
    day: dt.date
    rows: list[RosterRow]

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def present(self) -> int:
        return self._count("present")

    @property
    def absent(self) -> int:
        return self._count("absent")

    @property
    def expected(self) -> int:
        return self._count("expected")

    @property
    def morning_checked(self) -> int:
        return sum(1 for row in self.rows if row.morning_check is not None)


def classroom_day(viewer: Viewer, classroom: Classroom, day: dt.date) -> ClassroomDay:
    """Today's roster of ``classroom`` with each child's attendance, checks, meals and totals.

    ``classroom`` must come from ``selectors.centre.classroom_get`` (scoped). Eight queries.
    """
    centre = classroom.centre
    start, end = day_bounds(centre, day)
    now = timezone.now()
    children = list(children_visible_to(viewer).filter(_enrolled_on(day), classroom=classroom))
    rows = {
        child.pk: RosterRow(child=child, age_months=child.age_months(day)) for child in children
    }
    ids = list(rows)
    for stay in Attendance.objects.filter(child_id__in=ids, day=day):
        rows[stay.child_id].attendance = stay
    for check in DailyHealthCheck.objects.filter(child_id__in=ids, day=day):
        rows[check.child_id].checks[check.session] = check
    for meal in MealRecord.objects.filter(child_id__in=ids, day=day):
        rows[meal.child_id].meals[meal.meal_type] = meal
    # The screen shows naps at the centre; a night at home (reported by the guardian) counts in
    # the child's day and the parent report, not in the room's "slept N min" chip at 08:00.
    for sleep in _sleeps_overlapping(ids, start, end).filter(at_home=False):
        row = rows[sleep.child_id]
        row.sleep_minutes += sleep_minutes_in(sleep, start, end, now)
        if sleep.end_at is None:
            row.asleep_since = sleep.start_at
    window = {"child_id__in": ids, "occurred_at__gte": start, "occurred_at__lt": end}
    for child_id, volume in BottleFeedRecord.objects.filter(**window).values_list(
        "child_id", "volume_ml"
    ):
        rows[child_id].milk_ml += volume
    for child_id, volume in WaterRecord.objects.filter(**window).values_list(
        "child_id", "volume_ml"
    ):
        rows[child_id].water_ml += volume
    for record in ToiletingRecord.objects.filter(**window).only("child_id", "kind", "stool_type"):
        rows[record.child_id].nappies += 1
        rows[record.child_id].loose_stools += int(record.is_loose_stool)
    return ClassroomDay(classroom=classroom, day=day, rows=list(rows.values()))


@dataclass(frozen=True)
class TimelineEntry:
    """One moment of the child's day: ``kind`` (check, meal, bottle, water, sleep, toileting,
    mood, vomit, note, injury, medication, flag, arrival, departure) and its record."""

    at: dt.datetime
    kind: str
    record: Any


@dataclass
class FlagView:
    """A symptom flag of the day and what the medical team decided (triage actions, notes)."""

    flag: SymptomFlag
    actions: list[AlertTriageEntry]


@dataclass
class ChildDay:
    """A child's day: timeline (time order) and the summary of the parent daily report."""

    child: Child
    day: dt.date
    attendance: Attendance | None
    checks: list[DailyHealthCheck]
    meals: list[MealRecord]
    timeline: list[TimelineEntry]
    flags: list[FlagView]
    milk_ml: int = 0
    water_ml: int = 0
    sleep_minutes: int = 0
    home_sleep_minutes: int = 0
    wet: int = 0
    dirty: int = 0
    loose_stools: int = 0
    vomits: int = 0
    moods: list[MoodRecord] = field(default_factory=list)
    sleeps: list[SleepRecord] = field(default_factory=list)
    injuries: list[InjuryIncident] = field(default_factory=list)
    medications: list[MedicationAdministration] = field(default_factory=list)

    @property
    def sleep_hours_minutes(self) -> tuple[int, int]:
        return divmod(self.sleep_minutes, 60)

    @property
    def home_sleep_hours_minutes(self) -> tuple[int, int]:
        """The part of ``sleep_minutes`` slept at home (reported by the guardian)."""
        return divmod(self.home_sleep_minutes, 60)


def child_get(viewer: Viewer, child_id: uuid.UUID) -> Child:
    """One child the viewer may read, with classroom and centre; ``Child.DoesNotExist``
    otherwise (a 404 at the edge)."""
    return child_visible_get(viewer, child_id, "classroom", "centre")


def injuries_of(viewer: Viewer, child: Child, limit: int = 10) -> list[InjuryIncident]:
    """The child's last ``limit`` injuries, newest first, with recorder and reviewer joined.

    ``child`` must come from :func:`child_get` (scoped to ``viewer``)."""
    return list(
        InjuryIncident.objects.filter(child=child)
        .select_related("recorded_by", "reviewed_by")
        .order_by("-occurred_at")[:limit]
    )


def pickups_for(child: Child) -> list[AuthorisedPickup]:
    """The child's active authorised pick-up people."""
    return list(AuthorisedPickup.objects.filter(child=child, is_active=True))


def child_day(viewer: Viewer, child: Child, day: dt.date) -> ChildDay:
    """Everything recorded about ``child`` on the centre-local ``day``, as timeline and totals.

    ``child`` must come from :func:`child_get` (scoped). A fixed number of queries (15).
    Sleeps crossing midnight count only their minutes inside the day; sleeps at home (reported
    by the guardian) count too, and ``home_sleep_minutes`` says how much of the total they are.
    """
    start, end = day_bounds(child.centre, day)
    now = timezone.now()
    ids = [child.pk]
    attendance = (
        Attendance.objects.filter(child=child, day=day).select_related("picked_up_by").first()
    )
    checks = list(DailyHealthCheck.objects.filter(child=child, day=day).order_by("checked_at"))
    meals = list(MealRecord.objects.filter(child=child, day=day).order_by("occurred_at"))
    timeline: list[TimelineEntry] = []
    if attendance is not None and attendance.checked_in_at is not None:
        timeline.append(TimelineEntry(attendance.checked_in_at, "arrival", attendance))
        if attendance.checked_out_at is not None:
            timeline.append(TimelineEntry(attendance.checked_out_at, "departure", attendance))
    timeline += [TimelineEntry(c.checked_at, "check", c) for c in checks]
    timeline += [TimelineEntry(m.occurred_at, "meal", m) for m in meals]
    result = ChildDay(
        child=child,
        day=day,
        attendance=attendance,
        checks=checks,
        meals=meals,
        timeline=timeline,
        flags=[],
    )
    window = Q(occurred_at__gte=start, occurred_at__lt=end)
    for kind, model in POINT_MODELS.items():
        for record in model.objects.filter(window, child=child).order_by("occurred_at"):
            timeline.append(TimelineEntry(record.occurred_at, kind, record))
            if kind == "bottle":
                result.milk_ml += record.volume_ml
            elif kind == "water":
                result.water_ml += record.volume_ml
            elif kind == "toileting":
                result.wet += int(record.kind in (ToiletingKind.WET, ToiletingKind.BOTH))
                result.dirty += int(record.kind in (ToiletingKind.DIRTY, ToiletingKind.BOTH))
                result.loose_stools += int(record.is_loose_stool)
            elif kind == "mood":
                result.moods.append(record)
            elif kind == "vomit":
                result.vomits += 1
    for sleep in _sleeps_overlapping(ids, start, end).order_by("start_at"):
        result.sleeps.append(sleep)
        minutes = sleep_minutes_in(sleep, start, end, now)
        result.sleep_minutes += minutes
        result.home_sleep_minutes += minutes if sleep.at_home else 0
        timeline.append(TimelineEntry(max(sleep.start_at, start), "sleep", sleep))
    for injury in InjuryIncident.objects.filter(window, child=child):
        result.injuries.append(injury)
        timeline.append(TimelineEntry(injury.occurred_at, "injury", injury))
    for dose in MedicationAdministration.objects.filter(
        child=child, given_at__gte=start, given_at__lt=end
    ).select_related("request"):
        result.medications.append(dose)
        timeline.append(TimelineEntry(dose.given_at, "medication", dose))
    flags = list(
        SymptomFlag.objects.filter(
            child=child, observed_at__gte=start, observed_at__lt=end
        ).order_by("observed_at")
    )
    actions: dict[Any, list[AlertTriageEntry]] = defaultdict(list)
    alert_ids = {f.alert_id for f in flags if f.alert_id}
    if alert_ids:
        for entry in (
            AlertTriageEntry.objects.filter(alert_id__in=alert_ids)
            .exclude(action="")
            .order_by("at")
        ):
            actions[entry.alert_id].append(entry)
    for flag in flags:
        view = FlagView(flag=flag, actions=actions.get(flag.alert_id, []))
        result.flags.append(view)
        timeline.append(TimelineEntry(flag.observed_at, "flag", view))
    timeline.sort(key=lambda entry: entry.at)
    return result
