"""Who is looking: the viewer's staff membership and guardianships, and what they may reach.

Every read of children's data starts from :func:`children_visible_to`: a parent reaches only the
children they are guardian of; staff only the children of their own centre. Anything else is
``Child.DoesNotExist`` (a 404 at the edge), never a hint that it exists.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from health_records.models import Child, StaffMembership, StaffRole
from health_records.request_memo import memo_set


@dataclass(frozen=True)
class Viewer:
    """The signed-in user and their reach.

    ``membership`` is the user's active staff membership (``None`` for a guardian only);
    ``is_guardian`` says whether the user has any guardianship (one query, on first use only:
    most pages never ask).
    """

    user: User
    membership: StaffMembership | None

    @functools.cached_property
    def is_guardian(self) -> bool:
        return self.user.guardianships.exists()

    @property
    def role(self) -> str:
        """``director``/``doctor``/``nurse``/``caregiver`` for staff, ``parent`` otherwise."""
        return self.membership.role if self.membership else "parent"

    @property
    def is_staff_member(self) -> bool:
        return self.membership is not None

    @property
    def is_medical(self) -> bool:
        return self.membership is not None and self.membership.is_medical

    @property
    def is_director(self) -> bool:
        return self.membership is not None and self.membership.role == StaffRole.DIRECTOR

    @property
    def may_edit_thresholds(self) -> bool:
        """Whether the centre's health-rule thresholds page opens for this viewer: the rule
        editors (``services.care_rules.RULE_EDITORS``: director and centre doctor)."""
        from health_records.services.care_rules import RULE_EDITORS

        return self.membership is not None and self.membership.role in RULE_EDITORS


def viewer_for(user: User | AnonymousUser) -> Viewer | None:
    """Return the :class:`Viewer` for an authenticated user, or ``None`` for anonymous.

    One query for the membership (with its centre); ``is_guardian`` is looked up when asked.
    """
    if not user.is_authenticated:
        return None
    membership = (
        StaffMembership.objects.select_related("centre")
        .filter(user=user, is_active=True)
        .order_by("centre__name")
        .first()
    )
    # The services' permission checks in this request reuse it (health_records.request_memo).
    memo_set(("active_membership", user.pk), membership)
    return Viewer(user=user, membership=membership)


def children_visible_to(viewer: Viewer) -> QuerySet[Child]:
    """Children the viewer may read: own centre's for staff, own children for guardians.

    A staff member who is also a guardian reaches both sets. Returns an unevaluated queryset with
    the classroom joined.
    """
    scope = Q(guardianships__user=viewer.user)
    if viewer.membership is not None:
        scope |= Q(centre_id=viewer.membership.centre_id)
    return Child.objects.filter(scope).select_related("classroom", "centre").distinct()


def child_visible_get(viewer: Viewer, child_id: uuid.UUID | str, *related: str) -> Child:
    """The one child ``child_id`` if the viewer may read it (the rule of
    :func:`children_visible_to`), with ``related`` joined; ``Child.DoesNotExist`` otherwise.

    Same answer as ``children_visible_to(viewer).get(pk=child_id)`` with plainer SQL for the hot
    per-child endpoints: staff look in their centre first (no join), then as a guardian (an
    inner join on the unique guardianship; no DISTINCT). One query for a parent or for staff
    reading their centre's child.
    """
    query = Child.objects.select_related(*related)
    if viewer.membership is not None:
        try:
            return query.get(pk=child_id, centre_id=viewer.membership.centre_id)
        except Child.DoesNotExist:
            pass
    return query.get(pk=child_id, guardianships__user=viewer.user)
