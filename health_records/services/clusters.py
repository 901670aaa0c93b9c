"""Cluster (聚集性疫情) detection per classroom, run with every symptom flag.

National reporting rules the defaults come from:

* 《学校和托幼机构传染病疫情报告工作规范（试行）》(卫生部、教育部, 2006), 二(三): in one classroom,
  **3 or more** cases **in one day**, or **more than 5 (≥ 6)** cases **within 3 consecutive days**,
  with similar symptoms (fever, rash, diarrhoea, vomiting, jaundice…) → the centre's reporter
  reports to the local CDC **within 24 hours**.
* 《手足口病聚集性和暴发疫情处置工作规范（2012版）》: a cluster is **2 or more** hand-foot-mouth
  cases in one classroom **within one week**.

A centre may replace the defaults with its own :class:`~health_records.models.ClusterRule` rows
(admin). Days are centre-local calendar days, today included.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_noop

from health_records.models import Alert, AlertKind, AlertSeverity, ClusterRule, Symptom, SymptomFlag

from .alerts import alert_raise

logger = logging.getLogger(__name__)

REPORT_WITHIN_HOURS = 24


@dataclass(frozen=True)
class Threshold:
    """``min_children`` distinct children with ``symptom`` within ``window_days`` local days."""

    symptom: str
    window_days: int
    min_children: int


SYNDROMES = (Symptom.FEVER, Symptom.DIARRHOEA, Symptom.VOMITING, Symptom.RASH)
DEFAULT_THRESHOLDS: tuple[Threshold, ...] = (
    *(Threshold(s, 1, 3) for s in SYNDROMES),
    *(Threshold(s, 3, 6) for s in SYNDROMES),
    Threshold(Symptom.HAND_FOOT_MOUTH_SIGNS, 7, 2),
)


def thresholds_for(centre_id: uuid.UUID) -> list[Threshold]:
    """The centre's enabled :class:`ClusterRule` rows, or :data:`DEFAULT_THRESHOLDS` if none."""
    rows = list(ClusterRule.objects.filter(centre_id=centre_id))
    if not rows:
        return list(DEFAULT_THRESHOLDS)
    return [Threshold(r.symptom, r.window_days, r.min_children) for r in rows if r.enabled]


def _window(day: dt.date, days: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day - dt.timedelta(days=days - 1), dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def cluster_check(*, flag: SymptomFlag) -> list[Alert]:
    """Raise an outbreak alert for each threshold the new ``flag`` reaches in its classroom.

    Counts distinct children of the flag's classroom with a flag of the same symptom observed in
    the rule's window ending on the flag's local day. Dedup key
    ``outbreak:<classroom>:<symptom>:<window>d``: while that alert is active, more children are
    added to it (no new page). Severity urgent; recipients doctor and director (policy in
    ``services/alerts.py``). ``detail``: ``children`` and ``flags`` (id lists), ``symptom``,
    ``window_days``, ``min_children``, ``count``, ``report_within_hours`` (24). Runs inside
    the flag's transaction. Returns the alerts raised or updated.
    """
    if flag.classroom_id is None:
        return []
    centre = flag.child.centre  # already loaded with the child
    tz = centre.tz
    day = timezone.localtime(flag.observed_at, tz).date()
    raised: list[Alert] = []
    for threshold in thresholds_for(flag.centre_id):
        if threshold.symptom != flag.symptom:
            continue
        start, end = _window(day, threshold.window_days, tz)
        flags = list(
            SymptomFlag.objects.filter(
                classroom_id=flag.classroom_id,
                symptom=flag.symptom,
                observed_at__gte=start,
                observed_at__lt=end,
            )
            .order_by("observed_at")
            .values_list("id", "child_id")
        )
        children = list(dict.fromkeys(str(child_id) for _, child_id in flags))
        if len(children) < threshold.min_children:
            continue
        alert = alert_raise(
            centre=centre,
            child=None,
            kind=AlertKind.OUTBREAK,
            severity=AlertSeverity.URGENT,
            dedup_key=f"outbreak:{flag.classroom_id}:{flag.symptom}:{threshold.window_days}d",
            title=gettext_noop("Possible outbreak: report within 24 hours"),
            rule=f"cluster_{flag.symptom}_{threshold.min_children}_in_{threshold.window_days}d",
            source=flag,
            detail={
                "classroom_id": str(flag.classroom_id),
                "symptom": flag.symptom,
                "window_days": threshold.window_days,
                "min_children": threshold.min_children,
                "count": len(children),
                "children": children,
                "flags": [str(flag_id) for flag_id, _ in flags],
                "window_start": start.date().isoformat(),
                "window_end": day.isoformat(),
                "report_within_hours": REPORT_WITHIN_HOURS,
            },
        )
        logger.info(
            "cluster alert %s classroom=%s count=%s", alert.pk, flag.classroom_id, len(children)
        )
        raised.append(alert)
    return raised
