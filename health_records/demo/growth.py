"""Growth histories for the demo centre (issue 4).

``seed_growth(centre, today, rng)`` gives every enrolled child measurements every 1–3 months
since enrolment (weight, length/height lying under 24 months and standing after, head
circumference to 36 months), the latest one 3–20 days ago. Each child follows its own
WHO z-score track with small wobbles, so the charts look like real children's; preterm children
track at corrected age. Some children are given a story for the medical team:

- three falter: weight-for-age z falls by about 1 at the latest measurement;
- one becomes stunted: length/height-for-age z drifts from −1.6 to −2.3;
- one becomes overweight: weight-for-length/height z rises to about +2.4.

Earlier measurements go in with ``bulk_create_with_history`` (recorded by a nurse, history user
the same) and are evaluated in one pass (:func:`~health_records.services.growth.
series_evaluations`); each child's latest measurement goes through
:func:`~health_records.services.growth.growth_measurement_record`, so the review alerts for
the stories above are raised as on a real measuring day. Idempotent: nothing is added when the
centre already has measurements. About 350 measurements in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from health_records.exceptions import DomainError
from health_records.growth import Indicator, Sex
from health_records.growth.curves import who_value_at
from health_records.models import Centre, Child, GrowthMeasurement, StaffMembership
from health_records.services.growth import (
    NeedsConfirmation,
    evaluations_save,
    growth_measurement_record,
    series_evaluations,
)

STANDING_FROM_DAYS = 731
HEAD_UNTIL_DAYS = 1096
TERM_DAYS = 280


@dataclass
class Track:
    """A child's z-scores (weight-for-length/height drives weight, so BMI follows)."""

    lhfa: float
    wflh: float
    hcfa: float
    story: str = ""


def _values(child: Child, day: dt.date, track: Track, rng: random.Random) -> dict[str, object]:
    """Length, weight and head for ``child`` on ``day`` on its track, rounded as measured."""
    sex = Sex.parse(child.sex)
    age = (day - child.birth_date).days
    if child.is_preterm and child.gestational_age_weeks is not None:
        gestation_days = child.gestational_age_weeks * 7 + child.gestational_age_days
        corrected = age - (TERM_DAYS - gestation_days)
        if corrected < STANDING_FROM_DAYS:
            age = max(corrected, 0)
    age = min(age, 1826)
    length = who_value_at(Indicator.LHFA, sex, float(age), track.lhfa + rng.gauss(0, 0.08))
    table = Indicator.WFL if age < STANDING_FROM_DAYS else Indicator.WFH
    low, high = (45.0, 110.0) if table is Indicator.WFL else (65.0, 120.0)
    weight = who_value_at(
        table, sex, min(max(round(length, 1), low), high), track.wflh + rng.gauss(0, 0.1)
    )
    values: dict[str, object] = {
        "weight_kg": Decimal(f"{weight:.2f}"),
        "length_height_cm": Decimal(f"{length:.1f}"),
        "position": "recumbent"
        if (day - child.birth_date).days < STANDING_FROM_DAYS
        else "standing",
    }
    if (day - child.birth_date).days <= HEAD_UNTIL_DAYS:
        head = who_value_at(Indicator.HCFA, sex, float(age), track.hcfa + rng.gauss(0, 0.08))
        values["head_circumference_cm"] = Decimal(f"{head:.1f}")
    if values["position"] == "standing":
        # WHO height is 0.7 cm less than length: a standing child measures that much shorter.
        values["length_height_cm"] = Decimal(f"{length - 0.7:.1f}")
    return values


def _dates(child: Child, today: dt.date, rng: random.Random) -> list[dt.date]:
    """Every 1–3 months (30–91 days) from enrolment; the last one 3–20 days before ``today``."""
    last = today - dt.timedelta(days=rng.randint(3, 20))
    day = max(child.enrolled_on, child.birth_date + dt.timedelta(days=14))
    days: list[dt.date] = []
    while day <= last - dt.timedelta(days=30):
        days.append(day)
        day += dt.timedelta(days=rng.randint(30, 91))
    if days and (last - days[-1]).days > 91:
        days.append(days[-1] + (last - days[-1]) / 2)
    days.append(last)
    return days


