"""Shared checks for the day's records (issue 5): who may write, time rules, presence, versions.

Not a public API of its own: the record services (attendance, checks, care, medication, injury,
health checks) call these inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import ParamSpec, TypeVar, cast

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import Attendance, Centre, Child, StaffMembership, StaffRole
from health_records.request_memo import memo_get

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = dt.timedelta(minutes=5)
"""Clock skew between a phone and the server: a time up to 5 minutes ahead is accepted."""

R = TypeVar("R", bound=models.Model)


def membership_of(user: User, centre: Centre) -> StaffMembership | None:
    """The user's active membership at ``centre``, or None: one query, or none when this
    request's viewer lookup already loaded that membership (``health_records.request_memo``)."""
    loaded = memo_get(("active_membership", user.pk))
    if isinstance(loaded, StaffMembership) and loaded.centre_id == centre.pk:
        return loaded
    return StaffMembership.objects.filter(user=user, centre=centre, is_active=True).first()


def require_writer(user: User, child: Child) -> StaffMembership:
    """The user's membership if they may write ``child``'s day records.

    Medical staff and the director: any child of their centre. Caregivers: children of their own
    classrooms. Raises :class:`PermissionDeniedError` (``not_your_centre`` /
    ``not_your_classroom``) otherwise.
    """
    return require_classroom_writer(user, child.centre, child.classroom_id)


def require_classroom_writer(
    user: User, centre: Centre, classroom_id: uuid.UUID | None
) -> StaffMembership:
    """The user's membership if they may write day records for the children of a classroom
    (``classroom_id``) of ``centre``: the rule of :func:`require_writer`, for a whole room.

    Raises :class:`PermissionDeniedError` ``not_your_centre`` / ``not_your_classroom``.
    """
    membership = membership_of(user, centre)
    if membership is None:
        raise PermissionDeniedError(
            "not_your_centre", _("You are not on the staff of this child's centre.")
        )
    if membership.role == StaffRole.CAREGIVER:
        own_room = classroom_id is not None and (
            membership.classrooms.filter(pk=classroom_id).exists()
        )
        if not own_room:
            raise PermissionDeniedError(
                "not_your_classroom",
                _("You can record only for the children of your own classroom."),
            )
    return membership


def require_recordable(user: User, child: Child) -> StaffMembership:
    """:func:`require_writer`, then the guardian's consent to keeping the child's records.

    Every write of a child's day records starts here, with two deliberate exceptions that call
    :func:`require_writer` alone (as symptom flags do):

    - injury incidents (伤害登记) and their follow-up: the centre must record an injury and act
      on it whatever the guardians decided (its duty of care and the injury-prevention records of
      《托儿所幼儿园卫生保健工作规范》 2012), and processing needed to protect a child's life and
      health in an emergency, or to meet a legal duty, needs no consent (PIPL art. 13 para. 1
      items 3 and 4). Refusing to record an injury would leave no record at all;
    - check-in and check-out: who is on the premises is not health data, and a centre must know
      it (evacuation, handing a child only to an authorised person; PIPL art. 13 para. 1 item 3).
      Absences stay behind consent: a sickness absence records symptoms and a diagnosis.

    Raises :class:`PermissionDeniedError` (see :func:`require_writer`) or :class:`DomainError`
    ``consent_missing`` / ``consent_policy_missing`` (``services.consent.consent_require``, PIPL
    separate consent).
    """
    from .consent import consent_require

    membership = require_writer(user, child)
    consent_require(child=child)
    return membership


def require_medical(user: User, centre: Centre, *, doctor_only: bool = False) -> None:
    """Raise :class:`PermissionDeniedError` unless the user is the centre's doctor (or nurse)."""
    membership = membership_of(user, centre)
    allowed = {StaffRole.DOCTOR} if doctor_only else {StaffRole.DOCTOR, StaffRole.NURSE}
    if membership is None or membership.role not in allowed:
        if doctor_only:
            raise PermissionDeniedError("doctor_only", _("Only the centre doctor can do this."))
        raise PermissionDeniedError(
            "medical_only", _("Only the centre doctor or a nurse can do this.")
        )


def local_day(centre: Centre, when: dt.datetime) -> dt.date:
    """The centre-local calendar date of an aware datetime."""
    return timezone.localtime(when, centre.tz).date()


