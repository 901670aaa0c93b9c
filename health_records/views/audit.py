"""The director's access-log review page (read-only)."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from health_records.models import Child, StaffRole
from health_records.selectors.access import Viewer, children_visible_to
from health_records.selectors.audit import access_log_for_review

from .base import with_viewer

ROLE_CHOICES = [("", _("All roles")), *StaffRole.choices, ("parent", _("Guardian"))]


class AccessLogFilter(forms.Form):
    child = forms.ModelChoiceField(
        queryset=Child.objects.none(),
        required=False,
        label=_("Child"),
        empty_label=_("All children"),
    )
    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False, label=_("Role"))
    day = forms.DateField(
        required=False,
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: object, viewer: Viewer, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["child"].queryset = children_visible_to(viewer)  # type: ignore[attr-defined]


@with_viewer
def access_log_view(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Filterable, paginated access log of the director's centre (50 rows a page)."""
    form = AccessLogFilter(request.GET or None, viewer=viewer)
    filters = form.cleaned_data if form.is_valid() else {}
    child = filters.get("child")
    rows = access_log_for_review(
        viewer,
        child_id=child.pk if child else None,
        role=filters.get("role", ""),
        day=filters.get("day"),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "health_records/accesslog_list.html", {"form": form, "page": page})