def _tracks(children: list[Child], rng: random.Random) -> dict[uuid.UUID, Track]:
    tracks = {
        child.pk: Track(
            lhfa=max(min(rng.gauss(0.1, 0.8), 1.8), -1.5),
            wflh=max(min(rng.gauss(0.1, 0.7), 1.4), -1.4),
            hcfa=max(min(rng.gauss(0.2, 0.7), 1.6), -1.5),
        )
        for child in children
    }
    term = [c for c in children if not c.is_preterm]
    stories = ["faltering", "faltering", "faltering", "stunted", "overweight"]
    for child, story in zip(rng.sample(term, len(stories)), stories, strict=True):
        track = tracks[child.pk]
        track.story = story
        if story == "stunted":
            track.lhfa = -1.6
        if story == "overweight":
            track.wflh = 1.7
        if story == "faltering":
            track.wflh = max(track.wflh, 0.3)
    return tracks


def _final_track(track: Track) -> Track:
    """The track of the latest measurement: where each story shows."""
    if track.story == "faltering":
        return Track(track.lhfa, track.wflh - 1.3, track.hcfa, track.story)
    if track.story == "stunted":
        return Track(-2.3, track.wflh, track.hcfa, track.story)
    if track.story == "overweight":
        return Track(track.lhfa, 2.4, track.hcfa, track.story)
    return track


def seed_growth(centre: Centre, today: dt.date, rng: random.Random) -> int:
    """Add demo growth histories to ``centre``'s enrolled children (see the module docstring).

    Returns the number of measurements added (0 when the centre already has some).
    """
    if GrowthMeasurement.objects.filter(centre=centre).exists():
        return 0
    nurse = (
        StaffMembership.objects.filter(centre=centre, role="nurse", is_active=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if nurse is None:
        return 0
    user: User = nurse.user
    children = list(
        Child.objects.filter(centre=centre, left_on__isnull=True)
        .select_related("centre")
        .order_by("family_name", "given_name")
    )
    tracks = _tracks(children, rng)
    added = 0
    with transaction.atomic():
        history: list[GrowthMeasurement] = []
        latest: list[tuple[Child, dt.date, dict[str, object]]] = []
        for child in children:
            track = tracks[child.pk]
            days = _dates(child, today, rng)
            for day in days[:-1]:
                item = GrowthMeasurement(
                    centre=centre,
                    child=child,
                    recorded_by=user,
                    measured_on=day,
                    **_values(child, day, track, rng),
                )
                item._history_user = user  # type: ignore[attr-defined]
                history.append(item)
            latest.append((child, days[-1], _values(child, days[-1], _final_track(track), rng)))
        bulk_create_with_history(history, GrowthMeasurement, default_user=user)
        by_child: dict[uuid.UUID, list[GrowthMeasurement]] = {}
        for item in history:
            by_child.setdefault(item.child_id, []).append(item)
        evaluations_save([row for items in by_child.values() for row in series_evaluations(items)])
        added += len(history)
        for child, day, values in latest:
            added += _record_latest(child, day, values, user)
    return added


def _record_latest(child: Child, day: dt.date, values: dict[str, object], user: User) -> int:
    """Record through the service, as the nurse would; a questioned value is confirmed."""
    head = values.get("head_circumference_cm")
    for reason in ("", "Measured twice"):
        try:
            growth_measurement_record(
                child=child,
                measured_on=day,
                recorded_by=user,
                weight_kg=Decimal(str(values["weight_kg"])),
                length_height_cm=Decimal(str(values["length_height_cm"])),
                position=str(values["position"]),
                head_circumference_cm=None if head is None else Decimal(str(head)),
                confirmed_reason=reason,
            )
        except NeedsConfirmation:
            continue
        except DomainError:
            return 0
        return 1
    return 0
