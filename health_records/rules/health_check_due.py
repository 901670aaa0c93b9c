"""When a child's next health check and haemoglobin test are due.

Sources:
- 《托儿所幼儿园卫生保健工作规范》 (卫生部 2012), 儿童定期健康检查: children aged 1–3 years are
  examined twice a year, six months apart; under one year the national schedule
  (《国家基本公共卫生服务规范》 第三版 2017, 0–6 岁儿童健康管理, "4-2-1") examines at 3, 6, 8 and 12
  months, i.e. about every three months at childcare ages; haemoglobin is tested once a year
  (the same 规范; first at 6–8 months in the national schedule).
- A child without any examination needs the admission examination (入托体检) before attending: it
  is overdue from the enrolment date.

"Due" means due within ``DUE_SOON_DAYS``; "overdue" means the due date has passed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

DUE_SOON_DAYS = 30
INFANT_INTERVAL_MONTHS = 3
TODDLER_INTERVAL_MONTHS = 6
HAEMOGLOBIN_INTERVAL_MONTHS = 12
HAEMOGLOBIN_FIRST_AGE_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _status(due_on: dt.date, today: dt.date) -> str:
    if due_on < today:
        return "overdue"
    if due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "due"
    return "ok"


@dataclass(frozen=True)
class DueStatus:
    """Next due dates and statuses (``ok`` / ``due`` / ``overdue``) on ``today``."""

    check_due_on: dt.date
    check_status: str
    haemoglobin_due_on: dt.date
    haemoglobin_status: str

    @property
    def needs_attention(self) -> bool:
        return self.check_status != "ok" or self.haemoglobin_status != "ok"


def health_check_due(
    *,
    birth_date: dt.date,
    enrolled_on: dt.date,
    today: dt.date,
    last_check_on: dt.date | None,
    last_haemoglobin_on: dt.date | None,
) -> DueStatus:
    """Due dates of the next examination and the next haemoglobin test.

    Next examination: the admission examination on ``enrolled_on`` when there has been none;
    otherwise the last one plus 3 months while the child is under 12 months on that date, else
    plus 6 months. Next haemoglobin: the last one plus 12 months; with none, at 6 months of age
    (or on enrolment if later).
    """
    if last_check_on is None:
        check_due = enrolled_on
    else:
        candidate = add_months(last_check_on, INFANT_INTERVAL_MONTHS)
        if candidate >= add_months(birth_date, 12):
            candidate = add_months(last_check_on, TODDLER_INTERVAL_MONTHS)
        check_due = candidate
    if last_haemoglobin_on is None:
        hb_due = max(add_months(birth_date, HAEMOGLOBIN_FIRST_AGE_MONTHS), enrolled_on)
    else:
        hb_due = add_months(last_haemoglobin_on, HAEMOGLOBIN_INTERVAL_MONTHS)
    return DueStatus(check_due, _status(check_due, today), hb_due, _status(hb_due, today))
