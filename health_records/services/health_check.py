"""Health checks by the doctor or nurse: admission (入托体检), periodic, follow-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError
from health_records.models import Child, HealthCheck

from .consent import consent_require
from .day_common import require_medical, save_new


@transaction.atomic
def health_check_record(
    *,
    child: Child,
    examined_on: dt.date,
    check_type: str,
    conclusion: str,
    recorded_by: User,
    haemoglobin_g_per_l: Decimal | None = None,
    vision: str = "not_done",
    hearing: str = "not_done",
    dental_caries_count: int | None = None,
    development_notes: str = "",
    referral: str = "",
    note: str = "",
) -> HealthCheck:
    """Record an examination by the centre doctor or a nurse (``recorded_by``).

    ``haemoglobin_g_per_l`` in g/L (30–250: a g/dL value is refused by the range). Raises
    ``PermissionDeniedError`` ``medical_only``; ``DomainError`` ``future_date``,
    ``before_birth``; ``ValidationError`` for out-of-range values.
    """
    require_medical(recorded_by, child.centre)
    consent_require(child=child)
    if examined_on > timezone.localdate(timezone=child.centre.tz):
        raise DomainError(
            "future_date", _("The examination date is in the future."), field="examined_on"
        )
    if examined_on < child.birth_date:
        raise DomainError(
            "before_birth", _("The examination date is before the birth date."), field="examined_on"
        )
    return save_new(
        HealthCheck(
            centre=child.centre,
            child=child,
            examined_on=examined_on,
            check_type=check_type,
            haemoglobin_g_per_l=haemoglobin_g_per_l,
            vision=vision,
            hearing=hearing,
            dental_caries_count=dental_caries_count,
            development_notes=development_notes,
            conclusion=conclusion,
            referral=referral,
            note=note,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
