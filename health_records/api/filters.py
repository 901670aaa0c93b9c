"""django-filter filter sets: by child, by classroom, and by a date range.

``?child=<uuid>``, ``?classroom=<uuid>``, ``?date_from=YYYY-MM-DD&date_to=YYYY-MM-DD``
(inclusive; for a time field the date is taken in the server's ``TIME_ZONE``, the centres'
zone). Filters only narrow a queryset the selectors have already scoped to the viewer.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models

from health_records.models import Child, Guardianship


def record_filterset(
    model: type[models.Model], date_field: str, *, is_datetime: bool
) -> type[django_filters.FilterSet]:
    """A FilterSet for ``model`` (with a ``child`` foreign key) over ``date_field``."""
    lookup = f"{date_field}__date" if is_datetime else date_field
    attrs: dict[str, Any] = {
        "child": django_filters.UUIDFilter(field_name="child_id", label="Child id"),
        "classroom": django_filters.UUIDFilter(
            field_name="child__classroom_id", label="Classroom id"
        ),
        "date_from": django_filters.DateFilter(
            field_name=lookup, lookup_expr="gte", label="From date (inclusive)"
        ),
        "date_to": django_filters.DateFilter(
            field_name=lookup, lookup_expr="lte", label="To date (inclusive)"
        ),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)


class ChildFilter(django_filters.FilterSet):
    classroom = django_filters.UUIDFilter(field_name="classroom_id", label="Classroom id")

    class Meta:
        model = Child
        fields: list[str] = []


class GuardianshipFilter(django_filters.FilterSet):
    child = django_filters.UUIDFilter(field_name="child_id", label="Child id")

    class Meta:
        model = Guardianship
        fields: list[str] = []
