"""Forms of the day's pages. Forms parse and validate input only; services do every write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError
from health_records.models import (
    AbsenceReason,
    AdministrationOutcome,
    AmountEaten,
    AuthorisedPickup,
    CheckOutcome,
    HealthCheckType,
    InjuryOutcome,
    InjurySeverity,
    MealType,
    MedicationRoute,
    MilkType,
    Mood,
    ScreeningResult,
    StoolType,
    TemperatureSite,
    ToiletingKind,
)
from health_records.models import checks as check_models

DECIMAL_SHAPE_ERRORS = ("max_digits", "max_decimal_places", "max_whole_digits")
"""Django's ``DecimalField`` codes whose generic messages ("no more than 3 digits in total")
don't say what to type."""


def temperature_field(**kwargs: Any) -> forms.DecimalField:
    """A °C input with one decimal (30.0–43.5 is the caller's ``min_value``/``max_value``): too
    many digits reads "Enter the temperature with at most one decimal, e.g. 36.8." (the check
    service's own message), not Django's digit count."""
    message = _("Enter the temperature with at most one decimal, e.g. 36.8.")
    options: dict[str, Any] = {
        "max_digits": 3,
        "decimal_places": 1,
        "error_messages": dict.fromkeys(DECIMAL_SHAPE_ERRORS, message),
        "widget": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    }
    return forms.DecimalField(**{**options, **kwargs})


