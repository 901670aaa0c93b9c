"""Daily health check writes (晨检 / 午检 / 晚检) and the temperature rules they trigger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError
from health_records.models import Attendance, Centre, Child, DailyHealthCheck
from health_records.models.checks import CheckOutcome, validate_temperature_c
from health_records.rules.temperature import temperature_rule

from .care_rules import apply_temperature_rules, thresholds_for
from .day_common import (
    edit_conflicts_recorded,
    local_day,
    lock_for_update,
    require_enrolled,
    require_not_future,
    require_recordable,
    save_new,
    save_update,
)

CHECKLIST_FIELDS = frozenset(
    {
        "mood",
        "skin",
        "eyes",
        "mouth_throat",
        "hands_feet",
        "cough",
        "runny_nose",
        "stool_at_home",
        "medicines_brought",
    }
)
EDITABLE = CHECKLIST_FIELDS | {"temperature_c", "temperature_site", "outcome", "note", "checked_at"}


def parse_temperature_c(value: Decimal | str) -> Decimal:
    """The temperature as entered, as a ``Decimal`` with its digits kept (``"38.0"`` → 38.0).

    Raises ``DomainError`` on the ``temperature_c`` field: ``temperature_invalid`` (not a number
    or more than one decimal), ``temperature_fahrenheit`` (93–110: looks like °F),
    ``temperature_out_of_range`` (outside 34.0–43.0 °C).
    """
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise DomainError(
            "temperature_invalid",
            _("Enter the temperature as a number, e.g. 36.8."),
            field="temperature_c",
        ) from exc
    exponent = number.as_tuple().exponent
    if not number.is_finite() or not isinstance(exponent, int) or exponent < -1:
        raise DomainError(
            "temperature_invalid",
            _("Enter the temperature with at most one decimal, e.g. 36.8."),
            field="temperature_c",
        )
    try:
        validate_temperature_c(number)
    except ValidationError as exc:
        raise DomainError(
            exc.code or "temperature_out_of_range",
            exc.message,
            field="temperature_c",
            params=exc.params,
        ) from exc
    return number


def require_outcome_fits_temperature(
    *, centre: Centre, temperature_c: Decimal, site: str, outcome: str
) -> None:
    """Refuse ``cleared`` for a temperature the centre's temperature rule calls abnormal.

    The same rule and per-centre thresholds as :func:`apply_temperature_rules` (fever from
    ``fever_axillary_c``, low below ``low_temperature_c``), so "cleared" can never sit next to a
    fever flag. ``watch`` and ``sent_home`` are always allowed. Raises ``DomainError`` on the
    ``outcome`` field: ``fever_not_cleared`` or ``low_temperature_not_cleared``.
    """
    if outcome != CheckOutcome.CLEARED:
        return
    limits = thresholds_for(centre)
    hit = temperature_rule(
        temperature_c,
        site,
        fever_from_c=limits.fever_axillary_c,
        low_below_c=limits.low_temperature_c,
    )
    if hit is None:
        return
    params = {
        "value": temperature_c,
        "threshold": hit.detail["threshold_c"],
        "cleared": CheckOutcome.CLEARED.label,
        "watch": CheckOutcome.WATCH.label,
        "sent_home": CheckOutcome.SENT_HOME.label,
    }
    if hit.symptom == "fever":
        raise DomainError(
            "fever_not_cleared",
            _(
                "%(value)s °C is a fever (from %(threshold)s °C at this centre): choose "
                "“%(watch)s” or “%(sent_home)s”, not “%(cleared)s”."
            ),
            field="outcome",
            params=params,
        )
    raise DomainError(
        "low_temperature_not_cleared",
        _(
            "%(value)s °C is a low temperature (below %(threshold)s °C at this centre): "
            "measure again, then choose “%(watch)s” or “%(sent_home)s”, not “%(cleared)s”."
        ),
        field="outcome",
        params=params,
    )


@transaction.atomic
def daily_health_check_record(
    *,
    child: Child,
    session: str,
    checked_at: dt.datetime,
    temperature_c: Decimal | str,
    outcome: str,
    recorded_by: User,
    temperature_site: str = "axillary",
    note: str = "",
    **checklist: object,
) -> DailyHealthCheck:
    """Record one 晨检/午检/晚检 for ``child`` on the centre-local day of ``checked_at``.

    ``temperature_c``: °C as entered (Decimal or text, one decimal at most), stored exactly.
    ``checklist``: any of mood, skin, eyes, mouth_throat, hands_feet (choice codes), cough,
    runny_nose, medicines_brought (bool), stool_at_home (code); omitted items are normal.
    Raises ``DomainError``: the temperature codes of :func:`parse_temperature_c`,
    ``future_time``, ``child_not_enrolled``, ``child_absent`` (recorded absent that day),
    ``check_already_recorded``, ``fever_not_cleared`` / ``low_temperature_not_cleared``
    (outcome ``cleared`` with a temperature the centre's rule flags:
    :func:`require_outcome_fits_temperature`); ``ValidationError`` for bad choice codes;
    ``PermissionDeniedError`` for a caregiver of another room. Side effects: the check (+
    history) and, on fever or low temperature, a symptom flag with its alert (same transaction).
    """
    require_recordable(recorded_by, child)
    require_not_future(checked_at, "checked_at")
    value = parse_temperature_c(temperature_c)
    require_outcome_fits_temperature(
        centre=child.centre, temperature_c=value, site=temperature_site, outcome=outcome
    )
    unknown = set(checklist) - CHECKLIST_FIELDS
    if unknown:
        raise DomainError(
            "unknown_checklist_item", _("Unknown checklist item."), field=min(unknown)
        )
    day = local_day(child.centre, checked_at)
    require_enrolled(child, day)
    if Attendance.objects.filter(child=child, day=day).exclude(absence_reason="").exists():
        raise DomainError("child_absent", _("The child is recorded absent that day."))
    if DailyHealthCheck.objects.filter(child=child, day=day, session=session).exists():
        raise DomainError(
            "check_already_recorded",
            _("This check is already recorded for today: edit it instead."),
            field="session",
        )
    check = save_new(
        DailyHealthCheck(
            centre=child.centre,
            child=child,
            day=day,
            session=session,
            checked_at=checked_at,
            temperature_c=value,
            temperature_site=temperature_site,
            outcome=outcome,
            note=note,
            recorded_by=recorded_by,
            **checklist,
        ),
        recorded_by,
    )
    apply_temperature_rules(check)
    return check


@edit_conflicts_recorded(record="check", user="edited_by")
@transaction.atomic
def daily_health_check_update(
    *,
    check: DailyHealthCheck,
    expected_version: int,
    edited_by: User,
    changes: dict[str, object],
) -> DailyHealthCheck:
    """Correct a check (temperature, checklist, outcome, note, time on the same day).

    Raises ``ConflictError`` ``edited_by_someone_else`` if another save came first (nothing of
    the edit stored; the refused attempt is written afterwards as an ``EditConflict`` row), the
    temperature codes, ``future_time``, ``field_not_editable``, ``fever_not_cleared`` /
    ``low_temperature_not_cleared`` (when the temperature or the outcome is changed and the
    result would be ``cleared`` with a flagged temperature). A corrected temperature is
    re-evaluated by the temperature rules. ``recorded_by`` never changes.
    """
    require_recordable(edited_by, check.child)
    cleaned = dict(changes)
    if "temperature_c" in cleaned:
        cleaned["temperature_c"] = parse_temperature_c(cleaned["temperature_c"])  # type: ignore[arg-type]
    if "checked_at" in cleaned:
        when = cleaned["checked_at"]
        assert isinstance(when, dt.datetime)
        require_not_future(when, "checked_at")
        if local_day(check.centre, when) != check.day:
            raise DomainError(
                "other_day", _("The time must be on the check's day."), field="checked_at"
            )
    locked = lock_for_update(check, expected_version)
    if "temperature_c" in cleaned or "outcome" in cleaned:
        temperature = cleaned.get("temperature_c", locked.temperature_c)
        assert isinstance(temperature, Decimal)
        require_outcome_fits_temperature(
            centre=locked.centre,
            temperature_c=temperature,
            site=str(cleaned.get("temperature_site", locked.temperature_site)),
            outcome=str(cleaned.get("outcome", locked.outcome)),
        )
    before = locked.temperature_c
    saved = save_update(locked, cleaned, edited_by, EDITABLE)
    if saved.temperature_c != before:
        apply_temperature_rules(saved)
    return saved
