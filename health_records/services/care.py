"""Daily care writes (一日生活记录): meals, bottle feeds, water, sleep, toileting, mood, vomiting,
notes; and the health rules they trigger.

Every record needs the child present (checked in, not yet out) at its time, a time not in the
future, and a writer allowed for the child's classroom. Nothing is stored when one is refused.
The one exception is a sleep at home reported by the guardian (:func:`sleep_at_home_record`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError
from health_records.models import (
    AmountEaten,
    Attendance,
    BottleFeedRecord,
    CareNote,
    Child,
    Classroom,
    MealRecord,
    MoodRecord,
    SleepRecord,
    ToiletingKind,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)
from health_records.models.record_base import DayRecord

from .care_rules import apply_meal_rule, apply_stool_rule, apply_vomit_rule
from .day_common import (
    edit_conflicts_recorded,
    local_day,
    lock_for_update,
    require_classroom_writer,
    require_enrolled,
    require_not_future,
    require_present,
    require_recordable,
    save_new,
    save_update,
)

CareRecord = (
    MealRecord
    | BottleFeedRecord
    | WaterRecord
    | SleepRecord
    | ToiletingRecord
    | MoodRecord
    | VomitRecord
    | CareNote
)


def _point_checks(child: Child, occurred_at: dt.datetime, user: User) -> None:
    require_recordable(user, child)
    require_not_future(occurred_at, "occurred_at")
    require_present(child, occurred_at)


def _meal_duplicate(
    child: Child, day: dt.date, meal_type: str, exclude: uuid.UUID | None = None
) -> None:
    found = MealRecord.objects.filter(child=child, day=day, meal_type=meal_type)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    if found.exists():
        raise DomainError(
            "meal_already_recorded",
            _("This meal is already recorded for the child today: change that entry instead."),
            field="meal_type",
        )


@transaction.atomic
def meal_record(
    *,
    child: Child,
    meal_type: str,
    amount_eaten: str,
    occurred_at: dt.datetime,
    recorded_by: User,
    note: str = "",
) -> MealRecord:
    """How much of ``meal_type`` the child ate (all/most/half/little/refused).

    Raises ``DomainError`` ``meal_already_recorded``, ``child_not_present``, ``future_time``.
    Side effect: refusing N meals in a row raises a care note for the nurse (alert service).
    """
    _point_checks(child, occurred_at, recorded_by)
    day = local_day(child.centre, occurred_at)
    _meal_duplicate(child, day, meal_type)
    meal = save_new(
        MealRecord(
            centre=child.centre,
            child=child,
            day=day,
            meal_type=meal_type,
            amount_eaten=amount_eaten,
            occurred_at=occurred_at,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
    apply_meal_rule(meal)
    return meal


@transaction.atomic
def meals_record_for_classroom(
    *,
    classroom: Classroom,
    meal_type: str,
    occurred_at: dt.datetime,
    recorded_by: User,
    default_amount: str = AmountEaten.MOST,
    exceptions: Mapping[uuid.UUID, str] | None = None,
) -> list[MealRecord]:
    """ "Everyone ate most", then the exceptions: one meal record per child present at
    ``occurred_at`` who has none yet for ``meal_type`` that day.

    ``exceptions`` maps child id → amount for the children who ate otherwise; an exception for a
    child who is not present (or not in the room) is refused (``exception_not_present``) and
    nothing is stored. Returns the new records (children already recorded are skipped).
    A caregiver may record only for their own classroom: ``PermissionDeniedError``
    ``not_your_classroom`` (also when nobody is present), as for each child's record.
    """
    require_classroom_writer(recorded_by, classroom.centre, classroom.pk)
    exceptions = dict(exceptions or {})
    require_not_future(occurred_at, "occurred_at")
    day = local_day(classroom.centre, occurred_at)
    children = list(
        Child.objects.select_related("centre")
        # One filter() call, so all three conditions hold for the same attendance row: that
        # day's, checked in by ``occurred_at`` and not yet checked out.
        .filter(
            Q(attendance__day=day)
            & Q(attendance__checked_in_at__lte=occurred_at)
            & (
                Q(attendance__checked_out_at__isnull=True)
                | Q(attendance__checked_out_at__gt=occurred_at)
            ),
            classroom=classroom,
        )
        .distinct()
    )
    present_ids = {child.pk for child in children}
    stray = set(exceptions) - present_ids
    if stray:
        raise DomainError(
            "exception_not_present",
            _("An exception names a child who is not present in this classroom."),
        )
    done = set(
        MealRecord.objects.filter(child__in=children, day=day, meal_type=meal_type).values_list(
            "child_id", flat=True
        )
    )
    saved: list[MealRecord] = []
    for child in children:
        if child.pk in done:
            continue
        saved.append(
            meal_record(
                child=child,
                meal_type=meal_type,
                occurred_at=occurred_at,
                amount_eaten=exceptions.get(child.pk, default_amount),
                recorded_by=recorded_by,
            )
        )
    return saved


@transaction.atomic
def bottle_feed_record(
    *,
    child: Child,
    occurred_at: dt.datetime,
    volume_ml: int,
    milk_type: str,
    recorded_by: User,
    note: str = "",
) -> BottleFeedRecord:
    """A bottle feed of ``volume_ml`` (1–500 ml). Raises ``ValidationError`` outside the range."""
    _point_checks(child, occurred_at, recorded_by)
    return save_new(
        BottleFeedRecord(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            volume_ml=volume_ml,
            milk_type=milk_type,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


@transaction.atomic
def water_record(
    *,
    child: Child,
    occurred_at: dt.datetime,
    volume_ml: int,
    recorded_by: User,
    note: str = "",
) -> WaterRecord:
    """Water drunk, ``volume_ml`` (1–500 ml)."""
    _point_checks(child, occurred_at, recorded_by)
    return save_new(
        WaterRecord(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            volume_ml=volume_ml,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


def _sleep_checks(
    child: Child,
    start_at: dt.datetime,
    end_at: dt.datetime | None,
    exclude: uuid.UUID | None = None,
) -> None:
    require_not_future(start_at, "start_at")
    if end_at is not None:
        require_not_future(end_at, "end_at")
        if end_at <= start_at:
            raise DomainError(
                "sleep_ends_before_start",
                _("The sleep ends before it starts."),
                field="end_at",
            )
    stay = require_present(child, start_at, "start_at")
    if end_at is not None and stay.checked_out_at is not None and end_at > stay.checked_out_at:
        raise DomainError(
            "sleep_after_check_out",
            _("The sleep ends after the child was checked out."),
            field="end_at",
        )
    _no_other_sleep(child, start_at, end_at, exclude)


def _no_other_sleep(
    child: Child, start_at: dt.datetime, end_at: dt.datetime | None, exclude: uuid.UUID | None
) -> None:
    # Half-open intervals [start, end): touching sleeps are fine, overlapping ones are refused.
    overlapping = SleepRecord.objects.filter(child=child).filter(
        Q(end_at__isnull=True) | Q(end_at__gt=start_at)
    )
    if end_at is not None:
        overlapping = overlapping.filter(start_at__lt=end_at)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    if overlapping.exists():
        raise DomainError(
            "sleep_overlaps",
            _("This sleep overlaps another sleep of the child."),
            field="start_at",
        )


HOME_SLEEP_MAX = dt.timedelta(hours=16)
"""Longest sleep at home accepted: a night's sleep of a child under three is 10–14 hours
(AASM consensus 2016: 11–14 h a day at 1–2 years, 12–16 h at 4–12 months, naps included);
more than 16 h in one stretch is a wrong day or a typing error."""


def _home_sleep_checks(
    child: Child,
    start_at: dt.datetime,
    end_at: dt.datetime | None,
    exclude: uuid.UUID | None = None,
) -> None:
    require_not_future(start_at, "start_at")
    if end_at is None:
        raise DomainError("wake_up_required", _("Give the time the child woke up."), field="end_at")
    require_not_future(end_at, "end_at")
    if end_at <= start_at:
        raise DomainError(
            "sleep_ends_before_start", _("The sleep ends before it starts."), field="end_at"
        )
    if end_at - start_at > HOME_SLEEP_MAX:
        raise DomainError(
            "sleep_too_long",
            _("A sleep of more than 16 hours: check the times."),
            field="start_at",
        )
    require_enrolled(child, local_day(child.centre, end_at))
    at_centre = Attendance.objects.filter(
        child=child, checked_in_at__isnull=False, checked_in_at__lt=end_at
    ).filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gt=start_at))
    if at_centre.exists():
        raise DomainError(
            "sleep_at_home_during_stay",
            _("The child was checked in at the centre during this time."),
            field="end_at",
        )
    _no_other_sleep(child, start_at, end_at, exclude)


@transaction.atomic
def sleep_at_home_record(
    *,
    child: Child,
    start_at: dt.datetime,
    end_at: dt.datetime,
    recorded_by: User,
    note: str = "",
) -> SleepRecord:
    """A sleep at home as the guardian reported it at the morning check (晨检), e.g. last
    night's 21:30 → 06:15, stored with ``at_home=True``.

    The child need not be checked in (the night is at home), but the sleep may not fall in a stay
    at the centre, lie in the future, end before it starts, last over 16 hours or overlap another
    sleep. The day totals split it at midnight like any sleep (``selectors.care``): 21:30 → 06:15
    counts 150 minutes on the first day and 375 on the second.

    Raises ``DomainError`` ``future_time``, ``sleep_ends_before_start``, ``sleep_too_long``,
    ``child_not_enrolled``, ``sleep_at_home_during_stay``, ``sleep_overlaps``,
    ``consent_missing``; ``PermissionDeniedError`` as :func:`~.day_common.require_writer`.
    Side effect: one ``SleepRecord`` (and history).
    """
    require_recordable(recorded_by, child)
    _home_sleep_checks(child, start_at, end_at)
    return save_new(
        SleepRecord(
            centre=child.centre,
            child=child,
            start_at=start_at,
            end_at=end_at,
            at_home=True,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


@transaction.atomic
def sleep_record(
    *,
    child: Child,
    start_at: dt.datetime,
    recorded_by: User,
    end_at: dt.datetime | None = None,
    note: str = "",
) -> SleepRecord:
    """A sleep [``start_at``, ``end_at``); without ``end_at`` the child is asleep now.

    Raises ``DomainError`` ``sleep_ends_before_start``, ``sleep_overlaps``, ``child_not_present``,
    ``sleep_after_check_out``, ``future_time``.
    """
    require_recordable(recorded_by, child)
    _sleep_checks(child, start_at, end_at)
    return save_new(
        SleepRecord(
            centre=child.centre,
            child=child,
            start_at=start_at,
            end_at=end_at,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


@edit_conflicts_recorded(record="sleep", user="recorded_by", fields={"end_at": "end_at"})
@transaction.atomic
def sleep_end(
    *, sleep: SleepRecord, end_at: dt.datetime, recorded_by: User, expected_version: int
) -> SleepRecord:
    """Wake-up time of a running sleep. Raises as :func:`sleep_record`, and ``ConflictError``."""
    require_recordable(recorded_by, sleep.child)
    if sleep.end_at is not None:
        raise DomainError("sleep_already_ended", _("This sleep already has a wake-up time."))
    _sleep_checks(sleep.child, sleep.start_at, end_at, exclude=sleep.pk)
    locked = lock_for_update(sleep, expected_version)
    return save_update(locked, {"end_at": end_at}, recorded_by, frozenset({"end_at"}))


@transaction.atomic
def toileting_record(
    *,
    child: Child,
    occurred_at: dt.datetime,
    kind: str,
    recorded_by: User,
    stool_type: str = "",
    note: str = "",
) -> ToiletingRecord:
    """A nappy change or potty visit; ``stool_type`` required for a dirty nappy.

    Raises ``DomainError`` ``stool_type_required`` (dirty/both without a stool type),
    ``stool_type_unexpected`` (a wet nappy with one). Side effect: reaching N loose/watery stools
    in 24 hours raises a diarrhoea flag.
    """
    _point_checks(child, occurred_at, recorded_by)
    _stool_consistency(kind, stool_type)
    record = save_new(
        ToiletingRecord(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            kind=kind,
            stool_type=stool_type,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
    apply_stool_rule(record)
    return record


def _stool_consistency(kind: str, stool_type: str) -> None:
    if kind in (ToiletingKind.DIRTY, ToiletingKind.BOTH) and not stool_type:
        raise DomainError(
            "stool_type_required", _("Choose the stool type for a dirty nappy."), field="stool_type"
        )
    if kind == ToiletingKind.WET and stool_type:
        raise DomainError(
            "stool_type_unexpected", _("A wet nappy has no stool type."), field="stool_type"
        )


@transaction.atomic
def mood_record(
    *,
    child: Child,
    occurred_at: dt.datetime,
    mood: str,
    recorded_by: User,
    note: str = "",
) -> MoodRecord:
    """The child's mood at ``occurred_at``."""
    _point_checks(child, occurred_at, recorded_by)
    return save_new(
        MoodRecord(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            mood=mood,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


@transaction.atomic
def vomit_record(
    *, child: Child, occurred_at: dt.datetime, recorded_by: User, note: str = ""
) -> VomitRecord:
    """One vomiting episode. Side effect: the day's N-th vomit raises a vomiting flag."""
    _point_checks(child, occurred_at, recorded_by)
    record = save_new(
        VomitRecord(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
    apply_vomit_rule(record)
    return record


@transaction.atomic
def care_note_add(
    *, child: Child, occurred_at: dt.datetime, note: str, recorded_by: User
) -> CareNote:
    """A free note about the child's day. Raises ``DomainError`` ``note_empty``."""
    if not note.strip():
        raise DomainError("note_empty", _("Write the note."), field="note")
    _point_checks(child, occurred_at, recorded_by)
    return save_new(
        CareNote(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            note=note.strip(),
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


EDITABLE_FIELDS: dict[type[DayRecord], frozenset[str]] = {
    MealRecord: frozenset({"amount_eaten", "occurred_at", "note"}),
    BottleFeedRecord: frozenset({"volume_ml", "milk_type", "occurred_at", "note"}),
    WaterRecord: frozenset({"volume_ml", "occurred_at", "note"}),
    SleepRecord: frozenset({"start_at", "end_at", "note"}),
    ToiletingRecord: frozenset({"kind", "stool_type", "occurred_at", "note"}),
    MoodRecord: frozenset({"mood", "occurred_at", "note"}),
    VomitRecord: frozenset({"occurred_at", "note"}),
    CareNote: frozenset({"occurred_at", "note"}),
}


@edit_conflicts_recorded(record="record", user="edited_by")
@transaction.atomic
def care_record_update(
    *,
    record: DayRecord,
    expected_version: int,
    edited_by: User,
    changes: Mapping[str, object],
) -> DayRecord:
    """Correct a care record. ``expected_version`` is the version the editor was shown.

    The same checks as recording apply to the new values (presence, not in the future, sleep
    overlap, stool type, a meal staying on its day). Raises ``ConflictError``
    ``edited_by_someone_else`` when someone else saved first: nothing of the edit is stored,
    the history keeps the first save, and the refused attempt is written afterwards as an
    ``EditConflict`` row (who, when, the values tried, who saved first). ``recorded_by`` never
    changes; history names the editor. Re-runs the record's health rule.
    """
    model = type(record)
    allowed = EDITABLE_FIELDS[model]
    child = record.child
    require_recordable(edited_by, child)
    merged = {name: changes.get(name, getattr(record, name)) for name in allowed}
    if isinstance(record, SleepRecord):
        start, end = merged["start_at"], merged["end_at"]
        assert isinstance(start, dt.datetime)
        checks = _home_sleep_checks if record.at_home else _sleep_checks
        checks(child, start, end if isinstance(end, dt.datetime) else None, exclude=record.pk)
    else:
        when = merged["occurred_at"]
        assert isinstance(when, dt.datetime)
        require_not_future(when, "occurred_at")
        require_present(child, when)
        if isinstance(record, MealRecord) and local_day(child.centre, when) != record.day:
            raise DomainError(
                "other_day", _("The time must be on the meal's day."), field="occurred_at"
            )
        if isinstance(record, ToiletingRecord):
            _stool_consistency(str(merged["kind"]), str(merged["stool_type"]))
    locked = lock_for_update(record, expected_version)
    saved = save_update(locked, dict(changes), edited_by, allowed)
    if isinstance(saved, MealRecord):
        apply_meal_rule(saved)
    elif isinstance(saved, ToiletingRecord):
        apply_stool_rule(saved)
    elif isinstance(saved, VomitRecord):
        apply_vomit_rule(saved)
    return saved
