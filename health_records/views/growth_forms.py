"""Forms of the growth pages. They parse input only; the services check and write.

Measured values are text fields (``inputmode="decimal"``) so that every value reaches the
service, which refuses "3562" as grams typed as kg with its own message rather than a generic
"too many digits" (:func:`health_records.services.growth.parse_measurement_value`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from health_records.models import MeasurementPosition
from health_records.selectors.growth import CHART_INDICATORS, RANGES_MONTHS, STANDARDS


def _decimal_input(placeholder: str, label_id: str = "") -> forms.TextInput:
    attrs = {
        "inputmode": "decimal",
        "autocomplete": "off",
        "enterkeyhint": "next",
        "placeholder": placeholder,
        "class": "num",
    }
    if label_id:
        attrs["aria-labelledby"] = label_id
    return forms.TextInput(attrs=attrs)


class MeasurementValuesForm(forms.Form):
    """The measured values of one child (one row of the batch screen, or part of the form)."""

    weight_kg = forms.CharField(
        label=_("Weight (kg)"), required=False, max_length=20, widget=_decimal_input("kg")
    )
    length_height_cm = forms.CharField(
        label=_("Length/height (cm)"), required=False, max_length=20, widget=_decimal_input("cm")
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=MeasurementPosition.choices, required=False
    )
    head_circumference_cm = forms.CharField(
        label=_("Head circumference (cm)"),
        required=False,
        max_length=20,
        widget=_decimal_input("cm"),
    )
    confirmed_reason = forms.CharField(
        label=_("Reason for keeping an unusual value"),
        required=False,
        max_length=300,
        help_text=_("Only when asked: why the value is right (e.g. measured twice)."),
    )

    def has_values(self) -> bool:
        """Whether anything was typed in the measured fields (an empty row is skipped)."""
        data = self.cleaned_data
        return any(
            str(data.get(name) or "").strip()
            for name in ("weight_kg", "length_height_cm", "head_circumference_cm")
        )

    def service_values(self) -> dict[str, Any]:
        """The values as the services take them (text stripped; blank → ``None``)."""
        data = self.cleaned_data
        return {
            "weight_kg": str(data["weight_kg"]).strip() or None,
            "length_height_cm": str(data["length_height_cm"]).strip() or None,
            "position": data["position"],
            "head_circumference_cm": str(data["head_circumference_cm"]).strip() or None,
            "confirmed_reason": data["confirmed_reason"],
        }


class MeasurementForm(MeasurementValuesForm):
    """One child's measurement: the date, the values, a note."""

    measured_on = forms.DateField(
        label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    field_order = [
        "measured_on",
        "weight_kg",
        "length_height_cm",
        "position",
        "head_circumference_cm",
        "note",
        "confirmed_reason",
    ]


class MeasurementEditForm(MeasurementForm):
    """An edit: the measurement form plus the version the user was shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MeasuringDayForm(forms.Form):
    """The date of a classroom's measuring day (defaults to today)."""

    measured_on = forms.DateField(
        label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ChartForm(forms.Form):
    """Query parameters of a chart: indicator, standard, curves (SD or percentiles), range."""

    indicator = forms.ChoiceField(choices=[(i, i) for i in CHART_INDICATORS], required=False)
    standard = forms.ChoiceField(choices=[(s, s) for s in STANDARDS], required=False)
    kind = forms.ChoiceField(choices=[("sd", "sd"), ("percentile", "percentile")], required=False)
    range = forms.TypedChoiceField(
        choices=[(str(r), str(r)) for r in RANGES_MONTHS], coerce=int, required=False
    )

    def value(self, name: str, default: Any) -> Any:
        """The cleaned value of ``name``, or ``default`` when absent or invalid."""
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


def initial_day(day: dt.date) -> dict[str, str]:
    """Initial data with ``measured_on`` as ISO text (for a date input)."""
    return {"measured_on": day.isoformat()}
