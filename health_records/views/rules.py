"""The thresholds page: the centre director or doctor views and changes the health rules'
thresholds (fever, low temperature, loose stools, vomits, refused meals)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.selectors.access import Viewer
from health_records.selectors.rules import health_rule_settings_page
from health_records.services.care_rules import THRESHOLD_FIELDS, health_rule_settings_update

from .base import with_viewer
from .care_forms import VersionForm, add_service_error, temperature_field

T = "health_records/"


def _count() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class ThresholdsForm(VersionForm):
    """Parses the five thresholds; their ranges are the service's (one message per field)."""

    fever_axillary_c = temperature_field()
    low_temperature_c = temperature_field()
    loose_stools_in_24h = _count()
    vomits_per_day = _count()
    refused_meals_in_row = _count()


@with_viewer
def health_rule_settings_view(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The centre's thresholds with their defaults and sources, the form, and who changed what.

    Director and centre doctor only; anyone else (other roles, parents) gets 404, as for the
    alert inbox. A stale save is a 409 with the conflict message; out-of-range values are shown
    on their fields (400) and nothing is saved.
    """
    page = health_rule_settings_page(viewer)
    initial: dict[str, Any] = {name: getattr(page.settings, name) for name in THRESHOLD_FIELDS}
    form = ThresholdsForm(
        request.POST or None, initial={**initial, "version": page.settings.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            health_rule_settings_update(
                centre=viewer.membership.centre,  # type: ignore[union-attr]  # page checked staff
                changed_by=viewer.user,
                expected_version=data.pop("version"),
                values=data,
            )
            messages.success(request, gettext("Thresholds saved."))
            return redirect("health_rule_settings")
        except PermissionDeniedError as exc:
            return render(request, T + "care_refused.html", {"message": str(exc)}, status=403)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
            status = getattr(exc, "http_status", 400)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        T + "healthrulesettings_form.html",
        {
            "page": page,
            "form": form,
            "rows": [(row, form[row.name]) for row in page.rows],
        },
        status=status,
    )
