"""Reads of consent: the policy in force and whether a child's records may be kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from health_records.models import Child, ConsentPolicy, GuardianConsent

from .access import Viewer


def consent_policy_current(*, on: dt.date) -> ConsentPolicy | None:
    """The latest policy effective on ``on`` (newest ``effective_from`` ≤ on), or ``None``."""
    return (
        ConsentPolicy.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )


def consent_active_for_child(*, child: Child, policy: ConsentPolicy) -> bool:
    """True if any guardian of ``child`` has an active (not withdrawn) consent under ``policy``."""
    return GuardianConsent.objects.filter(
        child=child,
        policy=policy,
        withdrawn_at__isnull=True,
        guardian__guardianships__child=child,
    ).exists()


@dataclass(frozen=True)
class ConsentStatus:
    """What a consent page shows: the policy in force, the viewer's own consent under it (if
    the viewer is a guardian), and whether any guardian's consent covers the child."""

    policy: ConsentPolicy | None
    own: GuardianConsent | None
    covered: bool
    viewer_is_guardian: bool


def consent_status(viewer: Viewer, child: Child, *, on: dt.date) -> ConsentStatus:
    """Consent status of ``child`` (already scoped to the viewer by the caller). Three queries."""
    policy = consent_policy_current(on=on)
    is_guardian = child.guardianships.filter(user=viewer.user).exists()
    own = (
        GuardianConsent.objects.filter(child=child, guardian=viewer.user, policy=policy).first()
        if policy is not None and is_guardian
        else None
    )
    covered = policy is not None and consent_active_for_child(child=child, policy=policy)
    return ConsentStatus(policy=policy, own=own, covered=covered, viewer_is_guardian=is_guardian)