def add_service_error(form: forms.BaseForm, exc: DomainError | ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has it, else on top."""
    error = exc.as_validation_error() if isinstance(exc, DomainError) else exc
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class TimeOfDayForm(forms.Form):
    """Base: an optional time of day (blank = now), read in the centre's time zone."""

    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def when(self, day: dt.date, tz: Any, now: dt.datetime) -> dt.datetime:
        """The aware datetime meant: ``day`` at the entered time, or ``now`` when blank."""
        value = self.cleaned_data.get("time")
        if value is None:
            return now
        return dt.datetime.combine(day, value).replace(tzinfo=tz)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CheckInForm(TimeOfDayForm):
    dropped_off_by = forms.CharField(label=_("Dropped off by"), max_length=100, required=False)


class CheckOutForm(TimeOfDayForm, VersionForm):
    picked_up_by = forms.ModelChoiceField(
        label=_("Picked up by"), queryset=AuthorisedPickup.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, pickups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["picked_up_by"].queryset = pickups  # type: ignore[attr-defined]


class AbsenceForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=AbsenceReason.choices)
    sick_symptoms = forms.CharField(label=_("Symptoms"), max_length=300, required=False)
    sick_diagnosis = forms.CharField(label=_("Diagnosis"), max_length=200, required=False)
    possibly_infectious = forms.BooleanField(label=_("May be infectious"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FollowUpForm(VersionForm):
    note = forms.CharField(label=_("What the family said"), max_length=500)


class DailyCheckForm(TimeOfDayForm):
    """晨检 / 午检 / 晚检: temperature text (parsed by the service, kept exactly) and checklist."""

    temperature_c = forms.CharField(
        label=_("Temperature (°C)"),
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "36.5"}
        ),
    )
    temperature_site = forms.ChoiceField(
        label=_("Site"), choices=TemperatureSite.choices, initial=TemperatureSite.AXILLARY
    )
    mood = forms.ChoiceField(
        label=_("Mood"), choices=check_models.MoodFinding.choices, initial="normal"
    )
    skin = forms.ChoiceField(
        label=_("Skin and rash"), choices=check_models.SkinFinding.choices, initial="normal"
    )
    eyes = forms.ChoiceField(
        label=_("Eyes"), choices=check_models.EyesFinding.choices, initial="normal"
    )
    mouth_throat = forms.ChoiceField(
        label=_("Mouth and throat"), choices=check_models.ThroatFinding.choices, initial="normal"
    )
    hands_feet = forms.ChoiceField(
        label=_("Hands and feet"), choices=check_models.HandsFeetFinding.choices, initial="normal"
    )
    cough = forms.BooleanField(label=_("Cough"), required=False)
    runny_nose = forms.BooleanField(label=_("Runny nose"), required=False)
    stool_at_home = forms.ChoiceField(
        label=_("Stool at home"), choices=check_models.StoolAtHome.choices, initial="normal"
    )
    medicines_brought = forms.BooleanField(label=_("Medicines brought"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CheckOutcome.choices)

    CHECKLIST = (
        "mood",
        "skin",
        "eyes",
        "mouth_throat",
        "hands_feet",
        "cough",
        "runny_nose",
        "stool_at_home",
        "medicines_brought",
    )

    def checklist(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.CHECKLIST}

    @property
    def more_fields(self) -> list[Any]:
        """Bound fields under "touch, look, ask, check" (all normal unless changed)."""
        return [self[name] for name in ("temperature_site", *self.CHECKLIST, "time", "note")]


class MealForm(TimeOfDayForm):
    meal_type = forms.ChoiceField(label=_("Meal"), choices=MealType.choices)
    amount_eaten = forms.ChoiceField(label=_("Amount eaten"), choices=AmountEaten.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class BottleForm(TimeOfDayForm):
    volume_ml = forms.IntegerField(label=_("Volume (ml)"), min_value=1, max_value=500)
    milk_type = forms.ChoiceField(label=_("Milk"), choices=MilkType.choices)


class WaterForm(TimeOfDayForm):
    volume_ml = forms.IntegerField(label=_("Volume (ml)"), min_value=1, max_value=500)


class SleepStartForm(TimeOfDayForm):
    pass


class SleepEndForm(TimeOfDayForm, VersionForm):
    sleep = forms.UUIDField(widget=forms.HiddenInput)


class ToiletingForm(TimeOfDayForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ToiletingKind.choices)
    stool_type = forms.ChoiceField(
        label=_("Stool"), choices=[("", "—"), *StoolType.choices], required=False
    )


class MoodForm(TimeOfDayForm):
    mood = forms.ChoiceField(label=_("Mood"), choices=Mood.choices)


class VomitForm(TimeOfDayForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class NoteForm(TimeOfDayForm):
    note = forms.CharField(
        label=_("Note"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


QUICK_FORMS: dict[str, type[TimeOfDayForm]] = {
    "meal": MealForm,
    "bottle": BottleForm,
    "water": WaterForm,
    "sleep_start": SleepStartForm,
    "sleep_end": SleepEndForm,
    "toileting": ToiletingForm,
    "mood": MoodForm,
    "vomit": VomitForm,
    "note": NoteForm,
}


class ClassroomMealForm(TimeOfDayForm):
    """ "Everyone ate most", then the exceptions: one amount per present child (default most)."""

    meal_type = forms.ChoiceField(label=_("Meal"), choices=MealType.choices)

    def __init__(self, *args: Any, children: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for child in self.children:
            self.fields[f"amount_{child.pk}"] = forms.ChoiceField(
                label=child.full_name,
                choices=AmountEaten.choices,
                initial=AmountEaten.MOST,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(child, self[f"amount_{child.pk}"]) for child in self.children]

    def exceptions(self) -> dict[Any, str]:
        """Children whose amount differs from 'most'."""
        out = {}
        for child in self.children:
            amount = self.cleaned_data[f"amount_{child.pk}"]
            if amount != AmountEaten.MOST:
                out[child.pk] = amount
        return out


class MedicationRequestForm(forms.Form):
    """The guardian's written request (委托喂药)."""

    drug_name = forms.CharField(label=_("Medicine"), max_length=200)
    dose = forms.CharField(
        label=_("Dose"), max_length=100, help_text=_("For example 5 ml or 1 tablet.")
    )
    route = forms.ChoiceField(label=_("Route"), choices=MedicationRoute.choices, initial="oral")
    times = forms.CharField(
        label=_("Times of day"),
        max_length=60,
        help_text=_("For example 10:00, 14:30"),
    )
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    instructions = forms.CharField(label=_("Instructions"), max_length=500, required=False)
    confirm = forms.BooleanField(
        label=_("I request and authorise the centre to give this medicine as written."),
        required=True,
    )

    def clean_times(self) -> list[dt.time]:
        out = []
        for part in self.cleaned_data["times"].replace("，", ",").replace(" ", ",").split(","):
            if not part:
                continue
            try:
                out.append(dt.time.fromisoformat(part if len(part) > 4 else f"0{part}"))
            except ValueError as exc:
                raise ValidationError(
                    _("“%(value)s” is not a time such as 10:00."),
                    code="bad_time",
                    params={"value": part},
                ) from exc
        return out


class DoseForm(forms.Form):
    scheduled_for = forms.DateTimeField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=AdministrationOutcome.choices)
    note = forms.CharField(max_length=500, required=False)


class InjuryForm(TimeOfDayForm):
    place = forms.CharField(label=_("Place"), max_length=100)
    description = forms.CharField(
        label=_("What happened"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_part = forms.CharField(label=_("Body part"), max_length=100)
    severity = forms.ChoiceField(label=_("Severity"), choices=InjurySeverity.choices)
    first_aid = forms.CharField(
        label=_("First aid"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent_informed = forms.BooleanField(label=_("Parent informed now"), required=False)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=500, required=False)


class InjuryFollowUpForm(VersionForm):
    """Follow-up of an injury. ``medical=False`` drops the review fields (doctor or nurse only)."""

    follow_up = forms.CharField(
        label=_("What was done since"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent_informed_at = forms.DateTimeField(
        label=_("Parent informed at"),
        required=False,
        help_text=_("Leave empty if the parent has not been told yet."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    review_note = forms.CharField(
        label=_("Medical review"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *InjuryOutcome.choices], required=False
    )

    def __init__(self, *args: Any, medical: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not medical:
            del self.fields["review_note"]
            del self.fields["outcome"]


class SleepAtHomeForm(forms.Form):
    """Last night's sleep as the guardian reports it: woke up on ``woke_up_on`` (today by
    default) at ``end``; fell asleep at ``start`` that day if earlier, else the day before."""

    woke_up_on = forms.DateField(
        label=_("Woke up on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(
        label=_("Fell asleep"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("Woke up"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    field_order = ["start", "end", "woke_up_on", "note"]

    def interval(self, tz: Any) -> tuple[dt.datetime, dt.datetime]:
        """(start, end), aware in ``tz``: 21:30 → 06:15 woken on the 2nd is 1st 21:30 → 2nd
        06:15; 05:00 → 06:15 stays on the 2nd."""
        day = self.cleaned_data["woke_up_on"]
        end = dt.datetime.combine(day, self.cleaned_data["end"]).replace(tzinfo=tz)
        start = dt.datetime.combine(day, self.cleaned_data["start"]).replace(tzinfo=tz)
        if start >= end:
            start -= dt.timedelta(days=1)
        return start, end


class HealthCheckForm(forms.Form):
    examined_on = forms.DateField(
        label=_("Examined on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    check_type = forms.ChoiceField(label=_("Type"), choices=HealthCheckType.choices)
    haemoglobin_g_per_l = forms.DecimalField(
        label=_("Haemoglobin (g/L)"),
        max_digits=4,
        decimal_places=1,
        required=False,
        error_messages=dict.fromkeys(
            DECIMAL_SHAPE_ERRORS,
            _("Enter haemoglobin in g/L with at most one decimal, e.g. 115.5."),
        ),
    )
    vision = forms.ChoiceField(
        label=_("Vision"), choices=ScreeningResult.choices, initial="not_done"
    )
    hearing = forms.ChoiceField(
        label=_("Hearing"), choices=ScreeningResult.choices, initial="not_done"
    )
    dental_caries_count = forms.IntegerField(
        label=_("Teeth with caries"), min_value=0, max_value=20, required=False
    )
    development_notes = forms.CharField(
        label=_("Development screening"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    referral = forms.CharField(label=_("Referral"), max_length=500, required=False)


EDIT_FIELDS: dict[str, tuple[str, ...]] = {
    "meal": ("amount_eaten", "note"),
    "bottle": ("volume_ml", "milk_type", "note"),
    "water": ("volume_ml", "note"),
    "sleep": ("note",),
    "toileting": ("kind", "stool_type", "note"),
    "mood": ("mood", "note"),
    "vomit": ("note",),
    "note": ("note",),
}
"""Fields of each care record kind the edit page offers (times are separate fields)."""


def care_edit_form_class(model: Any, kind: str) -> type[forms.ModelForm[Any]]:
    """A form for correcting one care record: its value fields, its time(s), and the version."""
    base = forms.modelform_factory(model, fields=EDIT_FIELDS[kind])

    class CareEditForm(base):  # type: ignore[valid-type,misc]  # built by modelform_factory
        version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        if kind == "sleep":
            start = forms.TimeField(
                label=_("Fell asleep"),
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            end = forms.TimeField(
                label=_("Woke up"),
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        else:
            time = forms.TimeField(
                label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            )

    return CareEditForm


class CheckEditForm(DailyCheckForm):
    """Correcting a daily health check: the same fields plus the version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PickupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    relationship = forms.CharField(label=_("Relationship"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
