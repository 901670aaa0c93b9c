"""Guardian consent: give, withdraw, and the check every health-record write makes.

Source: PIPL (2021) art. 28 (a minor's data is sensitive personal information) and art. 29/31
(separate consent of the parent or guardian before processing a minor under 14's data).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import Child, ConsentPolicy, GuardianConsent
from health_records.selectors.consent import consent_active_for_child, consent_policy_current


def consent_require(*, child: Child) -> None:
    """Raise unless a guardian's active consent under the policy in force covers ``child``.

    Call at the start of every service that stores a child's health or care records.
    Raises :class:`DomainError` ``consent_policy_missing`` (no policy published yet) or
    ``consent_missing``. Two queries; no side effects.
    """
    policy = consent_policy_current(on=timezone.localdate(timezone=child.centre.tz))
    if policy is None:
        raise DomainError(
            "consent_policy_missing",
            _(
                "No consent policy has been published yet, so health records cannot be kept. "
                "The centre director must publish one."
            ),
        )
    if not consent_active_for_child(child=child, policy=policy):
        raise DomainError(
            "consent_missing",
            _(
                "A guardian has not given consent to keeping this child's health records "
                "(current policy %(version)s)."
            ),
            params={"version": policy.version},
        )


@transaction.atomic
def consent_give(*, guardian: User, child: Child, policy: ConsentPolicy) -> GuardianConsent:
    """Record ``guardian``'s consent for ``child`` under ``policy`` (the policy in force).

    Idempotent: consent already active is returned as it is; a withdrawn one is given again
    (history keeps both). Raises :class:`PermissionDeniedError` ``not_guardian`` when the user is
    not the child's guardian, :class:`DomainError` ``consent_policy_not_current`` for an old or
    future policy. Side effect: one ``GuardianConsent`` row (and history).
    """
    if not child.guardianships.filter(user=guardian).exists():
        raise PermissionDeniedError(
            "not_guardian", _("Only the child's guardian can give consent.")
        )
    current = consent_policy_current(on=timezone.localdate(timezone=child.centre.tz))
    if current is None or current.pk != policy.pk:
        raise DomainError(
            "consent_policy_not_current",
            _("This is not the consent policy in force; reload the page."),
        )
    consent = (
        GuardianConsent.objects.select_for_update()
        .filter(child=child, guardian=guardian, policy=policy)
        .first()
    )
    if consent is None:
        consent = GuardianConsent(child=child, guardian=guardian, policy=policy)
    elif consent.is_active:
        return consent
    consent.given_at = timezone.now()
    consent.withdrawn_at = None
    consent._history_user = guardian  # type: ignore[attr-defined]
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, guardian: User, child: Child) -> GuardianConsent:
    """Withdraw ``guardian``'s active consent for ``child`` under the policy in force.

    Records already kept stay (they are the centre's legal record); no new health records can
    be kept unless another guardian's consent covers the child. Raises :class:`DomainError`
    ``consent_not_given`` when there is no active consent to withdraw.
    """
    policy = consent_policy_current(on=timezone.localdate(timezone=child.centre.tz))
    consent = (
        GuardianConsent.objects.select_for_update()
        .filter(child=child, guardian=guardian, policy=policy, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        raise DomainError("consent_not_given", _("There is no consent of yours to withdraw."))
    consent.withdrawn_at = timezone.now()
    consent._history_user = guardian  # type: ignore[attr-defined]
    consent.save()
    return consent
