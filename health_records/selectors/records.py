"""Scoped reads of the day's records, flags and guardianships for list endpoints (API, FHIR).

Every queryset starts from :func:`~health_records.selectors.access.children_visible_to`, so a
parent reaches only their own children's rows and staff only their centre's. Each returns an
unevaluated queryset with the child joined (one query per page whatever its length).
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from health_records.models import Guardianship, MedicationAdministration
from health_records.selectors.access import Viewer, children_visible_to

M = TypeVar("M", bound=models.Model)


def records_visible_to(viewer: Viewer, model: type[M]) -> QuerySet[M]:
    """Rows of ``model`` (any model with a ``child`` foreign key) about children the viewer may
    read, with ``child`` (and its classroom) joined."""
    visible = children_visible_to(viewer).values("pk")
    return model._default_manager.filter(child__in=visible).select_related(
        "child", "child__classroom"
    )


def record_get(viewer: Viewer, model: type[M], record_id: object) -> M:
    """One row of ``model`` the viewer may read; ``model.DoesNotExist`` otherwise (a 404)."""
    return records_visible_to(viewer, model).get(pk=record_id)


def medication_administrations_visible_to(viewer: Viewer) -> QuerySet[MedicationAdministration]:
    """Administrations of requests about children the viewer may read (request joined)."""
    return records_visible_to(viewer, MedicationAdministration).select_related("request")


def guardianships_visible_to(viewer: Viewer) -> QuerySet[Guardianship]:
    """A guardian's own guardianships; staff: every guardianship of their centre's children.

    A guardian does not see the other guardians of the child (their phone numbers are not
    theirs to read).
    """
    scope = Q(user=viewer.user)
    if viewer.membership is not None:
        scope |= Q(child__centre_id=viewer.membership.centre_id)
    return Guardianship.objects.filter(scope).select_related("child", "user").order_by("pk")
