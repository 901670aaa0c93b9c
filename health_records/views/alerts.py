"""Alert pages: the medical team's inbox and triage, the caregiver's two-tap flag, parents' alerts.

Each view parses with a form, calls one service or selector and renders; domain errors become
form errors (never a 500). The inbox updates without reload: ``static/js/alerts.js`` polls
:func:`alert_feed` (a small JSON document with the inbox HTML) every few seconds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from health_records.exceptions import DomainError
from health_records.models import (
    Alert,
    Child,
    Symptom,
    SymptomFlag,
    SymptomSeverity,
    TriageAction,
)
from health_records.selectors import alerts as alert_selectors
from health_records.selectors.access import Viewer, children_visible_to
from health_records.selectors.centre import NotStaff
from health_records.services import alerts as alert_services
from health_records.services.audit import access_log_record
from health_records.services.symptoms import require_flagger, symptom_flag_raise

from .base import centre_today, with_viewer
from .care_forms import add_service_error, temperature_field

# ---------------------------------------------------------------------------------------------
# Forms (parse and validate only; services write)
# ---------------------------------------------------------------------------------------------


class SymptomFlagForm(forms.Form):
    """Tap 2 submits the symptom button; severity defaults to moderate, the rest is optional."""

    symptom = forms.ChoiceField(label=_("Symptom"), choices=Symptom.choices)
    severity = forms.ChoiceField(
        label=_("How unwell"),
        choices=SymptomSeverity.choices,
        initial=SymptomSeverity.MODERATE,
        widget=forms.RadioSelect,
    )
    temperature_c = temperature_field(
        label=_("Temperature (°C)"),
        required=False,
        min_value=Decimal("30.0"),
        max_value=Decimal("43.5"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AssessmentForm(forms.Form):
    note = forms.CharField(
        label=_("Assessment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VitalsForm(forms.Form):
    temperature_c = temperature_field(
        label=_("Temperature (°C)"),
        required=False,
        # Range (30.0–43.5) and the Fahrenheit hint are the service's and the model's, so a
        # 98.6 or 100.4 gets "looks like Fahrenheit" rather than a bare "≤ 43.5".
        max_digits=4,
    )
    heart_rate_per_min = forms.IntegerField(
        label=_("Heart rate (/min)"), required=False, min_value=30, max_value=250
    )
    respiratory_rate_per_min = forms.IntegerField(
        label=_("Respiratory rate (/min)"), required=False, min_value=5, max_value=120
    )
    spo2_percent = forms.IntegerField(
        label=_("Oxygen saturation (%)"), required=False, min_value=50, max_value=100
    )


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=TriageAction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("Outcome"), required=False, max_length=4000)


FORMS: dict[str, type[forms.Form]] = {
    "assessment": AssessmentForm,
    "vitals": VitalsForm,
    "action": ActionForm,
    "resolve": ResolveForm,
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# ---------------------------------------------------------------------------------------------
# Inbox, feed, today's flags
# ---------------------------------------------------------------------------------------------


def inbox_context(viewer: Viewer) -> dict[str, object]:
    """Context of the inbox partials: items, today's flags, the stall banner (dashboard reuses)."""
    return {
        "inbox": alert_selectors.inbox(viewer),
        "flags": alert_selectors.flags_today(viewer, centre_today(viewer)),
        "pipeline": alert_selectors.pipeline_status(viewer),
        "may_acknowledge": alert_selectors.may_acknowledge(viewer),
    }


