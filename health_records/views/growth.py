"""Growth pages: a child's charts (parent and doctor views), the chart data endpoint, one
child's measurement form and its edit, the classroom measuring-day screen, the printable report.

Every view that shows a child's health data logs the read (``access_log_record``). Refusals: a
child out of reach → 404; a caregiver or parent recording → 403 page; a stale edit → 409; bad
input → the form again with the message (400). Nothing is stored when a service refuses.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.selectors.access import Viewer
from health_records.selectors.centre import NotStaff, classroom_get, classrooms_for_viewer
from health_records.selectors.growth import (
    ChartRequest,
    chart_data_json,
    classroom_measuring_day,
    default_indicator_wflh,
    default_range_months,
    edit_history,
    evaluation_view,
    growth_child_get,
    measurement_get,
    measurements_for,
)
from health_records.services import growth as growth_services
from health_records.services.audit import access_log_record
from health_records.services.growth import INDICATOR_NAMES

from .base import centre_today, with_viewer
from .growth_forms import (
    ChartForm,
    MeasurementEditForm,
    MeasurementForm,
    MeasurementValuesForm,
    MeasuringDayForm,
    initial_day,
)

T = "health_records/"


def _request_id(request: HttpRequest) -> str:
    return str(getattr(request, "request_id", ""))


def _refused(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return render(request, T + "care_refused.html", {"message": str(exc)}, status=403)


def _require_medical(request: HttpRequest, viewer: Viewer) -> HttpResponse | None:
    """The 403 page for anyone but the doctor or a nurse (they alone record measurements)."""
    if viewer.membership is None:
        raise NotStaff
    if viewer.is_medical:
        return None
    exc = PermissionDeniedError(
        "medical_only", _("Only the centre doctor or a nurse can record measurements.")
    )
    return _refused(request, exc)


def _add_error(form: Any, exc: DomainError | ValidationError) -> None:
    error = exc.as_validation_error() if isinstance(exc, DomainError) else exc
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _chart_request(request: HttpRequest, child: Any, today: Any) -> ChartRequest:
    form = ChartForm(request.GET)
    return ChartRequest(
        indicator=form.value("indicator", "wfa"),
        standard=form.value("standard", "who_2006"),
        kind=form.value("kind", "sd"),
        range_months=form.value("range", default_range_months(child, today)),
    )


STANDARD_LABELS = {
    "who_2006": gettext_lazy("WHO 2006"),
    "ws_t_423_2022": gettext_lazy("China WS/T 423—2022"),
}
KIND_LABELS = {
    "sd": gettext_lazy("Z-score curves"),
    "percentile": gettext_lazy("Percentile curves"),
}
RANGE_LABELS = {
    24: gettext_lazy("0–2 years"),
    36: gettext_lazy("0–3 years"),
    60: gettext_lazy("0–5 years"),
}


def chart_labels() -> dict[str, Any]:
    """Translated words the chart script shows (passed with ``json_script``)."""
    return {
        "axis": {
            "age_months": _("Age (months)"),
            "length_cm": _("Length (cm)"),
            "height_cm": _("Height (cm)"),
        },
        "child": _("This child"),
        "date": _("Date"),
        "age": _("Age"),
        "corrected": _("corrected age"),
        "value": _("Value"),
        "z": _("Z-score (WHO)"),
        "percentile": _("Percentile (WHO)"),
        "china_class": _("WS/T 423—2022 class"),
        "china_level": _("WS/T 423—2022 level"),
        "flag": _("WHO flag: value outside the plausible range"),
        "no_points": _("No measurements to show on this chart yet."),
        "load_error": _("The chart could not be loaded. Check the connection and reload."),
        "tap_hint": _("Tap a point to see its values."),
    }


def chart_query(chart: ChartRequest) -> str:
    """The query string of a chart's parameters."""
    return urlencode(
        {
            "indicator": chart.indicator,
            "standard": chart.standard,
            "kind": chart.kind,
            "range": chart.range_months,
        }
    )