def day_bounds(centre: Centre, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The half-open interval [local midnight of ``day``, local midnight of the next day)."""
    tz = centre.tz
    start = dt.datetime.combine(day, dt.time.min).replace(tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min).replace(tzinfo=tz)
    return start, end


def require_aware(when: dt.datetime, field: str) -> None:
    """Raise :class:`DomainError` ``naive_datetime`` for a datetime without a time zone."""
    if timezone.is_naive(when):
        raise DomainError("naive_datetime", _("The time has no time zone."), field=field)


def require_not_future(when: dt.datetime, field: str) -> None:
    """Raise :class:`DomainError` ``future_time`` for a time later than now (+5 min skew)."""
    require_aware(when, field)
    if when > timezone.now() + FUTURE_TOLERANCE:
        raise DomainError("future_time", _("The time is in the future."), field=field)


def require_enrolled(child: Child, day: dt.date) -> None:
    """Raise :class:`DomainError` ``child_not_enrolled`` unless enrolled on ``day``."""
    if not child.is_enrolled_on(day):
        raise DomainError(
            "child_not_enrolled", _("The child is not enrolled on %(day)s."), params={"day": day}
        )


def presence_at(child: Child, when: dt.datetime) -> Attendance | None:
    """The attendance whose stay [check-in, check-out) contains ``when``, or None.

    A stay never checked out ends at the end of its own (centre-local) day: a check-out
    forgotten yesterday does not make the child present today.
    """
    return (
        Attendance.objects.filter(child=child, checked_in_at__lte=when)
        .filter(
            models.Q(checked_out_at__isnull=True, day=local_day(child.centre, when))
            | models.Q(checked_out_at__gt=when)
        )
        .order_by("-checked_in_at")
        .first()
    )


def require_present(child: Child, when: dt.datetime, field: str = "occurred_at") -> Attendance:
    """The attendance covering ``when``; :class:`DomainError` ``child_not_present`` if none."""
    require_enrolled(child, local_day(child.centre, when))
    stay = presence_at(child, when)
    if stay is None:
        raise DomainError(
            "child_not_present",
            _("The child was not checked in at that time: check the child in first."),
            field=field,
        )
    return stay


def save_new(record: R, user: User) -> R:
    """``full_clean()`` then save with ``user`` as the history user. Returns the record.

    The validation skips what cannot fail and would cost a query each: the new random UUID
    primary key's uniqueness, and foreign keys set from an object loaded from the database in
    this request (the database's own foreign key constraint still checks them at insert).
    Field values, ``clean()``, unique constraints and checks are all validated.
    """
    record.full_clean(exclude=_loaded_keys(record))
    record._history_user = user  # type: ignore[attr-defined]
    record.save()
    return record


def _loaded_keys(record: models.Model) -> list[str]:
    """Names of ``record``'s auto primary key and of its foreign keys holding a loaded object."""
    names = [record._meta.pk.name] if record._meta.pk is not None else []
    for field in record._meta.concrete_fields:
        if not field.many_to_one or not field.is_cached(record):  # type: ignore[attr-defined]
            continue
        related = field.get_cached_value(record)  # type: ignore[attr-defined]
        if related is not None and not related._state.adding and related.pk is not None:
            names.append(field.name)
    return names


def lock_for_update(record: R, expected_version: int) -> R:
    """Re-read ``record`` under a row lock and check its version.

    Raises :class:`ConflictError` ``edited_by_someone_else`` when the stored version differs
    from ``expected_version`` (someone saved it since the user loaded it); nothing is changed.
    """
    model = type(record)
    locked = model._default_manager.select_for_update().get(pk=record.pk)
    stored = getattr(locked, "version")  # noqa: B009 - every day record has a version
    if stored != expected_version:
        logger.info(
            "conflict on %s %s: expected version %s, stored %s",
            model.__name__,
            record.pk,
            expected_version,
            stored,
        )
        error = ConflictError(
            "edited_by_someone_else",
            _(
                "Someone else saved this record while you were editing it. Your change was not "
                "saved: reload to see their version, then edit again."
            ),
        )
        error.stored_version = stored
        history = getattr(locked, "history", None)
        latest = history.order_by("-history_date").first() if history is not None else None
        if latest is not None:
            error.changed_by_id = latest.history_user_id
            error.changed_at = latest.history_date
        raise error
    return locked


P = ParamSpec("P")
T = TypeVar("T")


def edit_conflicts_recorded(
    *,
    record: str,
    user: str,
    changes: str = "changes",
    fields: Mapping[str, str] | None = None,
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate an atomic edit service so that a refused edit (``ConflictError``) leaves a trace.

    ``record``, ``user``, ``changes``: the names of the service's keyword arguments holding the
    record, the editor and the changes as a mapping (the version is ``expected_version``);
    ``fields``: keyword arguments that are themselves values tried, for services that take no
    ``changes`` mapping, each mapped to the record field it sets (``{"at": "checked_out_at"}``),
    so the history can label it; only the arguments given are kept. Put it *above*
    ``@transaction.atomic``: the refusal's own transaction has rolled back when the
    :class:`~health_records.models.EditConflict` row is written
    (:func:`~health_records.services.audit.edit_conflict_record`); the error is re-raised. The
    record needs ``centre_id`` and ``child_id``.
    """

    def decorate(service: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return service(*args, **kwargs)
            except ConflictError as error:
                from .audit import edit_conflict_record

                attempted = kwargs.get(changes)
                tried = dict(attempted) if isinstance(attempted, Mapping) else {}
                for argument, field in (fields or {}).items():
                    if argument in kwargs:
                        tried[field] = kwargs[argument]
                expected = kwargs.get("expected_version")
                edit_conflict_record(
                    record=cast(models.Model, kwargs[record]),
                    attempted_by=cast(User, kwargs[user]),
                    expected_version=expected if isinstance(expected, int) else 0,
                    changes=tried,
                    error=error,
                )
                raise

        return wrapper

    return decorate


def save_update(locked: R, changes: Mapping[str, object], user: User, allowed: frozenset[str]) -> R:
    """Apply ``changes`` (``allowed`` fields only) to a locked record; bump version, clean, save.

    ``recorded_by`` is never changed (it is not allowed); history records ``user`` as the
    editor. Raises :class:`DomainError` ``field_not_editable`` for other fields.
    """
    for name, value in changes.items():
        if name not in allowed:
            raise DomainError("field_not_editable", _("This field cannot be changed."), field=name)
        setattr(locked, name, value)
    locked.version = locked.version + 1  # type: ignore[attr-defined]
    return save_new(locked, user)