@with_viewer
def alert_inbox(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The medical team's and director's alert inbox with today's flags (live)."""
    if not alert_selectors.may_acknowledge(viewer):
        raise NotStaff
    return render(
        request,
        "health_records/alert_inbox.html",
        {**inbox_context(viewer), "today": centre_today(viewer)},
    )


@require_GET
@with_viewer
def alert_feed(request: HttpRequest, viewer: Viewer) -> JsonResponse:
    """Polled by ``alerts.js``: ``{"unread", "stalled", "inbox_html", "flags_html",
    "banner_html"}`` for staff; ``{"unread", "alerts_html"}`` for guardians."""
    if alert_selectors.may_acknowledge(viewer):
        context = inbox_context(viewer)
        return JsonResponse(
            {
                "unread": alert_selectors.unread_count(viewer),
                "stalled": context["pipeline"].stalled,  # type: ignore[attr-defined]
                "inbox_html": render_to_string(
                    "health_records/_alert_inbox.html", context, request=request
                ),
                "flags_html": render_to_string(
                    "health_records/_symptom_flags_today.html", context, request=request
                ),
                "banner_html": render_to_string(
                    "health_records/_alert_stall_banner.html", context, request=request
                ),
            }
        )
    alerts = alert_selectors.guardian_alerts(viewer)
    return JsonResponse(
        {
            "unread": alert_selectors.unread_count(viewer),
            "alerts_html": render_to_string(
                "health_records/_alert_guardian_list.html", {"alerts": alerts}, request=request
            ),
        }
    )


# ---------------------------------------------------------------------------------------------
# Triage
# ---------------------------------------------------------------------------------------------


def _detail_response(
    request: HttpRequest,
    viewer: Viewer,
    alert: Alert,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    if alert.child is not None:
        access_log_record(
            viewer=viewer,
            child=alert.child,
            what="alert_detail",
            request_id=getattr(request, "request_id", ""),
        )
    forms_by_name = {name: form_class() for name, form_class in FORMS.items()}
    forms_by_name.update(bound or {})
    children: list[Child] = []
    flags = alert.symptom_flags.select_related("raised_by", "child")
    if alert.kind == "outbreak":
        ids = [str(i) for i in alert.detail.get("children", [])]
        children = list(children_visible_to(viewer).filter(pk__in=ids))
        flags = SymptomFlag.objects.select_related("raised_by", "child").filter(
            centre_id=alert.centre_id, pk__in=[str(i) for i in alert.detail.get("flags", [])]
        )
    return render(
        request,
        "health_records/alert_detail.html",
        {
            "alert": alert,
            "timeline": alert_selectors.timeline(alert),
            "deliveries": alert_selectors.deliveries(alert),
            "flags": list(flags.order_by("-observed_at")),
            "outbreak_children": children,
            "forms": forms_by_name,
            "may_triage": alert_selectors.is_triage_role(viewer),
            "may_acknowledge": alert_selectors.may_acknowledge(viewer),
            "now": timezone.now(),
        },
        status=status,
    )


@require_GET
@with_viewer
def alert_detail(request: HttpRequest, viewer: Viewer, alert_id: uuid.UUID) -> HttpResponse:
    """One alert with its timeline, flags, deliveries and the triage forms (staff; logs the read).

    Opening it marks the viewer's in-app deliveries of the alert read.
    """
    alert = alert_selectors.staff_alert_get(viewer, alert_id)
    alert_services.alert_inbox_mark_read(user=_user(request), alert=alert)
    return _detail_response(request, viewer, alert)


@require_POST
@with_viewer
def alert_acknowledge_view(
    request: HttpRequest, viewer: Viewer, alert_id: uuid.UUID
) -> HttpResponse:
    """Acknowledge (one tap from the inbox or the detail page)."""
    alert = alert_selectors.staff_alert_get(viewer, alert_id)
    try:
        alert_services.alert_acknowledge(alert=alert, by=_user(request))
    except DomainError as err:
        form = forms.Form(data={})
        form.is_valid()
        form.add_error(None, err.as_validation_error())
        return _detail_response(
            request, viewer, alert, {"acknowledge": form}, status=err.http_status
        )
    if request.POST.get("next") == "inbox":
        return redirect("alert_inbox")
    return redirect("alert_detail", alert_id=alert.pk)


def _call_triage(name: str, alert: Alert, user: User, data: dict[str, object]) -> None:
    services: dict[str, Callable[..., object]] = {
        "assessment": alert_services.alert_assessment_add,
        "vitals": alert_services.alert_vitals_record,
        "action": alert_services.alert_action_record,
        "resolve": alert_services.alert_resolve,
    }
    services[name](alert=alert, by=user, **data)


@require_POST
@with_viewer
def alert_triage(
    request: HttpRequest, viewer: Viewer, alert_id: uuid.UUID, step: str
) -> HttpResponse:
    """Assessment / vitals / action / resolve: validate the step's form, call its service."""
    alert = alert_selectors.staff_alert_get(viewer, alert_id)
    if step not in FORMS:
        raise Alert.DoesNotExist
    form = FORMS[step](request.POST)
    status = 400
    if form.is_valid():
        try:
            _call_triage(step, alert, _user(request), form.cleaned_data)
        except DomainError as err:
            status = err.http_status  # 403 for a director who may see but not triage
            add_service_error(form, err)
        except ValidationError as err:
            add_service_error(form, err)
        else:
            return redirect("alert_detail", alert_id=alert.pk)
    alert.refresh_from_db()
    return _detail_response(request, viewer, alert, {step: form}, status=status)


# ---------------------------------------------------------------------------------------------
# Flag a symptom (caregivers, two taps from the roster)
# ---------------------------------------------------------------------------------------------


@with_viewer
def symptom_flag_new(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """Tap 1 (roster) opens this screen; tap 2 on a symptom submits it (severity preset)."""
    if viewer.membership is None:
        raise NotStaff
    child = children_visible_to(viewer).get(pk=child_id, centre_id=viewer.membership.centre_id)
    require_flagger(viewer.user, child)  # another room's caregiver: the 403 page on opening
    form = SymptomFlagForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            flag = symptom_flag_raise(
                child=child,
                observed_at=timezone.now(),
                raised_by=_user(request),
                **form.cleaned_data,
            )
        except DomainError as err:
            # A caregiver of another room sees the child but may not write: 403, not 400.
            status = err.http_status
            add_service_error(form, err)
        except ValidationError as err:
            add_service_error(form, err)
        else:
            return render(
                request,
                "health_records/symptom_flag_done.html",
                {"flag": flag, "child": child},
            )
    return render(
        request,
        "health_records/symptom_flag_form.html",
        {"child": child, "form": form, "symptoms": Symptom.choices},
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Parents
# ---------------------------------------------------------------------------------------------


@with_viewer
def my_child_alerts(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """A guardian's alerts about their own children, with the medical team's action (live)."""
    if not viewer.is_guardian:
        raise NotStaff
    alerts = alert_selectors.guardian_alerts(viewer)
    for child in {a.child for a in alerts if a.child is not None}:
        access_log_record(
            viewer=viewer,
            child=child,
            what="child_alerts",
            request_id=getattr(request, "request_id", ""),
        )
    return render(request, "health_records/alert_guardian_list.html", {"alerts": alerts})