def chart_controls(page_url: str, chart: ChartRequest, wflh: str) -> dict[str, Any]:
    """Links of the chart's tabs and toggles: (label, url, current) per choice."""
    wflh_key = chart.indicator if chart.indicator in ("wfl", "wfh") else wflh

    def link(label: Any, **changes: Any) -> dict[str, Any]:
        params = {
            "indicator": chart.indicator,
            "standard": chart.standard,
            "kind": chart.kind,
            "range_months": chart.range_months,
            **changes,
        }
        target = ChartRequest(**params)
        return {
            "label": label,
            "url": f"{page_url}?{chart_query(target)}",
            "current": target == chart,
        }

    return {
        "indicators": [
            link(INDICATOR_NAMES[key], indicator=key)
            for key in ("wfa", "lhfa", wflh_key, "bfa", "hcfa")
        ],
        "standards": [link(text, standard=code) for code, text in STANDARD_LABELS.items()],
        "kinds": [link(text, kind=code) for code, text in KIND_LABELS.items()],
        "ranges": [link(text, range_months=months) for months, text in RANGE_LABELS.items()],
    }


@with_viewer
def growth_chart(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """A child's growth page: charts (data from :func:`growth_chart_data`), table, latest result
    in plain words; the medical team also sees flags, both standards' classes and edits."""
    child = growth_child_get(viewer, child_id)
    access_log_record(
        viewer=viewer, child=child, what="growth_chart", request_id=_request_id(request)
    )
    today = centre_today(viewer)
    chart = _chart_request(request, child, today)
    measurements = list(measurements_for(child))
    clinical = viewer.is_medical or viewer.is_director
    page_url = reverse("growth_chart", args=[child.pk])
    data_url = reverse("growth_chart_data", args=[child.pk])
    views = [v for v in map(evaluation_view, reversed(measurements)) if v is not None]
    return render(
        request,
        T + "growth_chart.html",
        {
            "child": child,
            "chart": chart,
            "controls": chart_controls(page_url, chart, default_indicator_wflh(child, today)),
            "chart_config": {
                "charts": [{"url": f"{data_url}?{chart_query(chart)}"}],
                "labels": chart_labels(),
            },
            "latest": views[0] if views else None,
            "views": views,
            "clinical": clinical,
            "may_record": viewer.is_medical,
            "history": edit_history(child) if clinical else [],
        },
    )


@with_viewer
def growth_chart_data(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """The chart data endpoint (JSON, see :func:`~health_records.selectors.growth.chart_data`)."""
    child = growth_child_get(viewer, child_id, related=False)
    access_log_record(
        viewer=viewer, child=child, what="growth_chart_data", request_id=_request_id(request)
    )
    chart = _chart_request(request, child, centre_today(viewer))
    return HttpResponse(
        chart_data_json(child, chart),
        content_type="application/json",
        headers={"Cache-Control": "private, no-store"},
    )


@with_viewer
def growth_report(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """A printable growth report (for a hospital visit): charts, every measurement, classes."""
    child = growth_child_get(viewer, child_id)
    access_log_record(
        viewer=viewer, child=child, what="growth_report", request_id=_request_id(request)
    )
    today = centre_today(viewer)
    measurements = list(measurements_for(child))
    data_url = reverse("growth_chart_data", args=[child.pk])
    range_months = default_range_months(child, today)
    indicators = ("wfa", "lhfa", default_indicator_wflh(child, today), "bfa", "hcfa")
    charts = [
        {"url": f"{data_url}?{chart_query(ChartRequest(indicator=key, range_months=range_months))}"}
        for key in indicators
    ]
    return render(
        request,
        T + "growth_report.html",
        {
            "child": child,
            "today": today,
            "views": [v for v in map(evaluation_view, measurements) if v is not None],
            "charts": [{"index": i, "name": INDICATOR_NAMES[k]} for i, k in enumerate(indicators)],
            "chart_config": {"charts": charts, "labels": chart_labels()},
            "clinical": viewer.is_medical or viewer.is_director,
        },
    )


@with_viewer
def growth_measurement_new(
    request: HttpRequest, viewer: Viewer, child_id: uuid.UUID
) -> HttpResponse:
    """Record one child's measurement; on save, back to the growth page showing the result."""
    child = growth_child_get(viewer, child_id)
    refused = _require_medical(request, viewer)
    if refused is not None:
        return refused
    form = MeasurementForm(request.POST or None, initial=initial_day(centre_today(viewer)))
    if request.method == "POST" and form.is_valid():
        try:
            saved = growth_services.growth_measurement_record(
                child=child,
                measured_on=form.cleaned_data["measured_on"],
                recorded_by=viewer.user,
                note=form.cleaned_data["note"],
                **form.service_values(),
            )
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except (DomainError, ValidationError) as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Measurement saved."))
            return redirect(reverse("growth_chart", args=[child.pk]) + f"#m-{saved.pk}")
    status = 400 if form.errors else 200
    context = {"child": child, "form": form, "confirm": "confirmed_reason" in form.errors}
    return render(request, T + "growthmeasurement_form.html", context, status=status)


@with_viewer
def growth_measurement_edit(
    request: HttpRequest, viewer: Viewer, measurement_id: uuid.UUID
) -> HttpResponse:
    """Correct a measurement (medical team); a stale version is a 409 with the form again."""
    measurement = measurement_get(viewer, measurement_id)
    refused = _require_medical(request, viewer)
    if refused is not None:
        return refused
    initial = {
        "measured_on": measurement.measured_on.isoformat(),
        "weight_kg": measurement.weight_kg or "",
        "length_height_cm": measurement.length_height_cm or "",
        "position": measurement.position,
        "head_circumference_cm": measurement.head_circumference_cm or "",
        "note": measurement.note,
        "confirmed_reason": measurement.confirmed_reason,
        "version": measurement.version,
    }
    form = MeasurementEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            growth_services.growth_measurement_edit(
                measurement=measurement,
                expected_version=form.cleaned_data["version"],
                edited_by=viewer.user,
                changes={
                    "measured_on": form.cleaned_data["measured_on"],
                    "note": form.cleaned_data["note"],
                    **form.service_values(),
                },
            )
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        except ConflictError as exc:
            _add_error(form, exc)
            status = 409
        except (DomainError, ValidationError) as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Measurement corrected."))
            return redirect(reverse("growth_chart", args=[measurement.child_id]))
    if form.errors and status == 200:
        status = 400
    context = {
        "child": measurement.child,
        "form": form,
        "measurement": measurement,
        "confirm": "confirmed_reason" in form.errors,
    }
    return render(request, T + "growthmeasurement_form.html", context, status=status)


@with_viewer
def growth_measuring_day(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Measuring day: the centre's classrooms, each opening its batch-entry screen."""
    rooms = list(classrooms_for_viewer(viewer))
    return render(request, T + "growth_measuring_day.html", {"classrooms": rooms})


@with_viewer
def growth_classroom_batch(
    request: HttpRequest, viewer: Viewer, classroom_id: uuid.UUID
) -> HttpResponse:
    """The whole roster on one page, one row per child; after saving, each child's results."""
    classroom = classroom_get(viewer, classroom_id)
    refused = _require_medical(request, viewer)
    if refused is not None:
        return refused
    day_form = MeasuringDayForm(
        request.POST or request.GET or None, initial=initial_day(centre_today(viewer))
    )
    day = day_form.cleaned_data["measured_on"] if day_form.is_valid() else centre_today(viewer)
    rows = classroom_measuring_day(viewer, classroom, day)
    forms = [
        MeasurementValuesForm(
            request.POST if request.method == "POST" else None,
            prefix=f"c{row.child.pk.hex}",
            initial={"position": row.expected_position},
        )
        for row in rows
    ]
    outcomes: dict[uuid.UUID, Any] = {}
    status = 200
    if request.method == "POST" and day_form.is_valid() and all(f.is_valid() for f in forms):
        entries = [
            growth_services.BatchEntry(child=row.child, **form.service_values())
            for row, form in zip(rows, forms, strict=True)
            if form.has_values()
        ]
        try:
            results = growth_services.growth_measurements_record_batch(
                entries=entries, measured_on=day, recorded_by=viewer.user
            )
        except PermissionDeniedError as exc:
            return _refused(request, exc)
        for outcome, form in zip(results, [f for f in forms if f.has_values()], strict=True):
            if outcome.error is not None:
                _add_error(form, outcome.error)
                status = 400
            outcomes[outcome.entry.child.pk] = outcome
        rows = classroom_measuring_day(viewer, classroom, day)
    for row in rows:
        if row.today is not None:
            access_log_record(
                viewer=viewer, child=row.child, what="growth_batch", request_id=_request_id(request)
            )
    table = [
        {
            "row": row,
            "form": form,
            "saved": evaluation_view(row.today) if row.today is not None else None,
            "just_saved": row.child.pk in outcomes and outcomes[row.child.pk].error is None,
            "confirm": "confirmed_reason" in form.errors,
        }
        for row, form in zip(rows, forms, strict=True)
    ]
    context = {
        "classroom": classroom,
        "day": day,
        "day_form": day_form,
        "table": table,
        "posted": request.method == "POST",
    }
    return render(request, T + "growthmeasurement_classroom.html", context, status=status)
