"""The guardian consent page of a child: read the policy, give or withdraw consent."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from health_records.exceptions import DomainError
from health_records.models import ConsentPolicy
from health_records.selectors.access import Viewer, children_visible_to
from health_records.selectors.consent import consent_status
from health_records.services.audit import access_log_record
from health_records.services.consent import consent_give, consent_withdraw

from .base import with_viewer


class ConsentActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])
    policy = forms.ModelChoiceField(queryset=ConsentPolicy.objects.all(), required=False)


@with_viewer
def child_consent(request: HttpRequest, viewer: Viewer, child_id: uuid.UUID) -> HttpResponse:
    """GET: the policy in force and the consent status. POST (guardians): give or withdraw."""
    child = children_visible_to(viewer).get(pk=child_id)
    if request.method == "POST":
        form = ConsentActionForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["action"] == "give" and form.cleaned_data["policy"]:
                    consent_give(
                        guardian=viewer.user, child=child, policy=form.cleaned_data["policy"]
                    )
                    messages.success(request, _("Thank you: your consent is recorded."))
                else:
                    consent_withdraw(guardian=viewer.user, child=child)
                    messages.success(request, _("Your consent is withdrawn."))
            except DomainError as err:
                messages.error(request, str(err))
        return redirect("child_consent", child_id=child.pk)
    access_log_record(
        viewer=viewer,
        child=child,
        what="child_consent",
        request_id=getattr(request, "request_id", ""),
    )
    status = consent_status(viewer, child, on=timezone.localdate(timezone=child.centre.tz))
    chinese = (get_language() or "").startswith("zh")
    policy = status.policy
    return render(
        request,
        "health_records/guardianconsent_detail.html",
        {
            "child": child,
            "status": status,
            "policy_title": (policy.title_zh if chinese else policy.title_en) if policy else "",
            "policy_text": (policy.text_zh if chinese else policy.text_en) if policy else "",
        },
    )
