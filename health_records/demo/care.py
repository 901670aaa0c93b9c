"""Two weeks of the caregiver's and nurse's day for the demo centre (issue 5).

``seed_care(centre, today, rng)`` adds, for every enrolled child and every weekday of the two
weeks before ``today``: check-in and check-out by an authorised person, the morning check, meals,
water, bottle feeds (infants), a nap, nappies/potty, mood; a few sick days (one possibly
infectious, cleared by the doctor), a diarrhoea cluster in 托小班 two weekdays ago and a fever at
a morning check (both through the services, so the health rules raise their flags and alerts),
three medication requests for today, admission and periodic health checks (some now due), and
one injury. Today: the toddler rooms have arrived and been checked; 乳儿班 starts its day empty
so the caregiver can do it.

Volume rows go in with ``bulk_create_with_history`` (history rows carry the recorder and the
time); workflow state goes through the services. Idempotent: nothing is added when the centre
already has attendance rows. About 10,000 rows in a few seconds on SQLite.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from health_records.models import (
    Attendance,
    AuthorisedPickup,
    BottleFeedRecord,
    Centre,
    Child,
    ClassType,
    DailyHealthCheck,
    HealthCheck,
    InjuryIncident,
    MealRecord,
    MoodRecord,
    SleepRecord,
    StaffMembership,
    ToiletingRecord,
    WaterRecord,
)
from health_records.rules.health_check_due import add_months
from health_records.services.attendance import absence_record, return_clearance_record
from health_records.services.care import toileting_record
from health_records.services.checks import daily_health_check_record
from health_records.services.day_common import presence_at
from health_records.services.medication import (
    medication_administration_record,
    medication_request_create,
    scheduled_doses,
)

DAYS = 14
AMOUNTS = (["all", "most", "half", "little", "refused"], [35, 40, 15, 8, 2])
MOODS = (["happy", "calm", "tired", "upset"], [45, 35, 12, 8])


def _at(centre: Centre, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute)).replace(tzinfo=centre.tz)


def _stamp(record: Any, user: Any, when: dt.datetime) -> Any:
    record._history_user = user
    record._history_date = when
    return record


class _Day:
    """Collects one kind of row per list for bulk creation."""

    def __init__(self) -> None:
        self.rows: dict[type, list[Any]] = {}

    def add(self, record: Any, user: Any, when: dt.datetime) -> Any:
        self.rows.setdefault(type(record), []).append(_stamp(record, user, when))
        return record

    def save(self) -> None:
        for model, rows in self.rows.items():
            bulk_create_with_history(rows, model, batch_size=500)


def _child_day(
    out: _Day,
    centre: Centre,
    child: Child,
    day: dt.date,
    user: Any,
    pickups: list[AuthorisedPickup],
    rng: random.Random,
    *,
    last: dt.datetime | None,
    with_check: bool = True,
) -> None:
    """One ordinary day of ``child``, cut at ``last`` (now, for today) when given."""
    infant = child.classroom is not None and child.classroom.class_type == ClassType.INFANT
    arrive = _at(centre, day, 7, 30) + dt.timedelta(minutes=rng.randint(0, 75))
    if last is not None and arrive > last:
        return
    base = {"centre": centre, "child": child, "recorded_by": user}

    def ok(when: dt.datetime) -> bool:
        return last is None or when <= last

    leave = _at(centre, day, 16, 30) + dt.timedelta(minutes=rng.randint(0, 90))
    stay = Attendance(day=day, checked_in_at=arrive, dropped_off_by=pickups[0].name, **base)
    if ok(leave):
        stay.checked_out_at, stay.picked_up_by = leave, rng.choice(pickups)
    out.add(stay, user, arrive)
    if with_check:
        # "cleared" only fits a normal temperature: 36.1–36.9 °C is inside every centre's
        # normal band (fever from 37.0–39.0, low below 34.0–36.0: HealthRuleSettings).
        temp = Decimal(rng.choice(["36.2", "36.3", "36.4", "36.5", "36.6", "36.7", "36.8", "36.9"]))
        out.add(
            DailyHealthCheck(
                day=day,
                session="morning",
                checked_at=arrive + dt.timedelta(minutes=2),
                temperature_c=temp,
                outcome="cleared",
                **base,
            ),
            user,
            arrive,
        )
    meals = [
        ("breakfast", 8, 30),
        ("morning_snack", 10, 0),
        ("lunch", 11, 30),
        ("afternoon_snack", 15, 0),
    ]
    for meal_type, hour, minute in meals:
        when = _at(centre, day, hour, minute)
        if when < arrive or not ok(when):
            continue
        amount = rng.choices(*AMOUNTS)[0]
        out.add(
            MealRecord(day=day, meal_type=meal_type, occurred_at=when, amount_eaten=amount, **base),
            user,
            when,
        )
    for hour in (9, 10, 14, 16) if not infant else (9, 15):
        when = _at(centre, day, hour, rng.randint(0, 50))
        if arrive < when and ok(when):
            out.add(
                WaterRecord(occurred_at=when, volume_ml=rng.choice([60, 90, 120]), **base),
                user,
                when,
            )
    if infant:
        for hour in (9, 13, 16):
            when = _at(centre, day, hour, rng.randint(0, 40))
            if arrive < when and ok(when):
                out.add(
                    BottleFeedRecord(
                        occurred_at=when,
                        volume_ml=rng.choice([120, 150, 180]),
                        milk_type=rng.choice(["formula", "formula", "breast_milk"]),
                        **base,
                    ),
                    user,
                    when,
                )
    start = _at(centre, day, 12, rng.randint(0, 25))
    end = start + dt.timedelta(minutes=rng.randint(80, 150))
    if ok(start):
        out.add(SleepRecord(start_at=start, end_at=end if ok(end) else None, **base), user, start)
    for hour in (9, 11, 14, 16):
        when = _at(centre, day, hour, rng.randint(5, 55))
        if arrive < when and ok(when):
            kind = rng.choice(["wet", "wet", "dirty"] if infant else ["potty", "potty", "wet"])
            stool = "formed" if kind == "dirty" else ""
            out.add(
                ToiletingRecord(occurred_at=when, kind=kind, stool_type=stool, **base), user, when
            )
    when = _at(centre, day, 10, 30)
    if arrive < when and ok(when):
        out.add(MoodRecord(occurred_at=when, mood=rng.choices(*MOODS)[0], **base), user, when)


@transaction.atomic
def seed_care(centre: Centre, today: dt.date, rng: random.Random) -> None:
    """Add the demo days (see the module docstring). Does nothing on a second run."""
    if Attendance.objects.filter(centre=centre).exists():
        return
    users = {
        u.username: u for u in get_user_model().objects.filter(staff_memberships__centre=centre)
    }
    nurse, doctor = users["nurse1"], users["doctor"]
    room_user: dict[Any, Any] = {}
    for membership in StaffMembership.objects.filter(
        centre=centre, role="caregiver"
    ).prefetch_related("classrooms"):
        for room in membership.classrooms.all():
            room_user.setdefault(room.pk, membership.user)
    children = list(
        Child.objects.filter(centre=centre).select_related("classroom").order_by("birth_date")
    )
    now = timezone.now()
    pickups: dict[Any, list[AuthorisedPickup]] = {}
    rows = []
    for child in children:
        pair = [
            AuthorisedPickup(
                child=child,
                name=f"{child.family_name}妈妈",
                relationship="母亲",
                phone="13800000000",
            ),
            AuthorisedPickup(child=child, name=f"{child.family_name}奶奶", relationship="祖母"),
        ]
        pickups[child.pk] = pair
        rows += [_stamp(p, nurse, now) for p in pair]
    bulk_create_with_history(rows, AuthorisedPickup)

    weekdays = [today - dt.timedelta(days=n) for n in range(DAYS, 0, -1)]
    weekdays = [d for d in weekdays if d.weekday() < 5]
    toddlers = [c for c in children if c.classroom and c.classroom.name == "托小班"]
    older = [c for c in children if c.classroom and c.classroom.name == "托大班"]
    # The children the story is about were enrolled for the whole fortnight.
    settled_toddlers = [c for c in toddlers if c.is_enrolled_on(weekdays[0])]
    settled_older = [c for c in older if c.is_enrolled_on(weekdays[0])]
    cluster_day = weekdays[-2]
    cluster = settled_toddlers[:3]
    fever_child, fever_day = settled_older[0], weekdays[-1]
    infectious_child = settled_older[1]
    infectious_days = set(weekdays[-6:-4])
    sick = {
        (c.pk, d)
        for c, d in zip(rng.sample(children, 4), rng.sample(weekdays[:-3], 4), strict=True)
    }
    steady = {*(c.pk for c in cluster), fever_child.pk, settled_toddlers[-1].pk}
    sick = {(pk, d) for pk, d in sick if pk not in steady}

    out = _Day()
    for day in weekdays:
        for child in children:
            if not child.is_enrolled_on(day) or child.classroom_id is None:
                continue
            user = room_user[child.classroom_id]
            if child is infectious_child and day in infectious_days:
                continue
            if (child.pk, day) in sick:
                out.add(
                    Attendance(
                        centre=centre,
                        child=child,
                        day=day,
                        absence_reason="sick",
                        sick_symptoms=rng.choice(["发热", "咳嗽、流涕", "呕吐"]),
                        follow_up_note="已电话随访，家长说明已就诊",
                        follow_up_by=user,
                        follow_up_at=_at(centre, day, 10),
                        recorded_by=user,
                    ),
                    user,
                    _at(centre, day, 9),
                )
                continue
            if child.pk not in steady and rng.random() < 0.05:
                out.add(
                    Attendance(
                        centre=centre,
                        child=child,
                        day=day,
                        absence_reason=rng.choice(["family", "holiday"]),
                        recorded_by=user,
                    ),
                    user,
                    _at(centre, day, 8),
                )
                continue
            _child_day(
                out,
                centre,
                child,
                day,
                user,
                pickups[child.pk],
                rng,
                last=None,
                with_check=not (child is fever_child and day == fever_day),
            )
    # Today: the toddler rooms have arrived and been checked; 乳儿班 is left for the caregiver.
    for child in toddlers + older:
        if child.is_enrolled_on(today):
            user = room_user[child.classroom_id]
            _child_day(out, centre, child, today, user, pickups[child.pk], rng, last=now)
    _health_checks(out, centre, children, today, doctor, nurse, rng)
    injured = settled_toddlers[-1]
    when = _at(centre, weekdays[-3], 10, 40)
    out.add(
        InjuryIncident(
            centre=centre,
            child=injured,
            occurred_at=when,
            place="户外滑梯",
            description="排队时被同伴推倒，膝盖擦伤",
            body_part="右膝",
            severity="minor",
            first_aid="生理盐水清洗，碘伏消毒，创可贴",
            parent_informed_at=when + dt.timedelta(minutes=20),
            follow_up="次日复查，伤口干燥",
            recorded_by=room_user[injured.classroom_id],
        ),
        room_user[injured.classroom_id],
        when,
    )
    out.save()

    # Through the services, so the rules and the alert pipeline see them.
    daily_health_check_record(
        child=fever_child,
        session="morning",
        checked_at=_at(centre, fever_day, 8, 5),
        temperature_c="37.8",
        outcome="watch",
        recorded_by=nurse,
        note="精神尚可，午检复测",
    )
    if (now - _at(centre, cluster_day, 16)).days < 7:
        for child in cluster:
            for hour in (9, 12, 15):
                toileting_record(
                    child=child,
                    occurred_at=_at(centre, cluster_day, hour, 40),
                    kind="dirty",
                    stool_type="watery" if hour == 15 else "loose",
                    recorded_by=nurse,
                )
    for day in sorted(infectious_days):
        absence_record(
            child=infectious_child,
            day=day,
            reason="sick",
            sick_symptoms="发热、手足疱疹",
            sick_diagnosis="疑似手足口病",
            possibly_infectious=True,
            recorded_by=room_user[infectious_child.classroom_id],
        )
    return_clearance_record(child=infectious_child, cleared_by=doctor, note="复诊痊愈，同意返园")
    _medication(centre, children, today, nurse, now)


def _health_checks(
    out: _Day,
    centre: Centre,
    children: list[Child],
    today: dt.date,
    doctor: Any,
    nurse: Any,
    rng: random.Random,
) -> None:
    """Admission examination at enrolment for most; periodic ones every six months since."""
    for index, child in enumerate(children):
        if index % 9 == 4:
            continue  # a few without the admission record: they show as overdue
        examined = child.enrolled_on
        check_type = "admission"
        while examined <= today:
            hb = (
                Decimal(rng.randint(105, 135))
                if check_type == "admission" or rng.random() < 0.5
                else None
            )
            when = _at(centre, examined, 9)
            out.add(
                HealthCheck(
                    centre=centre,
                    child=child,
                    examined_on=examined,
                    check_type=check_type,
                    haemoglobin_g_per_l=hb,
                    vision="normal",
                    hearing="normal",
                    dental_caries_count=rng.choice([0, 0, 0, 1]),
                    conclusion="生长发育正常",
                    recorded_by=doctor if index % 2 else nurse,
                ),
                doctor if index % 2 else nurse,
                when,
            )
            examined, check_type = (
                add_months(examined, 6 if child.age_months(examined) >= 12 else 3),
                "periodic",
            )
            if examined > today - dt.timedelta(days=rng.randint(0, 40)):
                break


def _medication(
    centre: Centre, children: list[Child], today: dt.date, nurse: Any, now: dt.datetime
) -> None:
    """Three requests for today from the guardians (one still awaiting confirmation).

    The confirmed doses whose time has passed (``now``) were given by the nurse five minutes
    after it while the child was in, as on a real day: the demo starts with no missed-dose
    alert (a seed run in the evening would otherwise page the nurse for three doses at once).
    """
    plans = [
        ("布洛芬混悬液", "5 ml", [dt.time(10), dt.time(14, 30)], True, "发热后第二天"),
        ("益生菌颗粒", "1 袋", [dt.time(11, 0)], True, "腹泻恢复期"),
        ("氯雷他定糖浆", "2.5 ml", [dt.time(9, 30)], False, "过敏性鼻炎"),
    ]
    for child, (drug, dose, times, confirm, reason) in zip(children[::15], plans, strict=False):
        guardian = child.guardianships.select_related("user").first()
        if guardian is None:
            continue
        request = medication_request_create(
            child=child,
            requested_by=guardian.user,
            drug_name=drug,
            dose=dose,
            times=times,
            start_date=today,
            end_date=today + dt.timedelta(days=2),
            reason=reason,
            confirm=confirm,
            instructions="饭后服用" if confirm else "",
        )
        if not confirm:
            continue
        for when in scheduled_doses(request, today):
            given_at = when + dt.timedelta(minutes=5)
            if given_at <= now and presence_at(child, given_at) is not None:
                medication_administration_record(
                    request=request,
                    scheduled_for=when,
                    given_at=given_at,
                    outcome="given",
                    recorded_by=nurse,
                )
